"""Stage ``speech``: statements that are themselves events (PLOVER codes the speech act).

A quote that calls a party "politicised", "a coup", "a crime" is an accusation by its speaker:
``قال المقداد: "هذه المنظمة ... أصبحت منظمة مسيسة"`` is ACCUSE (Mekdad → the OPCW). The target is
the party the statement points back to (``هذه المنظمة`` → the last organisation named before it),
else the first party named in the statement that is not on the speaker's side.
"""

from __future__ import annotations

from functools import lru_cache

from rasad.arabic.normalize import normalize
from rasad.arabic.text import Paragraph, clitic_variants
from rasad.cameo import cameo_code
from rasad.kb.load import KnowledgeBase
from rasad.lexicon import load_lexicon
from rasad.model import Actor, Document, Event, Mention, Quote
from rasad.stages.actors import ActorCoder, Unit
from rasad.stages.events import first_person, trigger_at

RULE = "accuse.statement"


@lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], frozenset[str]]:
    data = load_lexicon("context.yaml")
    return (frozenset(normalize(w) for w in data["accusatory_words"]),
            frozenset(normalize(w) for w in data["demonstratives"]))


class SpeechActStage:
    """Adds ACCUSE events for accusatory quotes; runs after ``quotes``."""

    name = "speech"

    def __init__(self, kb: KnowledgeBase) -> None:
        self.coder = ActorCoder(kb)

    def __call__(self, doc: Document) -> Document:
        accusatory, _ = _words()
        paras = {p.index: p for p in doc.paragraphs}
        for quote in doc.quotes:
            para = paras.get(quote.paragraph)
            if para is None or (not quote.speaker.country and not quote.speaker.canonical):
                continue
            start = para.text.find(quote.text)
            if start < 0:
                continue
            tokens = [t for t in para.tokens if start <= t.start < start + len(quote.text)]
            hit = next((t for t in tokens if any(v in accusatory for v in clitic_variants(t.norm)[:2])), None)
            if hit is None:
                continue
            units = self.coder.units(para, [m for m in doc.entities if m.paragraph == para.index])
            target = self._target(doc, para, units, quote, start, start + len(quote.text))
            if target is None or not (target.country or target.canonical) or _same_side(target, quote.speaker):
                continue
            event = Event(
                type="ACCUSE", mode=None, actor=[quote.speaker], recipient=[target],
                date=_article_month(doc), location=None, quantity=None, modality="asserted",
                paragraph=para.index, sentence=quote.text, trigger=quote.cue or hit.text,
                rule=f"{RULE} ('{hit.text}' in a statement)", cameo=cameo_code("ACCUSE", None, RULE),
            )
            if not any(e.type == "ACCUSE" and e.paragraph == para.index and _same_parties(e, event) for e in doc.events):
                doc.events.append(event)
        for quote in doc.quotes:
            para = paras.get(quote.paragraph)
            if para is not None and (quote.speaker.country or quote.speaker.canonical):
                self._first_person(doc, para, quote)
        return doc

    def _first_person(self, doc: Document, para: Paragraph, quote: Quote) -> None:
        """``قال ماس: "ندعو إيران وإسرائيل إلى عدم التصعيد"``: a verb in the first person in a
        statement is the speaker's act (REQUEST ماس → إيران، إسرائيل)."""
        start = para.text.find(quote.text)
        if start < 0:
            return
        end = start + len(quote.text)
        idx = [n for n, t in enumerate(para.tokens) if start <= t.start < end]
        units = self.coder.units(para, [m for m in doc.entities if m.paragraph == para.index])
        for n in idx:
            found = trigger_at(para.tokens, n)
            if found is None or found[0] != 1 or not first_person(para.tokens[n], found[1], found[2]):
                continue
            _, trig, future = found
            if trig.type in ("PROTEST", "ASSAULT") or any(
                e.type == trig.type and e.paragraph == para.index and e.trigger == para.tokens[n].text for e in doc.events
            ):
                continue
            chunks = self.coder.chunks(units, n + 1, min(n + 4, idx[-1] + 1), max_gap=1, stop=idx[-1] + 1)
            recipients = [a for c in chunks if (a := self.coder.code(c, para.text, doc.reference_date))
                          and not _same_side(a, quote.speaker)]
            kind = (trig.future or trig.type) if future else trig.type
            doc.events.append(Event(
                type=kind, mode=trig.mode, actor=[quote.speaker], recipient=recipients,
                date=_article_month(doc), location=None, quantity=None, modality="asserted",
                paragraph=para.index, sentence=quote.text, trigger=para.tokens[n].text,
                rule=f"{trig.rule} (actor: the speaker of a statement in the first person)",
                cameo=cameo_code(kind, trig.mode, trig.rule),
            ))
            return  # one act per statement: the first is its point

    def _target(
        self, doc: Document, para: Paragraph, units: list[Unit], quote: Quote, start: int, end: int
    ) -> Actor | None:
        _, demonstratives = _words()
        inside = [t for t in para.tokens if start <= t.start < end]
        if len(inside) >= 2 and inside[0].norm in demonstratives:
            head = inside[1].norm.removeprefix("ال")
            earlier = [m for m in doc.entities if _before(m, para.index, start) and head in normalize(m.text)]
            if earlier:
                m = earlier[-1]
                return Actor(para.text[inside[0].start : inside[1].end], m.canonical, m.country, m.sector or "GOV",
                             how=f"'{inside[0].text} {inside[1].text}' points back to {m.canonical}")
        for u in units:
            if start <= u.start < end and u.kind != "adjective":
                actor = self.coder.code([u], para.text, doc.reference_date)
                if actor is not None and not _same_side(actor, quote.speaker):
                    return actor
        return None


def _before(m: Mention, paragraph: int, start: int) -> bool:
    return m.paragraph < paragraph or (m.paragraph == paragraph and m.start < start)


def _same_side(a: Actor, b: Actor) -> bool:
    return bool(a.country and a.country == b.country) or bool(a.canonical and a.canonical == b.canonical)


def _same_parties(a: Event, b: Event) -> bool:
    return _same_side(a.actor[0], b.actor[0]) and bool(a.recipient) and _same_side(a.recipient[0], b.recipient[0])


def _article_month(doc: Document) -> str | None:
    return doc.reference_date[:7] if doc.reference_date else None


__all__ = ["SpeechActStage"]
