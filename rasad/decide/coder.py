"""Learned event decisions: which site is an event, of which type, with which actor and recipient.

For every :class:`~rasad.decide.sites.Site` the site model gives each candidate type a
probability; the best type above the threshold makes an event. Its actor is the candidate party
the actor model ranks first (it must reach the actor threshold), its recipient the best other
party above the recipient threshold. Date, place, quantity and modality come from the rules of
the events stage (:meth:`EventStage._make`), which are definitions, not decisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from rasad.decide.features import (
    Context,
    gated_features,
    party_features,
    site_features,
    skipped_reasons,
    title_stems,
)
from rasad.decide.model import EventModel
from rasad.decide.sites import Party, Site, SiteFinder, TriggerWords
from rasad.lexicon import Trigger
from rasad.model import Document, Event
from rasad.stages.dedup import duplicate, restated
from rasad.stages.events import EventStage
from rasad.stages.occurrence import GATED_TYPES


@dataclass(slots=True)
class Decision:
    """What the models made of one site (kept for ``rasad explain``)."""

    site: Site
    type: str | None
    p: float
    scores: dict[str, float] = field(default_factory=dict)
    actor: Party | None = None
    recipient: Party | None = None
    party_scores: list[tuple[Party, float, float]] = field(default_factory=list)
    event: Event | None = None
    why: str = ""


def usable_types(site: Site, words: TriggerWords, reported_only: bool = True) -> dict[str, str]:
    """The site's candidate types, a learned one only when the model's trigger words hold it.

    With ``reported_only``, violence and protest (the types whose reporting the occurrence rules
    define, :mod:`rasad.stages.occurrence`) come only from an event the rules coded: a word they
    found talked about, threatened, or in the background is not an act, whatever the model says."""
    out = {t: src for t, src in site.types.items() if src != "learned" or t in words.types.get(site.stem, {})}
    if reported_only:
        out = {t: src for t, src in out.items() if t not in GATED_TYPES}
    return out


class EventCoder:
    """Replaces the rule events of a document with the model's decisions."""

    name = "decide"

    def __init__(self, stage: EventStage, model: EventModel) -> None:
        self.stage = stage
        self.finder = SiteFinder(stage.coder)
        self.model = model

    def __call__(self, doc: Document) -> Document:
        doc.events = self.events(doc)
        return doc

    def events(self, doc: Document, sites: list[Site] | None = None) -> list[Event]:
        """The events decided, in text order (the body, then the title)."""
        decided = [d for d in self.decide(doc, sites) if d.event is not None]
        decided.sort(key=lambda d: (d.site.paragraph < 0, d.site.paragraph, d.site.first))
        return [d.event for d in decided if d.event is not None]

    def decide(self, doc: Document, sites: list[Site] | None = None) -> list[Decision]:
        if sites is None:
            sites = self.finder.find(doc, self.model.words)
        paras = {p.index: p for p in doc.paragraphs}
        skipped = skipped_reasons(doc.skipped)
        heads = title_stems(doc.paragraphs)
        decisions: list[Decision] = []
        events: list[Event] = []
        # within a sentence, the sites the rules coded first: a second event of one type in a
        # sentence is taken for the same event told again (rasad.stages.dedup)
        for site in sorted(sites, key=lambda s: (s.paragraph < 0, s.paragraph, s.s_start, s.rule_event is None, s.first)):
            d = self._decide(doc, site, Context(site, paras[site.paragraph], skipped, self.model.words, heads, doc))
            if d.event is not None and (duplicate(d.event, events) or (site.paragraph < 0 and restated(d.event, events))):
                d.event, d.why = None, "the same event told again"
            if d.event is not None:
                events.append(d.event)
            decisions.append(d)
        return decisions

    def _decide(self, doc: Document, site: Site, ctx: Context) -> Decision:
        model, th = self.model, self.model.thresholds
        rule = site.rule_event
        # violence and protest: the rules' events, unless a model learned them from the GSR's sentences
        reported_only = th.reported_only or model.gated is None
        if reported_only and rule is not None and rule.type in GATED_TYPES:
            # violence and protest as the occurrence rules code them: the GSR's sentences (never
            # trained on) lose half their recall when the lead annotations decide them
            return Decision(site, rule.type, 1.0, event=rule, why="violence or protest the rules report")
        types = usable_types(site, model.words, reported_only)
        if not types:
            return Decision(site, None, 0.0, why="no candidate type")
        scores = {t: self.score(ctx, t) for t in types}
        best = max(scores, key=lambda t: scores[t])
        d = Decision(site, best, scores[best], scores)
        floor = th.rule_site if rule is not None and rule.type == best else th.site
        if best in GATED_TYPES and th.gated is not None:
            floor = th.gated_rule if th.gated_rule is not None and rule is not None and rule.type == best else th.gated
        if scores[best] < floor and not self._lead_like(ctx, best):
            d.why = "not an event"
            return d
        if th.rule_parties and rule is not None and rule.type == best and rule.actor:
            # an event the rules coded keeps the parties they found (cross-validated: docs/events.md)
            d.event, d.why = rule, "an event the rules coded, kept"
            return d
        ranked = [(p, model.actor.prob(f), model.recipient.prob(f))
                  for p in site.parties for f in (party_features(ctx, best, p),)]
        d.party_scores = ranked
        if not ranked and rule is not None and rule.type == best:
            d.event, d.why = rule, "an event the rules coded, no other party"
            return d
        if not ranked:
            d.why = "no party"
            return d
        actor, pa, _ = max(ranked, key=lambda r: r[1])
        if pa < th.actor and rule is not None and rule.type == best and best in GATED_TYPES:
            # violence and protest are reported without a named doer too (the GSR codes them so)
            d.event, d.why = rule, "violence or protest the rules coded, no likely actor"
            return d
        if pa < th.actor:
            d.why = "no likely actor"
            return d
        others = [r for r in ranked if r[0] is not actor and not _same(r[0], actor)]
        recipient = max(others, key=lambda r: r[2]) if others else None
        d.actor = actor
        d.recipient = recipient[0] if recipient and recipient[2] >= th.recipient else None
        d.event = self._event(doc, ctx, best, d)
        d.why = "an event" if d.event is not None else "an interview, not a consultation"
        return d

    def score(self, ctx: Context, t: str) -> float:
        """How likely the site is an event of type ``t``: violence and protest by the gated model
        when the model has one (and the rules do not decide them alone)."""
        model = self.model
        if model.gated is not None and t in GATED_TYPES:
            return model.gated.prob(gated_features(ctx, t))
        return model.site.prob(site_features(ctx, t))

    def _lead_like(self, ctx: Context, t: str) -> bool:
        """Violence or protest the GSR's model doubts but the site model, trained on the leads'
        conventions (an attack named in passing is coded there), is sure of."""
        th = self.model.thresholds
        return (t in GATED_TYPES and th.gated_leads is not None and self.model.gated is not None
                and self.model.site.prob(site_features(ctx, t)) >= th.gated_leads)

    def _event(self, doc: Document, ctx: Context, type_: str, d: Decision) -> Event | None:
        assert d.actor is not None
        site, para = ctx.site, ctx.para
        rule = site.rule_event
        actors = rule.actor if rule and d.actor.rule_role == "actor" and rule.actor else [d.actor.actor]
        recipients: list = []
        if d.recipient is not None:
            recipients = rule.recipient if rule and d.recipient.rule_role == "recipient" and rule.recipient else [d.recipient.actor]
        how = f"model p={d.p:.2f}, actor {d.actor.kind}"
        if rule is not None and rule.type == type_:
            base = rule.rule.split(" (actor: ")[0]
            return replace(rule, actor=list(actors), recipient=list(recipients), rule=f"{base} (actor: {how})")
        trig = site.trig
        same = trig is not None and trig.type == type_
        entry = Trigger(type=type_, mode=trig.mode if trig and same else None,
                        rule=trig.rule if trig and same else f"learned.{type_.lower()}",
                        pos=trig.pos if trig else "verb", recipient=None, reverse=False, future=None)
        if type_ == "CONSULT" and any(p.actor.sector == "JRN" for p in site.parties if not p.previous_sentence):
            return None  # a call with a newspaper is an interview (as the rules define it)
        units = self.stage.coder.units(para, [m for m in doc.entities if m.paragraph == para.index])
        return self.stage._make(doc, para, units, site.first, site.last - site.first, entry, False,
                                list(actors), list(recipients), how)


def _same(a: Party, b: Party) -> bool:
    return a.first == b.first and a.paragraph == b.paragraph and a.first >= 0
