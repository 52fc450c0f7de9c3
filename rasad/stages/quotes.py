"""Stage ``quotes``: direct and indirect quotes after speech verbs, with their speakers.

``قال X: إن ...`` and ``أكد X أن ...`` are indirect quotes (the clause from the complementizer
to the end of the clause); ``أشار X إلى أن "..."`` or ``قال X: "..."`` are direct (the words
inside the quotation marks, across sentences). An indirect quote ends where the sentence does, or
where a new statement begins inside it (``، مضيفا أن``, ``، وأشار إلى أن``, ``لكنه أكد أن``); the
learned model may end it at its first comma instead (``statement_cuts``). A statement before its
attribution (``...، حسبما أعلنت الوزارة``) is the clause from its sentence's start to the opener.
A noun statement after a cue's preposition (``مشيرا إلى ازدياد ...``, ``حذر من قيام ...``), where the
corpus often has a clause after that preposition (``statement_prepositions``), is offered to the
learned model alone.

The speaker is the actor named after the cue (``أكدت أمريكا وفرنسا أن`` gives one quote each),
the source after ``عن`` (``نقلت الوكالة عن الوزير قوله``), the name right before a verbal noun
(``عن باقري قوله``) or a verb (``المالكي قال``); failing those, the subject of the sentence, then
the last speaker of the article. A participle (``مضيفاً``) continues the speaker of its sentence.
A bare title or noun (``الوزير``, ``الوزارة``) is the earlier speaker or organisation it names.

Cues and where their statements begin and end live in ``statements.py``; speakers in
``speakers.py``. This module walks the paragraphs and decides which cues give a quote.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rasad.arabic.normalize import normalize
from rasad.arabic.text import Paragraph, Token
from rasad.kb.load import KnowledgeBase
from rasad.kb.matcher import ADJECTIVE
from rasad.lexicon import word_list
from rasad.model import Actor, Document, Quote
from rasad.stages.actors import Unit, prepositions
from rasad.stages.quote_model import (
    Candidate,
    QuoteModel,
    decide,
    default_quote_model,
    end_features,
    features,
)
from rasad.stages.speakers import ArticleMemory, SpeakerCoder, SpeakerFinder, dateline_end
from rasad.stages.statements import (
    COMMA,
    OPEN_QUOTES,
    QUOTE_CHARS,
    WINDOW,
    Cue,
    QuoteWords,
    StatementFinder,
    cue_variants,
    gap_text,
    match_cue,
    quote_words,
    quoted_spans,
    speech_lexicon,
    statement_cuts,
)

__all__ = ["OPEN_QUOTES", "Candidate", "Cue", "QuoteStage", "QuoteWords", "cue_variants", "match_cue", "quote_words"]



class QuoteStage:
    name = "quotes"

    def __init__(self, kb: KnowledgeBase, model: QuoteModel | None = None, learned: bool = True) -> None:
        self.model = model if model is not None or not learned else default_quote_model()
        self.coder = SpeakerCoder(kb)
        lexicon = speech_lexicon()
        self.cues = lexicon.cues
        base = quote_words()
        self.words = replace(base, verbal_nouns=base.verbal_nouns | lexicon.nouns,
                             first_person=base.first_person | lexicon.first_person)
        self.past = lexicon.past
        self.statements = StatementFinder(self.cues, self.words, lexicon.participles, lexicon.masdars)
        self.speakers = SpeakerFinder(self.coder, self.words, self.statements)

    def __call__(self, doc: Document) -> Document:
        doc.quotes = decide(self.candidates(doc), self.model)
        return doc

    def candidates(self, doc: Document) -> list[Candidate]:
        """Every possible quote of the article: what the rules print (``rule``), and for each
        cue the alternatives the learned model may prefer. The article's memory (last speaker,
        earlier titles) follows the rules alone, so the candidates do not depend on the model."""
        art = ArticleMemory(doc)
        out: list[Candidate] = []
        group = 0
        for para in doc.paragraphs:
            if para.index < 0:
                continue
            units = self.coder.units(para, [m for m in doc.entities if m.paragraph == para.index])
            taken_until = -1
            quoted = quoted_spans(para.text)
            if art.pending is not None:
                speakers, lemma = art.pending
                art.pending = None
                direct = para.text.lstrip()[:1] in OPEN_QUOTES
                group += 1
                here = [Candidate(_quote(s, para.text, direct, lemma, para.index), "pending", group, True, "verb", len(speakers))
                        for s in speakers]
                for c in here:
                    c.features = features(c, para, None, art.last, "pending")
                out += here
                taken_until = len(para.text)
            for i, tok in enumerate(para.tokens):
                if tok.start < taken_until or any(a <= tok.start < b for a, b in quoted):
                    continue  # a cue inside quotation marks is the speaker's own word (وأعتقد أن)
                cue = self.statements.cue_at(para.tokens, i, para.text)
                if cue is None:
                    continue
                art.origin = ""
                found = self._quotes_at(art, para, units, cue)
                if found is None:
                    continue
                speakers, words, direct, end, j = found
                group += 1
                origin = art.origin or cue.kind
                rule = not origin.startswith(MODEL_ONLY)  # a noun statement after a preposition: the model's alone
                share = 0.0 if rule else self.words.statement_preps.get((cue.lemma, _prep_of(words)), 0.0)
                here = [Candidate(_quote(s, words, direct, cue.lemma, para.index), origin, group, rule, cue.kind, len(speakers),
                                  share=share) for s in speakers]
                if words:
                    for how, alt in self.speakers.alternatives(art, para, units, cue, j, speakers):
                        here.append(Candidate(_quote(alt, words, direct, cue.lemma, para.index), how, group, False, cue.kind))
                        if how == "span" and not speakers:
                            art.recent_span = (para.index, para.sentence_at(tok.start)[0], alt)
                bare = bool(speakers) and all(not s.canonical and not s.country for s in speakers)
                chosen = (origin + ":bare" * bare) if speakers else "none"
                for c in here:  # how the rules found the cue's speakers, and whether those name no one known
                    c.features = features(c, para, cue, art.last, chosen)
                if words and not direct:
                    here += self._cut(here, words, para, cue, art.last, chosen)
                out += here
                if not speakers or not rule:
                    continue
                art.last = speakers[-1]
                art.recent = (para.index, para.sentence_at(tok.start)[0], speakers[-1])
                taken_until = end
            art.previous = (para, units)
        return [c for c in out if c.quote.text]

    def _cut(self, here: list[Candidate], words: str, para: Paragraph, cue: Cue, last: Actor | None,
             chosen: str) -> list[Candidate]:
        """The candidates of an indirect statement again, ending at each of its first commas
        (``statement_cuts``): only the model may choose them. Every candidate learns where it ends."""
        cuts = statement_cuts(words)
        total = len(words.split())
        for c in here:
            end_features(c.features, 0, cuts[0][1] if cuts else "", 0)
        out: list[Candidate] = []
        for n, (kept, nxt) in enumerate(cuts, 1):
            for c in here:
                # only the model may choose a cut: its features are those of a candidate the rules did not print
                alt = Candidate(replace(c.quote, text=_quote(c.quote.speaker, kept, False, "", 0).text), c.origin,
                                c.group, False, c.kind, c.speakers, cut=True, share=c.share)
                alt.features = features(alt, para, cue, last, chosen)
                end_features(alt.features, n, nxt, total - len(kept.split()))
                out.append(alt)
        return out

    def cue_at(self, tokens: list[Token], i: int, text: str) -> Cue | None:
        """The speech cue at token ``i``, with the kind that tells where its speaker is."""
        return self.statements.cue_at(tokens, i, text)

    def breaks(self, tokens: list[Token], text: str, j: int) -> bool:
        """Does a new statement begin at token ``j`` of an indirect quote? (``، مضيفا أن``)"""
        return self.statements.breaks(tokens, text, j)

    def clause_end(self, para: Paragraph, first: int) -> int:
        """Where an indirect quote beginning at token ``first`` ends (see ``StatementFinder``)."""
        return self.statements.clause_end(para, first)

    # -- one cue -------------------------------------------------------------------------------

    def _quotes_at(
        self, art: ArticleMemory, para: Paragraph, units: list[Unit], cue: Cue
    ) -> tuple[list[Actor], str, bool, int, int] | None:
        """The quote a cue introduces: (speakers, words, direct, where it ends, the token where it
        begins); no speakers when the rules find none that they can code."""
        tokens, text = para.tokens, para.text
        if cue.k < len(tokens) and tokens[cue.k].norm in self.words.prayer:
            return None  # داعيا الله أن ...
        if cue.i > 0 and tokens[cue.i - 1].norm in word_list("grammar.yaml", "subjunctive_particles") and not (
            PAST_AFTER_AN and any(v in self.past for v in cue_variants(tokens[cue.i].norm)[:2])
        ):
            return None  # كان يمكنه أن يقول: ... (بعد أن قال: a past verb, a statement made)
        if cue.kind == "noun" and not self._speech_noun(tokens, cue.i):
            return None
        if cue.i > 0 and "كما" in (tokens[cue.i - 1].norm, tokens[cue.i - 2].norm if cue.i > 1 else ""):
            said = self._as_said(art, para, units, cue)
            if said is not None:
                art.origin = "as-said"
                return (*said, cue.k)
        if cue.kind == "source":
            art.origin = "same-source"
            found = self._attribution(art, para, units, cue)
            return (*found, cue.k) if found else None
        if cue.kind == "verb":
            post = self._postposed(art, para, units, cue)
            if post is not None:
                art.origin = "postposed"
                return (*post, cue.k)
        scan = self.statements.scan(para, cue)
        if scan is None and cue.kind == "masdar":
            return None
        if scan is None:
            nominal = self._nominal(art, para, units, cue)
            if nominal is None:
                return self._prep_statement(art, para, units, cue) if PREP_STATEMENTS else None
            art.origin = "nominal-" + (art.origin or "named")
            return (*nominal, cue.k)
        j, start, end, direct = scan
        if cue.kind in ("strict", "impersonal", "masdar") and not self._strict_ok(para, units, cue, j):
            return None
        speakers = self.speakers.find(art, para, units, cue, j)
        if start == end == len(text):  # "وقال النقيدان:" — the quote is the next paragraph
            if not speakers:
                return None
            art.pending = (speakers, cue.lemma)
            return speakers, "", False, end, j
        return speakers, text[start:end], direct, end, j

    def _speech_noun(self, tokens: list[Token], i: int) -> bool:
        """``عن باقري قوله``, ``بالقول``, ``إلى القول`` introduce a statement; ``على حد قوله``,
        ``للقول`` and ``للتاريخ القول`` do not."""
        norm = tokens[i].norm
        if i > 0 and tokens[i - 1].norm == "حد":
            return False
        if norm.startswith("ال"):
            return i > 0 and tokens[i - 1].norm == "الي"
        return not norm.startswith("ل")

    def _as_said(self, art: ArticleMemory, para: Paragraph, units: list[Unit], cue: Cue) -> tuple[list[Actor], str, bool, int] | None:
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
        speaker = self.speakers.continued(art, para, units, cue.i)
        return ([speaker], before[start + 1 : -1], True, tokens[cue.i].end) if speaker else None


    def _strict_ok(self, para: Paragraph, units: list[Unit], cue: Cue, j: int) -> bool:
        """``بين`` is a cue only right before its complementizer or quotation, or after a speaker
        named right there (``تحدث فيرشينين عن "..."``); ``يعتقد`` only after a named speaker."""
        if cue.kind == "strict" and j in (cue.k, cue.k + 1):
            return True  # بين أن، وبين المعيويد أن
        chunks = self.coder.chunks(units, cue.k, cue.k + 1, max_gap=0, stop=j)
        end = chunks[-1][-1].last if chunks else -1
        return end == j or (end == j - 1 and para.tokens[end].norm in self.words.cue_preps)

    # -- quotes without a complementizer -------------------------------------------------------

    def _nominal(self, art: ArticleMemory, para: Paragraph, units: list[Unit], cue: Cue) -> tuple[list[Actor], str, bool, int] | None:
        """``أكدت موسكو دعمها للالتزام ...``, ``وشدد على أهمية ...``: the statement is a noun
        phrase, the rest of the clause after the speaker. (Offering it for every cue, for the
        learned model to judge, lowered cross-validated F1: only the cues of ``nominal_object``.)"""
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
            speakers = [self.speakers.remember(art, speaker, chunks[0], para)]
        elif tokens[k].norm != "علي" and (
            tokens[k].norm in prepositions() or any(u.first == k and u.kind != ADJECTIVE for u in units)
        ):
            return None
        else:
            first = k
            speakers = self.speakers.find(art, para, units, cue, k)
        end = self.statements.clause_end(para, first)
        words = para.text[tokens[first].start : end].strip(" ،,")
        if tokens[first].norm[:1] == "و" and len(cue_variants(tokens[first].norm)) > 1:
            return None  # نفت الحكومة وحليفتاها ...: the subject goes on
        if not speakers or len(words.split()) < 4 or tokens[first].start >= para.sentence_at(tokens[cue.i].start)[1]:
            return None
        return speakers, words, False, end

    def _prep_statement(self, art: ArticleMemory, para: Paragraph, units: list[Unit], cue: Cue
                        ) -> tuple[list[Actor], str, bool, int, int] | None:
        """``كشفت مصادر ميدانية عن انهيارات ...``, ``مشيرا إلى ازدياد ...``, ``حذر من ...``: a noun
        statement after a preposition that follows the cue (or its speaker). Only the model may
        print it (origin ``prep:<how the speaker was found>``); what the article remembers is left
        as the rules had it."""
        if cue.kind not in ("verb", "participle"):
            return None
        tokens, text = para.tokens, para.text
        s_end = para.sentence_at(tokens[cue.i].start)[1]
        cover = {n for u in units if u.kind != ADJECTIVE for n in range(u.first, u.last)}
        loose = 0
        first = None
        for n in range(cue.k, min(cue.k + WINDOW, len(tokens))):
            if tokens[n].start >= s_end or (n > cue.k and _STOP.search(gap_text(tokens, n, text))):
                return None
            if n not in cover and _statement_prep(tokens[n].norm):
                if self.words.statement_preps.get((cue.lemma, _prep_of(tokens[n].norm)), 0.0) < PREP_SHARE:
                    return None
                first = n
                break
            if n not in cover:
                loose += 1
                if loose > PREP_LOOSE or self.statements.cue_at(tokens, n, text) is not None:
                    return None
        if first is None:
            return None
        saved = (art.last, len(art.history), art.recent, art.recent_span, art.origin)
        speakers = self.speakers.find(art, para, units, cue, first)
        how = art.origin or "none"
        art.last, _, art.recent, art.recent_span, art.origin = saved
        del art.history[saved[1]:]
        end = self.statements.clause_end(para, first)
        words = text[tokens[first].start : end].strip(" ،,")
        if not speakers or len(words.split()) < 3:
            return None
        art.origin = f"prep:{how}"
        return speakers, words, False, end, first

    def _postposed(self, art: ArticleMemory, para: Paragraph, units: list[Unit], cue: Cue) -> tuple[list[Actor], str, bool, int] | None:
        """``...، حسبما أعلن X.``, ``... وفق ما قالت X``: the clause before the opener is X's
        statement (the gold README: ``حسبما قال X`` is a quote)."""
        tokens, text = para.tokens, para.text
        i = cue.i
        if i >= 1 and tokens[i - 1].norm in _POSTPOSED_ONE:
            opener = i - 1
        elif i >= 2 and tokens[i - 1].norm in ("ما", "لما") and tokens[i - 2].norm in _POSTPOSED_TWO:
            opener = i - 2
        else:
            return None
        s_start, s_end = para.sentence_at(tokens[i].start)
        s_start = max(s_start, dateline_end(text)) if s_start == 0 else s_start
        words = text[s_start : tokens[opener].start].strip(" ،,")
        if len(words.split()) < 3:
            return None
        stop = next((n for n in range(cue.k, len(tokens)) if tokens[n].start >= s_end), len(tokens))
        speakers = self.speakers._named_after(art, para, units, cue.k, stop)
        if not speakers:
            return None
        return speakers, words, False, tokens[cue.k - 1].end

    def _attribution(self, art: ArticleMemory, para: Paragraph, units: list[Unit], cue: Cue) -> tuple[list[Actor], str, bool, int] | None:
        """``...، حسب المصدر نفسه.``: the clause before is the last speaker's."""
        tokens, text = para.tokens, para.text
        s_start, s_end = para.sentence_at(tokens[cue.i].start)
        rest = tuple(t.norm for t in tokens[cue.k :] if t.start < s_end)
        if art.last is None or rest not in self.words.same_source or not COMMA.search(gap_text(tokens, cue.i, text)):
            return None
        words = text[s_start : tokens[cue.i - 1].end].strip()
        return [art.last], words, False, s_end


MODEL_ONLY = ("prep:",)  # origins of candidates only the model may print
PAST_AFTER_AN = True  # a past speech verb after أن is a statement made (بعد أن قال); a present one is not
PREP_STATEMENTS = True  # offer noun statements after a cue's preposition to the model
PREP_LOOSE = 2  # words after a cue, outside any party, before the preposition (الثلاثاء، لـ«الاقتصادية»)
_PREPS = frozenset({"عن", "الي", "من", "علي"})
PREP_SHARE = 0.1  # the least corpus share of a cue's preposition (``statement_prepositions``)
_STOP = re.compile(r"[.!?؟:;؛\"«»“”()]")


def _statement_prep(norm: str) -> bool:
    """May a statement begin with this word? ``عن``, ``إلى``, ``من``, ``على``, or a ب-prefixed noun
    (``بمقتل``, ``بتسهيل``)."""
    return norm in _PREPS or (norm[:1] == "ب" and len(norm) > 4 and norm[1:3] != "اس")


def _prep_of(words: str) -> str:
    """The preposition a statement opens with (normalised), ``ب`` for a ب-prefixed noun."""
    first = normalize(words.split()[0]) if words.split() else ""
    return first if first in _PREPS else "ب"


_POSTPOSED_ONE = frozenset({"حسبما", "بحسبما", "وفقما"})  # ...، حسبما أعلن X
_POSTPOSED_TWO = frozenset({"حسب", "بحسب", "وفق", "وفقا", "طبقا"})  # ...، بحسب ما ذكرت X، وفقا لما قال X


def _quote(speaker: Actor, words: str, direct: bool, cue: str, paragraph: int) -> Quote:
    words = QUOTE_CHARS.sub("", words).strip() if direct else words.strip().rstrip(".،,؛; ").strip()
    return Quote(speaker=Actor(speaker.text, speaker.canonical, speaker.country, speaker.sector, how=speaker.how),
                 text=words, direct=direct, cue=cue, paragraph=paragraph)
