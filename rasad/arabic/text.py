"""Tokens and sentences of a paragraph, computed once and shared by every later stage.

A token keeps its offsets in the paragraph as output and its normalised form; the clitic
variants of a normalised token (``والمقداد`` → ``المقداد``, ``بالرياض`` → ``الرياض``,
``لموسكو`` → ``موسكو``) are what the knowledge base matcher looks up.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rasad.arabic.normalize import FOLD_TABLE, needs_map, normalize_with_map

_WORD = re.compile(r"[0-9A-Za-z\u0621-\u064A\u066E-\u06D3\u06FA-\u06FF]+")
# a sentence ends at . ! ? ؟ (or several), or a line break, followed by space or the end
_SENTENCE_END = re.compile(r"(?:[.!?؟…]+[\"”»']?)(?=\s|$)|\n+")

_ONE = "وفبلك"
_CONJUNCTIONS = "وف"  # the proclitics a second one (a preposition) may follow: و/ف + ب/ل/ك


@dataclass(slots=True)
class Token:
    text: str  # as written
    norm: str  # normalised
    start: int  # offsets in the paragraph as output
    end: int


@dataclass(slots=True)
class Paragraph:
    """One text unit: the title (index -1) or a body paragraph (0, 1, ...)."""

    index: int
    text: str
    tokens: list[Token] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)  # character spans
    hits: list[Any] = field(default_factory=list)  # KB matches, set by the entities stage
    cache: dict[str, Any] = field(default_factory=dict)  # analyses later stages share (actor units)

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """The span of the sentence holding character ``offset``."""
        for span in self.sentences:
            if span[0] <= offset < span[1]:
                return span
        return (0, len(self.text))


def first_token_at(tokens: list[Token], offset: int) -> int:
    """The first token starting at or after character ``offset`` (tokens are in text order)."""
    return bisect_left(tokens, offset, key=_token_start)


def last_token_before(tokens: list[Token], offset: int) -> int:
    """The last token ending at or before character ``offset`` (0 when none does)."""
    return max(bisect_right(tokens, offset, key=_token_end) - 1, 0)


def _token_start(t: Token) -> int:
    return t.start


def _token_end(t: Token) -> int:
    return t.end


def tokenize(text: str) -> list[Token]:
    """Word tokens with offsets: ``tokenize("ولموسكو 2020")`` → tokens ``ولموسكو``, ``2020``."""
    if not needs_map(text):  # the common case: normalising keeps every character in place
        norm = text.translate(FOLD_TABLE)
        return [Token(text[a:b], norm[a:b], a, b) for a, b in map(_span, _WORD.finditer(norm))]
    norm, offsets = normalize_with_map(text)
    return [
        Token(text[offsets[m.start()] : offsets[m.end() - 1] + 1], m.group(), offsets[m.start()], offsets[m.end() - 1] + 1)
        for m in _WORD.finditer(norm)
    ]


_span = re.Match.span


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph (end-exclusive, trailing spaces trimmed)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if text[start:end].strip():
            spans.append(_trim(text, start, end))
        start = end
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def analyse(index: int, text: str) -> Paragraph:
    """Tokens and sentences of one paragraph."""
    return Paragraph(index, text, tokenize(text), split_sentences(text))


@lru_cache(maxsize=50_000)
def clitic_variants(norm: str) -> tuple[str, ...]:
    """Forms a normalised token may take without its proclitics, longest first.

    ``clitic_variants("والمقداد")`` → ``("والمقداد", "المقداد", "مقداد")``;
    ``clitic_variants("بالرياض")`` → ``("بالرياض", "الرياض", ...)``; ``للنظام`` → ``النظام``;
    a one-letter token (``و``, ``5``) is its own only form, so the tuple is never empty. Any two of
    و ف ب ل ك are taken off (``لكنهم`` → ``نهم``): the word lists and the trained models' keys
    were built with these forms; a name is looked up in :func:`name_variants`.
    """
    return _variants(norm, strict=False)


@lru_cache(maxsize=50_000)
def name_variants(norm: str) -> tuple[str, ...]:
    """:func:`clitic_variants` where two proclitics are only a conjunction then a preposition
    (``وبالرياض``): the forms a name may hide behind, so that ``لكنهم`` ("but they") is not
    ``ل`` + ``ك`` + the Yemeni district ``نهم``, nor ``ووزير`` ``و`` + ``و`` + ``زير``."""
    return _variants(norm, strict=True)


def _variants(norm: str, strict: bool) -> tuple[str, ...]:
    out = [norm]
    rest = norm
    # up to two one-letter proclitics: conjunction (و ف) then preposition (ب ل ك)
    for n in range(2):
        second = n == 0 or not strict or (norm[0] in _CONJUNCTIONS and rest[0] not in _CONJUNCTIONS)
        if len(rest) > 3 and rest[0] in _ONE and second:
            rest = rest[1:]
            out.append(rest)
            if rest.startswith("ل") and len(rest) > 3:  # لل + noun: ل + ال with the alef dropped
                out.append("ا" + rest)
        else:
            break
    for form in list(out):
        if form.startswith("ال") and len(form) > 4:
            out.append(form[2:])
    seen: dict[str, None] = {}
    for form in out:
        if len(form) >= 2:
            seen.setdefault(form, None)
    return tuple(seen) or (norm,)  # a one-letter token is its own only form
