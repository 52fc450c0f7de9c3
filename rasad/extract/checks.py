"""Checks on values taken from the input as given: a publication time must be a real one.

A JSONL record's ``published`` field, an HTML page's ``article:published_time`` or a JSON-LD
``datePublished`` are copied, not parsed, so ``"not a date"``, ``"2020-02-31"`` or ``"NaN"``
would reach the output and break the contract's schema. :func:`valid_published` keeps an
ISO 8601 value the contract allows (normalised to its shape) and refuses anything else.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime

from rasad.model import Document

log = logging.getLogger("rasad")

_COMPACT_OFFSET = re.compile(r"(?<=\d)([+-]\d{2})(\d{2})$")  # "+0200" → "+02:00"
_CONTRACT = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?)?$")


def valid_published(value: object) -> str | None:
    """``"2020-12-20T13:48:00+02:00"`` kept; ``"2020-12-20 13:48"`` → ``"2020-12-20T13:48"``;
    ``"2020-02-31"``, ``"NaN"``, ``7`` → None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if len(text) > 10 and text[10] == " ":
        text = text[:10] + "T" + text[11:]
    text = _COMPACT_OFFSET.sub(r"\1:\2", text)
    if not _CONTRACT.match(text):
        return None
    try:
        if len(text) == 10:
            date.fromisoformat(text)
        else:
            datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return text


def check_article(doc: Document) -> Document:
    """Set an impossible ``published`` to None (with a warning naming the value), and a title or
    dateline with no text to None, as the contract has it."""
    art = doc.article
    if art.title is not None and not art.title.strip():
        art.title = None
    if art.dateline is not None and not art.dateline.strip():
        art.dateline = None
    published = doc.article.published
    if published is not None:
        checked = valid_published(published)
        if checked is None:
            log.warning("%s: 'published' is not an ISO 8601 date (%.40r); left out", doc.source, published)
        doc.article.published = checked
    return doc
