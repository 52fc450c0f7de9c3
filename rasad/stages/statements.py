"""Speech cues and the statements they introduce, for the ``quotes`` stage.

A cue is a speech verb, participle or verbal noun (``قال``, ``مضيفاً``, ``قوله``). The statement
after it is direct (the words inside quotation marks, ``قال X: "..."``) or indirect (from the
complementizer to the end of the clause, ``أكد X أن ...``). An indirect quote ends where the
sentence does, or where a new statement begins inside it (``، مضيفا أن``, ``لكنه أكد أن``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rasad.arabic.normalize import normalize
from rasad.arabic.text import Paragraph, Token, clitic_variants
from rasad.lexicon import Cues, cues, form_tokens, load_lexicon
from rasad.lexicon.conjugate import FIRST_PERSON, NOUN, PARTICIPLE, Lemma, forms, past_forms

OPEN_QUOTES = {'"': '"', "«": "»", "“": "”", "„": "”", "'": "'"}
QUOTE_CHARS = re.compile(r"[\"«»“”„]")
COMMA = re.compile(r"[،,;؛]")
_SENTENCE_END = re.compile(r"[.!?؟]")
WINDOW = 20  # tokens after the cue where the speaker and the quote's start are looked for
BREAK_REACH = 12  # tokens after a cue inside a quote where its own complementizer or colon is looked for


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
    sources: frozenset[str]
    cue_preps: frozenset[str]  # أشار إلى، تحدث عن: a speech verb's prepositions
    complement_preps: frozenset[str]  # أشار إلى أن: those a complementizer follows
    statement_preps: dict[tuple[str, str], float]  # (cue lemma, ب or a normalised preposition) → corpus share
    more_complementizers: frozenset[str]  # إنهن، بأننا: read by the quotes stage besides ``Cues.complementizers``


@lru_cache(maxsize=1)
def quote_words() -> QuoteWords:
    data = (load_lexicon("cues.yaml") or {}).get("quotes") or {}

    def words(key: str) -> frozenset[str]:
        return frozenset(normalize(str(w)) for w in data.get(key) or [])

    strict = {normalize(str(f)): str(item["cue"]) for item in data.get("strict_verbs") or [] for f in item["forms"]}
    return QuoteWords(
        verbal_nouns=words("verbal_nouns"), name_heads=words("quoted_name_heads"),
        clause_openers=words("clause_openers"), prayer=words("prayer_objects"),
        strict=strict, speaker_required=words("speaker_required"), skip=words("speaker_skip"), first_person=words("first_person"),
        phrase_heads=words("phrase_heads"), media=frozenset(head_word(w) for w in words("quoted_name_heads")), documents=words("documents"),
        same_source=frozenset(form_tokens(str(w)) for w in data.get("same_source") or []),
        sources=words("unnamed_sources"), cue_preps=words("cue_prepositions"),
        complement_preps=words("complement_prepositions"),
        more_complementizers=words("more_complementizers"),
        statement_preps={(str(lemma), normalize(str(prep))): float(share)
                         for lemma, preps in (data.get("statement_prepositions") or {}).items()
                         for prep, share in (preps or {}).items()},
    )


@dataclass(slots=True, frozen=True)
class SpeechLexicon:
    """The cues of the quotes stage: the forms of ``cues.yaml`` and those generated from the
    lemmas of ``speech_verbs.yaml``, with the kind of each generated participle and noun."""

    cues: Cues
    participles: frozenset[str]
    nouns: frozenset[str]
    first_person: frozenset[str]
    past: frozenset[str] = frozenset()  # past forms (قال، أعلنت): a statement made even after أن (بعد أن قال)
    masdars: dict[str, str] | None = None  # a bare verbal noun (إعلان، تحذير) → its cue lemma


@lru_cache(maxsize=1)
def speech_lexicon() -> SpeechLexicon:
    """``cues()`` with the generated forms added; a form ``cues.yaml`` lists keeps its entry."""
    base = cues()
    data = load_lexicon("speech_verbs.yaml") or []
    verbs = dict(base.verbs)
    participles: set[str] = set()
    nouns: set[str] = set()
    first: set[str] = set()
    past: set[str] = set()
    masdars: dict[str, str] = {}
    for n, item in enumerate(data):
        try:
            lemma = Lemma(str(item["past"]), item.get("present"), item.get("participle"), item.get("noun"),
                          bool(item.get("transitive")), bool(item.get("feminine", True)))
            cue, modality = str(item["cue"]), str(item.get("modality") or "asserted")
            generated = forms(lemma)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"speech_verbs.yaml, entry {n + 1}: {exc!r}; give past, cue and optional stems") from exc
        past.update(past_forms(lemma.past, lemma.transitive))
        if lemma.noun:
            masdars.setdefault(normalize(lemma.noun), cue)
        after = form_tokens(str(item["after"])) if item.get("after") else ()
        for form, kind in generated.items():
            if kind == FIRST_PERSON:
                first.add(form)
                continue
            verbs.setdefault((form, *after), (cue, modality))
            if kind == PARTICIPLE:
                participles.add(form)
            elif kind == NOUN:
                nouns.add(form)
    merged = Cues(**{f: getattr(base, f) for f in base.__dataclass_fields__})
    merged.verbs = verbs
    merged.complementizers = base.complementizers | quote_words().more_complementizers
    return SpeechLexicon(merged, frozenset(participles), frozenset(nouns), frozenset(first), frozenset(past),
                         masdars if MASDARS else {})


@dataclass(slots=True)
class Cue:
    i: int  # first token of the cue
    k: int  # first token after it
    lemma: str
    kind: str  # verb | participle | noun | source | strict | impersonal | masdar


@lru_cache(maxsize=20_000)
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


class StatementFinder:
    """Finds the speech cues of a paragraph and the span of the statement each introduces."""

    def __init__(self, lexicon: Cues, words: QuoteWords, participles: frozenset[str] = frozenset(),
                 masdars: dict[str, str] | None = None) -> None:
        self.cues = lexicon
        self.words = words
        self.participles = participles  # generated participles (مشيرين، مؤكدين): always adverbial
        self.masdars = masdars or {}  # إعلان ترامب أن: a bare verbal noun, its speaker the name after it
        # first words of every cue form: most tokens are rejected with one set lookup
        self.first_words = frozenset(key[0] for key in self.cues.verbs) | frozenset(self.words.strict) | frozenset(self.masdars)
        self._starts: dict[str, bool] = {}  # normalised word → may it start a cue (bounded)

    def may_start(self, norm: str) -> bool:
        """May a word (normalised) start a cue? Asked once per distinct word."""
        got = self._starts.get(norm)
        if got is None:
            if len(self._starts) >= 20_000:
                self._starts.clear()
            got = self._starts[norm] = any(v in self.first_words for v in cue_variants(norm))
        return got

    def cue_at(self, tokens: list[Token], i: int, text: str) -> Cue | None:
        """The speech cue at token ``i``, with the kind that tells where its speaker is."""
        if not self.may_start(tokens[i].norm):
            return None
        variants = cue_variants(tokens[i].norm)
        if any(v in self.words.first_person for v in variants[:2]):
            return None  # ولا أعتقد أن: the writer's own voice
        found = match_cue(tokens, i, self.cues)
        if found is None:
            strict = next((self.words.strict[v] for v in variants[:2] if v in self.words.strict), None)
            if strict:
                return Cue(i, i + 1, strict, "strict")
            masdar = next((self.masdars[v] for v in variants if v in self.masdars), None)
            return Cue(i, i + 1, masdar, "masdar") if masdar else None
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
        (``مؤكدة``, ``لافتة``) counts after a comma or before its complement, not as a noun (``مطالبة``)."""
        norm = clitic_variants(tokens[i].norm)[0]
        if norm.endswith("ها") and ((norm[:-2],) in self.cues.verbs or norm[:-2] in self.words.strict):
            return False  # اعتبرتها، وصفها: a verb with its object pronoun, not مضيفا
        if len(norm) > 3 and norm.endswith("ا") and not norm.endswith("وا"):
            return True
        if norm in self.participles and not norm.endswith("ه"):
            return True
        if len(norm) > 3 and norm.endswith("ه") and (norm[0] == "م" or norm in self.participles):
            after = tokens[i + 1].norm if i + 1 < len(tokens) else ""
            return after in self.cues.complementizers or after in self.words.cue_preps or (
                COMMA.search(gap_text(tokens, i, text)) is not None
            )
        return False

    def breaks(self, tokens: list[Token], text: str, j: int) -> bool:
        """Does a new statement begin at token ``j`` of an indirect quote? (``، مضيفا أن``)"""
        cue = self.cue_at(tokens, j, text)
        if cue is None or cue.kind in ("source", "strict", "impersonal", "masdar"):
            return False
        after = text[tokens[cue.k - 1].end : tokens[cue.k].start] if cue.k < len(tokens) else ""
        if cue.kind == "participle" or ":" in after or any(c in after for c in "\"«“"):
            return True  # مضيفا أن ... / قبل أن يستطرد بالقول: "..."
        if j > 0 and tokens[j - 1].norm in self.words.clause_openers:
            return True  # لكنه أكد أيضا أن
        # "، وأشارت إلى أن ...", "، وقال X كبير الصيادين: «...»": a new statement with its own
        # complementizer or colon, before the sentence ends
        if tokens[j].norm[:1] not in "وف":
            return False
        if cue.kind == "verb" and cue.k < len(tokens) and tokens[cue.k].norm in self.cues.complementizers:
            return True  # "... لهذا الموسم وذكر بأن المؤسسة ...": a verb and its complementizer, no comma needed
        if COMMA.search(gap_text(tokens, j, text)) is None:
            return False
        for n in range(cue.k, min(cue.k + BREAK_REACH, len(tokens))):
            gap = gap_text(tokens, n, text)
            if n > cue.k and _SENTENCE_END.search(gap):
                return False
            if tokens[n].norm in self.cues.complementizers or (":" in gap and n > cue.k):
                return True
        return False

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

    def scan(self, para: Paragraph, cue: Cue) -> tuple[int, int, int, bool] | None:
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
                tok.norm in self.words.complement_preps and j + 1 < len(tokens) and tokens[j + 1].norm in self.cues.complementizers
            ):
                if tokens[j - 1].norm in self.words.prayer:
                    return None  # سائلا المولى أن ...
                nxt = j + 1 if tok.norm in self.words.complement_preps else j
                after = tokens[nxt + 1].start if nxt + 1 < len(tokens) else len(text)
                opener = _opening_quote(text, text[tokens[nxt].end : after], tokens[nxt].end)
                end = self.clause_end(para, nxt)
                # إنه "لم يكن هناك بديل" لردع ...: partly quoted, the whole clause; a tail after a
                # comma (، بحسب وكالة ...) is no part of the statement
                tail = COMMA.split(text[opener[1] + 1 : end], maxsplit=1)[0] if opener is not None else ""
                if opener is not None and len(text[opener[0] : opener[1]].split()) >= 3 and len(tail.split()) < 2:
                    return j, opener[0], opener[1], True
                return j, tokens[nxt].start, end, False
            if ":" in gap and (j > k or cue.k - cue.i == 1):
                return j, tok.start, self.clause_end(para, j), False
        if tokens and len(tokens) - k < WINDOW and text[tokens[-1].end :].strip().startswith(":") and not any(
            _SENTENCE_END.search(gap_text(tokens, n, text)) for n in range(max(k, 1), len(tokens))
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
        words = len(text[start:close].split())
        if words < 3:
            return True
        if words <= NAME_WORDS and self._complement_after(tokens, close, text):
            return True  # قالت مراسلة "سكاي نيوز عربية"، الأحد، إن ...: the statement comes after the name
        return j > 0 and tokens[j - 1].norm in self.words.name_heads

    def _complement_after(self, tokens: list[Token], close: int, text: str) -> bool:
        """Does a complementizer follow a closing quotation mark within three words of its sentence?"""
        m = next((n for n, t in enumerate(tokens) if t.start > close), len(tokens))
        for n in range(m, min(m + 3, len(tokens))):
            if n > m and (_SENTENCE_END.search(gap_text(tokens, n, text)) or ":" in gap_text(tokens, n, text)):
                return False
            if tokens[n].norm in self.cues.complementizers:
                return True
        return False


MASDARS = True  # a bare verbal noun, its speaker after it and the complementizer right after (إعلان ترامب أن)
NAME_WORDS = 6  # a quoted span this short, a complementizer right after it: a name, not the statement
MAX_CUTS = 1  # the first commas of an indirect statement where it may end instead


def statement_cuts(words: str) -> list[tuple[str, str]]:
    """Where an indirect statement may end before its clause does: at each of its first commas
    (``MAX_CUTS``), leaving three words or more and cutting two or more. Each cut: (the words
    kept, the first word cut, normalised). ``إن بلاده اختبرت ... في سوريا، وجاء التصريح وسط ...``
    → ``إن بلاده اختبرت ... في سوريا`` / ``وجاء``."""
    cuts: list[tuple[str, str]] = []
    for m in COMMA.finditer(words):
        kept, rest = words[: m.start()].strip(), words[m.end() :].split()
        if len(kept.split()) >= 3 and len(rest) >= 2:
            cuts.append((kept, normalize(rest[0])))
        if len(cuts) == MAX_CUTS:
            break
    return cuts


def gap_text(tokens: list[Token], i: int, text: str) -> str:
    """The text between token ``i`` and the one before it."""
    return "" if i == 0 else text[tokens[i - 1].end : tokens[i].start]


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The spans inside quotation marks of a paragraph: ``«...»``, ``“...”`` and pairs of ``"``."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    closer = ""
    for m in QUOTE_CHARS.finditer(text):
        ch = m.group()
        if opened is None and ch in OPEN_QUOTES:
            opened, closer = m.start(), OPEN_QUOTES[ch]
        elif opened is not None and ch == closer:
            spans.append((opened, m.start()))
            opened = None
    return spans


def head_word(span: str) -> str:
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
