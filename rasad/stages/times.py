"""Stage ``times``: every date expression of the title and body, resolved to a calendar date."""

from __future__ import annotations

from datetime import date

from rasad import timex
from rasad.model import Document, TimeExpr


def times(doc: Document) -> Document:
    """``doc.times``: date expressions against the publication (or crawl) date."""
    ref = date.fromisoformat(doc.reference_date) if doc.reference_date else None
    found: list[TimeExpr] = []
    for para in doc.paragraphs:
        for f in timex.find_dates(para.text, ref):
            found.append(TimeExpr(f.text, para.index, f.start, f.end, f.value, f.rule))
    doc.times = found
    return doc
