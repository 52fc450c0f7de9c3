"""Stage ``quotes``: direct and indirect quotes after speech verbs, with their speakers.

``قال X: إن ...`` and ``أكد X أن ...`` are indirect quotes (the clause from the complementizer
to the end of the sentence); ``أشار X إلى أن "..."`` or ``قال X: "..."`` are direct (the words
inside the quotation marks, across sentences). A cue with no named speaker (``وتابع قائلا``)
belongs to the last speaker of the article.
"""

from __future__ import annotations

import re

from rasad.arabic.text import Paragraph, Token, clitic_variants
from rasad.kb.load import KnowledgeBase
from rasad.lexicon import Cues, cues
from rasad.model import Actor, Document, Quote
from rasad.stages.actors import ActorCoder, Unit

OPEN_QUOTES = {'"': '"', "«": "»", "“": "”", "„": "”", "'": "'"}
_QUOTE_CHARS = re.compile(r"[\"«»“”„]")
WINDOW = 14  # tokens after the cue where the speaker and the quote's start are looked for


def match_cue(tokens: list[Token], i: int, lexicon: Cues) -> tuple[int, str, str] | None:
    """A speech cue starting at token ``i``: (tokens it spans, cue lemma, modality)."""
    for variant in clitic_variants(tokens[i].norm):
        for n in (2, 1):
            key = (variant, *(t.norm for t in tokens[i + 1 : i + n]))
            if len(key) == n and key in lexicon.verbs:
                cue, modality = lexicon.verbs[key]
                return n, cue, modality
    return None


class QuoteStage:
    name = "quotes"

    def __init__(self, kb: KnowledgeBase) -> None:
        self.coder = ActorCoder(kb)
        self.cues = cues()

    def __call__(self, doc: Document) -> Document:
        last: Actor | None = None
        quotes: list[Quote] = []
        for para in doc.paragraphs:
            if para.index < 0:
                continue
            mentions = [m for m in doc.entities if m.paragraph == para.index]
            units = self.coder.units(para, mentions)
            taken_until = -1
            for i, tok in enumerate(para.tokens):
                if tok.start < taken_until:
                    continue
                cue = match_cue(para.tokens, i, self.cues)
                if cue is None:
                    continue
                found = self._quote_after(para, units, i + cue[0], doc.reference_date, last)
                if found is None:
                    continue
                quote, end = found
                quote.cue, quote.paragraph = cue[1], para.index
                quotes.append(quote)
                last = quote.speaker
                taken_until = end
        doc.quotes = quotes
        return doc

    def _quote_after(
        self, para: Paragraph, units: list[Unit], k: int, day: str | None, last: Actor | None
    ) -> tuple[Quote, int] | None:
        """The quote introduced by a cue ending before token ``k``, and where it ends."""
        text, tokens = para.text, para.tokens
        for j in range(k, min(k + WINDOW, len(tokens))):
            tok = tokens[j]
            gap = text[tokens[j - 1].end : tok.start] if j > 0 else ""
            opener = _opening_quote(text, gap, tokens[j - 1].end if j > 0 else 0)
            if opener is not None:
                start, close = opener
                words = text[start:close].split()
                if len(words) >= 3:
                    return _pair(self._make(para, units, k, j, day, last, text[start:close], True), close)
            if tok.norm in self.cues.complementizers or (tok.norm == "الي" and j + 1 < len(tokens) and tokens[j + 1].norm in ("ان", "انه")):
                nxt = j + 1 if tok.norm == "الي" else j
                after = tokens[nxt + 1].start if nxt + 1 < len(tokens) else len(text)
                opener = _opening_quote(text, text[tokens[nxt].end : after], tokens[nxt].end)
                if opener is not None and len(text[opener[0] : opener[1]].split()) >= 3:
                    return _pair(self._make(para, units, k, j, day, last, text[opener[0] : opener[1]], True), opener[1])
                s_end = para.sentence_at(tokens[nxt].start)[1]
                return _pair(self._make(para, units, k, j, day, last, text[tokens[nxt].start : s_end], False), s_end)
            if ":" in gap and j > k:
                s_end = para.sentence_at(tok.start)[1]
                return _pair(self._make(para, units, k, j, day, last, text[tok.start : s_end], False), s_end)
        return None

    def _make(
        self, para: Paragraph, units: list[Unit], k: int, j: int, day: str | None, last: Actor | None,
        words: str, direct: bool,
    ) -> Quote | None:
        chunks = self.coder.chunks(units, k, j, max_gap=1, stop=j)
        speaker = self.coder.code(chunks[0], para.text, day) if chunks else None
        if speaker is None:
            before = [u for u in units if u.last == k - 1 or u.last == k - 2]
            speaker = self.coder.code(before[-1:], para.text, day) if before else None
        if speaker is None:
            speaker = last
        if speaker is None:
            return None
        words = _QUOTE_CHARS.sub("", words).strip() if direct else words.strip().rstrip(".")
        return Quote(speaker=Actor(speaker.text, speaker.canonical, speaker.country, speaker.sector),
                     text=words, direct=direct, cue="")


def _pair(quote: Quote | None, end: int) -> tuple[Quote, int] | None:
    return None if quote is None else (quote, end)


def _opening_quote(text: str, gap: str, base: int) -> tuple[int, int] | None:
    """An opening quotation mark in ``gap`` (text at ``base``): (content start, content end)."""
    for offset, ch in enumerate(gap):
        if ch in OPEN_QUOTES and ch != "'":
            start = base + offset + 1
            close_char = OPEN_QUOTES[ch]
            close = text.find(close_char, start)
            return start, (close if close != -1 else len(text))
    return None
