"""Stage ``events``: PLOVER events from trigger words and clause-local argument rules.

For every trigger of the lexicon (``lexicon/events.yaml``) found in a sentence, the actor is the
chunk of named units right after it (verb-first: ``التقى X Y``) or right before it
(subject-first: ``X يلتقي Y``); the recipient is the next chunk, or the chunk after one of the
trigger's prepositions (``بحث X مع Y``). Modality comes from negation, claim and condition words
before the trigger; a future or intended cooperative act becomes AGREE and a future conflict act
THREATEN, as PLOVER rules. The date is the time expression of the sentence, else the article's
month; the place a GPE after ``في``/``إلى``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from rasad.arabic.normalize import normalize
from rasad.arabic.text import Paragraph, Token, clitic_variants, first_token_at, last_token_before
from rasad.cameo import cameo_code
from rasad.kb.load import Entry, KnowledgeBase
from rasad.lexicon import Cues, Trigger, check_lexicons, cues, load_lexicon, triggers, word_list
from rasad.model import Actor, Document, Event, Location
from rasad.stages.actors import MENTION, ActorCoder, Unit, is_place_unit
from rasad.stages.dedup import duplicate, restated
from rasad.stages.occurrence import (
    GATED_TYPES,
    counted,
    passive_means,
    past_act,
    relative_clause,
    single_forms,
    unreported,
)
from rasad.stages.quantities import quantity
from rasad.stages.violence import ViolenceRules

ARG_WINDOW = 7  # tokens after a trigger (or an actor) where the next party is looked for


def trigger_at(tokens: list[Token], i: int) -> tuple[int, Trigger, bool] | None:
    """The longest trigger starting at token ``i``: (length, trigger, future prefix سـ)."""
    count = len(tokens)
    for rest, trig, is_future in trigger_forms(tokens[i].norm):
        n = len(rest)
        if i + 1 + n <= count and all(tokens[i + 1 + j].norm == rest[j] for j in range(n)):
            return n + 1, trig, is_future
    return None


_FORMS: dict[str, tuple[tuple[tuple[str, ...], Trigger, bool], ...]] = {}
_FORMS_OF: list[object] = [None]  # the trigger index _FORMS was built from
_FORMS_MAX = 20_000  # normalised words remembered (a new generation when full)


def trigger_forms(norm: str) -> tuple[tuple[tuple[str, ...], Trigger, bool], ...]:
    """The triggers a normalised word may start, in the order :func:`trigger_at` tries them:
    (the words after the first, trigger, future prefix سـ), for each clitic reading of the word,
    then its readings without a future prefix. Computed once per distinct word: most words start
    none, and a common one starts dozens."""
    index = triggers()
    if _FORMS_OF[0] is not index or len(_FORMS) >= _FORMS_MAX:
        _FORMS.clear()
        _FORMS_OF[0] = index
    got = _FORMS.get(norm)
    if got is None:
        variants = clitic_variants(norm)
        future = tuple(v[1:] for v in variants if len(v) > 3 and v[0] == "س" and v[1] in "يتن")
        got = _FORMS[norm] = tuple((rest, trig, is_future)
                                   for variants_, is_future in ((variants, False), (future, True))
                                   for v in variants_ for rest, trig in index.get(v, ()))
    return got


TRIGGERS_KEY = "event_triggers"  # Paragraph.cache: the lexicon's triggers by first token (scan_triggers)


def scan_triggers(tokens: list[Token]) -> dict[int, tuple[int, Trigger, bool]]:
    """Every trigger of a paragraph by its first token, scanning left to right (a trigger's words
    are not the start of another)."""
    found: dict[int, tuple[int, Trigger, bool]] = {}
    i = 0
    count = len(tokens)
    while i < count:
        # most words start no trigger: their forms are tested before trigger_at is called
        hit = trigger_at(tokens, i) if trigger_forms(tokens[i].norm) else None
        if hit is None:
            i += 1
            continue
        found[i] = hit
        i += hit[0]
    return found


class EventStage(ViolenceRules):
    name = "events"

    def __init__(self, kb: KnowledgeBase) -> None:
        check_lexicons()  # a broken lexicon file is one DataError now, not an error on every document
        self.coder = ActorCoder(kb)
        self.cues = cues()
        self._place_index: dict[str, Entry] | None = None

    def __call__(self, doc: Document) -> Document:
        events: list[Event] = []
        # the body first, then the title: a title event the body restates is the body's event
        for para in sorted(doc.paragraphs, key=lambda p: p.index < 0):
            mentions = [m for m in doc.entities if m.paragraph == para.index]
            units = self.coder.units(para, mentions)
            # kept on the paragraph: the decide stage's sites start from the same matches
            found = para.cache[TRIGGERS_KEY] = scan_triggers(para.tokens)
            for i, (length, trig, future) in found.items():
                event = self._event(doc, para, units, i, length, trig, future)
                if event is not None and not duplicate(event, events) and not (para.index < 0 and restated(event, events)):
                    events.append(event)
            events.extend(self._crowds(doc, para, units, events))
        doc.events = events
        return doc

    def _event(
        self, doc: Document, para: Paragraph, units: list[Unit], i: int, length: int, trig: Trigger, future: bool
    ) -> Event | None:
        tokens, text = para.tokens, para.text
        s_start, s_end = para.sentence_at(tokens[i].start)
        first_tok, last_tok = first_token_at(tokens, s_start), last_token_before(tokens, s_end)
        if self._not_an_act(doc, para, units, i, length, trig, future, first_tok, last_tok):
            return None
        day, k = doc.reference_date, i + length
        framed = self._framed(doc, para, units, i, length, trig, future, first_tok, last_tok)
        if framed is not None:
            return framed
        found = self._actor_chunks(doc, para, units, i, length, trig, future, first_tok, last_tok)
        if isinstance(found, Event) or found is None:
            return found  # a passive violence verb, coded with its victims
        actor_chunks, how, rest_from = found
        actors = [a for c in actor_chunks if (a := self.coder.code(c, text, day))]
        if not actors and k < len(tokens) and tokens[k].norm in party_words().own_country:
            actors, how = self._own_country(tokens, units, first_tok, i, k, text, day), "the subject's state"
        if not actors:
            if not self._agentless(doc, para, trig, i, first_tok, last_tok):
                return None
            # "مقتل 18 شخصاً في هجوم انتحاري": a reported act of violence with no named perpetrator
            actors, how = self._perpetrators(tokens, units, first_tok, last_tok, text, day), "a reported toll (perpetrator unnamed)"
        if isinstance(trig.recipient, tuple) and tokens[k - 1].norm in trig.recipient:  # the trigger ends with its preposition
            chunks = self.coder.chunks(units, k, min(k + 3, last_tok + 1), max_gap=1, stop=last_tok + 1)
            recipients = [a for c in chunks if (a := self.coder.code(c, text, day))]
        else:
            recipients = self._recipients(para, units, trig, rest_from, last_tok, day)
        if trig.rule.endswith(".clash") and recipients:
            actors, recipients = actors + recipients, []  # "اشتبك X مع Y": two sides, no victim
        if trig.reverse and recipients:
            actors, recipients = recipients, actors
        elif trig.reverse and trig.pos == "noun":
            if not self._toll(trig, tokens, first_tok, last_tok):
                return None  # "اغتيال X" names the victim only: no perpetrator, no event to code
            actors, recipients = self._perpetrators(tokens, units, first_tok, last_tok, text, day), actors
        return self._make(doc, para, units, i, length, trig, future, actors, recipients, how)

    def _not_an_act(
        self, doc: Document, para: Paragraph, units: list[Unit], i: int, length: int, trig: Trigger, future: bool,
        first_tok: int, last_tok: int,
    ) -> bool:
        """Is the trigger a name, a topic, or violence and protest that its sentence does not report?"""
        tokens, text = para.tokens, para.text
        if any(u.kind == MENTION and u.first <= i < u.last for u in units):
            return True  # "حظر" inside "منظمة حظر الأسلحة الكيميائية" is a name, not an act
        if trig.pos == "noun" and any(t.norm in _topic_words() for t in tokens[max(0, i - 2) : i]):
            return True  # "سبل التعاون", "في إطار التعاون": a topic, not an act
        if trig.type not in GATED_TYPES or future:
            return False
        s_start, s_end = para.sentence_at(tokens[i].start)
        why = unreported(
            tokens, i, length, trig, first_tok, last_tok, sentence=text[s_start:s_end], title=para.index < 0,
            dated=bool(doc.times_in(para.index, s_start, s_end)),
            placed=any(is_place_unit(u) and first_tok <= u.first <= last_tok for u in units),
        )
        if why is not None:  # "تحسبا لأي ضربة", "وقف القتل": violence talked about, not reported
            doc.skipped.append((para.index, text[s_start:s_end], text[tokens[i].start : tokens[i + length - 1].end], why))
            return True
        # "إذا تعرضت إيران لهجوم": a condition, not an act (a threat is coded from its own verb)
        return self._modality(tokens, i, s_start) == "hypothetical"

    def _framed(
        self, doc: Document, para: Paragraph, units: list[Unit], i: int, length: int, trig: Trigger, future: bool,
        first_tok: int, last_tok: int,
    ) -> Event | None:
        """Events whose frame names both sides: ``اشتباكات بين X و Y``, ``تلقى X اتصالاً من Y``."""
        tokens, text, day, k = para.tokens, para.text, doc.reference_date, i + length
        if trig.rule.endswith(".clash") and k < len(tokens) and tokens[k].norm == "بين":
            # two-sided violence: both parties act, no recipient
            sides = [a for c in self.coder.chunks(units, k + 1, k + 3, max_gap=1, stop=last_tok + 1)
                     if (a := self.coder.code(c, text, day))]
            if len(sides) >= 2:
                return self._make(doc, para, units, i, length, trig, future, sides, [], "both sides after بين")
        if self._received(tokens, first_tok, i):
            # Y calls, X receives
            giver = self._after_word(tokens, units, k, last_tok, "من")
            receiver = self.coder.sentence_subject(units, first_tok, i)
            actors = [a for c in giver if (a := self.coder.code(c, text, day))]
            recipients = [a for c in receiver if (a := self.coder.code(c, text, day))]
            if actors and recipients:
                return self._make(doc, para, units, i, length, trig, future, actors, recipients, "giver after من (received)")
        return None

    def _actor_chunks(
        self, doc: Document, para: Paragraph, units: list[Unit], i: int, length: int, trig: Trigger, future: bool,
        first_tok: int, last_tok: int,
    ) -> tuple[list[list[Unit]], str, int] | Event | None:
        """The chunks that name the actor, how they were found, and where the recipient search
        starts; or, for a passive violence verb, its event (or None) at once."""
        tokens, text, k = para.tokens, para.text, i + length
        actor_chunks = self._subject(text, tokens, units, i, first_tok, trig)
        how, rest_from = "subject before the trigger", k
        means = passive_means(tokens, i, k, last_tok) if trig.type == "ASSAULT" and trig.pos == "verb" else None
        if means is not None:
            victims = actor_chunks or self.coder.chunks(units, k, min(k + 3, means), max_gap=1, stop=means)
            return self._passive(doc, para, units, i, length, trig, future, first_tok, last_tok, victims, means)
        relative = relative_clause(tokens, i, first_tok) if trig.pos == "verb" and trig.type in GATED_TYPES else None
        if not actor_chunks and relative is not None:
            # "الميليشيات التي خطفت": the noun before the relative pronoun acts, not the clause's subject
            before = [u for u in units if u.last == relative and u.first >= first_tok]
            actor_chunks = self._run_before(units, before[-1]) if before else []
            how = "the antecedent of the relative clause"
        if not actor_chunks and trig.pos == "verb" and _is_participle(tokens[i]):
            # "نفت روسيا ذلك، داعية المنظمة إلى ...": the clause's subject acts, the party after is acted on
            actor_chunks, how = self.coder.sentence_subject(units, first_tok, i), "subject of the clause (participle)"
        if not actor_chunks and trig.type == "ASSAULT" and k <= last_tok and counted(tokens[k]) and past_act(tokens[i], trig):
            # "قتل ثمانية جنود": a count after an undiacritised violence verb is its victims (passive قُتل)
            victims = self.coder.chunks(units, k, min(k + 3, last_tok + 1), max_gap=1, stop=last_tok + 1)
            return self._passive(doc, para, units, i, length, trig, future, first_tok, last_tok, victims, None)
        ends_with_prep = isinstance(trig.recipient, tuple) and tokens[k - 1].norm in trig.recipient
        if not actor_chunks and not ends_with_prep and relative is None and not first_person(tokens[i], trig, future):
            # (after a first person, "ندعو إيران", the party after is the one called on; in "التفجير
            # الذي استهدف مسجد قوات الطوارئ" the party after the verb is its target)
            after = self.coder.chunks(units, k, min(k + 3, last_tok + 1), max_gap=1, stop=last_tok + 1)
            if after and trig.pos == "verb" and length == 1 and not _subject_position(tokens, k, after[0][0].first):
                after = []  # "قصفت الطائرات مواقع المسلحين": the word right after the verb is its subject
            # a chunk of adjectives only ("رفضه كل المحاولات الغربية") names no party
            if after and not after[0][0].governed and any(u.kind != "adjective" for u in after[0]):
                actor_chunks, how = after, "party after the trigger"
                rest_from = max(u.last for c in after for u in c)
        if not actor_chunks and relative is None and (trig.pos == "verb" or _POSSESSIVE.search(tokens[k - 1].text)):
            # a verb without its own subject, or "أعرب عن إدانته": the clause's subject
            actor_chunks, how = self._clause_subject(tokens, units, first_tok, i), "subject of the clause"
        return actor_chunks, how, rest_from

    def _make(
        self, doc: Document, para: Paragraph, units: list[Unit], i: int, length: int, trig: Trigger, future: bool,
        actors: list[Actor], recipients: list[Actor], how: str,
    ) -> Event | None:
        if _interview(trig, actors, recipients):
            return None  # "في اتصال هاتفي أجرته معه «الشرق الأوسط»": an interview, not a consultation
        tokens, text = para.tokens, para.text
        s_start, s_end = para.sentence_at(tokens[i].start)
        k = i + length
        last_tok = last_token_before(tokens, s_end)
        ev_type, modality = trig.type, self._modality(tokens, i, s_start)
        if future or self._intended(tokens, i, s_start):
            ev_type = trig.future or ev_type
        return Event(
            type=ev_type, mode=trig.mode, actor=actors, recipient=recipients,
            date=self._date(doc, para.index, s_start, s_end, tokens[i].start),
            location=self._location(doc, tokens, units, k, first_token_at(tokens, s_start), last_tok), quantity=quantity(text[tokens[i].start : s_end]),
            modality=modality, paragraph=para.index, sentence=text[s_start:s_end],
            trigger=text[tokens[i].start : tokens[i + length - 1].end], rule=f"{trig.rule} (actor: {how})",
            cameo=cameo_code(ev_type, trig.mode, trig.rule),
        )

    def _received(self, tokens: list[Token], first_tok: int, i: int) -> bool:
        """Is a "received" verb (تلقى) earlier in the clause?"""
        return any(t.norm in party_words().receive for t in tokens[first_tok:i])

    def _caller(self, tokens: list[Token], units: list[Unit], first_tok: int, i: int) -> list[list[Unit]]:
        """The caller of a received call earlier in the clause (``تلقى X اتصالاً من Y``), if any."""
        received = next((j for j in range(first_tok, i) if tokens[j].norm in party_words().receive), None)
        if received is None:
            return []
        call = next((j for j in range(received + 1, i) if (clitic_variants(tokens[j].norm) or ("",))[-1][:4] in party_words().call_words), None)
        for j in range(call or i, min((call or i) + 6, i)):
            if tokens[j].norm == "من":
                return self.coder.chunks(units, j + 1, j + 3, max_gap=1, stop=i)
        return []

    def _after_word(self, tokens: list[Token], units: list[Unit], k: int, last_tok: int, word: str) -> list[list[Unit]]:
        """The party right after the first ``word`` (a preposition) after token ``k``."""
        for j in range(k, min(k + 6, last_tok + 1)):
            if tokens[j].norm == word:
                return self.coder.chunks(units, j + 1, j + 3, max_gap=1, stop=last_tok + 1)
        return []

    def _subject(
        self, text: str, tokens: list[Token], units: list[Unit], i: int, first_tok: int, trig: Trigger
    ) -> list[list[Unit]]:
        """A subject right before a verb trigger (``X يلتقي Y``, ``X قد أعلن``)."""
        if trig.pos != "verb" and tokens[i].norm[:1] in "لب" and len(tokens[i].norm) > 3:
            # "دانت X لاستخدام ..." : the party right before a ل/ب-governed verbal noun acts
            before = [u for u in units if u.last == i and u.first >= first_tok]
            return self._run_before(units, before[-1]) if before and not before[-1].governed else []
        if _has_conjunction(tokens[i]) or _is_participle(tokens[i]):
            return []
        gaps = (i, i - 1) if trig.pos == "verb" else (i,)  # a noun's party is right before it (أجرى X زيارة)
        before = [u for u in units if u.last in gaps and u.first >= first_tok]
        if not before or before[-1].governed or _PUNCT.search(text[tokens[before[-1].last - 1].end : tokens[i].start]):
            # "سبق- أبها: دان ..." : a dateline is no subject; "X، المصنف ...، هاجموا": X is
            return self._appositive_subject(text, tokens, units, i, first_tok) if trig.pos == "verb" else []
        run = self._run_before(units, before[-1])
        head = run[0][0].first - 1
        if trig.pos == "noun" and head >= first_tok and self._other_act(tokens[head], trig):
            return []  # "شجب النائب X «جريمة الاغتيال»": X condemns; the noun is his object, not his act
        return run

    def _appositive_subject(self, text: str, tokens: list[Token], units: list[Unit], i: int, first_tok: int) -> list[list[Unit]]:
        """``متمردي حزب العمال، المصنف تنظيما إرهابيا ...، هاجموا``: the subject before an appositive
        set off by commas that ends right before the verb."""
        if i - 1 < first_tok or not _COMMA.search(text[tokens[i - 1].end : tokens[i].start]):
            return []
        j = i - 2
        while j >= first_tok and i - j <= _APPOSITIVE_MAX and not _COMMA.search(text[tokens[j].end : tokens[j + 1].start]):
            j -= 1
        if j < first_tok or i - j > _APPOSITIVE_MAX:
            return []
        opener = clitic_variants(tokens[j + 1].norm)[0]
        if not (opener.startswith("ال") or opener in party_words().relatives):
            return []
        before = [u for u in units if u.last == j + 1 and u.first >= first_tok]
        return self._run_before(units, before[-1]) if before and not before[-1].governed else []

    def _other_act(self, tok: Token, trig: Trigger) -> bool:
        """Is ``tok`` a verb of another act (a speech cue, another type's trigger) whose subject
        the party after it is?"""
        if is_cue(tok, self.cues):
            return True
        found = trigger_at([tok], 0)
        return found is not None and found[1].type != trig.type

    def _own_country(
        self, tokens: list[Token], units: list[Unit], first_tok: int, i: int, k: int, text: str, day: str | None
    ) -> list[Actor]:
        """``تبرع بلاده`` ("his country donated"): the state of the clause's subject."""
        subject = [a for c in self.coder.sentence_subject(units, first_tok, i) if (a := self.coder.code(c, text, day))]
        if not subject or not subject[0].country:
            return []
        entry = self.coder.kb.by_iso3.get(subject[0].country)
        how = f"'{tokens[k].text}': the state of the clause's subject ({subject[0].text})"
        return [Actor(tokens[k].text, entry.name if entry else None, subject[0].country, "GOV", how=how)]

    def _clause_subject(self, tokens: list[Token], units: list[Unit], first_tok: int, i: int) -> list[list[Unit]]:
        """The subject of the clause holding the trigger, when it has none of its own. Not across a
        complementizer or speech verb: in "قال X إن المسلحين قتلوا" X speaks, he does not kill."""
        giver = self._caller(tokens, units, first_tok, i)
        if giver:  # "تلقى X اتصالاً من Y، أعرب خلاله عن إدانته": Y speaks in the call
            return giver
        chunks = self.coder.sentence_subject(units, first_tok, i)
        if not chunks:
            return []
        between = tokens[chunks[-1][-1].last : i]
        comps = [n for n, t in enumerate(between) if t.norm in self.cues.complementizers or is_cue(t, self.cues)]
        if not comps:
            return chunks
        # "قال المقداد إنه ناقش": a complementizer with a pronoun hands the speaker on as subject
        last = between[comps[-1]].norm
        return chunks if last in party_words().pronoun_complementizers and comps[-1] >= len(between) - 2 else []

    def _run_before(self, units: list[Unit], last: Unit) -> list[list[Unit]]:
        """The subject before a verb: the run of adjacent units ending with ``last``, split at و."""
        run = [last]
        for u in reversed([u for u in units if u.last <= last.first]):
            if u.last < run[0].first - 0 or u.last > run[0].first:
                break
            run.insert(0, u)
        chunks: list[list[Unit]] = [[run[0]]]
        for u in run[1:]:
            if u.coordinated:
                chunks.append([u])
            else:
                chunks[-1].append(u)
        return chunks

    def _recipients(
        self, para: Paragraph, units: list[Unit], trig: Trigger, k: int, last_tok: int, day: str | None
    ) -> list[Actor]:
        if trig.recipient is None:
            return []
        hi = min(k + ARG_WINDOW + 3, last_tok + 1)
        if trig.recipient == "object":
            chunks = self.coder.chunks(units, k, min(k + 3, hi), max_gap=1)
        else:
            preps = set(trig.recipient)
            chunks = []
            for j in range(k, hi):
                tok = para.tokens[j]
                if tok.norm in preps:
                    chunks = self.coder.chunks(units, j + 1, min(j + 3, hi), max_gap=1)
                elif tok.norm[:1] in preps and len(tok.norm) > 3:  # ب / ل as a proclitic
                    chunks = self.coder.chunks(units, j, j + 1, max_gap=1)
                if chunks:
                    break
        return [a for c in chunks if (a := self.coder.code(c, para.text, day))]

    def _modality(self, tokens: list[Token], i: int, s_start: int) -> str:
        window = [t.norm for t in tokens[max(0, i - 3) : i] if t.start >= s_start]
        if any(w in self.cues.negation for w in window[-2:]):
            return "negated"
        sentence_before = [t.norm for t in tokens[:i] if t.start >= s_start]
        if any(w in self.cues.claimed for w in sentence_before):
            return "claimed"
        if any((w,) in self.cues.hypothetical for w in sentence_before[-6:]):
            return "hypothetical"
        return "asserted"

    def _intended(self, tokens: list[Token], i: int, s_start: int) -> bool:
        window = [t.norm for t in tokens[max(0, i - 3) : i] if t.start >= s_start]
        return any((w,) in self.cues.future for w in window)

    @staticmethod
    def _date(doc: Document, paragraph: int, s_start: int, s_end: int, at: int) -> str | None:
        here = doc.times_in(paragraph, s_start, s_end)
        if here:  # the nearest expression, even a vague one ("قبل أسابيع" → no date)
            return min(here, key=lambda t: abs(t.start - at)).value
        return doc.reference_date[:7] if doc.reference_date else None

    def _location(self, doc: Document, tokens: list[Token], units: list[Unit], k: int, first_tok: int, last_tok: int) -> Location | None:
        """The first place after the trigger in its clause (``في موسكو``, ``وصل إلى دمشق``); else the
        dateline's city when the sentence says the act happened there (``هنا``, ``في المدينة``)."""
        for u in units:
            if k <= u.first <= last_tok and is_place_unit(u) and u.mention is not None:
                m = u.mention
                return Location(m.text, m.canonical, m.country)
        dateline = doc.article.dateline
        clause = tokens[first_tok : last_tok + 1]
        here = any(t.norm in party_words().here for t in clause) or any(
            a.norm == "في" and b.norm in party_words().here_after_in for a, b in pairwise(clause))
        if dateline and here:
            entry = self._places().get(normalize(dateline))
            if entry is not None:
                return Location(dateline, entry.name, entry.country)
        return None

    def _places(self) -> dict[str, Entry]:
        """Place names of the KB (names and aliases, normalised) → their entry, built once."""
        if self._place_index is None:
            self._place_index = {normalize(n): e for e in self.coder.kb.entries.values() if e.type in ("GPE", "LOC")
                                 for n in (e.name, *e.aliases)}
        return self._place_index




def _subject_position(tokens: list[Token], k: int, first: int) -> bool:
    """Can a party starting at ``first`` be the subject of the verb ending before ``k``? In verb-first
    order the subject comes right after the verb, after a time word or an adverb, or as the genitive
    of a head noun (``قاطعت أحزاب المعارضة``); a complete noun phrase between them (``قصفت الطائرات
    مواقع المسلحين``) is the subject itself, and the party is its object."""
    skip = party_words().subject_skip
    return all(tokens[j].norm in skip or not _definite(tokens[j]) for j in range(k, first))


def _definite(tok: Token) -> bool:
    """Does the word carry the article, after a conjunction or preposition (الطائرات، والطائرات، للجيش)?"""
    if clitic_variants(tok.norm)[-1] in party_words().alif_lam_roots:
        return False  # "آلاف" (thousands): its ال is the root, not the article
    return tok.norm.startswith("لل") or any(v.startswith("ال") for v in clitic_variants(tok.norm)[:3])






_COMMA = re.compile(r"[،,]")
_APPOSITIVE_MAX = 14  # words of an appositive between a subject and its verb
_PUNCT = re.compile(r"[:؛;.،,!؟?()\-–]")


_POSSESSIVE = re.compile(r"(?:ه|ها|هم|هما)$")


def first_person(tok: Token, trig: Trigger, future: bool) -> bool:
    """A verb in the first person: ``ندعو``, ``وأطالب``, ``سأطلب`` (its third person ``يدعو``, ``يطالب``
    is a form of the same trigger; ``أدان`` and ``اتهم`` are past tenses, not first persons)."""
    forms = single_forms().get(trig.rule, frozenset())
    for cut in (0, 1):  # as written, or without the conjunction و/ف
        if cut and tok.norm[:1] not in "وف":
            break
        norm, text = tok.norm[cut + future :], tok.text[cut + future :]
        if len(norm) >= 4 and (norm[0] == "ن" or text[:1] == "أ") and "ي" + norm[1:] in forms:
            return True
    return False


def _interview(trig: Trigger, actors: list[Actor], recipients: list[Actor]) -> bool:
    """Talking to a newspaper is an interview, not a CONSULT."""
    return trig.type == "CONSULT" and any(a.sector == "JRN" for a in actors + recipients)


def _is_participle(tok: Token) -> bool:
    """An adverbial participle (``داعياً``, ``مطالبة``, ``متوعدة``): it continues the clause's subject."""
    norm = clitic_variants(tok.norm)[0]
    return len(norm) >= 4 and norm[-1] in "اه" and (norm[0] == "م" or norm in party_words().participles) and not norm.endswith("وا")


def is_cue(tok: Token, lexicon: Cues) -> bool:
    """Is the word a speech verb of the cue lexicon (``قال``, ``وأكد``)?"""
    return any((v,) in lexicon.verbs for v in clitic_variants(tok.norm)[:2])


def _has_conjunction(tok: Token) -> bool:
    return tok.norm[:1] in "وف" and tok.norm not in triggers()


@dataclass(frozen=True, slots=True)
class PartyWords:
    """The word lists the events stage reads around a trigger to find its parties and place
    (``lexicon/parties.yaml`` and ``lexicon/grammar.yaml``), normalised, read once."""

    subject_skip: frozenset[str]  # between a verb and its subject: أمس، أيضا، بدوره
    own_country: frozenset[str]  # بلاده، حكومتها: the subject's own state
    here: frozenset[str]  # هنا: the dateline's city
    here_after_in: frozenset[str]  # في المدينة، في العاصمة: the dateline's city
    call_words: frozenset[str]  # stems of a call or message (اتصا، رسال), as written
    receive: frozenset[str]  # تلقى and its forms
    relatives: frozenset[str]  # الذي، التي
    pronoun_complementizers: frozenset[str]  # إنه، بأنها
    alif_lam_roots: frozenset[str]  # آلاف: ال of the root, no article
    participles: frozenset[str]  # داعيا: adverbial participles without the prefix م


@lru_cache(maxsize=1)
def party_words() -> PartyWords:
    parties = "parties.yaml"
    return PartyWords(
        subject_skip=word_list(parties, "subject_skip"), own_country=word_list(parties, "own_country"),
        here=word_list(parties, "here"), here_after_in=word_list(parties, "here_after_in"),
        call_words=word_list(parties, "call_words", as_written=True), receive=word_list(parties, "receive_verbs"),
        relatives=word_list("grammar.yaml", "relative_pronouns"),
        pronoun_complementizers=word_list("grammar.yaml", "pronoun_complementizers"),
        alif_lam_roots=word_list("grammar.yaml", "alif_lam_roots"), participles=word_list(parties, "participles"),
    )


@lru_cache(maxsize=1)
def _topic_words() -> frozenset[str]:
    return frozenset(normalize(w) for w in load_lexicon("context.yaml")["topic_words"])
