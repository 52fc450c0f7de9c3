"""Stage ``arabic``: tokens and sentences of the title and every body paragraph, computed once."""

from __future__ import annotations

from rasad.arabic.text import analyse
from rasad.model import Document


def arabic(doc: Document) -> Document:
    """``doc.paragraphs``: the title as paragraph -1 (when there is one), then the body."""
    paras = []
    if doc.article.title:
        paras.append(analyse(-1, doc.article.title))
    paras.extend(analyse(i, text) for i, text in enumerate(doc.article.body))
    doc.paragraphs = paras
    return doc
