"""Violence and crowds in the events stage: passive violence verbs, acts with no named
perpetrator, and protests told by what a crowd did (see ``occurrence.py`` for when a sentence
reports an act at all). A mixin of :class:`rasad.stages.events.EventStage`."""

from __future__ import annotations

from rasad.arabic.text import Paragraph, Token, first_token_at, last_token_before
from rasad.lexicon import Cues, Trigger
from rasad.model import Actor, Document, Event
from rasad.stages.actors import GROUP, ActorCoder, Unit, is_place_unit
from rasad.stages.occurrence import (
    background_clause,
    counted_before,
    crowd_protest,
    has_crowd_act,
    has_toll,
    names_violence,
    past_act,
)

# time expressions that name a day (أمس، الأحد الماضي، 15 مايو): the time of one act, not of a period
_DAY_RULES = frozenset({"relative-day", "today", "weekday", "weekday-past", "day-month", "absolute-dmy", "numeric-dmy",
                        "numeric-ymd", "relative-month-day"})
_CROWD = Trigger(type="PROTEST", mode="demo", rule="protest.crowd", pos="verb", recipient=None, reverse=False, future=None)


def is_place(chunk: list[Unit]) -> bool:
    """A chunk that only names a place (في بغداد): where an act happened, not who did it."""
    return all(is_place_unit(u) for u in chunk)


class ViolenceRules:
    """What :class:`EventStage` knows of violence and crowds; it provides ``coder``, ``cues``,
    ``_make`` and ``_modality``."""

    coder: ActorCoder
    cues: Cues

    def _make(
        self, doc: Document, para: Paragraph, units: list[Unit], i: int, length: int, trig: Trigger, future: bool,
        actors: list[Actor], recipients: list[Actor], how: str,
    ) -> Event | None:
        raise NotImplementedError

    def _modality(self, tokens: list[Token], i: int, s_start: int) -> str:
        raise NotImplementedError

    def _crowds(self, doc: Document, para: Paragraph, units: list[Unit], events: list[Event]) -> list[Event]:
        """PROTEST events told by what a crowd did (``خرج المتظاهرون``), in sentences the lexicon missed."""
        out: list[Event] = []
        tokens = para.tokens
        if not has_crowd_act(tokens):
            return out
        for s_start, s_end in para.sentences:
            if any(e.paragraph == para.index and e.type == "PROTEST" and e.sentence == para.text[s_start:s_end] for e in events):
                continue
            first, last = first_token_at(tokens, s_start), last_token_before(tokens, s_end)
            dated = bool(doc.times_in(para.index, s_start, s_end))
            found = crowd_protest(tokens, first, last, dated=dated) if first <= last else None
            if found is None:
                continue
            j, length, who = found
            if self._modality(tokens, j, s_start) == "hypothetical" or any(t.norm in self.cues.negation for t in tokens[max(first, j - 2) : j]):
                continue
            crowd = [u for u in units if who is not None and u.first <= who < u.last]
            actors = [a for a in (self.coder.code(crowd, para.text, doc.reference_date),) if a] if crowd else []
            if not actors:
                actors = [a for c in self.coder.sentence_subject(units, first, j + 1) if (a := self.coder.code(c, para.text, doc.reference_date))]
            event = self._make(doc, para, units, j, length, _CROWD, False, actors, [], "the crowd that acts")
            if event is not None:
                out.append(event)
        return out

    def _passive(
        self, doc: Document, para: Paragraph, units: list[Unit], i: int, length: int, trig: Trigger, future: bool,
        first_tok: int, last_tok: int, victims: list[list[Unit]], means: int | None,
    ) -> Event | None:
        """A passive violence verb: ``X قتل في انفجار``, ``قتل ثمانية جنود``, ``قتل X بنيران مسلحين``.
        The victims are the recipients; the perpetrator is the party right after the means
        (``بنيران مسلحين``, ``على يد``), else an armed group the sentence names. With no party after
        the means, the act needs its toll or day."""
        text, day = para.text, doc.reference_date
        recipients = [a for c in victims if (a := self.coder.code(c, text, day))]
        after = [] if means is None else self.coder.chunks(units, means + 1, min(means + 3, last_tok + 1), max_gap=1, stop=last_tok + 1)
        perpetrators = [a for c in after if (a := self.coder.code(c, text, day)) and not is_place(c)]
        how = "a passive with its means: the victim is acted on, the party after the means acts"
        if not perpetrators:
            if not self._agentless(doc, para, trig, i, first_tok, last_tok):
                return None
            taken = {id(u) for c in victims for u in c}
            perpetrators = self._perpetrators(para.tokens, [u for u in units if id(u) not in taken], first_tok, last_tok, text, day)
            how = "a passive with its toll or day: the victim is acted on (perpetrator unnamed)"
        return self._make(doc, para, units, i, length, trig, future, perpetrators, recipients, how)

    @staticmethod
    def _toll(trig: Trigger, tokens: list[Token], first_tok: int, last_tok: int) -> bool:
        """Does the sentence of a violence trigger report its toll (``مقتل 18 شخصاً``)?"""
        return trig.type == "ASSAULT" and has_toll(tokens, first_tok, last_tok)

    def _agentless(self, doc: Document, para: Paragraph, trig: Trigger, i: int, first_tok: int, last_tok: int) -> bool:
        """A violence sentence that reports an act without naming who did it: a toll (``مقتل 18
        شخصاً``), or a past-tense act with its time (``خطف موظف بريطاني ... أمس``)."""
        if background_clause(para.tokens, i, first_tok):
            return False  # "الصحافي الذي كان قد خطف الشهر الماضي": a party's background, not the news
        if trig.rule == "assault.attack.verb" and not names_violence(para.tokens, first_tok, last_tok, i):
            return False  # "قتل 19 شخصا بعد انحراف شاحنة": a death, not violence
        if self._toll(trig, para.tokens, first_tok, last_tok):
            return True
        if trig.type != "ASSAULT" or trig.pos != "verb" or not past_act(para.tokens[i], trig):
            return False
        s_start, s_end = para.sentence_at(para.tokens[i].start)
        return any(t.rule in _DAY_RULES for t in doc.times_in(para.index, s_start, s_end))

    def _perpetrators(
        self, tokens: list[Token], units: list[Unit], first_tok: int, last_tok: int, text: str, day: str | None,
    ) -> list[Actor]:
        """The armed group a violence sentence names (``مسلحين مجهولين``, ``انتحاري``), if any; not
        the counted dead (``مقتل 3 مسلحين``: the gunmen are the victims)."""
        for u in units:
            if u.kind == GROUP and u.key == "REB" and first_tok <= u.first <= last_tok and not counted_before(tokens, u.first):
                actor = self.coder.code([u], text, day)
                return [actor] if actor else []
        return []
