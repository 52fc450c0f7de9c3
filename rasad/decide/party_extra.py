"""Ranking features of a candidate party among the others of its site (issue 13, round five).

Registered after the families of :mod:`rasad.decide.features` (one import there). Tried here and
dropped by 5-fold CV (docs/events.md): how often the document names the candidate, and whether
the title names it too.
"""

from __future__ import annotations

from rasad.decide.features import Context, Features, _position, party_feature
from rasad.decide.sites import Party

FAMILIES = ("party.free_rank",)


@party_feature("party.free_rank")
def _free_rank(ctx: Context, t: str, p: Party) -> Features:
    """Where a candidate stands among the candidates on its side of the trigger that no preposition
    governs, with the trigger's part of speech: the first free one after a verb is its subject in
    verb-first order, the one right before it in subject-first order, the first after a verbal noun
    its genitive (``هجوم داعش``)."""
    where, _ = _position(ctx.site, p)
    if where not in ("before", "after"):
        return {}
    pos = ctx.site.trig.pos if ctx.site.trig else "none"
    if p.governed:
        return {f"{where}|governed|{pos}": 1}
    side = [q for q in ctx.site.parties if not q.governed and q.paragraph == p.paragraph and _position(ctx.site, q)[0] == where]
    side.sort(key=lambda q: -q.first if where == "before" else q.first)
    rank = min(next((n for n, q in enumerate(side) if q is p), 0), 2)
    return {f"{where}|free{rank}|{pos}": 1, f"{where}|free{rank}|{pos}|type={t}": 1}
