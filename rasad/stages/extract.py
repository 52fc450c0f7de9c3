"""Stage ``extract``: the Article of a RawDoc (flattened page, HTML page or JSONL record)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from rasad import timex
from rasad.extract.html import article_from_html
from rasad.extract.outlets import outlet_for_url
from rasad.extract.page import article_from_page
from rasad.model import Article, Document

# the classifier asks about candidate lines and the stage then reads the one it chose: parse once
_parse_date_line = lru_cache(maxsize=4096)(timex.parse_datetime_line)


def _is_date_line(line: str) -> bool:
    return len(line) <= 80 and _parse_date_line(line) is not None


def extract(doc: Document) -> Document:
    """Fill ``doc.article`` from ``doc.raw`` and set the reference date for relative dates."""
    raw = doc.raw
    if raw is None:
        return doc
    meta = raw.meta
    if raw.kind == "page":
        article, date_line = article_from_page(raw.text, _is_date_line, meta.get("chrome") or frozenset())
        if date_line:
            parsed = _parse_date_line(date_line)
            article.published = parsed[0] if parsed else None
    elif raw.kind == "html":
        article, published, text = article_from_html(raw.text)
        from_text, _ = article_from_page(text, _is_date_line)
        article.body, article.captions, article.related = from_text.body, from_text.captions, from_text.related
        article.dateline, article.credits = from_text.dateline, from_text.credits
        article.title = article.title or from_text.title
        article.published = published
    else:
        article = _record_article(raw.text, meta)
    if meta.get("title") and raw.kind != "text":
        article.title = article.title or str(meta["title"]).strip()
    if not article.outlet and isinstance(meta.get("url"), str):
        article.outlet = outlet_for_url(meta["url"])  # a known news site's host (WARC, JSONL pages)
    if meta.get("published") and not article.published:
        article.published = str(meta["published"])
    doc.article = article
    doc.reference_date = _reference(article.published, meta.get("fetched"))
    return doc


def _record_article(text: str, meta: dict) -> Article:  # type: ignore[type-arg]
    from rasad.extract.record import article_from_record

    return article_from_record(text, meta)


def _reference(published: str | None, fetched: object) -> str | None:
    """The day relative dates count from: the publication date, else the crawl date."""
    for value in (published, fetched):
        if isinstance(value, str) and len(value) >= 10:
            try:
                return date.fromisoformat(value[:10]).isoformat()
            except ValueError:
                continue
    return None
