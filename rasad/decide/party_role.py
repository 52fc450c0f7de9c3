"""Who a candidate party is to the event: a place or a party, the speaker or not (issue 13, session 8).

Not registered by default (:func:`register` adds the families to
:data:`~rasad.decide.features.PARTY_FEATURES`; ``bench/party_cv.py`` does): they serve the models
choosing every party (``rule_parties`` off). Each tells the party models what the families of
:mod:`rasad.decide.features` and :mod:`rasad.decide.party_frame` cannot join in a linear model:

- ``party.place_role``: a place is a party only as its state or government. The kind of place the
  knowledge base gives the candidate's mention (a country, a capital, any other place: a town, a
  province, a river) crossed with how the candidate stands to the trigger (the preposition that
  governs it, or free, and on which side): ``في`` or ``ب`` before a town is where the event was,
  a country free after the verb its object.
- ``party.speaker``: the trigger stands inside what a quote of the document reports (direct or
  reported speech, :mod:`rasad.stages.quotes`): the candidate is that quote's speaker, or not. The
  speaker of an accusation or an appeal made in speech is its actor, whoever the quoted words
  name; a party named inside the quoted words is more often its target.

:func:`choose_pair` is the joint choice of actor and recipient the coder makes with
:data:`rasad.decide.coder.JOINT_PARTIES`: the pair, not two independent rankings.
"""

from __future__ import annotations

from collections.abc import Sequence

from rasad.decide.features import PARTY_FEATURES, Context, Features, _position
from rasad.decide.sites import Party
from rasad.eval.measures import same_actor
from rasad.kb.load import load_kb
from rasad.model import Mention, Quote

FAMILIES = ("party.place_role", "party.speaker")
# party.speaker also for a site at a quote's cue (``قال المقداد: ...`` coded as the statement's
# event): whether that is worth it is cross-validation's to say (docs/events.md, session 8)
CUE_SPEAKER = False


def _mention(ctx: Context, p: Party) -> Mention | None:
    """The named mention heading a candidate of the site's paragraph or the title (None for the
    others: a title, a phrase, a party the rules coded from no chunk)."""
    doc = ctx.doc
    if doc is None or p.first < 0:
        return None
    para = ctx.para if p.paragraph == ctx.para.index else next((q for q in doc.paragraphs if q.index == p.paragraph), None)
    if para is None or p.last > len(para.tokens):
        return None
    lo, hi = para.tokens[p.first].start, para.tokens[p.last - 1].end
    return next((m for m in doc.entities if m.paragraph == p.paragraph and lo <= m.start < hi), None)


def _place_kind(m: Mention) -> str:
    """``country``, ``capital`` or ``place`` for a place's mention; ``""`` for anything else."""
    if m.type not in ("GPE", "LOC"):
        return ""
    entry = load_kb().entries.get(m.id) if m.id else None
    kind = entry.kind if entry is not None else ""
    return kind if kind in ("country", "capital") else "place"


def _standing(ctx: Context, p: Party) -> str:
    where, _ = _position(ctx.site, p)
    return f"{where}|{p.prep if p.governed else 'free'}"


def _place_role(ctx: Context, t: str, p: Party) -> Features:
    """The kind of place the candidate is, with the preposition governing it and its side."""
    m = _mention(ctx, p)
    kind = _place_kind(m) if m is not None else ""
    if not kind:
        return {}
    standing = _standing(ctx, p)
    return {f"{kind}|{standing}": 1, f"{kind}|type={t}": 1, f"{kind}|governed={p.governed}|type={t}": 1}


def _quote_spans(ctx: Context) -> list[tuple[int, int, Quote]]:
    """The character spans of the site paragraph's quotes, with the quotes."""
    memo = ctx.memo.get("quote_spans")
    if memo is not None:
        return memo  # type: ignore[no-any-return]
    out: list[tuple[int, int, Quote]] = []
    doc = ctx.doc
    for q in doc.quotes if doc is not None else []:
        if q.paragraph != ctx.para.index or not q.text.strip():
            continue
        at = ctx.para.text.find(q.text.strip())
        if at >= 0:
            out.append((at, at + len(q.text.strip()), q))
    ctx.memo["quote_spans"] = out
    return out


def _speaker(ctx: Context, t: str, p: Party) -> Features:
    """The trigger inside a quote, or the quote's own cue (a statement coded from what it says):
    is the candidate its speaker, inside the quoted words, or another?"""
    tokens = ctx.para.tokens
    if ctx.site.first >= len(tokens):
        return {}
    at = tokens[ctx.site.first].start
    spans = [(a, b, q) for a, b, q in _quote_spans(ctx) if a <= at < b]
    how = "in"
    if not spans and CUE_SPEAKER:  # the cue of the next quote of the paragraph
        spans = sorted(((a, b, q) for a, b, q in _quote_spans(ctx) if a > at and q.cue and q.cue in ctx.site.trigger),
                       key=lambda x: x[0])[:1]
        how = "cue"
    if not spans:
        return {}
    a, b, quote = spans[0]
    if same_actor(p.actor.to_dict(), quote.speaker.to_dict()):
        role = "speaker"
    else:
        inside = p.paragraph == ctx.para.index and p.first >= 0 and a <= tokens[p.first].start < b
        role = "quoted" if inside else "other"
    if how == "cue":
        role = f"cue|{role}"
    return {f"{role}": 1, f"{role}|type={t}": 1}


def register() -> None:
    """Add the families to :data:`~rasad.decide.features.PARTY_FEATURES` (a model trained with them
    needs them registered where it is applied)."""
    PARTY_FEATURES.update(zip(FAMILIES, (_place_role, _speaker), strict=True))


def choose_pair(ranked: Sequence[tuple[Party, float, float]], actor_floor: float
                ) -> tuple[tuple[Party, float, float], tuple[Party, float, float] | None] | None:
    """The actor and the recipient candidate of a site, chosen together from ``ranked`` (each
    candidate with its actor and recipient probabilities): the pair (actor, recipient or none)
    whose joint probability is largest, each candidate's two probabilities read together (the
    actor is not the recipient, the recipient is not an actor), the two never the same entity (the same mention, or the
    same state or name: score.py's ``same_actor``), the actor at least ``actor_floor`` likely.
    The recipient returned is the likeliest other candidate for that actor (the threshold for
    naming it is the caller's). None when no candidate reaches ``actor_floor``."""
    best: tuple[float, tuple[Party, float, float], tuple[Party, float, float] | None] | None = None
    for a in ranked:
        if a[1] < actor_floor:
            continue
        others = [r for r in ranked if r is not a and not _one(a[0], r[0])]
        r = max(others, key=lambda r: r[2]) if others else None
        # the pair's likelihood: this candidate the actor and not the recipient, and the other
        # the recipient and not an actor (or no recipient at all)
        score = a[1] * (1 - a[2]) * (max(r[2] * (1 - r[1]), 1 - r[2]) if r is not None else 1.0)
        if best is None or score > best[0] + 1e-12:
            best = (score, a, r)
    return None if best is None else (best[1], best[2])


def _one(a: Party, b: Party) -> bool:
    """Are two candidates the same entity (the same mention, or the same state and name)?"""
    if a.first >= 0 and a.first == b.first and a.paragraph == b.paragraph:
        return True
    return same_actor(a.actor.to_dict(), b.actor.to_dict())
