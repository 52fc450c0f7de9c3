"""Features of word clusters (:mod:`rasad.clusters`): what the words of a site and of a party are
like, for words the annotations never held. A trigger seen once in training, or never, shares its
cluster with words that were triggers; a context word seen in no annotated sentence shares its
cluster with those that were.

Two families, registered after the families of :mod:`rasad.decide.features` (``site.sentence``
stays last, where :func:`~rasad.decide.features.site_score` adds its terms):

- ``site.cluster``: the trigger's clusters by type (256 and 1,024 clusters), the clusters of the
  words right before and after it, and the rate its cluster proposes the type at
  (:meth:`~rasad.decide.sites.TriggerWords.cluster_types`) with how often the stem itself was seen;
- ``site.cluster_sentence``: the sentence's words as a bag of 256 clusters, by type (as the
  ``s_word=`` features of ``site.sentence``, but reaching words no annotation held).

``party.cluster`` (the clusters of the words between a party and its trigger) was tried and
dropped: +0.001 CV event F1, direction 0.794 → 0.786 (docs/events.md).

A cluster id is looked up once per word form (:func:`word_clusters`) and a sentence's bag once
per sentence (kept on the paragraph).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from rasad.arabic.text import Paragraph
from rasad.clusters import LEVELS, Clusters, cluster_of, clusters
from rasad.decide.features import (
    NO_ROW,
    SITE_FEATURES,
    WORD_BOUND_ROWS,
    Context,
    Features,
    para_memo,
    site_feature,
    typed_rows,
)
from rasad.decide.sites import TriggerWords, content_stem, stem


@lru_cache(maxsize=20_000)
def word_clusters(norm: str) -> Clusters | None:
    """The clusters of a word (of its light stem), None for a word the corpus held too rarely."""
    return cluster_of(stem(norm))


def _seen_bucket(n: int) -> str:
    return "0" if n == 0 else "1" if n == 1 else "2-4" if n < 5 else "5-19" if n < 20 else "20+"


_Own = tuple[Clusters | None, Clusters | None, Clusters | None, dict[str, float], str]


def _own(ctx: Context) -> _Own:
    """The type-independent part of ``site.cluster`` (computed once per site)."""
    memo = ctx.memo.get("cluster")
    if memo is None:
        tokens, s = ctx.para.tokens, ctx.site
        prev = word_clusters(tokens[s.first - 1].norm) if s.first > s.first_tok else None
        after = word_clusters(tokens[s.last].norm) if s.last <= s.last_tok and s.last < len(tokens) else None
        words = ctx.words
        memo = ctx.memo["cluster"] = (cluster_of(s.stem), prev, after, words.cluster_types(s.stem),
                                      _seen_bucket(words.seen.get(s.stem, 0)))
    return memo  # type: ignore[no-any-return]


def _cluster_terms(ctx: Context, t: str, get: Callable[[str, float], float]) -> list[float]:
    """The terms of :func:`_cluster` (``weight × value``, nonzero, in its features' order)."""
    own, prev, after, proposes, seen = _own(ctx)
    terms: list[float] = []
    if own is None:
        if w := get(f"c=none|type={t}", 0.0):
            terms.append(w * 1)
    else:
        if w := get(f"c256={own[1]}|type={t}", 0.0):
            terms.append(w * 1)
        if w := get(f"c1024={own[2]}|type={t}", 0.0):
            terms.append(w * 1)
    if prev is not None and (w := get(f"prev_c256={prev[1]}|type={t}", 0.0)):
        terms.append(w * 1)
    if after is not None and (w := get(f"next_c256={after[1]}|type={t}", 0.0)):
        terms.append(w * 1)
    rate = proposes.get(t)
    if rate is not None:
        if w := get("cluster_rate", 0.0):
            terms.append(w * rate)
        if w := get(f"cluster_proposes|seen={seen}", 0.0):
            terms.append(w * 1)
    return terms


@site_feature("site.cluster", terms=_cluster_terms)
def _cluster(ctx: Context, t: str) -> Features:
    own, prev, after, proposes, seen = _own(ctx)
    out: Features = {}
    if own is None:
        out[f"c=none|type={t}"] = 1
    else:
        out[f"c256={own[1]}|type={t}"] = 1
        out[f"c1024={own[2]}|type={t}"] = 1
    if prev is not None:
        out[f"prev_c256={prev[1]}|type={t}"] = 1
    if after is not None:
        out[f"next_c256={after[1]}|type={t}"] = 1
    rate = proposes.get(t)
    if rate is not None:
        out["cluster_rate"] = rate
        out[f"cluster_proposes|seen={seen}"] = 1
    return out


def sentence_clusters(para: Paragraph, s_start: int, first_tok: int, last_tok: int) -> tuple[int, ...]:
    """The 256-level clusters of a sentence's content words, each once, in order (kept on the paragraph)."""
    key = f"site.cluster_sentence:{s_start}"
    got = para.cache.get(key)
    if got is None:
        ids = (c[1] for tok in para.tokens[first_tok : last_tok + 1]
               if content_stem(tok.norm) and (c := word_clusters(tok.norm)) is not None)
        got = para.cache[key] = tuple(dict.fromkeys(ids))
    return got  # type: ignore[no-any-return]


_BAG_ROWS: dict[int, tuple[dict[str, float], dict[str, tuple[float, ...]]]] = {}


def _bag_rows(weights: dict[str, float]) -> dict[str, tuple[float, ...]]:
    """A model's ``s_c256=C|type=T`` weights × 0.5 (the features' value) by type T, a column per
    cluster C (0.0 without a weight), found once per model: a sentence's terms for a type are its
    clusters' columns, read in C."""
    got = _BAG_ROWS.get(id(weights))
    if got is None or got[0] is not weights:
        by_type: dict[str, dict[int, float]] = {}
        for name, w in weights.items():
            if name.startswith("s_c256="):
                c, sep, t = name[len("s_c256="):].partition("|type=")
                if sep and c.isdigit():
                    by_type.setdefault(t, {})[int(c)] = w
        size = max([LEVELS[1], *(c + 1 for row in by_type.values() for c in row), *(c[1] + 1 for c in clusters().values())])
        rows = {t: tuple(row.get(c, 0.0) * 0.5 for c in range(size)) for t, row in by_type.items()}
        if len(_BAG_ROWS) >= 8:  # a cross-validation trains many models: keep none of the old ones alive
            _BAG_ROWS.clear()
        got = _BAG_ROWS[id(weights)] = (weights, rows)
    return got[1]


def bag_terms(weights: dict[str, float], para: Paragraph, s_start: int, first_tok: int, last_tok: int,
              t: str) -> list[float]:
    """The nonzero ``weight × 0.5`` of a sentence's ``site.cluster_sentence`` features for ``t``,
    in the features' order (what :func:`_bag` gives, summed as a linear model sums it), kept on
    the paragraph per sentence, type and model; callers only read it."""
    key = ("site.cluster_sentence.terms", s_start, t, id(weights))
    memo = para_memo(para)
    got = memo.get(key)
    if got is None:
        row = _bag_rows(weights).get(t)
        got = memo[key] = ([x for x in map(row.__getitem__, sentence_clusters(para, s_start, first_tok, last_tok)) if x]
                                 if row is not None else [])
    return got  # type: ignore[no-any-return]


def bag_sum(weights: dict[str, float], para: Paragraph, s_start: int, first_tok: int, last_tok: int, t: str) -> float:
    """The sum of :func:`bag_terms` (the same float: the zeros it adds change nothing), kept on the
    paragraph per sentence, type and model."""
    key = ("site.cluster_sentence.sum", s_start, t, id(weights))
    memo = para_memo(para)
    got = memo.get(key)
    if got is None:
        row = _bag_rows(weights).get(t)
        got = memo[key] = sum(map(row.__getitem__, sentence_clusters(para, s_start, first_tok, last_tok))) if row is not None else 0
    return got  # type: ignore[no-any-return]


def _bag_site_terms(ctx: Context, t: str, get: Callable[[str, float], float]) -> list[float]:
    s = ctx.site
    return bag_terms(get.__self__, ctx.para, s.s_start, s.first_tok, s.last_tok, t)  # type: ignore[attr-defined]


@site_feature("site.cluster_sentence", terms=_bag_site_terms)
def _cluster_sentence(ctx: Context, t: str) -> Features:
    s = ctx.site
    return _bag(ctx.para, s.s_start, s.first_tok, s.last_tok, t)


def _bag(para: Paragraph, s_start: int, first_tok: int, last_tok: int, t: str) -> Features:
    """The ``site.cluster_sentence`` features of a sentence for ``t`` (one dict per sentence and
    type, kept on the paragraph: its callers only read it)."""
    key = f"site.cluster_sentence:{s_start}:{t}"
    got = para.cache.get(key)
    if got is None:
        got = para.cache[key] = {f"s_c256={c}|type={t}": 0.5 for c in sentence_clusters(para, s_start, first_tok, last_tok)}
    return got  # type: ignore[no-any-return]


def _word_bound_terms(weights: dict[str, float], words: TriggerWords, para: Paragraph, i: int, stem_: str,
                      sentence: tuple[int, int, int, int], types: tuple[str, ...]) -> list[float]:
    """What the cluster families add to the score of a learned word alone at token ``i`` for each of
    ``types`` (:class:`~rasad.decide.features.WordBound`): the features of a site of that word, as
    :func:`_cluster` and :func:`_bag` give them; the stem's part summed once per stem and type, the
    neighbours' clusters found once per word, the sentence's bag summed once per sentence and type."""
    s_start, _, first_tok, last_tok = sentence
    get = weights.get
    out = [0.0] * len(types)
    if "site.cluster" in SITE_FEATURES:
        tokens, rows = para.tokens, typed_rows(weights)
        prev = word_clusters(tokens[i - 1].norm) if i > first_tok else None
        after = word_clusters(tokens[i + 1].norm) if i + 1 <= last_tok and i + 1 < len(tokens) else None
        prev_row = rows.get(f"prev_c256={prev[1]}", NO_ROW) if prev is not None else NO_ROW
        after_row = rows.get(f"next_c256={after[1]}", NO_ROW) if after is not None else NO_ROW
        for n, t in enumerate(types):
            got = _STEM_TERMS.get((stem_, t))
            if got is None or got[0] is not weights or got[1] is not words:
                own, proposes = cluster_of(stem_), words.cluster_types(stem_)
                z = (get(f"c256={own[1]}|type={t}", 0.0) + get(f"c1024={own[2]}|type={t}", 0.0) if own is not None
                     else get(f"c=none|type={t}", 0.0))
                rate = proposes.get(t)
                if rate is not None:
                    z += get("cluster_rate", 0.0) * rate + get(f"cluster_proposes|seen={_seen_bucket(words.seen.get(stem_, 0))}", 0.0)
                if len(_STEM_TERMS) >= 20_000:
                    _STEM_TERMS.clear()
                got = _STEM_TERMS[(stem_, t)] = (weights, words, z)
            total = got[2]
            total += prev_row.get(t, 0.0)
            total += after_row.get(t, 0.0)
            out[n] = total
    if "site.cluster_sentence" in SITE_FEATURES:
        for n, t in enumerate(types):
            out[n] += bag_sum(weights, para, s_start, first_tok, last_tok, t)
    return out


# the stem's terms by (stem, type), with the weights and trigger words they were summed from
_STEM_TERMS: dict[tuple[str, str], tuple[dict[str, float], TriggerWords, float]] = {}


WORD_BOUND_ROWS.append(_word_bound_terms)
# site_score adds the terms of site.sentence last: it stays the last family
SITE_FEATURES["site.sentence"] = SITE_FEATURES.pop("site.sentence")
