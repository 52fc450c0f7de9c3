"""Learned event decisions: which site is an event, of which type, with which actor and recipient.

For every :class:`~rasad.decide.sites.Site` the site model gives each candidate type a
probability; the best type above the threshold makes an event. Its actor is the candidate party
the actor model ranks first (it must reach the actor threshold), with the next likeliest when
that one reaches :data:`MORE_ACTORS`, its recipient the best other party above the recipient
threshold. Date, place, quantity and modality come from the rules of
the events stage (:meth:`EventStage._make`), which are definitions, not decisions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from rasad.arabic.text import Paragraph
from rasad.decide.doc_features import annotate as annotate_told
from rasad.decide.features import (
    Context,
    PartiesBound,
    WordBound,
    party_features,
    site_features,
    site_features_without_parties,
    site_score,
    site_scores,
    skipped_reasons,
    title_stems,
    word_terms,
)
from rasad.decide.model import EventModel, Linear
from rasad.decide.party_role import choose_pair
from rasad.decide.site_context import annotate as annotate_context
from rasad.decide.sites import Party, Site, SiteFinder, TriggerWords, party_room, source_of
from rasad.eval.measures import same_actor
from rasad.lexicon import Trigger
from rasad.model import Actor, Document, Event
from rasad.stages.dedup import duplicate, restated
from rasad.stages.events import EventStage
from rasad.stages.occurrence import GATED_TYPES

WHATEVER_PARTIES = "not an event, whatever its parties"  # decided by the bound: p is the most it could be
# a second candidate the actor model finds at least this likely is an actor too (the actor model
# is trained on "is this candidate one of the event's actors"; 14% of gold events have several);
# chosen by 5-fold CV (docs/events.md); above 1 turns it off
MORE_ACTORS = 0.7
# when the models choose the parties of an event the rules coded (Thresholds.rule_parties off) and
# find no likely actor among its candidates, the rules' event stays with their parties (5-fold CV:
# neutral, 0.4502 either way; keeping the rules' recipient where the model names none costs 0.004
# to 0.010, so a recipient is the model's alone: docs/events.md, round five)
RULE_FALLBACK_ACTOR = True
# a recipient the model doubts (below the recipient threshold, at least this likely) is not named,
# but two events of one type and actor whose doubted recipients differ are not taken for the same
# event told again (a visit to Tehran and one to Moscow); above 1: off. 5-fold CV with rule_parties
# off: 0.4703 -> 0.4745 at 0.5 (0.4736 at 0.3); with them on (as shipped) 0.4644 -> 0.4640, so off
# until rule_parties is (docs/events.md, session 7)
DOUBTED_RECIPIENT = 1.01
# the actor and the recipient chosen as a pair (rasad.decide.party_role.choose_pair: never the
# same entity twice, the pair's joint probability) rather than the actor first; off as shipped
JOINT_PARTIES = False


@dataclass(slots=True)
class Decision:
    """What the models made of one site (kept for ``rasad explain``)."""

    site: Site
    type: str | None
    p: float
    scores: dict[str, float] = field(default_factory=dict)
    actor: Party | None = None
    recipient: Party | None = None
    more_actors: list[Party] = field(default_factory=list)  # the other candidate that joined as an actor (MORE_ACTORS)
    doubted: Party | None = None  # the likeliest recipient below the threshold (DOUBTED_RECIPIENT)
    party_scores: list[tuple[Party, float, float]] = field(default_factory=list)
    event: Event | None = None
    why: str = ""
    # with ``EventCoder.explain``: the features that weighed most for the type, the actor and the recipient
    reasons: list[tuple[str, float]] = field(default_factory=list)
    actor_reasons: list[tuple[str, float]] = field(default_factory=list)
    recipient_reasons: list[tuple[str, float]] = field(default_factory=list)


def usable_types(site: Site, words: TriggerWords, reported_only: bool = True) -> dict[str, str]:
    """The site's candidate types by their source, a learned one only when the model's trigger words
    hold it (or its cluster proposes it: :func:`~rasad.decide.sites.source_of`).

    With ``reported_only``, violence and protest (the types whose reporting the occurrence rules
    define, :mod:`rasad.stages.occurrence`) come only from an event the rules coded: a word they
    found talked about, threatened, or in the background is not an act, whatever the model says."""
    out = {t: src for t in site.types if (src := source_of(site, t, words))}
    if reported_only:
        out = {t: src for t, src in out.items() if t not in GATED_TYPES}
    return out


class EventCoder:
    """Replaces the rule events of a document with the model's decisions."""

    name = "decide"

    def __init__(self, stage: EventStage, model: EventModel, prune: bool = True) -> None:
        self.stage = stage
        self.finder = SiteFinder(stage.coder)
        # the title's parties only for a model trained with them (its actor model weighs their position)
        self.finder.title_parties = self.finder.title_parties and any(k.startswith("pos=title") for k in model.actor.weights)
        self.model = model
        self.prune = prune  # False: every site scored with its parties (the same events, slower)
        self.explain = False  # True: each document keeps its decisions with their reasons (rasad explain)
        self.more_actors = MORE_ACTORS
        self._bounds: tuple[tuple[object, ...], PartiesBound, WordBound] | None = None
        self._gated_bound: tuple[object, PartiesBound, WordBound] | None = None
        for linear in (model.site, model.gated):  # their word terms index with the model, not in the first document
            if linear is not None:
                word_terms(linear.weights)

    def bounds(self) -> tuple[PartiesBound, WordBound]:
        """The bounds of the model's site scores (built once for a model and its thresholds)."""
        m = self.model
        # the site model's types: violence and protest are the gated model's (never pruned) or the rules'
        key = (m.site.weights, m.site.bias, m.words, True)
        if self._bounds is None or any(a is not b for a, b in zip(self._bounds[0], key, strict=True)):
            parties = PartiesBound(m.site.weights)
            self._bounds = (key, parties, WordBound(m.site.weights, m.site.bias, m.words, parties, True))
        return self._bounds[1], self._bounds[2]

    def gated_bound(self) -> PartiesBound | None:
        """The most the ``site.parties`` features can add to the gated model's score; None without
        one (or when the site model may overrule it, ``gated_leads``: no bound then)."""
        got = self._gated_bounds()
        return None if got is None else got[0]

    def gated_word_bound(self) -> WordBound | None:
        """The :class:`WordBound` of the gated model's types (violence and protest) for a learned
        word alone; None when :meth:`gated_bound` is None."""
        got = self._gated_bounds()
        return None if got is None else got[1]

    def _gated_bounds(self) -> tuple[PartiesBound, WordBound] | None:
        m = self.model
        if m.gated is None or m.thresholds.reported_only or m.thresholds.gated_leads is not None:
            return None
        if self._gated_bound is None or self._gated_bound[0] is not m.gated.weights:
            parties = PartiesBound(m.gated.weights)
            self._gated_bound = (m.gated.weights, parties,
                                 WordBound(m.gated.weights, m.gated.bias, m.words, parties, False, GATED_TYPES))
        return self._gated_bound[1], self._gated_bound[2]

    @property
    def rules_decide_gated(self) -> bool:
        """Do the occurrence rules alone code violence and protest (no gated model, or told so)?"""
        return self.model.thresholds.reported_only or self.model.gated is None

    def floor(self, t: str, rule: Event | None) -> float:
        """The threshold a site's score for ``t`` must reach (rule: the event the rules coded there)."""
        th = self.model.thresholds
        ruled = rule is not None and rule.type == t
        if t in GATED_TYPES and th.gated is not None:
            return th.gated_rule if th.gated_rule is not None and ruled else th.gated
        return th.rule_site if ruled else th.site_types.get(t, th.site)

    def __call__(self, doc: Document) -> Document:
        decisions = self.decide(doc)
        if self.explain:
            doc.decisions = decisions
        doc.events = self._in_order(decisions)
        return doc

    def events(self, doc: Document, sites: list[Site] | None = None) -> list[Event]:
        """The events decided, in text order (the body, then the title)."""
        return self._in_order(self.decide(doc, sites))

    @staticmethod
    def _in_order(decisions: list[Decision]) -> list[Event]:
        decided = [d for d in decisions if d.event is not None]
        decided.sort(key=lambda d: (d.site.paragraph < 0, d.site.paragraph, d.site.first))
        return [d.event for d in decided if d.event is not None]

    def decide(self, doc: Document, sites: list[Site] | None = None) -> list[Decision]:
        """A decision on each site (given, or found); a learned word alone that no parties could
        make an event is no site and has none (with ``prune``, the default)."""
        paras = {p.index: p for p in doc.paragraphs}
        skipped = skipped_reasons(doc.skipped)
        heads = title_stems(doc.paragraphs)
        checked: set[tuple[int, int]] = set()  # learned words the word bound has let through
        annotate_told(doc)  # what the document tells before each sentence (site.told; the word bound reads it)
        annotate_context(doc)  # names and the rules' events by paragraph (site.name, site.rivals; the word bound reads them)
        if sites is None:
            sites = self._sites(doc, skipped, heads, checked)
        contexts = {id(site): Context(site, paras[site.paragraph], skipped, self.model.words, heads, doc=doc) for site in sites}
        # first the sites that cannot be events whatever their parties: most of them, and their
        # parties (the costly part) are never looked for
        below = {id(site): d for site in sites if self.prune and site.key() not in checked
                 and (d := self._below(doc, site, contexts[id(site)])) is not None}
        self.finder.find_parties(doc, [s for s in sites if not s.parties_found and id(s) not in below])
        decisions = [below.get(id(site)) or self._decide(doc, site, contexts[id(site)]) for site in sites]
        told_once(decisions)
        return decisions

    def _sites(self, doc: Document, skipped: dict[tuple[int, str], str], heads: frozenset[str],
               checked: set[tuple[int, int]]) -> list[Site]:
        """The sites of a document, their parties not looked for yet (with ``prune``): a learned
        word alone is one only if the best parties could make it an event (its place goes into
        ``checked``)."""
        if not self.prune:
            return self.finder.find(doc, self.model.words)
        _, word_bound = self.bounds()
        th = self.model.thresholds
        # a learned word alone has no rule event: the site threshold for the site model's types, the
        # gated one for violence and protest (each type is an event only at its own threshold)
        floors = [min([th.site, *th.site_types.values()])]  # the lowest of the site model's thresholds
        bounds = [word_bound]
        gated_word = self.gated_word_bound()
        if gated_word is not None:
            floors.append(self.floor(next(iter(GATED_TYPES)), None))
            bounds.append(gated_word)
        bounded = [(b, f, math.log(f / (1 - f)) - 1e-6 if 0 < f < 1 else -math.inf) for b, f in zip(bounds, floors, strict=True)]
        gated = not self.rules_decide_gated
        learned = self.model.words.types

        def passes(bound: WordBound, floor: float, z_floor: float, para: Paragraph, i: int, stem: str) -> bool:
            units = self.finder.unit_view(doc, para)
            z = bound(para, i, stem, skipped, heads, units, z_floor, doc, exact=False)
            if abs(z - z_floor) < 1e-5:  # near the threshold: the bound to the last bit, as the features add it
                z = bound(para, i, stem, skipped, heads, units, z_floor, doc)
            return Linear.prob_at(z + 1e-9) >= floor

        def keep(para: Paragraph, i: int, stem: str) -> bool:
            if gated and gated_word is None and any(t in GATED_TYPES for t in learned.get(stem, ())):
                return True  # violence or protest by a gated model without bounds: decided in full
            if not any(passes(bound, floor, z_floor, para, i, stem) for bound, floor, z_floor in bounded):
                return False
            checked.add((para.index, i))
            return True

        return self.finder.find(doc, self.model.words, parties=False, keep=keep)

    def _below(self, doc: Document, site: Site, ctx: Context) -> Decision | None:
        """The decision on a site no parties could make an event (its best type's score with the
        most the ``site.parties`` features can add stays below the threshold); None for the others."""
        model = self.model
        rule = site.rule_event
        reported_only = self.rules_decide_gated
        gated_bound = self.gated_bound()
        if rule is not None and rule.type in GATED_TYPES and (reported_only or gated_bound is None):
            return None
        types = usable_types(site, model.words, reported_only)
        if not types or (gated_bound is None and any(t in GATED_TYPES for t in types)):
            return None  # the gated model's scores have no bound here: decided in full
        bound, _ = self.bounds()
        room = party_room(self.finder.unit_view(doc, ctx.para), site.first, site.last, site.first_tok, site.last_tok)
        scores: dict[str, float] = {}
        # only whether a score reaches its threshold counts here (a decision below it makes no
        # event, and its p is read by rasad explain alone): the sentence's terms added as their
        # sum, the score recomputed to the last bit near the threshold or to explain it
        exact = self.explain
        without_parties = self.site_scores(ctx, types, parties=False, exact=exact)
        for t in types:
            parties = gated_bound if t in GATED_TYPES and gated_bound is not None else bound
            floor = self.floor(t, rule)
            z = without_parties[t] + parties(t, room)
            if not exact and (not 0 < floor < 1 or abs(z + 1e-9 - math.log(floor / (1 - floor))) < 1e-6):
                z = site_score(self.linear(t), ctx, t, parties=False) + parties(t, room)
            p = Linear.prob_at(z + 1e-9)
            if p >= floor:
                return None
            scores[t] = p
        best = max(scores, key=lambda t: scores[t])
        d = Decision(site, best, scores[best], scores, why=WHATEVER_PARTIES)
        if self.explain:
            d.reasons = self.linear(best).reasons(site_features_without_parties(ctx, best))
        return d

    def _decide(self, doc: Document, site: Site, ctx: Context) -> Decision:
        model, th = self.model, self.model.thresholds
        rule = site.rule_event
        # violence and protest: the rules' events, unless a model learned them from the GSR's sentences
        reported_only = self.rules_decide_gated
        if reported_only and rule is not None and rule.type in GATED_TYPES:
            # violence and protest as the occurrence rules code them: the GSR's sentences (never
            # trained on) lose half their recall when the lead annotations decide them
            return Decision(site, rule.type, 1.0, event=rule, why="violence or protest the rules report")
        types = usable_types(site, model.words, reported_only)
        if not types:
            return Decision(site, None, 0.0, why="no candidate type")
        scores = {t: Linear.prob_at(z) for t, z in self.site_scores(ctx, types).items()}
        best = max(scores, key=lambda t: scores[t])
        d = Decision(site, best, scores[best], scores)
        if self.explain:
            d.reasons = self.reasons(ctx, best)
        floor = self.floor(best, rule)
        if scores[best] < floor and not self._lead_like(ctx, best):
            d.why = "not an event"
            return d
        if th.rule_parties and rule is not None and rule.type == best and rule.actor:
            # an event the rules coded keeps the parties they found (cross-validated: docs/events.md)
            d.event, d.why = self._more_actors(ctx, best, d, rule), "an event the rules coded, kept"
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
        if pa < th.actor and RULE_FALLBACK_ACTOR and not th.rule_parties and rule is not None and rule.type == best and rule.actor:
            d.event, d.why = self._more_actors(ctx, best, d, rule), "an event the rules coded, no likelier actor"
            return d
        if pa < th.actor:
            d.why = "no likely actor"
            return d
        if JOINT_PARTIES:
            pair = choose_pair(ranked, th.actor)
            assert pair is not None  # the likeliest actor reaches th.actor
            (actor, pa, _), recipient = pair
        else:
            others = [r for r in ranked if r[0] is not actor and not _same(r[0], actor)]
            recipient = max(others, key=lambda r: r[2]) if others else None
        d.actor = actor
        d.recipient = recipient[0] if recipient and recipient[2] >= th.recipient else None
        if recipient is not None and d.recipient is None and recipient[2] >= DOUBTED_RECIPIENT:
            d.doubted = recipient[0]
        d.more_actors = [p for p, p_actor, _ in sorted(ranked, key=lambda r: -r[1])
                         if p_actor >= self.more_actors and p is not actor and p is not d.recipient and p.paragraph == site.paragraph]
        if self.explain:
            d.actor_reasons = model.actor.reasons(party_features(ctx, best, actor))
            if d.recipient is not None:
                d.recipient_reasons = model.recipient.reasons(party_features(ctx, best, d.recipient))
        d.event = self._event(doc, ctx, best, d)
        d.why = "an event" if d.event is not None else "an interview, not a consultation"
        return d

    def _more_actors(self, ctx: Context, t: str, d: Decision, rule: Event) -> Event:
        """An event the rules coded, with the likeliest other candidate the actor model finds an
        actor too (:data:`MORE_ACTORS`), unless it is the rules' recipient or one of their actors."""
        if self.more_actors > 1:
            return rule
        ranked = sorted(((p, self.model.actor.prob(party_features(ctx, t, p))) for p in ctx.site.parties
                         if p.rule_role != "recipient" and p.paragraph == ctx.site.paragraph), key=lambda r: -r[1])
        joined = _new_actor((p for p, p_actor in ranked if p_actor >= self.more_actors), rule.actor)
        if joined is None:
            return rule
        d.more_actors = [joined]
        return replace(rule, actor=[*rule.actor, joined.actor])

    def linear(self, t: str) -> Linear:
        """The model that scores sites of type ``t``: violence and protest by the gated model when
        there is one (learned from the GSR's sentences), every other type by the site model."""
        model = self.model
        return model.gated if model.gated is not None and t in GATED_TYPES else model.site

    def site_scores(self, ctx: Context, types: Iterable[str], parties: bool = True, exact: bool = True) -> dict[str, float]:
        """The site's score (:func:`site_score`) for each of ``types``, in their order, each by its
        model (not ``exact``: see :func:`~rasad.decide.features.site_scores`)."""
        types = list(types)
        by_model: dict[int, tuple[Linear, list[str]]] = {}
        for t in types:
            linear = self.linear(t)
            by_model.setdefault(id(linear), (linear, []))[1].append(t)
        got: dict[str, float] = {}
        for linear, some in by_model.values():
            got.update(site_scores(linear, ctx, some, parties, exact))
        return {t: got[t] for t in types}

    def score(self, ctx: Context, t: str) -> float:
        """How likely the site is an event of type ``t``."""
        return Linear.prob_at(site_score(self.linear(t), ctx, t))

    def reasons(self, ctx: Context, t: str, n: int = 4) -> list[tuple[str, float]]:
        """The features that weighed most in the site's score for ``t``, with their weights."""
        return self.linear(t).reasons(site_features(ctx, t), n)

    def _lead_like(self, ctx: Context, t: str) -> bool:
        """Violence or protest the GSR's model doubts but the site model, trained on the leads'
        conventions (an attack named in passing is coded there), is sure of."""
        th = self.model.thresholds
        return (t in GATED_TYPES and th.gated_leads is not None and self.model.gated is not None
                and Linear.prob_at(site_score(self.model.site, ctx, t)) >= th.gated_leads)

    def _event(self, doc: Document, ctx: Context, type_: str, d: Decision) -> Event | None:
        assert d.actor is not None
        site, para = ctx.site, ctx.para
        rule = site.rule_event
        actors = list(rule.actor if rule and d.actor.rule_role == "actor" and rule.actor else [d.actor.actor])
        joined = _new_actor(d.more_actors, actors)  # the likeliest other candidate
        d.more_actors = [joined] if joined is not None else []
        if joined is not None:
            actors.append(joined.actor)
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
        units = self.finder.units(doc, para)
        return self.stage._make(doc, para, units, site.first, site.last - site.first, entry, False,
                                list(actors), list(recipients), how)


def told_once(decisions: list[Decision]) -> None:
    """Drop the event of each decision that tells an event already kept again (it gets the reason
    "the same event told again"): within a sentence, the sites the rules coded first, then the
    likeliest; a second event of one type in a sentence, or one of the same type and parties
    (:func:`rasad.stages.dedup.duplicate`), or a title event the body tells. An event's doubted
    recipient (:data:`DOUBTED_RECIPIENT`) counts as its recipient here: a visit to Tehran and one to
    Moscow, the recipients doubted, are two events."""
    events: list[Event] = []
    probes: list[Event] = []  # the events, each with its doubted recipient named: what duplicate compares
    for d in sorted(decisions, key=lambda d: (d.site.paragraph < 0, d.site.paragraph, d.site.s_start,
                                              d.site.rule_event is None, -d.p, d.site.first)):
        if d.event is None:
            continue
        probe = replace(d.event, recipient=[d.doubted.actor]) if d.doubted is not None and not d.event.recipient else d.event
        if duplicate(probe, probes) or (d.site.paragraph < 0 and restated(d.event, events)):
            d.event, d.why = None, "the same event told again"
            continue
        events.append(d.event)
        probes.append(probe)


def _same(a: Party, b: Party) -> bool:
    return a.first == b.first and a.paragraph == b.paragraph and a.first >= 0


def _new_actor(candidates: Iterable[Party], actors: Sequence[Actor]) -> Party | None:
    """The first of ``candidates`` that is not the same state or name as one of ``actors``."""
    return next((p for p in candidates if not any(same_actor(p.actor.to_dict(), a.to_dict()) for a in actors)), None)
