"""The trigger's frame as features of a candidate party: who is its recipient (issue 13, session 7).

Not registered by default (:func:`register` adds them to :data:`~rasad.decide.features.PARTY_FEATURES`;
``bench/party_cv.py`` does): they serve the models choosing every party (``rule_parties`` off),
which is not shipped yet (docs/events.md, session 7). The recipient
decision needs to know what the trigger takes besides its subject, which the ranking features of
:mod:`rasad.decide.party_extra` do not say:

- ``party.lexicon_frame``: the lexicon entry's own word on its target (``recipient: object``, the
  prepositions that mark it, ``reverse``) against how the candidate stands (governed by one of
  those prepositions, by another, or free, and where);
- ``party.stem_frame``: the trigger's stem with how the candidate stands: the model learns, per
  verb seen in training, whether it takes an object, which preposition marks its target, and
  which its subject (``التقى X Y``, ``بحث X مع Y``, ``دعا X Y إلى``);
- ``party.clitic``: a candidate whose first word carries a preposition joined to the article
  (``للنظام السوري``, ``بالحكومة``) though the units did not mark it governed (a set phrase or
  group noun matched with its clitic): governed, as a feature rather than a chunk boundary.

Tried and dropped by 5-fold CV (docs/events.md, session 7): ``party.slot``, a free candidate's rank
on its side with whether the other side has a free candidate too (the verb's object slot).
"""

from __future__ import annotations

from rasad.arabic.text import clitic_variants
from rasad.decide.features import PARTY_FEATURES, Context, Features, _position
from rasad.decide.sites import Party

FAMILIES = ("party.lexicon_frame", "party.stem_frame", "party.clitic")


def _standing(ctx: Context, p: Party) -> str:
    """How a candidate stands to the trigger: ``governed:PREP``, or ``freeN`` (its rank among the
    free candidates of its side, at most 2), with the side."""
    memo = ctx.memo.setdefault("party_frame", {})
    got = memo.get(id(p))
    if got is not None:
        return got
    where, _ = _position(ctx.site, p)
    if where not in ("before", "after"):
        got = where
    elif p.governed:
        got = f"{where}|{p.prep}"
    else:
        side = [q for q in ctx.site.parties if not q.governed and q.paragraph == p.paragraph
                and _position(ctx.site, q)[0] == where]
        side.sort(key=lambda q: -q.first if where == "before" else q.first)
        rank = min(next((n for n, q in enumerate(side) if q is p), 0), 2)
        got = f"{where}|free{rank}"
    memo[id(p)] = got
    return got


def _lexicon_frame(ctx: Context, t: str, p: Party) -> Features:
    """The lexicon's word on the trigger's target (``recipient: [مع, ب]`` for ``بحث``) against the
    candidate: governed by one of those prepositions (``مع الوزير``), free after a verb whose target
    is its object, or neither."""
    trig = ctx.site.trig
    if trig is None or trig.type != t:
        return {}
    standing = _standing(ctx, p)
    rec = trig.recipient
    rev = "|reverse" if trig.reverse else ""
    if rec is None:
        return {f"lex=none|{standing}{rev}": 1}
    if rec == "object":
        return {f"lex=object|{standing}{rev}": 1}
    preps = rec if isinstance(rec, tuple) else (rec,)
    if p.governed:
        match = "listed" if p.prep in preps else "other"
        where = standing.split("|", 1)[0]
        return {f"lex=preps|{where}|{match}{rev}": 1, f"lex=preps|{where}|{match}|type={t}": 1}
    return {f"lex=preps|{standing}{rev}": 1}


def _stem_frame(ctx: Context, t: str, p: Party) -> Features:
    """The trigger's stem and how the candidate stands to it (``التقى`` with the second free party
    after it, ``بحث`` with one after ``مع``): a verb's own frame, learned where the training data
    has it."""
    standing = _standing(ctx, p)
    if standing in ("rule", "title", "prev", "inside"):
        return {}
    return {f"{ctx.site.stem}|{standing}": 1}


def _clitic(ctx: Context, t: str, p: Party) -> Features:
    """A free candidate whose first word is a preposition joined to the article (``للنظام``,
    ``بالحكومة``, ``وللحكومة``): governed after all."""
    if p.governed or p.first < 0 or p.paragraph != ctx.para.index or p.first >= len(ctx.para.tokens):
        return {}
    norm = ctx.para.tokens[p.first].norm
    bare = norm[1:] if norm[:1] in "وف" and len(clitic_variants(norm)) > 1 else norm
    if bare.startswith("لل") or bare.startswith("بال"):
        where = _position(ctx.site, p)[0]
        return {f"clitic={bare[0]}|{where}": 1, f"clitic={bare[0]}|{where}|type={t}": 1}
    return {}



def register() -> None:
    """Add the families to :data:`~rasad.decide.features.PARTY_FEATURES` (a model trained with them
    needs them registered where it is applied)."""
    PARTY_FEATURES.update(zip(FAMILIES, (_lexicon_frame, _stem_frame, _clitic), strict=True))
