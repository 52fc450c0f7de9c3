"""Stage ``quotes``: direct and indirect quotes after speech verbs, with their speakers.

``قال X: إن ...`` and ``أكد X أن ...`` are indirect quotes (the clause from the complementizer
to the end of the clause); ``أشار X إلى أن "..."`` or ``قال X: "..."`` are direct (the words
inside the quotation marks, across sentences). An indirect quote ends where the sentence does, or
where a new statement begins inside it (``، مضيفا أن``, ``، وأشار إلى أن``, ``لكنه أكد أن``).

The speaker is the actor named after the cue (``أكدت أمريكا وفرنسا أن`` gives one quote each),
the source after ``عن`` (``نقلت الوكالة عن الوزير قوله``), the name right before a verbal noun
(``عن باقري قوله``) or a verb (``المالكي قال``); failing those, the subject of the sentence, then
the last speaker of the article. A participle (``مضيفاً``) continues the speaker of its sentence.
A bare title or noun (``الوزير``, ``الوزارة``) is the earlier speaker or organisation it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rasad.arabic.normalize import normalize
from rasad.arabic.text import Paragraph, Token, clitic_variants
from rasad.kb.load import KnowledgeBase
from rasad.kb.matcher import ADJECTIVE
from rasad.lexicon import Cues, _load, cues, form_tokens
from rasad.model import Actor, Document, Quote
from rasad.stages.actors import GROUP, MENTION, PREPOSITIONS, ActorCoder, Unit

OPEN_QUOTES = {'"': '"', "«": "»", "“": "”", "„": "”", "'": "'"}
_QUOTE_CHARS = re.compile(r"[\"«»“”„]")
_PUNCT = re.compile(r"[.!?؟،,:;؛\"«»“”()\-–]")
_SENTENCE_END = re.compile(r"[.!?؟]")
_COMMA = re.compile(r"[،,;؛]")
WINDOW = 20  # tokens after the cue where the speaker and the quote's start are looked for
SUBJUNCTIVE = frozenset({"ان", "لن", "كي", "لكي"})  # كان يمكنه أن يقول: a statement not made
HISTORY = 30  # earlier speakers searched for the antecedent of ``الوزير``


@dataclass(slots=True, frozen=True)
class QuoteWords:
    """The quote-only word lists of ``cues.yaml`` (key ``quotes``), normalised."""

    verbal_nouns: frozenset[str]
    name_heads: frozenset[str]
    clause_openers: frozenset[str]
    prayer: frozenset[str]
    strict: dict[str, str]  # form → cue lemma
    skip: frozenset[str]
    first_person: frozenset[str]
    phrase_heads: frozenset[str]
    media: frozenset[str]
    documents: frozenset[str]
    speaker_required: frozenset[str]
    same_source: frozenset[tuple[str, ...]]


@lru_cache(maxsize=1)
def quote_words() -> QuoteWords:
    data = (_load("cues.yaml") or {}).get("quotes") or {}

    def words(key: str) -> frozenset[str]:
        return frozenset(normalize(str(w)) for w in data.get(key) or [])

    strict = {normalize(str(f)): str(item["cue"]) for item in data.get("strict_verbs") or [] for f in item["forms"]}
    return QuoteWords(
        verbal_nouns=words("verbal_nouns"), name_heads=words("quoted_name_heads"),
        clause_openers=words("clause_openers"), prayer=words("prayer_objects"),
        strict=strict, speaker_required=words("speaker_required"), skip=words("speaker_skip"), first_person=words("first_person"),
        phrase_heads=words("phrase_heads"), media=frozenset(_head(w) for w in words("quoted_name_heads")), documents=words("documents"),
        same_source=frozenset(form_tokens(str(w)) for w in data.get("same_source") or []),
    )


@dataclass(slots=True)
class Cue:
    i: int  # first token of the cue
    k: int  # first token after it
    lemma: str
    kind: str  # verb | participle | noun | source | strict | impersonal


@dataclass(slots=True)
class _Article:
    """What the stage remembers while it reads one article."""

    doc: Document
    last: Actor | None = None
    history: list[tuple[str, Actor]] = field(default_factory=list)  # head word of the speaker's span
    recent: tuple[int, int, Actor | None] | None = None  # paragraph, sentence start, speaker of the last cue
    pending: tuple[list[Actor], str] | None = None  # a cue that ended its paragraph with a colon
    surnames: dict[str, Unit] | None = None


@lru_cache(maxsize=200_000)
def cue_variants(norm: str) -> tuple[str, ...]:
    """The clitic variants of a token that a cue may take: the article is never stripped
    (``بالذكر`` is no ``ذكر``, ``بالقول`` is ``القول``)."""
    variants = clitic_variants(norm)
    return tuple(v for v in variants if "ال" + v not in variants)


def match_cue(tokens: list[Token], i: int, lexicon: Cues) -> tuple[int, str, str] | None:
    """A speech cue starting at token ``i``: (tokens it spans, cue lemma, modality)."""
    for variant in cue_variants(tokens[i].norm):
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
        self.words = quote_words()
        # first words of every cue form: most tokens are rejected with one set lookup
        self.first_words = frozenset(key[0] for key in self.cues.verbs) | frozenset(self.words.strict)

    def __call__(self, doc: Document) -> Document:
        art = _Article(doc)
        quotes: list[Quote] = []
        for para in doc.paragraphs:
            if para.index < 0:
                continue
            units = self.coder.units(para, [m for m in doc.entities if m.paragraph == para.index])
            taken_until = -1
            quoted = _quoted_spans(para.text)
            if art.pending is not None:
                speakers, lemma = art.pending
                art.pending = None
                direct = para.text.lstrip()[:1] in OPEN_QUOTES
                quotes += [_quote(s, para.text, direct, lemma, para.index) for s in speakers]
                taken_until = len(para.text)
            for i, tok in enumerate(para.tokens):
                if tok.start < taken_until or any(a <= tok.start < b for a, b in quoted):
                    continue  # a cue inside quotation marks is the speaker's own word (وأعتقد أن)
                cue = self.cue_at(para.tokens, i, para.text)
                if cue is None:
                    continue
                found = self._quotes_at(art, para, units, cue)
                if found is None:
                    continue
                speakers, words, direct, end = found
                for speaker in speakers:
                    quotes.append(_quote(speaker, words, direct, cue.lemma, para.index))
                art.last = speakers[-1]
                art.recent = (para.index, para.sentence_at(tok.start)[0], speakers[-1])
                taken_until = end
        doc.quotes = [q for q in quotes if q.text]
        return doc

    def cue_at(self, tokens: list[Token], i: int, text: str) -> Cue | None:
        """The speech cue at token ``i``, with the kind that tells where its speaker is."""
        variants = cue_variants(tokens[i].norm)
        if not any(v in self.first_words for v in variants):
            return None
        if any(v in self.words.first_person for v in variants[:2]):
            return None  # ولا أعتقد أن: the writer's own voice
        found = match_cue(tokens, i, self.cues)
        if found is None:
            strict = next((self.words.strict[v] for v in variants[:2] if v in self.words.strict), None)
            return Cue(i, i + 1, strict, "strict") if strict else None
        n, lemma, _ = found
        if any(v in self.cues.impersonal or v in self.words.speaker_required for v in variants[:2]):
            kind = "impersonal"
        elif lemma == "حسب":
            kind = "source"
        elif any(v in self.words.verbal_nouns for v in variants):
            kind = "noun"
        elif self._participle(tokens, i, text):
            kind = "participle"
        else:
            kind = "verb"
        return Cue(i, i + n, lemma, kind)

    def _participle(self, tokens: list[Token], i: int, text: str) -> bool:
        """An adverbial participle (``مضيفاً``, ``لافتا``, ``مشيرة إلى``): it continues the speaker.
        Past and present verbs never end in a bare alef (``قالوا`` ends in وا); a feminine form
        (``مؤكدة``) counts after a comma or before its complement, not as a noun (``مطالبة``)."""
        norm = clitic_variants(tokens[i].norm)[0]
        if len(norm) > 3 and norm.endswith("ا") and not norm.endswith("وا"):
            return True
        if len(norm) > 3 and norm.endswith("ه") and norm[0] == "م":
            after = tokens[i + 1].norm if i + 1 < len(tokens) else ""
            return after in self.cues.complementizers or after in ("الي", "علي", "عن") or (
                _COMMA.search(_gap_text(tokens, i, text)) is not None
            )
        return False

    def breaks(self, tokens: list[Token], text: str, j: int) -> bool:
        """Does a new statement begin at token ``j`` of an indirect quote? (``، مضيفا أن``)"""
        cue = self.cue_at(tokens, j, text)
        if cue is None or cue.kind in ("source", "strict", "impersonal"):
            return False
        after = text[tokens[cue.k - 1].end : tokens[cue.k].start] if cue.k < len(tokens) else ""
        if cue.kind == "participle" or ":" in after or any(c in after for c in "\"«“"):
            return True  # مضيفا أن ... / قبل أن يستطرد بالقول: "..."
        if j > 0 and tokens[j - 1].norm in self.words.clause_openers:
            return True  # لكنه أكد أيضا أن
        # "، وأشارت إلى أن ...": a new statement with its own complementizer
        return (
            tokens[j].norm[:1] in "وف"
            and _COMMA.search(_gap_text(tokens, j, text)) is not None
            and any(t.norm in self.cues.complementizers for t in tokens[cue.k : cue.k + 4])
        )

    def clause_end(self, para: Paragraph, first: int) -> int:
        """Where an indirect quote beginning at token ``first`` ends: its sentence's end, or the
        comma before a new statement (``، مشيراً إلى أن``)."""
        tokens, text = para.tokens, para.text
        s_end = para.sentence_at(tokens[first].start)[1]
        for j in range(first + 1, len(tokens)):
            if tokens[j].start >= s_end:
                break
            if self.breaks(tokens, text, j):
                opener = tokens[j - 1].norm in self.words.clause_openers and j - 1 > first
                return tokens[j - 2].end if opener else tokens[j - 1].end
        return s_end

    # -- one cue -------------------------------------------------------------------------------

    def _quotes_at(
        self, art: _Article, para: Paragraph, units: list[Unit], cue: Cue
    ) -> tuple[list[Actor], str, bool, int] | None:
        """The quote a cue introduces: (speakers, words, direct, where it ends)."""
        tokens, text = para.tokens, para.text
        if cue.k < len(tokens) and tokens[cue.k].norm in self.words.prayer:
            return None  # داعيا الله أن ...
        if cue.i > 0 and tokens[cue.i - 1].norm in SUBJUNCTIVE:
            return None  # كان يمكنه أن يقول: ...
        if cue.kind == "noun" and not self._speech_noun(tokens, cue.i):
            return None
        if cue.i > 0 and "كما" in (tokens[cue.i - 1].norm, tokens[cue.i - 2].norm if cue.i > 1 else ""):
            said = self._as_said(art, para, units, cue)
            if said is not None:
                return said
        if cue.kind == "source":
            return self._attribution(art, para, units, cue)
        scan = self._scan(para, cue)
        if scan is None:
            return self._nominal(art, para, units, cue)
        j, start, end, direct = scan
        if cue.kind in ("strict", "impersonal") and not self._strict_ok(para, units, cue, j):
            return None
        speakers = self._speakers(art, para, units, cue, j)
        if not speakers:
            return None
        if start == end == len(text):  # "وقال النقيدان:" — the quote is the next paragraph
            art.pending = (speakers, cue.lemma)
            return speakers, "", False, end
        return speakers, text[start:end], direct, end

    def _speech_noun(self, tokens: list[Token], i: int) -> bool:
        """``عن باقري قوله``, ``بالقول``, ``إلى القول`` introduce a statement; ``على حد قوله``,
        ``للقول`` and ``للتاريخ القول`` do not."""
        norm = tokens[i].norm
        if i > 0 and tokens[i - 1].norm == "حد":
            return False
        if norm.startswith("ال"):
            return i > 0 and tokens[i - 1].norm == "الي"
        return not norm.startswith("ل")

    def _as_said(self, art: _Article, para: Paragraph, units: list[Unit], cue: Cue) -> tuple[list[Actor], str, bool, int] | None:
        """``«الرقص على رؤوس الأفاعي» (كما كان يقول)``: the quotation right before ``كما``."""
        text, tokens = para.text, para.tokens
        kama = cue.i - 1 if tokens[cue.i - 1].norm == "كما" else cue.i - 2
        before = text[: tokens[kama].start].rstrip(" (،,")
        close = before[-1:] if before else ""
        opener = next((o for o, c in OPEN_QUOTES.items() if c == close and o != "'"), None)
        if opener is None:
            return None
        start = before.rfind(opener, 0, len(before) - 1) if opener != close else before.rfind(close, 0, len(before) - 1)
        if start < 0 or len(before[start + 1 : -1].split()) < 2:
            return None
        speaker = self._continued(art, para, units, cue.i)
        return ([speaker], before[start + 1 : -1], True, tokens[cue.i].end) if speaker else None

    def _scan(self, para: Paragraph, cue: Cue) -> tuple[int, int, int, bool] | None:
        """Where the quote after a cue begins: (token j, start, end, direct)."""
        text, tokens = para.text, para.tokens
        k = cue.k
        for j in range(k, min(k + WINDOW, len(tokens))):
            tok = tokens[j]
            base = tokens[j - 1].end if j > 0 else 0
            gap = text[base : tok.start]
            opener = _opening_quote(text, gap, base)
            if opener is not None and not self._named(tokens, j, opener[1], text):
                return j, opener[0], opener[1], True
            if j > k and (_SENTENCE_END.search(gap) or self.breaks(tokens, text, j) or self._next_verb(tokens, j, text)):
                return None
            if tok.norm in self.cues.complementizers or (
                tok.norm in ("الي", "علي") and j + 1 < len(tokens) and tokens[j + 1].norm in self.cues.complementizers
            ):
                if tokens[j - 1].norm in self.words.prayer:
                    return None  # سائلا المولى أن ...
                nxt = j + 1 if tok.norm in ("الي", "علي") else j
                after = tokens[nxt + 1].start if nxt + 1 < len(tokens) else len(text)
                opener = _opening_quote(text, text[tokens[nxt].end : after], tokens[nxt].end)
                if opener is not None and len(text[opener[0] : opener[1]].split()) >= 3:
                    return j, opener[0], opener[1], True
                return j, tokens[nxt].start, self.clause_end(para, nxt), False
            if ":" in gap and (j > k or cue.k - cue.i == 1):
                return j, tok.start, self.clause_end(para, j), False
        if tokens and len(tokens) - k < WINDOW and text[tokens[-1].end :].strip().startswith(":") and not any(
            _SENTENCE_END.search(_gap_text(tokens, n, text)) for n in range(max(k, 1), len(tokens))
        ):
            return len(tokens), len(text), len(text), False
        return None

    def _next_verb(self, tokens: list[Token], j: int, text: str) -> bool:
        """``ذكر أوباما أمريكيين محتجزين وقال إن``: the complementizer belongs to the next verb."""
        if tokens[j].norm[:1] not in "وف":
            return False
        cue = self.cue_at(tokens, j, text)
        return cue is not None and cue.kind in ("verb", "participle") and len(cue_variants(tokens[j].norm)) > 1

    def _named(self, tokens: list[Token], j: int, close: int, text: str) -> bool:
        """Is a quoted span no statement: too short, or a name (صحيفة "لو جورنال دو ديمانش")?"""
        start = tokens[j - 1].end if j > 0 else 0
        if len(text[start:close].split()) < 3:
            return True
        return j > 0 and tokens[j - 1].norm in self.words.name_heads

    def _strict_ok(self, para: Paragraph, units: list[Unit], cue: Cue, j: int) -> bool:
        """``بين`` is a cue only right before its complementizer or quotation, or after a speaker
        named right there (``تحدث فيرشينين عن "..."``); ``يعتقد`` only after a named speaker."""
        if cue.kind == "strict" and j in (cue.k, cue.k + 1):
            return True  # بين أن، وبين المعيويد أن
        chunks = self.coder.chunks(units, cue.k, cue.k + 1, max_gap=0, stop=j)
        end = chunks[-1][-1].last if chunks else -1
        return end == j or (end == j - 1 and para.tokens[end].norm in ("عن", "الي", "علي"))

    # -- speakers ------------------------------------------------------------------------------

    def _speakers(self, art: _Article, para: Paragraph, units: list[Unit], cue: Cue, j: int) -> list[Actor]:
        day = art.doc.reference_date
        if cue.kind in ("participle", "noun"):
            if cue.kind == "noun":  # عن باقري قوله، خلص الوزير إلى القول
                at = cue.i - 1 if para.tokens[cue.i - 1].norm == "الي" else cue.i
                before = self._adjacent_before(para, units, at, True, day)
                if before is not None:
                    return [self._remember(art, *before, para)]
                if at < cue.i and at > 0 and _covering(para, units).get(at - 1) is None:
                    return []  # دفع المحللين إلى القول: someone the KB does not know
            one = self._continued(art, para, units, cue.i)
            return [one] if one else []
        named: list[Actor] | None = None
        if cue.lemma == "نقل":  # نقلت الوكالة عن الوزير: the source after عن, else the one who relays
            an = next((n for n in range(cue.i, j) if para.tokens[n].norm == "عن"), None)
            if an is not None:
                named = self._named_after(art, para, units, an + 1, j, governed=True)
        named = named or self._named_after(art, para, units, cue.k, j)
        if named == []:  # a speaker that names no one (وذكرت رئاسة النظام أن): its participles are no one's
            art.recent = (para.index, para.sentence_at(para.tokens[cue.i].start)[0], None)
        if named is not None:
            return named
        before = self._adjacent_before(para, units, cue.i, False, day)
        if before is not None:
            return [self._remember(art, *before, para)]
        one = self._subject(art, para, units, cue.i)
        if one is None and self._bare(para, cue.i):
            one = art.last or self._agent(art, para, cue.i)
        return [one] if one else []

    def _bare(self, para: Paragraph, i: int) -> bool:
        """Does the cue open its clause (``وقال إن``, ``ثم أكد``), so that its speaker is one
        named before? A cue after other words (``الأحاديث تؤكد أن``) has an unknown speaker."""
        tok = para.tokens[i]
        if i == 0 or tok.start == para.sentence_at(tok.start)[0]:
            return True
        if tok.norm[:1] in "وف" and len(cue_variants(tok.norm)) > 1:
            return True
        return para.tokens[i - 1].norm in self.words.clause_openers or _COMMA.search(_gap_text(para.tokens, i, para.text)) is not None

    def _named_after(
        self, art: _Article, para: Paragraph, units: list[Unit], lo: int, j: int, governed: bool = False
    ) -> list[Actor] | None:
        """The speakers named between the cue (token ``lo`` on) and the quote at ``j``, several when
        coordinated (``أكدت أمريكا وفرنسا أن``). None when no one is named there (``وقال في بيان
        إن``); [] when someone is but cannot be coded (``وقال علماء إن``, ``وذكر التقرير أن``)."""
        tokens, text, day = para.tokens, para.text, art.doc.reference_date
        cover = _covering(para, units)
        n = lo
        while n < j and tokens[n].norm in self.words.skip:
            n += 1
        if n >= j or self.cue_at(tokens, n, text) is not None:
            return None  # وتابع قائلا: ...
        unit = cover.get(n)
        if unit is None and tokens[n].norm in self.words.documents:  # جاء في بيان الخارجية
            unit = cover.get(n + 1)
            if unit is None or unit.first != n + 1:
                return []
            governed = True
        if unit is None:
            if tokens[n].norm in PREPOSITIONS or self._phrase(tokens[n]):
                return None  # وقال لوسائل الإعلام إن: a phrase, not the speaker
            unit = self._person_ahead(para, cover, n, j)  # عضو الهيئة السياسية للائتلاف نصر الحريري
            if unit is None:
                named = self._by_name(art, para, n, n + 1) or self._described(para, cover, n)
                return [named] if named else []
        elif _governed(para, unit) and not governed:
            return None
        out: list[Actor] = []
        for chunk in self.coder.chunks(units, unit.first, unit.first + 1, max_gap=1, stop=j):
            chunk = _person_ends(chunk, text)
            actor = self.coder.code(chunk, text, day)
            if actor is None or (all(u.kind == GROUP for u in chunk) and _head(actor.text) in self.words.media):
                continue  # a bare "الوكالة" or "الصحيفة" names no source
            if actor not in out:
                out.append(self._remember(art, actor, chunk, para))
        if not out:
            named = self._by_name(art, para, n, n + 1)
            return [named] if named else []
        return out

    def _phrase(self, tok: Token) -> bool:
        """A word with the preposition ب or ل that opens a phrase (``للصحفيين``, ``لوسائل``,
        ``بحسب``), not a name that begins with the letter (``باسلمة``)."""
        if len(tok.norm) <= 3 or tok.norm[0] not in "بل":
            return False
        rest = clitic_variants(tok.norm)[1:]
        return any(v.startswith("ال") or v in self.words.phrase_heads or v in self.words.name_heads for v in rest)

    def _person_ahead(self, para: Paragraph, cover: dict[int, Unit], n: int, j: int) -> Unit | None:
        """A person named a few words on, after a title the KB lacks (``مديرة إدارة الموهوبات
        الدكتورة ليلى الصاعدي``), before any preposition."""
        for m in range(n + 1, min(j, n + 7)):
            unit = cover.get(m)
            if unit is None and (para.tokens[m].norm in PREPOSITIONS or self._phrase(para.tokens[m])):
                return None
            mention = unit.mention if unit is not None else None
            if unit is not None and mention is not None and mention.type == "PER" and not _governed(para, unit):
                return unit
        return None

    def _described(self, para: Paragraph, cover: dict[int, Unit], n: int) -> Actor | None:
        """``علماء صينيون``: a noun outside the KB with a nationality adjective after it."""
        adjective = cover.get(n + 1)
        if adjective is None or adjective.kind != ADJECTIVE:
            return None
        actor = self.coder.code([adjective], para.text, None)
        country = actor.country if actor else self.coder._adjective_country([adjective])
        if not country:
            return None
        return Actor(para.text[para.tokens[n].start : adjective.end], None, country, None, how="noun with a nationality adjective")

    def _adjacent_before(
        self, para: Paragraph, units: list[Unit], i: int, allow_governed: bool, day: str | None
    ) -> tuple[Actor, list[Unit]] | None:
        """``المالكي قال``, ``عن باقري قوله``: the actor ending right before the cue, nothing between."""
        text = para.text
        cue_start = para.tokens[i].start
        for u in reversed(units):
            if u.last != i or u.kind == ADJECTIVE or (u.governed and not allow_governed):
                continue
            if _PUNCT.search(text[u.end : cue_start]):
                return None
            chunk = _person_ends(next(iter(self.coder.chunks(units, u.first, u.first + 1, max_gap=0, stop=i)), [u]), text)
            actor = self.coder.code(chunk, text, day)
            return (actor, chunk) if actor is not None else None
        return None

    def _continued(self, art: _Article, para: Paragraph, units: list[Unit], i: int) -> Actor | None:
        """Who a participle continues: the speaker quoted earlier in its sentence, else the
        sentence's subject, else the last speaker."""
        s_start = para.sentence_at(para.tokens[i].start)[0]
        if art.recent is not None and art.recent[:2] == (para.index, s_start):
            return art.recent[2]  # None after a speaker that could not be coded
        return self._subject(art, para, units, i) or art.last or self._agent(art, para, i)

    def _agent(self, art: _Article, para: Paragraph, i: int) -> Actor | None:
        """Before any speaker, a bare verb (``وشدد على أهمية ...``) is the latest event's actor."""
        cue_start = para.tokens[i].start
        for event in reversed(art.doc.events):
            if event.paragraph > para.index or not event.actor:
                continue
            if event.paragraph == para.index and not 0 <= para.text.find(event.sentence) < cue_start:
                continue
            actor = event.actor[0]
            if actor.canonical or actor.country:
                return actor
        return None

    def _subject(self, art: _Article, para: Paragraph, units: list[Unit], i: int) -> Actor | None:
        s_start = para.sentence_at(para.tokens[i].start)[0]
        first_tok = next((n for n, t in enumerate(para.tokens) if t.start >= s_start), i)
        chunks = self.coder.sentence_subject(units, first_tok, i)
        if not chunks:
            return None
        chunk = _person_ends(chunks[0], para.text)
        actor = self.coder.code(chunk, para.text, art.doc.reference_date)
        if actor is None or (all(u.kind == GROUP for u in chunk) and not actor.country):
            return None
        return self._resolve(art, actor)

    def _by_name(self, art: _Article, para: Paragraph, lo: int, hi: int) -> Actor | None:
        """A speaker the entity stage missed: a word after the cue that is the surname of a person
        named earlier (``وأوضح "المبطي" أن``), or the head of an earlier speaker (``وقالت النيابة``)."""
        if art.surnames is None:
            art.surnames = {}
            for m in art.doc.entities:
                if m.type == "PER" and m.id and len(m.text.split()) > 1:
                    art.surnames.setdefault(normalize(m.text.split()[-1]), Unit(0, 1, MENTION, m.start, m.end, mention=m))
        for tok in para.tokens[lo:hi]:
            unit = art.surnames.get(tok.norm)
            if unit is not None and unit.mention is not None:
                return self.coder.code([unit], unit.mention.text, art.doc.reference_date)
        if lo < hi and para.tokens[lo].norm.startswith("ال"):
            actor = self._resolve(art, Actor(_QUOTE_CHARS.sub("", para.tokens[lo].text)))
            return actor if actor.canonical or actor.country else None
        return None

    def _remember(self, art: _Article, actor: Actor, chunk: list[Unit], para: Paragraph) -> Actor:
        """Resolve a bare title (``الوزير``) to its antecedent, and keep the speaker for later ones."""
        actor = self._resolve(art, actor)
        art.history.append((_head(para.text[chunk[0].start : chunk[-1].end]), actor))
        return actor

    def _resolve(self, art: _Article, actor: Actor) -> Actor:
        """``الوزير``, ``الوزارة``, ``الناطق باسم``: the latest speaker or organisation of that name."""
        head = _head(actor.text)
        if actor.canonical or actor.country or not head:
            return actor
        for earlier_head, earlier in reversed(art.history[-HISTORY:]):
            if earlier_head == head and (earlier.canonical or earlier.country):
                return earlier
        for m in reversed(art.doc.entities):
            if m.type == "ORG" and m.country and _head(m.text) == head:
                return Actor(m.text, m.canonical, m.country, actor.sector, how=f"antecedent of '{actor.text}'")
        return actor

    # -- quotes without a complementizer -------------------------------------------------------

    def _nominal(self, art: _Article, para: Paragraph, units: list[Unit], cue: Cue) -> tuple[list[Actor], str, bool, int] | None:
        """``أكدت موسكو دعمها للالتزام ...``, ``وشدد على أهمية ...``: the statement is a noun
        phrase, the rest of the clause after the speaker."""
        if cue.lemma not in self.cues.nominal_object or cue.k >= len(para.tokens):
            return None
        tokens, day = para.tokens, art.doc.reference_date
        k = cue.k
        chunks = self.coder.chunks(units, k, k + 1, max_gap=0) if cue.kind == "verb" else []
        if chunks and not chunks[0][0].governed:
            speaker = self.coder.code(chunks[0], para.text, day)
            first = next((n for n, t in enumerate(tokens) if t.start >= chunks[-1][-1].end), None)
            if speaker is None or first is None:
                return None
            speakers = [self._remember(art, speaker, chunks[0], para)]
        elif tokens[k].norm != "علي" and (
            tokens[k].norm in PREPOSITIONS or any(u.first == k and u.kind != ADJECTIVE for u in units)
        ):
            return None
        else:
            first = k
            speakers = self._speakers(art, para, units, cue, k)
        end = self.clause_end(para, first)
        words = para.text[tokens[first].start : end].strip(" ،,")
        if tokens[first].norm[:1] == "و" and len(cue_variants(tokens[first].norm)) > 1:
            return None  # نفت الحكومة وحليفتاها ...: the subject goes on
        if not speakers or len(words.split()) < 4 or tokens[first].start >= para.sentence_at(tokens[cue.i].start)[1]:
            return None
        return speakers, words, False, end

    def _attribution(self, art: _Article, para: Paragraph, units: list[Unit], cue: Cue) -> tuple[list[Actor], str, bool, int] | None:
        """``...، حسب المصدر نفسه.``: the clause before is the last speaker's."""
        tokens, text = para.tokens, para.text
        s_start, s_end = para.sentence_at(tokens[cue.i].start)
        rest = tuple(t.norm for t in tokens[cue.k :] if t.start < s_end)
        if art.last is None or rest not in self.words.same_source or not _COMMA.search(_gap_text(tokens, cue.i, text)):
            return None
        words = text[s_start : tokens[cue.i - 1].end].strip()
        return [art.last], words, False, s_end


def _quote(speaker: Actor, words: str, direct: bool, cue: str, paragraph: int) -> Quote:
    words = _QUOTE_CHARS.sub("", words).strip() if direct else words.strip().rstrip(".،,؛; ").strip()
    return Quote(speaker=Actor(speaker.text, speaker.canonical, speaker.country, speaker.sector, how=speaker.how),
                 text=words, direct=direct, cue=cue, paragraph=paragraph)


def _gap_text(tokens: list[Token], i: int, text: str) -> str:
    """The text between token ``i`` and the one before it."""
    return "" if i == 0 else text[tokens[i - 1].end : tokens[i].start]


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """The spans inside quotation marks of a paragraph: ``«...»``, ``“...”`` and pairs of ``"``."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    closer = ""
    for m in _QUOTE_CHARS.finditer(text):
        ch = m.group()
        if opened is None and ch in OPEN_QUOTES:
            opened, closer = m.start(), OPEN_QUOTES[ch]
        elif opened is not None and ch == closer:
            spans.append((opened, m.start()))
            opened = None
    return spans


def _covering(para: Paragraph, units: list[Unit]) -> dict[int, Unit]:
    """For each token, the first unit (not an adjective) that covers it; computed once a paragraph."""
    cover: dict[int, Unit] | None = para.cache.get("quote_cover")
    if cover is None:
        cover = {}
        for u in units:
            if u.kind != ADJECTIVE:
                for n in range(u.first, u.last):
                    cover.setdefault(n, u)
        para.cache["quote_cover"] = cover
    return cover


def _governed(para: Paragraph, unit: Unit) -> bool:
    """Is a unit the object of a preposition (``إلى موسكو``, ``بالرياض``)? Unlike the clitic test of
    ``actors.governed``, the article of ``الوزير`` is no preposition ل."""
    tok = para.tokens[unit.first]
    clitic = normalize(para.text[tok.start : unit.start])
    if clitic.endswith("ال"):
        clitic = clitic[:-2]
    if "ب" in clitic or "ل" in clitic:
        return True
    return unit.first > 0 and para.tokens[unit.first - 1].norm in PREPOSITIONS


def _person_ends(chunk: list[Unit], text: str) -> list[Unit]:
    """A speaker's chunk ends with the person's name: ``الناطق جان باسكال تورو، حسب وكالة الصحافة
    الفرنسية`` is not a French speaker."""
    for n, u in enumerate(chunk[:-1]):
        if u.kind == MENTION and u.mention is not None and u.mention.type == "PER":
            nxt = chunk[n + 1]
            if nxt.start >= u.end and text[u.end : nxt.start].strip():
                return chunk[: n + 1]
    return chunk


def _head(span: str) -> str:
    """The first word of a span without its article: ``الوزارة الأمريكية`` → ``وزاره``."""
    words = normalize(span).split()
    if not words:
        return ""
    return words[0][2:] if words[0].startswith("ال") and len(words[0]) > 4 else words[0]


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
