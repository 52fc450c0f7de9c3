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
                if cue is None or any(v in self.cues.impersonal for v in clitic_variants(tok.norm)[:2]):
                    continue
                follows = self._clause_speaker(doc, para, units, i, last) if is_participle(tok) else None
                found = self._quote_after(para, units, i + cue[0], doc.reference_date, last, follows)
                if found is None and follows is None and cue[1] in self.cues.nominal_object:
                    found = self._nominal(para, units, i + cue[0], doc.reference_date)
                if found is None:
                    continue
                quote, end = found
                quote.cue, quote.paragraph = cue[1], para.index
                quotes.append(quote)
                last = quote.speaker
                taken_until = end
        doc.quotes = quotes
        return doc

    def _clause_speaker(
        self, doc: Document, para: Paragraph, units: list[Unit], i: int, last: Actor | None
    ) -> Actor | None:
        """Who a participle cue (``مضيفاً``) continues: the sentence's subject, else the last speaker."""
        s_start = para.sentence_at(para.tokens[i].start)[0]
        first_tok = next((n for n, t in enumerate(para.tokens) if t.start >= s_start), i)
        chunks = self.coder.sentence_subject(units, first_tok, i)
        subject = self.coder.code(chunks[0], para.text, doc.reference_date) if chunks else None
        return subject or last

    def _nominal(self, para: Paragraph, units: list[Unit], k: int, day: str | None) -> tuple[Quote, int] | None:
        """``أكدت موسكو دعمها للالتزام ...``: the speaker right after the cue, then the statement."""
        chunks = self.coder.chunks(units, k, k + 1, max_gap=0)
        if not chunks or chunks[0][0].governed:
            return None
        speaker = self.coder.code(chunks[0], para.text, day)
        end = chunks[-1][-1].end
        s_end = para.sentence_at(end)[1]
        words = para.text[end:s_end].strip(" ،,")
        if speaker is None or len(words.split()) < 4:
            return None
        return _quote(speaker, words, False), s_end

    def _quote_after(
        self, para: Paragraph, units: list[Unit], k: int, day: str | None, last: Actor | None,
        follows: Actor | None = None,
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
                    return _pair(self._make(para, units, k, j, day, last, follows, text[start:close], True), close)
            if tok.norm in self.cues.complementizers or (tok.norm == "الي" and j + 1 < len(tokens) and tokens[j + 1].norm in ("ان", "انه")):
                nxt = j + 1 if tok.norm == "الي" else j
                after = tokens[nxt + 1].start if nxt + 1 < len(tokens) else len(text)
                opener = _opening_quote(text, text[tokens[nxt].end : after], tokens[nxt].end)
                if opener is not None and len(text[opener[0] : opener[1]].split()) >= 3:
                    return _pair(self._make(para, units, k, j, day, last, follows, text[opener[0] : opener[1]], True), opener[1])
                s_end = para.sentence_at(tokens[nxt].start)[1]
                return _pair(self._make(para, units, k, j, day, last, follows, text[tokens[nxt].start : s_end], False), s_end)
            if ":" in gap and j > k:
                s_end = para.sentence_at(tok.start)[1]
                return _pair(self._make(para, units, k, j, day, last, follows, text[tok.start : s_end], False), s_end)
        return None

    def _make(
        self, para: Paragraph, units: list[Unit], k: int, j: int, day: str | None, last: Actor | None,
        follows: Actor | None, words: str, direct: bool,
    ) -> Quote | None:
        if follows is not None:
            return _quote(follows, words, direct)
        chunks = self.coder.chunks(units, k, j, max_gap=1, stop=j)
        speaker = self.coder.code(chunks[0], para.text, day) if chunks else None
        if speaker is None:
            before = [u for u in units if u.last == k - 1 or u.last == k - 2]
            speaker = self.coder.code(before[-1:], para.text, day) if before else None
        if speaker is None:
            speaker = last
        if speaker is None:
            return None
        return _quote(speaker, words, direct)


def _quote(speaker: Actor, words: str, direct: bool) -> Quote:
    words = _QUOTE_CHARS.sub("", words).strip() if direct else words.strip().rstrip(".")
    return Quote(speaker=Actor(speaker.text, speaker.canonical, speaker.country, speaker.sector, how=speaker.how),
                 text=words, direct=direct, cue="")


def is_participle(tok: Token) -> bool:
    """An adverbial participle cue (``مضيفاً``, ``لافتا``, ``قائلا``): it continues the clause's
    speaker. Verbs in the past or present do not end in a bare alef (plural ``قالوا`` ends in وا)."""
    return len(tok.norm) > 3 and tok.norm.endswith("ا") and not tok.norm.endswith("وا")


def _pair(quote: Quote | None, end: int) -> tuple[Quote, int] | None:
    return None if quote is None else (quote, end)


def _opening_quote(text: str, gap: str, base: int) -> tuple[int, int] | None:
    """An opening quotation mark in ``gap`` (text at ``base``): (content start, content end).

    A straight double quote opens only after an even number of them in the paragraph: after an
    odd number it closes a quotation (``"تبرع"بلاده`` is no quote of ``بلاده``).
    """
    for offset, ch in enumerate(gap):
        if ch == '"' and text.count('"', 0, base + offset) % 2 == 1:
            continue
        if ch in OPEN_QUOTES and ch != "'":
            start = base + offset + 1
            close_char = OPEN_QUOTES[ch]
            close = text.find(close_char, start)
            return start, (close if close != -1 else len(text))
    return None
