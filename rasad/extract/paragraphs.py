"""Bounded paragraphs: a body paragraph longer than :data:`MAX_PARAGRAPH_CHARS` is split.

Several stages look, for every candidate, at the sentences around it; on a paragraph of a few
hundred kilobytes (a page whose line breaks were lost, a transcript) that costs time growing
faster than the text. Splitting such a paragraph into pieces of at most ``MAX_PARAGRAPH_CHARS``
bounds the cost of each piece, so the document costs time linear in its length. Pieces end at a
sentence end (``. ! ? ؟ …``) where one falls in the last half of the piece, else at a clause
mark (``، ؛ ; : ,``), else at a space, else (a line with no space at all) anywhere. Nothing is
dropped: joining the pieces with the whitespace between them gives the paragraph back.
"""

from __future__ import annotations

import re

from rasad.model import Document

#: Longest body paragraph the stages see, in characters. Longer ones are split (not dropped).
MAX_PARAGRAPH_CHARS = 4000

_SENTENCE_END = re.compile(r"[.!?؟…]+[\"”»)]*\s+")
_CLAUSE_END = re.compile(r"[،؛;:,]\s*")
_SPACE = re.compile(r"\s+")


def _last_break(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> int | None:
    """End of the last match of ``pattern`` ending in ``(lo, hi]``, or None."""
    found = None
    for match in pattern.finditer(text, lo, hi):
        found = match.end()
    return found


def split_paragraph(text: str, limit: int | None = None) -> list[str]:
    """``text`` as pieces of at most ``limit`` characters (stripped), cut at sentence or clause ends.

    ``split_paragraph("جملة أولى. جملة ثانية.", 12)`` → ``["جملة أولى.", "جملة ثانية."]``.
    """
    limit = MAX_PARAGRAPH_CHARS if limit is None else limit
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        hi = start + limit
        lo = start + limit // 2
        cut = (
            _last_break(_SENTENCE_END, text, lo, hi)
            or _last_break(_CLAUSE_END, text, lo, hi)
            or _last_break(_SPACE, text, lo, hi)
            or hi
        )
        piece = text[start:cut].strip()
        if piece:
            pieces.append(piece)
        start = cut
    rest = text[start:].strip()
    if rest:
        pieces.append(rest)
    return pieces


def bound_paragraphs(doc: Document) -> Document:
    """Stage ``bound``: split every body paragraph longer than :data:`MAX_PARAGRAPH_CHARS`."""
    body = doc.article.body
    if any(len(p) > MAX_PARAGRAPH_CHARS for p in body):
        doc.article.body = [piece for p in body for piece in split_paragraph(p)]
    return doc
