"""Article from raw HTML: trafilatura finds the main text, rasad's rules read the rest."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

from rasad.model import Article

_META = re.compile(r"<meta\s+[^>]*?(?:property|name)=[\"'](?P<k>og:site_name|og:title|article:published_time)[\"'][^>]*?content=[\"'](?P<v>[^\"']*)[\"']", re.IGNORECASE)
_JSONLD = re.compile(r"<script[^>]+application/ld\+json[^>]*>(?P<j>.*?)</script>", re.IGNORECASE | re.DOTALL)


def article_from_html(html: str) -> tuple[Article, str | None, str]:
    """Article, published time (ISO, as the page states it) and the main text of an HTML page.

    The main text (paragraphs separated by newlines) is returned so the caller can run the
    flattened-page rules on it (captions, 'read also' lines, datelines).
    """
    import trafilatura  # imported here: loading it costs ~0.3 s and only HTML needs it

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=True)
    meta = _page_meta(html)
    text, title, published, outlet = "", meta.get("og:title"), meta.get("article:published_time"), meta.get("og:site_name")
    if doc is not None:
        data: dict[str, Any] = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        text = data.get("text") or ""
        title = data.get("title") or title
        published = published or meta.get("datePublished") or data.get("date")
        outlet = outlet or data.get("sitename")
    if not text.strip():
        text = plain_text(html)  # trafilatura found nothing: a page too deep or too broken for lxml
    article = Article(title=title.strip() if title else None, outlet=outlet or None)
    return article, published, text


_DROP = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_BLOCK = re.compile(r"</?(?:p|div|br|h[1-6]|li|tr|section|article|header|footer|blockquote|title)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def plain_text(html: str) -> str:
    """The text of a page without a parser: block tags become line breaks, other tags go.

    The fallback when trafilatura (lxml) returns nothing, as for a page nested 10,000 levels
    deep; the flattened-page rules then read it like any scraped page.
    ``plain_text("<div><p>نص</p><p>آخر</p></div>")`` → ``"نص\nآخر"``.
    """
    text = _TAG.sub(" ", _BLOCK.sub("\n", _DROP.sub(" ", html)))
    lines = (" ".join(line.split()) for line in unescape(text).splitlines())
    return "\n".join(line for line in lines if line)


def _page_meta(html: str) -> dict[str, str]:
    head = html[:200_000]
    meta = {m.group("k").lower(): m.group("v").strip() for m in _META.finditer(head)}
    for m in _JSONLD.finditer(head):
        try:
            data = json.loads(m.group("j"))
        except json.JSONDecodeError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and isinstance(item.get("datePublished"), str):
                meta.setdefault("datePublished", item["datePublished"])
    return meta
