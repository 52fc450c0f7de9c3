"""How much evidence the annotations hold for a site's word as a trigger of a type.

``site.learned_rate`` weighs the share of a stem's training occurrences that were gold triggers
(``gold / seen``): a stem annotated once in one occurrence has rate 1.0, as has one annotated fifty
times in fifty. ``site.evidence`` gives the model the counts themselves, bucketed: how many gold
triggers of the candidate type the stem was (0 for a lexicon form never annotated as that type),
by the site's source, and the rate by bucket with how often the stem occurred in training text.
A word the annotators coded once, that occurs a hundred times, is rarely an event; one coded in
most of its occurrences nearly always is.

The counts are the trigger words' (:class:`~rasad.decide.sites.TriggerWords`), which in training
are each document's without what it contributed (``train.JACKKNIFE``), so the buckets mean the
same at training and at use. :class:`~rasad.decide.features.WordBound` gets the family's terms
through :data:`~rasad.decide.features.WORD_BOUND_ROWS`.
"""

from __future__ import annotations

from rasad.arabic.text import Paragraph
from rasad.decide.features import SITE_FEATURES, Context, Features, register_site_families
from rasad.decide.sites import TriggerWords, source_of


def _bucket(n: int) -> str:
    return "0" if n <= 0 else "1" if n == 1 else "2-3" if n < 4 else "4-9" if n < 10 else "10+"


def _rate_bucket(r: float) -> str:
    return "<.02" if r < 0.02 else "<.05" if r < 0.05 else "<.15" if r < 0.15 else "<.4" if r < 0.4 else ">=.4"


def _names(words: TriggerWords, stem_: str, t: str, src: str) -> tuple[str, ...]:
    got = words.types.get(stem_)
    n = got.get(t, 0) if got else 0
    seen = words.seen.get(stem_, 0)
    total = sum(got.values()) if got else 0
    rate = total / max(seen, total, 1)
    return (f"ev_n={_bucket(n)}|src={src}", f"ev_n={_bucket(n)}|type={t}",
            f"ev_rate={_rate_bucket(rate)}|seen={_bucket(seen)}")


def _evidence(ctx: Context, t: str) -> Features:
    src = source_of(ctx.site, t, ctx.words).split(".")[0]
    return dict.fromkeys(_names(ctx.words, ctx.site.stem, t, src), 1)


def _word_bound_terms(weights: dict[str, float], words: TriggerWords, para: Paragraph, i: int, stem_: str,
                      sentence: tuple[int, int, int, int], types: tuple[str, ...]) -> list[float]:
    """What ``site.evidence`` adds to the score of a learned word alone for each of ``types`` (its
    source ``learned`` or ``cluster``, as :func:`~rasad.decide.sites.source_of` sees it)."""
    if "site.evidence" not in SITE_FEATURES:
        return [0.0] * len(types)
    get, got = weights.get, words.types.get(stem_, ())
    return [sum(get(name, 0.0) for name in _names(words, stem_, t, "learned" if t in got else "cluster")) for t in types]


FAMILIES = ('site.evidence',)


def register(families: tuple[str, ...] = FAMILIES) -> None:
    """Register the families (a model trained with them needs them registered where it is applied):
    :mod:`rasad.decide.features` registers those cross-validation kept; ``bench/site_cv.py`` all."""
    register_site_families({"site.evidence": _evidence}, families, _word_bound_terms)
