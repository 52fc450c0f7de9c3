"""Article from raw HTML: trafilatura finds the main text, rasad's rules read the rest.

The page's own statements (:mod:`rasad.extract.html_meta`) give the title, the outlet (its URL
looked up in ``data/outlets.yaml``, then its site name) and the publication time (structured
data first, then htmldate, then the visible Arabic date lines), normalised to the contract's ISO
form in the outlet's time zone. The article's parts (body, captions, related links, dateline and
credits) come from the flattened-page rules run on the page's head lines plus its main text.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import Any

from rasad import timex
from rasad.extract.html_meta import PageMeta, VisibleLine, lead_paragraph, parse_page, read_meta
from rasad.extract.outlets import outlet_for_name, outlet_for_url, outlet_zone, zone_for_url
from rasad.extract.page import article_from_page
from rasad.extract.published import iso_from_text, iso_published
from rasad.extract.record import credit_line, date_from_url, name_key
from rasad.model import Article

# trafilatura's precision mode drops more chrome; its default mode keeps more short paragraphs
FAVOR_PRECISION = True
_TITLE_SEPARATORS = re.compile(r"\s+[-|–—:»«]+\s+|\s*[|]\s*")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LETTER = re.compile(r"[^\W\d_]")
_PUBLISHED_LABEL = re.compile(r"نشر|النشر|Published", re.IGNORECASE)
_UPDATED_LABEL = re.compile(r"تحديث|التحديث|محدث|تعديل|Updated|Modified", re.IGNORECASE)
MAX_DATE_LINE = 80


def _is_date_line(line: str) -> bool:
    """The page's date line (the same test the extract stage gives flattened pages)."""
    return len(line) <= MAX_DATE_LINE and timex.parse_datetime_line(line) is not None


def article_from_html(html: str, url: str | None = None) -> tuple[Article, str | None, str]:
    """Article, published time (contract ISO form) and the flattened text its parts were read from.

    ``url`` is where the page came from (a JSONL record's or WARC record's URL), used when the
    page names no URL of its own. The returned text (the title, credit lines the page shows
    outside its main text, then the main text, one paragraph a line) gives the same parts when
    run through :func:`rasad.extract.page.article_from_page` again.
    """
    tree = parse_page(html)
    meta = read_meta(tree)
    text, extracted = _main_text(html)
    page_url = next((u for u in meta.urls if u.startswith("http")), None) or url
    outlet = _outlet(meta, [*meta.urls, url], extracted.get("sitename"))
    zone = outlet_zone(outlet) or zone_for_url(page_url) or zone_for_url(url)
    title = _title(meta, extracted.get("title"), outlet)
    published = _published(meta, zone, page_url or url, tree)
    lines = [title] if title else []
    lines += [b for b in meta.bylines if _is_credit(b, outlet)]
    lead = lead_paragraph(meta, text.lstrip()[:200])
    if lead and lead not in text:
        lines.append(lead)  # a lead set apart from the body, which main-text extraction dropped
    flattened = "\n".join([*lines, text])
    parts, _ = article_from_page(flattened, _is_date_line)
    article = Article(
        title=title or parts.title,
        published=published,
        dateline=parts.dateline,
        credits=parts.credits,
        outlet=outlet,
        body=parts.body,
        captions=parts.captions,
        related=parts.related,
    )
    return article, published, flattened


def _main_text(html: str) -> tuple[str, dict[str, Any]]:
    import trafilatura  # imported here: loading it costs ~0.3 s and only HTML needs it

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, favor_precision=FAVOR_PRECISION
    )
    data: dict[str, Any] = {} if doc is None else (doc.as_dict() if hasattr(doc, "as_dict") else dict(doc))
    text = data.get("text") or ""
    if not text.strip():
        text = plain_text(html)  # trafilatura found nothing: a page too deep or too broken for lxml
    return text, data


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


def _is_credit(line: str, outlet: str | None) -> bool:
    credit = credit_line(line.strip("()[] "), outlet)
    return credit is not None and bool(credit.agencies or credit.place)


# ---- outlet and title ----------------------------------------------------------------------------


def _is_arabic_name(text: str) -> bool:
    letters = _LETTER.findall(text)
    return bool(letters) and len(_ARABIC.findall(text)) / len(letters) >= 0.6 and len(text.split()) <= 5


def _is_latin_name(text: str) -> bool:
    """A site name in Latin letters, not a handle or a domain: ``"Beirut Observer"``, not ``"alyaum"``."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() and w.isalpha() for w in words)


def _outlet(meta: PageMeta, urls: list[str | None], sitename: str | None) -> str | None:
    """The outlet: the page's URL in the outlet table, then a site name the table knows, then the
    site name as the page writes it when it is Arabic (a Latin handle such as ``youm7`` is no name)."""
    for url in urls:
        if found := outlet_for_url(url):
            return found
    names = [*meta.site_names, *([sitename] if sitename else [])]
    for title in (meta.document_title, *meta.titles):
        if title:
            pieces = _TITLE_SEPARATORS.split(title)
            if len(pieces) > 1:
                names += [pieces[-1], pieces[0]]
    for name in names:
        if found := outlet_for_name(name):
            return found
    beside = _beside_headline(meta)  # "<title>HEADLINE - SITE</title>"
    sites = {name_key(n) for n in meta.site_names}
    ranked = [  # the title's spelling of a site name, a site name, what the title adds
        *(b for b in beside if name_key(b) in sites),
        *(n for n in meta.site_names if _is_arabic_name(n)),
        *(b for b in beside if _is_arabic_name(b)),
        *(n for n in meta.site_names if _is_latin_name(n)),
    ]
    return ranked[0].strip() if ranked else None


def _beside_headline(meta: PageMeta) -> list[str]:
    """What a title adds to the headline: ``"HEADLINE - عبر الإمارات - البيان"`` → ``["البيان"]``."""
    out = []
    headline = name_key(meta.h1 or "")
    for title in (meta.document_title, *meta.titles):
        pieces = _TITLE_SEPARATORS.split(title or "")
        if not headline or len(pieces) < 2:
            continue
        if name_key(" ".join(pieces[:-1])) == headline:
            out.append(pieces[-1])
        elif name_key(" ".join(pieces[1:])) == headline:
            out.append(pieces[0])
    return [o.strip() for o in out if o.strip()]


def _strip_site(title: str, outlet: str | None, sites: list[str]) -> str:
    """``"وزير الري يشهد توقيع عقد - اليوم السابع"`` → ``"وزير الري يشهد توقيع عقد"``."""
    keys = {name_key(s) for s in [*sites, *([outlet] if outlet else [])]}
    pieces = _TITLE_SEPARATORS.split(title)
    if len(pieces) < 2:
        return title.strip()
    seps = _TITLE_SEPARATORS.findall(title)
    for end in (-1, 0):
        piece = pieces[end]
        if name_key(piece) in keys or (outlet and outlet_for_name(piece) == outlet):
            if end == -1:
                return title[: title.rfind(seps[-1])].strip()
            return title[title.find(seps[0]) + len(seps[0]) :].strip()
    return title.strip()


def _overlap(a: str, b: str) -> float:
    wa, wb = set(name_key(a).split()), set(name_key(b).split())
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


def _title(meta: PageMeta, extracted: str | None, outlet: str | None) -> str | None:
    """The headline as the page shows it: the ``<h1>`` when the page's metadata agrees with it,
    else ``og:title`` (or JSON-LD headline, trafilatura's title, ``<title>``) without the site name."""
    sites = meta.site_names
    others = [_strip_site(t, outlet, sites) for t in [*meta.titles, extracted, meta.document_title] if t]
    others = [t for t in others if t]
    h1 = meta.h1
    if h1 and (any(_overlap(h1, t) >= 0.5 for t in others) or (not others and len(h1.split()) >= 3)):
        return _strip_site(h1, outlet, sites)
    return others[0] if others else None


# ---- publication time ------------------------------------------------------------------------------


def _published(meta: PageMeta, zone: str | None, url: str | None, tree: Any) -> str | None:
    """The publication time: the page's structured data, then htmldate, then a visible date line,
    then a date in the URL. A date without a time gains the time a visible line gives that day."""
    structured = next((v for v in (_iso(p, zone) for p in meta.published) if v), None)
    from_lines = _from_lines(meta.date_lines, zone)
    if structured is None:
        structured = _htmldate(tree, url)
    if structured is not None:
        if len(structured) == 10 and from_lines and from_lines[:10] == structured:
            return from_lines
        return structured
    return from_lines or date_from_url(url)


def _iso(value: str, zone: str | None) -> str | None:
    """A machine-written time, or an Arabic one (``الأربعاء، 07 أكتوبر 2020 - 12:09 م``) in a meta tag."""
    return iso_published(value, zone) or (iso_from_text(value, zone) if len(value) <= MAX_DATE_LINE else None)


def _from_lines(lines: list[VisibleLine], zone: str | None) -> str | None:
    """The time the page's visible date lines state: a line labelled as the publication first,
    then an unlabelled line after the headline, then a 'last updated' line."""
    ranked: list[tuple[int, str]] = []
    for line in lines:
        if len(line.text) > MAX_DATE_LINE:
            continue
        value = iso_from_text(line.text, zone)
        if value is None:
            continue
        if _PUBLISHED_LABEL.search(line.text) and not _UPDATED_LABEL.search(line.text):
            rank = 0
        elif _UPDATED_LABEL.search(line.text):
            rank = 2
        else:
            rank = 1 if line.after_h1 else 3
        ranked.append((rank, value))
    return min(ranked, key=lambda item: item[0])[1] if ranked else None


def _htmldate(tree: Any, url: str | None) -> str | None:
    """htmldate's reading of the page's markup (metadata, URL, dated elements), day only."""
    if tree is None:
        return None
    from htmldate import find_date  # imported here: only pages without structured dates need it

    try:
        found = find_date(tree, url=url, original_date=True, extensive_search=False,
                          max_date=(dt.date.today() + dt.timedelta(days=1)).isoformat())
    except (ValueError, TypeError):
        return None
    return iso_published(found, None) if found else None
