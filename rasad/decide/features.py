"""Named features of sites and parties: what the trained models weigh.

Every feature family is a function registered in :data:`SITE_FEATURES` or
:data:`PARTY_FEATURES` under an id; it returns the feature names it fires (a weight of 1) or a
dict of names to values. ``rasad explain`` prints the ids with the largest weights. The rule
predicates of the earlier design (a framing word, a relative clause, a first person, a
possessive trigger, the rule's chosen actor ...) live on as features here: the data decides how
much each counts.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any

from rasad.arabic.normalize import normalize
from rasad.arabic.text import Paragraph, Token, clitic_variants
from rasad.decide.anaphora import KIND as ANAPHOR
from rasad.decide.model import Linear, Weights, WordTerms
from rasad.decide.sites import (
    Party,
    Room,
    Site,
    TriggerWords,
    content_stem,
    lexicon_triggers,
    party_room,
    sentence_of,
    source_of,
    stem,
    unit_window,
)
from rasad.lexicon import cues, load_lexicon
from rasad.model import Document
from rasad.stages.events import is_cue

Features = dict[str, float]


@dataclass(slots=True)
class Context:
    """What every feature function may read: the site, its paragraph, the document's skipped
    reasons and the learned trigger words. ``memo`` keeps what a feature function computed for
    the site and does not depend on the candidate type (the functions are called once per type)."""

    site: Site
    para: Paragraph
    skipped: dict[tuple[int, str], str]
    words: TriggerWords
    title_stems: frozenset[str] = frozenset()
    doc: Document | None = None  # for what the sentence holds besides the trigger (gated features)
    memo: dict[str, Any] = field(default_factory=dict)
    keys: dict[str, int] = field(default_factory=dict)  # family → the number of its key for the site (site_scores)


SiteFeature = Callable[[Context, str], Features]
SiteKey = Callable[[Context], Hashable]
PartyFeature = Callable[[Context, str, Party], Features]
SITE_FEATURES: dict[str, SiteFeature] = {}
SITE_KEYS: dict[str, SiteKey] = {}  # family → what its features of a site depend on, besides the type
SiteTerms = Callable[[Context, str, Callable[[str, float], float]], list[float]]
SITE_TERMS: dict[str, SiteTerms] = {}  # family → its nonzero terms in its features' order, given weights.get
PARTY_FEATURES: dict[str, PartyFeature] = {}
# what the site families of other modules add to a learned word's score in WordBound:
# fn(weights, words, paragraph, token, stem, (s_start, s_end, first_tok, last_tok), type) -> float
WORD_BOUND_TERMS: list[Callable[[dict[str, float], TriggerWords, Paragraph, int, str, tuple[int, int, int, int], str], float]] = []
# the same for all the word's types at once (one call per word, not per type): their terms in the types' order
WORD_BOUND_ROWS: list[Callable[[dict[str, float], TriggerWords, Paragraph, int, str, tuple[int, int, int, int],
                                tuple[str, ...]], list[float]]] = []


WordBoundRow = Callable[[dict[str, float], TriggerWords, Paragraph, int, str, tuple[int, int, int, int], tuple[str, ...]], list[float]]


def register_site_families(fns: dict[str, SiteFeature], families: tuple[str, ...], row: WordBoundRow) -> None:
    """Register the opt-in site families ``fns`` named in ``families`` (a model trained with them
    needs them registered where it is applied) and their word-bound row (once); ``site.sentence``
    stays the last family, as :func:`site_score` adds its terms last."""
    for fid, fn in fns.items():
        if fid in families:
            site_feature(fid)(fn)
    if row not in WORD_BOUND_ROWS:
        WORD_BOUND_ROWS.append(row)
    SITE_FEATURES["site.sentence"] = SITE_FEATURES.pop("site.sentence")


def site_feature(fid: str, key: SiteKey | None = None, terms: SiteTerms | None = None) -> Callable[[SiteFeature], SiteFeature]:
    """Register a family of site features. For :func:`site_score`, two optional fast paths
    (without either, it sums the family's features as :meth:`Linear.score` does):

    - ``key`` returns everything the family's features of a site depend on but the type (a
      hashable value, or None when it cannot say): the family's terms are then computed once per
      model, key and type, not per site (for families whose values repeat across sites);
    - ``terms`` returns the nonzero ``weight × value`` of the family's features for a type, in
      their order, given the model's ``weights.get`` (for families whose values do not repeat).

    Either must follow the features exactly (every input, every name, the order), or scores
    would be wrong: the tests compare :func:`site_score` with the plain sum over
    :func:`site_features` with ``==``."""
    def register(fn: SiteFeature) -> SiteFeature:
        SITE_FEATURES[fid] = fn
        for table, value in ((SITE_KEYS, key), (SITE_TERMS, terms)):
            if value is not None:
                table[fid] = value  # type: ignore[assignment]
            else:
                table.pop(fid, None)
        return fn
    return register


def party_feature(fid: str) -> Callable[[PartyFeature], PartyFeature]:
    def register(fn: PartyFeature) -> PartyFeature:
        PARTY_FEATURES[fid] = fn
        return fn
    return register


# word lists of the lexicon files that frame a trigger: (file, key) → the feature's name
_FRAMES = {
    ("occurrence.yaml", "not_done_frames"): "not_done", ("occurrence.yaml", "background_frames"): "background",
    ("occurrence.yaml", "hedges"): "hedge", ("occurrence.yaml", "generic_heads"): "generic",
    ("occurrence.yaml", "expected"): "expected", ("occurrence.yaml", "relatives"): "relative",
    ("occurrence.yaml", "cumulative_words"): "cumulative", ("cues.yaml", "hypothetical"): "hypothetical",
    ("cues.yaml", "claimed"): "claimed", ("cues.yaml", "future"): "future", ("context.yaml", "topic_words"): "topic",
    ("context.yaml", "demonstratives"): "demonstrative",
}


@lru_cache(maxsize=1)
def _framing() -> dict[str, frozenset[str]]:
    """Word lists the features look for near a trigger, from the lexicon files (one-word entries)."""
    out: dict[str, frozenset[str]] = {}
    for (file, key), name in _FRAMES.items():
        words = load_lexicon(file).get(key) or []
        out[name] = frozenset(normalize(str(w)) for w in words if " " not in str(w))
    return out


@lru_cache(maxsize=1)
def _frame_index() -> dict[str, tuple[str, ...]]:
    """Each framing word → the names of the lists that hold it."""
    index: dict[str, tuple[str, ...]] = {}
    for name, words in _framing().items():
        for w in words:
            index[w] = (*index.get(w, ()), name)
    return index


@lru_cache(maxsize=20_000)
def _frames_of(norm: str) -> tuple[str, ...]:
    """The framing lists a word (or the word without its proclitics) is in."""
    index = _frame_index()
    return (*index.get(norm, ()), *index.get(clitic_variants(norm)[-1], ()))


def _words_before(ctx: Context, n: int) -> list[Token]:
    s = ctx.site
    return ctx.para.tokens[max(s.first_tok, s.first - n) : s.first]


def _bare(tok: Token) -> str:
    return clitic_variants(tok.norm)[-1]


# ---- sites -------------------------------------------------------------------------------------

@site_feature("site.type", key=lambda ctx: tuple(ctx.site.types.items()))
def _type(ctx: Context, t: str) -> Features:
    src = source_of(ctx.site, t, ctx.words).split(".")[0]
    return {f"type={t}": 1, f"src={src}": 1, f"type={t}|src={src}": 1, f"nsrc={min(len(ctx.site.types), 3)}": 1}


@site_feature("site.word", key=lambda ctx: (ctx.site.stem, min(ctx.site.last - ctx.site.first, 3)))
def _word(ctx: Context, t: str) -> Features:
    s = ctx.site
    return {f"stem={s.stem}|type={t}": 1, f"stem={s.stem}": 1, f"len={min(s.last - s.first, 3)}|type={t}": 1}


def _entry_key(ctx: Context) -> Hashable:
    trig = ctx.site.trig
    return None if trig is None else (trig.type, trig.future, trig.rule, trig.pos, ctx.site.future)


@site_feature("site.lexicon_entry", key=lambda ctx: ("entry", _entry_key(ctx)))
def _entry(ctx: Context, t: str) -> Features:
    trig = ctx.site.trig
    if trig is None:
        return {"no_entry": 1}
    same = "same" if t == trig.type else ("future" if t == trig.future else "other")
    return {f"entry={trig.rule}|{same}": 1, f"pos={trig.pos}|{same}": 1, f"future_prefix={ctx.site.future}|{same}": 1}


def _rule_event_key(ctx: Context) -> Hashable:
    e = ctx.site.rule_event
    if e is None:
        why = ctx.skipped.get((ctx.site.paragraph, ctx.site.trigger))
        return None, why[:40] if why else None
    return e.type, e.rule.split("(actor: ")[-1].rstrip(")")[:30], e.modality, min(len(e.actor), 1), min(len(e.recipient), 1)


@site_feature("site.rule_event", key=_rule_event_key)
def _rule_event(ctx: Context, t: str) -> Features:
    e = ctx.site.rule_event
    if e is None:
        why = ctx.skipped.get((ctx.site.paragraph, ctx.site.trigger))
        out: Features = {"rule_none": 1, f"rule_none|type={t}": 1}
        if why:
            out[f"skipped={why[:40]}"] = 1
        return out
    same = e.type == t
    how = e.rule.split("(actor: ")[-1].rstrip(")")[:30]
    return {f"rule_same={same}": 1, f"rule_same={same}|type={t}": 1, f"rule_how={how}|{same}": 1,
            f"rule_modality={e.modality}|{same}": 1, f"rule_parties={min(len(e.actor), 1)}{min(len(e.recipient), 1)}": 1}


@site_feature("site.learned_rate", key=lambda ctx: ctx.site.stem)  # the terms are cached per model and words
def _learned(ctx: Context, t: str) -> Features:
    got = ctx.words.types.get(ctx.site.stem)
    if not got:
        return {"unseen_stem": 1}
    memo = ctx.memo.get("learned")
    if memo is None:
        memo = ctx.memo["learned"] = (sum(got.values()), ctx.words.rate(ctx.site.stem))
    total, rate = memo
    share = got.get(t, 0) / total
    return {"learned_rate": rate, "learned_share": share, "learned_top": float(share >= 0.5)}


def _context_memo(ctx: Context) -> tuple[str | None, str | None, str | None, str, str, str]:
    memo = ctx.memo.get("context")
    if memo is None:
        tokens, s = ctx.para.tokens, ctx.site
        prev = f"prev={_bare(tokens[s.first - 1])}" if s.first > s.first_tok else None
        prev2 = f"prev2={_bare(tokens[s.first - 2])}" if s.first - 1 > s.first_tok else None
        after = f"next={_bare(tokens[s.last])}|type=" if s.last <= s.last_tok else None
        memo = ctx.memo["context"] = (prev, prev2, after, f"title={ctx.para.index < 0}|type=",
                                      f"para={min(max(ctx.para.index, -1), 3)}", f"sent_pos={min(s.first - s.first_tok, 8) // 2}")
    return memo  # type: ignore[no-any-return]


def _context_terms(ctx: Context, t: str, get: Callable[[str, float], float]) -> list[float]:
    """The terms of :func:`_context` (a weight × 1 is the weight)."""
    prev, prev2, after, title, para, sent_pos = _context_memo(ctx)
    names = [prev, f"{prev}|type={t}"] if prev is not None else []
    if prev2 is not None:
        names.append(prev2)
    if after is not None:
        names.append(after + t)
    names += (title + t, para, sent_pos)
    return [w for name in names if (w := get(name, 0.0))]


@site_feature("site.context", terms=_context_terms)
def _context(ctx: Context, t: str) -> Features:
    prev, prev2, after, title, para, sent_pos = _context_memo(ctx)
    out: Features = {}
    if prev is not None:
        out[prev] = 1
        out[f"{prev}|type={t}"] = 1
    if prev2 is not None:
        out[prev2] = 1
    if after is not None:
        out[after + t] = 1
    out[title + t] = 1
    out[para] = 1
    out[sent_pos] = 1
    return out


def _framing_memo(ctx: Context) -> tuple[bool, tuple[str, ...], bool, bool]:
    memo = ctx.memo.get("framing")
    if memo is None:
        c, index = cues(), _frame_index()
        before = [tok.norm for tok in _words_before(ctx, 4)]
        found = {name for w in before for form in (w, clitic_variants(w)[-1]) for name in index.get(form, ())}
        names = [name for name in _framing() if name in found]  # in the lists' order
        text, s = ctx.para.text, ctx.site
        tok = ctx.para.tokens[s.first]
        memo = ctx.memo["framing"] = (
            any(w in c.negation for w in before[-2:]), tuple(names),
            text.find("؟", s.s_start, s.s_end) >= 0 or text.find("?", s.s_start, s.s_end) >= 0,
            tok.norm.endswith(("ه", "ها", "هم")) and s.trig is not None and s.trig.pos == "noun")
    return memo  # type: ignore[no-any-return]


@site_feature("site.framing", key=_framing_memo)
def _framing_words(ctx: Context, t: str) -> Features:
    negated, names, question, possessive = _framing_memo(ctx)
    out: Features = {}
    if negated:
        out["negated"] = 1
    for name in names:
        out[f"frame={name}"] = 1
        out[f"frame={name}|type={t}"] = 1
    if question:
        out["question"] = 1
    if possessive:
        out["possessive_noun"] = 1
    return out


def _parties_memo(ctx: Context) -> tuple[Any, ...]:
    memo = ctx.memo.get("parties") if ctx.site.parties_found else None
    if memo is None:
        s = ctx.site
        # an anaphoric noun is no unit: PartiesBound, which bounds these from the units, counts it not
        here = [p for p in s.parties if not p.previous_sentence and p.first >= 0 and p.kind != ANAPHOR]
        before = [p for p in here if p.last <= s.first]
        after = [p for p in here if p.first >= s.last]
        near_before = f"near_before={before[-1].kind}|d={_bucket(s.first - before[-1].last)}" if before else None
        near_after = None
        if after:
            p = after[0]
            near_after = (f"near_after={p.kind}|{p.prep if p.governed else 'free'}|type=", f"near_after_d={_bucket(p.first - s.last)}")
        memo = (f"parties_before={min(len(before), 2)}", f"parties_after={min(len(after), 2)}",
                f"parties={min(len(here), 2)}|type=", near_before, near_after)
        if s.parties_found:
            ctx.memo["parties"] = memo
    return memo  # type: ignore[no-any-return]


def _parties_terms(ctx: Context, t: str, get: Callable[[str, float], float]) -> list[float]:
    """The terms of :func:`_parties` (a weight × 1 is the weight)."""
    n_before, n_after, n_here, near_before, near_after = _parties_memo(ctx)
    names = [n_before, n_after, n_here + t]
    if near_before is not None:
        names.append(near_before)
    if near_after is not None:
        names += (near_after[0] + t, near_after[1])
    return [w for name in names if (w := get(name, 0.0))]


@site_feature("site.parties", terms=_parties_terms)
def _parties(ctx: Context, t: str) -> Features:
    """How many parties the sentence names on each side, and of what kind the nearest are
    (:func:`parties_bound` is the most these features can weigh, for any parties)."""
    n_before, n_after, n_here, near_before, near_after = _parties_memo(ctx)
    out: Features = {n_before: 1, n_after: 1, n_here + t: 1}
    if near_before is not None:
        out[near_before] = 1
    if near_after is not None:
        out[near_after[0] + t] = 1
        out[near_after[1]] = 1
    return out


class PartiesBound:
    """The most the ``site.parties`` features can add to a site's score for a type, given the room
    the units of its window leave for parties (:func:`~rasad.decide.sites.party_room`): a site
    whose other features with this bound stay below the threshold is no event, and its parties
    need not be looked for. Must follow :func:`_parties`."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights
        self.near_before: dict[str, float] = {}  # kind → its best weight at any distance
        self.near_after: dict[tuple[str, str], dict[str, float]] = {}  # (kind, preposition) → type → weight
        self.near_after_d = max([0.0] + [w for k, w in weights.items() if k.startswith("near_after_d=")])
        for k, w in weights.items():
            if k.startswith("near_before=") and "|d=" in k:
                kind = k[len("near_before="):].rsplit("|d=", 1)[0]
                self.near_before[kind] = max(self.near_before.get(kind, 0.0), w)
            elif k.startswith("near_after=") and "|type=" in k:
                head, t = k[len("near_after="):].rsplit("|type=", 1)
                kind, _, prep = head.partition("|")
                self.near_after.setdefault((kind, prep), {})[t] = w
        self._counts: dict[tuple[str, int, int, int], dict[tuple[bool, bool], float]] = {}
        self._by_number: dict[tuple[str, int, int, int], float] = {}

    def counts(self, t: str, before: int, after: int, here: int) -> dict[tuple[bool, bool], float]:
        """The best weight of the party counts, by whether any party is before and after."""
        key = (t, min(before, 2), min(after, 2), min(here, 2))
        out = self._counts.get(key)
        if out is None:
            w, out = self.weights, {}
            for b in range(key[1] + 1):
                for a in range(key[2] + 1):
                    for h in range(min(b + a, 2), key[3] + 1):  # a party may overlap the trigger
                        v = w.get(f"parties_before={b}", 0.0) + w.get(f"parties_after={a}", 0.0) + w.get(f"parties={h}|type={t}", 0.0)
                        flags = (b > 0, a > 0)
                        out[flags] = max(out.get(flags, -math.inf), v)
            self._counts[key] = out
        return out

    def by_number(self, t: str, window: tuple[int, int, int, int]) -> float:
        """A looser bound from the number of units alone (:func:`~rasad.decide.sites.unit_window`)."""
        a, b, c, d = window
        key = (t, min(b - a, 2), min(d - c, 2), min(d - a, 2))
        bound = self._by_number.get(key)
        if bound is None:
            before = max([0.0, *self.near_before.values()])
            after = max([0.0] + [ws.get(t, 0.0) for ws in self.near_after.values()]) + self.near_after_d
            bound = self._by_number[key] = max(v + (before if nb else 0.0) + (after if na else 0.0)
                                               for (nb, na), v in self.counts(*key).items())
        return bound

    def __call__(self, t: str, room: Room) -> float:
        before = max([0.0] + [self.near_before.get(k, 0.0) for k in room.kinds_before])
        after = 0.0
        for k in room.kinds_after:
            for p in room.preps_after:
                after = max(after, self.near_after.get((k, p), {}).get(t, 0.0))
        after += self.near_after_d
        return max(v + (before if b else 0.0) + (after if a else 0.0)
                   for (b, a), v in self.counts(t, room.before, room.after, room.here).items())


class WordBound:
    """The most a site made of a learned trigger word alone (no lexicon form, no rule event) can
    score, before the site is built: its features but ``site.parties`` as the site features
    give them, with the most :class:`PartiesBound` says the parties can add. A word below the
    threshold by this bound is never an event, whatever its parties, and is no site. It follows
    the site features: ``tests/test_decide.py`` checks that both give one score."""

    def __init__(self, weights: dict[str, float], bias: float, words: TriggerWords, parties: PartiesBound,
                 reported_only: bool, only: frozenset[str] | None = None) -> None:
        self.w, self.bias, self.words, self.parties = weights, bias, words, parties
        self.reported_only = reported_only
        self.only = only  # the types this bound is for (None: every usable type); another model bounds the rest
        self._static: dict[str, dict[str, float]] = {}

    def _sentence(self, para: Paragraph, s_start: int, s_end: int, first_tok: int, last_tok: int,
                  doc: Document | None, t: str, exact: bool) -> float:
        """The weight of the ``site.sentence`` features for ``t``: one sum per sentence and type
        (kept on the paragraph with the sentence's facts); not ``exact``: :func:`sentence_sum`."""
        if not exact:
            return sentence_sum(self.w, para, s_start, s_end, first_tok, last_tok, doc, t)
        key = ("word_bound.sentence", s_start, t, doc is not None, id(self))
        memo = para_memo(para)
        got = memo.get(key)
        if got is None:
            got = memo[key] = sum(sentence_terms(self.w, para, s_start, s_end, first_tok, last_tok, doc, t))
        return float(got)

    def static(self, stem_: str) -> dict[str, float]:
        """Each usable type of a learned word → the score of its features that do not depend on
        where the word is."""
        out = self._static.get(stem_)
        if out is None:
            from rasad.decide.coder import usable_types

            site = Site(0, 0, 1, 0, 0, 0, 0, "", stem_, types=self.words.candidate_types(stem_) or {})
            ctx = Context(site, Paragraph(0, ""), {}, self.words)
            w = self.w
            out = {}
            for t in usable_types(site, self.words, self.reported_only):
                if self.only is not None and t not in self.only:
                    continue
                f: Features = {}
                for fn in (_type, _word, _entry, _learned):
                    f.update(fn(ctx, t))
                out[t] = self.bias + sum(w.get(k, 0.0) * v for k, v in f.items()) + w.get("rule_none", 0.0) + w.get(f"rule_none|type={t}", 0.0)
            if len(self._static) >= 20_000:  # cluster-proposed stems: as many as the corpus has words
                self._static.clear()
            self._static[stem_] = out
        return out

    def __call__(self, para: Paragraph, i: int, stem_: str, skipped: dict[tuple[int, str], str],
                 heads: frozenset[str], units: tuple[list[int], list[tuple[str, str]]], below: float = -math.inf,
                 doc: Document | None = None, exact: bool = True) -> float:
        """The bound of the score of the word at token ``i`` of ``para`` (its best type);
        ``units``: the paragraph's actor units (:meth:`~rasad.decide.sites.SiteFinder.unit_view`).
        A looser bound, when one already falls under ``below``. Not ``exact``: the sentence's
        terms added in another order (:func:`sentence_sum`), the bound off by a few units of the
        last bit (a caller comparing it with a threshold recomputes it exactly when that near)."""
        static = self.static(stem_)
        if not static:
            return -math.inf
        w, tokens = self.w, para.tokens
        tok = tokens[i]
        s_start, s_end, first_tok, last_tok = sentence_of(para, i)
        # site.rule_event (the skipped reason), site.document, site.context, site.framing
        base = w.get(f"in_title={stem_ in heads}|title={para.index < 0}", 0.0)
        if skipped:
            why = skipped.get((para.index, para.text[tok.start : tok.end]))
            if why:
                base += w.get(f"skipped={why[:40]}", 0.0)
        prev = f"prev={_bare(tokens[i - 1])}" if i > first_tok else None
        if prev is not None:
            base += w.get(prev, 0.0)
        if i - 1 > first_tok:
            base += w.get(f"prev2={_bare(tokens[i - 2])}", 0.0)
        after = f"next={_bare(tokens[i + 1])}" if i + 1 <= last_tok else None
        base += w.get(f"para={min(max(para.index, -1), 3)}", 0.0) + w.get(f"sent_pos={min(i - first_tok, 8) // 2}", 0.0)
        before = tokens[max(first_tok, i - 4) : i]
        negation = cues().negation
        if any(x.norm in negation for x in before[-2:]):
            base += w.get("negated", 0.0)
        frames: tuple[str, ...] = ()
        found = [names for x in before if (names := _frames_of(x.norm))]
        if found:
            frames = tuple(name for name in _framing() if any(name in names for names in found))
            for name in frames:
                base += w.get(f"frame={name}", 0.0)
        text = para.text
        if text.find("؟", s_start, s_end) >= 0 or text.find("?", s_start, s_end) >= 0:
            base += w.get("question", 0.0)
        # the typed features by their rows: one lookup of each base, then one per type
        rows = typed_rows(w)
        title = rows.get(f"title={para.index < 0}", NO_ROW)
        prev_row = rows.get(prev, NO_ROW) if prev is not None else NO_ROW
        after_row = rows.get(after, NO_ROW) if after is not None else NO_ROW
        frame_rows = [row for name in frames if (row := rows.get(f"frame={name}"))]
        sentence = (s_start, s_end, first_tok, last_tok)
        types = tuple(static)
        extras = [fn(w, self.words, para, i, stem_, sentence, types) for fn in WORD_BOUND_ROWS]
        # the sentence's sums by type (not exact: sentence_sum's, found once per sentence, type and model)
        sums = None if exact else _sentence_memo(w, para, s_start, s_end, first_tok, last_tok, doc)[3]
        scores: dict[str, float] = {}
        for n, (t, score) in enumerate(static.items()):
            got = None if sums is None else sums.get(t)
            if got is None:
                got = self._sentence(para, s_start, s_end, first_tok, last_tok, doc, t, exact)
            z = score + base + title.get(t, 0.0) + got + prev_row.get(t, 0.0) + after_row.get(t, 0.0)
            for row in frame_rows:
                z += row.get(t, 0.0)
            for terms in extras:
                z += terms[n]
            for extra in WORD_BOUND_TERMS:
                z += extra(w, self.words, para, i, stem_, sentence, t)
            scores[t] = z
        # the parties by their number first (cheaper), by their kinds only if that is not enough
        window = unit_window(units[0], i, i + 1, first_tok, last_tok)
        loose = max(z + self.parties.by_number(t, window) for t, z in scores.items())
        if loose < below:
            return loose
        room = party_room(units, i, i + 1, first_tok, last_tok)
        return max(z + self.parties(t, room) for t, z in scores.items())


@site_feature("site.document", key=lambda ctx: (ctx.site.stem in ctx.title_stems, ctx.para.index < 0))
def _document(ctx: Context, t: str) -> Features:
    """Is the trigger's word the news of the title too?"""
    return {f"in_title={ctx.site.stem in ctx.title_stems}|title={ctx.para.index < 0}": 1}


# ---- violence and protest: is the sentence a report of one? ----------------------------------------

@site_feature("site.sentence")
def _sentence(ctx: Context, t: str) -> Features:
    """What a report of an act holds: a date, a number, a place, named parties; and the sentence's
    words (the GSR's sentences are judged as wholes; the leads' events gain from them too)."""
    s = ctx.site
    facts = sentence_facts(ctx.para, s.s_start, s.s_end, s.first_tok, s.last_tok, ctx.doc)
    return sentence_features(facts, t, ctx.doc is not None)


SentenceFacts = tuple[bool, bool, frozenset[str], tuple[str, ...], int]
_WORDS_KEY = "site.sentence.words_of_paragraph"


def sentence_facts(para: Paragraph, s_start: int, s_end: int, first_tok: int, last_tok: int,
                   doc: Document | None) -> SentenceFacts:
    """The type-independent facts of a sentence (a number, a date, the kinds of its entities, its
    word stems, its length), found once per sentence and kept on the paragraph."""
    key = f"site.sentence:{s_start}"
    facts = para.cache.get(key)
    if facts is None:
        here = range(s_start, s_end)
        time = doc is not None and any(x.paragraph == para.index and x.start in here for x in doc.times)
        kinds = frozenset(m.type for m in doc.entities if m.paragraph == para.index and m.start in here) if doc else frozenset()
        words = para.cache.get(_WORDS_KEY)
        if words is None:  # each token's content stem and whether it holds a digit, once per paragraph
            words = para.cache[_WORDS_KEY] = ([content_stem(tok.norm) for tok in para.tokens],
                                              [any(map(str.isdigit, tok.text)) for tok in para.tokens])
        stems = tuple(dict.fromkeys(filter(None, words[0][first_tok : last_tok + 1])))
        number = any(words[1][first_tok : last_tok + 1])
        facts = para.cache[key] = (number, time, kinds, stems, min(len(para.tokens[first_tok : last_tok + 1]) // 10, 5))
    return facts


def sentence_terms(weights: dict[str, float], para: Paragraph, s_start: int, s_end: int, first_tok: int,
                   last_tok: int, doc: Document | None, t: str) -> tuple[float, ...]:
    """``weight × value`` of each ``site.sentence`` feature of a sentence for type ``t``, in the
    features' order: what a linear model's sum adds for them (one tuple per sentence, type and
    model, kept on the paragraph: a sentence holds many sites, and its words are most features)."""
    key = f"site.sentence.terms:{s_start}:{t}:{doc is not None}:{id(weights)}"
    got = para.cache.get(key)
    if got is None:
        number, time, kinds, stems, length = sentence_facts(para, s_start, s_end, first_tok, last_tok, doc)
        index = word_terms(weights)
        head = _sentence_head(weights, index, t, number, length, time, kinds, doc is not None)
        # for each word, its typed term then its plain one (0.0 without a weight): the sentence's
        # words are looked up once for every type (a model's word weights are large: each lookup
        # misses the CPU's caches), and the lookups run in C, not in Python
        plain, rows = _sentence_words(weights, para, s_start, stems)
        column = index.columns.get(t)
        typed = map(itemgetter(column), rows) if column is not None else itertools.repeat(0.0, len(rows))
        got = para.cache[key] = (*head, *itertools.chain.from_iterable(zip(typed, plain, strict=True)))
    return got  # type: ignore[no-any-return]


def sentence_sum(weights: dict[str, float], para: Paragraph, s_start: int, s_end: int, first_tok: int,
                 last_tok: int, doc: Document | None, t: str) -> float:
    """The sum of :func:`sentence_terms`, added in another order (the sentence's other terms,
    then its words' plain terms, then their typed ones: the two word sums are shared by every
    type of the sentence): equal to it within a few units of the last bit, not to the last bit.
    For bounds, not for scores."""
    facts, plain_sum, rows, by_type = _sentence_memo(weights, para, s_start, s_end, first_tok, last_tok, doc)
    total = by_type.get(t)
    if total is None:
        number, time, kinds, _, length = facts
        index = word_terms(weights)
        column = index.columns.get(t)
        typed = sum(map(itemgetter(column), rows)) if column is not None else 0.0
        total = by_type[t] = sum(_sentence_head(weights, index, t, number, length, time, kinds, doc is not None)) + plain_sum + typed
    return total  # type: ignore[no-any-return]


def _sentence_memo(weights: dict[str, float], para: Paragraph, s_start: int, s_end: int, first_tok: int,
                   last_tok: int, doc: Document | None) -> tuple[SentenceFacts, float, tuple[tuple[float, ...], ...], dict[str, float]]:
    """What :func:`sentence_sum` keeps of a sentence per model: its facts, its words' plain sum, their
    typed rows, and the sums by type found so far."""
    key = ("site.sentence.sum", s_start, doc is not None, id(weights))
    memo = para_memo(para)
    got = memo.get(key)
    if got is None:
        facts = sentence_facts(para, s_start, s_end, first_tok, last_tok, doc)
        plain, rows = _sentence_words(weights, para, s_start, facts[3])
        got = memo[key] = (facts, sum(plain), rows, {})
    return got  # type: ignore[no-any-return]


def _sentence_head(weights: dict[str, float], index: WordTerms, t: str, number: bool, length: int, time: bool,
                   kinds: frozenset[str], with_doc: bool) -> tuple[float, ...]:
    """The terms of a sentence's features but its words, for ``t``, in their order (as
    :func:`sentence_features` gives them, without building their names for every sentence)."""
    head_key = (t, number, length, time, kinds) if with_doc else (t, number, length)
    head = index.heads.get(head_key)
    if head is None:
        get = weights.get
        terms = [get(f"s_number={number}|type={t}", 0.0) * 1, get(f"s_len={length}", 0.0) * 1]
        if with_doc:
            terms.append(get(f"s_time={time}|type={t}", 0.0) * 1)
            terms += [get(f"s_{kind}={kind in kinds}|type={t}", 0.0) * 1 for kind in ("LOC", "PER", "ORG")]
        if len(index.heads) >= 10_000:
            index.heads.clear()
        head = index.heads[head_key] = tuple(terms)
    return head


def _sentence_words(weights: dict[str, float], para: Paragraph, s_start: int,
                    stems: tuple[str, ...]) -> tuple[tuple[float, ...], tuple[tuple[float, ...], ...]]:
    """The ``s_word=…`` terms of a sentence's words: untyped, and a row by type (kept on the paragraph)."""
    key = f"site.sentence.words:{s_start}:{id(weights)}"
    got = para.cache.get(key)
    if got is None:
        index = word_terms(weights)
        entries = [index.words.get(k, index.missing) for k in stems]
        got = para.cache[key] = (tuple(e[0] for e in entries), tuple(e[1] for e in entries))
    return got  # type: ignore[no-any-return]


_WORD_TERMS: dict[int, tuple[dict[str, float], WordTerms]] = {}  # weights without a table of their own
_MEMO_KEY = "decide.memo"


def para_memo(para: Paragraph) -> dict[tuple[Any, ...], Any]:
    """What the decision layer keeps on a paragraph by tuple keys (its sums by sentence, type and model)."""
    memo: dict[tuple[Any, ...], Any] | None = para.cache.get(_MEMO_KEY)
    if memo is None:
        memo = para.cache[_MEMO_KEY] = {}
    return memo


_TYPED_ROWS: dict[int, tuple[dict[str, float], dict[str, dict[str, float]]]] = {}
NO_ROW: dict[str, float] = {}


def typed_rows(weights: dict[str, float]) -> dict[str, dict[str, float]]:
    """A model's typed weights as rows: ``BASE|type=T`` → ``rows[BASE][T]`` (built once per model,
    the sentence words' aside): a word's typed features are one lookup of its base, then one per
    type in a small dict, without a name built for every type."""
    got = _TYPED_ROWS.get(id(weights))
    if got is None or got[0] is not weights:
        rows: dict[str, dict[str, float]] = {}
        for name, w in weights.items():
            base, sep, t = name.rpartition("|type=")
            if sep:
                rows.setdefault(base, {})[t] = w
        if len(_TYPED_ROWS) >= 8:  # a cross-validation trains many models: keep none of the old ones alive
            _TYPED_ROWS.clear()
        got = _TYPED_ROWS[id(weights)] = (weights, rows)
    return got[1]


def word_terms(weights: dict[str, float]) -> WordTerms:
    """The :class:`~rasad.decide.model.WordTerms` of a model's weights: the table a
    :class:`~rasad.decide.model.Weights` holds, else built once for a plain dict."""
    if isinstance(weights, Weights):
        return weights.words
    got = _WORD_TERMS.get(id(weights))
    if got is None or got[0] is not weights:
        if len(_WORD_TERMS) >= 8:
            _WORD_TERMS.clear()
        got = _WORD_TERMS[id(weights)] = (weights, WordTerms.of(weights.items()))
    return got[1]


def sentence_features(facts: SentenceFacts, t: str, with_doc: bool) -> Features:
    """The ``site.sentence`` features of a sentence's facts for type ``t``."""
    number, time, kinds, stems, length = facts
    out: Features = {f"s_number={number}|type={t}": 1, f"s_len={length}": 1}
    if with_doc:
        out[f"s_time={time}|type={t}"] = 1
        for kind in ("LOC", "PER", "ORG"):
            out[f"s_{kind}={kind in kinds}|type={t}"] = 1
    for key in stems:
        out[f"s_word={key}|type={t}"] = 0.5
        out[f"s_word={key}"] = 0.5
    return out


# ---- parties -----------------------------------------------------------------------------------

def _position(site: Site, p: Party) -> tuple[str, int]:
    if p.first < 0:
        return "rule", 0
    if p.paragraph != site.paragraph:
        return "title", 0
    if p.previous_sentence:
        return "prev", site.first - p.last
    if p.last <= site.first:
        return "before", site.first - p.last
    if p.first >= site.last:
        return "after", p.first - site.last
    return "inside", 0


def _bucket(d: int) -> str:
    return str(d) if d < 3 else "3-4" if d < 5 else "5-8" if d < 9 else "9+"


@party_feature("party.position")
def _pos(ctx: Context, t: str, p: Party) -> Features:
    where, d = _position(ctx.site, p)
    pos = ctx.site.trig.pos if ctx.site.trig else "none"
    return {f"pos={where}": 1, f"pos={where}|d={_bucket(d)}": 1, f"pos={where}|type={t}": 1,
            f"pos={where}|trig={pos}": 1}


@party_feature("party.rank")
def _rank(ctx: Context, t: str, p: Party) -> Features:
    """Is this the nearest party before, the first after, the second after ...?"""
    where, _ = _position(ctx.site, p)
    same = [q for q in ctx.site.parties if _position(ctx.site, q)[0] == where]
    if where == "before" or where == "prev":
        same = sorted(same, key=lambda q: -q.first)
    else:
        same = sorted(same, key=lambda q: q.first)
    rank = next((n for n, q in enumerate(same) if q is p), 0)
    return {f"rank={where}{min(rank, 2)}": 1, f"rank={where}{min(rank, 2)}|type={t}": 1}


@party_feature("party.preposition")
def _preposition(ctx: Context, t: str, p: Party) -> Features:
    if not p.governed:
        return {"free": 1, f"free|type={t}": 1}
    return {f"prep={p.prep}": 1, f"prep={p.prep}|type={t}": 1}


@party_feature("party.kind")
def _kind(ctx: Context, t: str, p: Party) -> Features:
    a = p.actor
    return {f"kind={p.kind}": 1, f"kind={p.kind}|type={t}": 1, f"sector={a.sector}": 1,
            f"has_country={bool(a.country)}": 1, f"coordinated={p.coordinated}": 1}


@lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    """Words after which a name is where something happened (``context.yaml`` place_words and the
    place heads of ``names.yaml``), normalised."""
    words = list(load_lexicon("context.yaml").get("place_words") or []) + list(load_lexicon("names.yaml").get("common_heads") or [])
    return frozenset(normalize(str(w)) for w in words)


@party_feature("party.place")
def _place(ctx: Context, t: str, p: Party) -> Features:
    """A place name after a place word (``في مدينة الموصل``, ``شمال بغداد``): where, not who."""
    if p.first <= 0 or p.kind not in ("GPE", "LOC"):
        return {}
    before = ctx.para.tokens[max(0, p.first - 2) : p.first] if p.paragraph == ctx.para.index else []
    words = _place_words()
    if any(tok.norm in words or _bare(tok) in words for tok in before) or p.prep in words:
        return {"place_after_place_word": 1, f"place_after_place_word|type={t}": 1}
    return {}


@party_feature("party.rule_role")
def _role(ctx: Context, t: str, p: Party) -> Features:
    e = ctx.site.rule_event
    same = e is not None and e.type == t
    return {f"role={p.rule_role}|{same}": 1, f"role={p.rule_role}|type={t}": 1}


@party_feature("party.between")
def _between(ctx: Context, t: str, p: Party) -> Features:
    """Words between the party and the trigger: a clause boundary, a complementizer, a speech verb."""
    where, _ = _position(ctx.site, p)
    if where not in ("before", "after"):
        return {}
    tokens, s = ctx.para.tokens, ctx.site
    lo, hi = (p.last, s.first) if where == "before" else (s.last, p.first)
    span = ctx.para.text[tokens[lo - 1].end if lo > 0 else 0 : tokens[hi].start if hi < len(tokens) else len(ctx.para.text)]
    c = cues()
    between = tokens[lo:hi]
    out: Features = {}
    if "،" in span or "," in span:
        out[f"comma|{where}"] = 1
    if any(t.norm in c.complementizers for t in between):
        out[f"complementizer|{where}"] = 1
    if any(is_cue(t, c) for t in between):
        out[f"cue|{where}"] = 1
    lists = _framing()
    if any(_bare(t) in lists["relative"] or t.norm in lists["relative"] for t in between):
        out[f"relative|{where}"] = 1
    return out


def _verb_gender(site: Site, para: Paragraph) -> str:
    """The gender a verb trigger shows (``قالت``, ``تقول``: f; ``قال``, ``يقول``: m), else ""."""
    if site.trig is not None and site.trig.pos != "verb":
        return ""
    w = clitic_variants(para.tokens[site.first].norm)[-1] if site.first < len(para.tokens) else ""
    if len(w) < 3 or w.startswith("ال"):
        return ""
    if w.endswith("وا") or w.startswith("ي"):
        return "m"
    if (w.endswith("ت") and not w.endswith("ات")) or (w.startswith("ت") and len(w) >= 4):
        return "f"
    return ""


@party_feature("party.agreement")
def _agreement(ctx: Context, t: str, p: Party) -> Features:
    """Does the verb's gender agree with the party (a person, a feminine noun such as a country or
    a ministry)? The verb's subject agrees with it; another party need not."""
    gender = ctx.memo.get("verb_gender")
    if gender is None:
        gender = ctx.memo["verb_gender"] = _verb_gender(ctx.site, ctx.para)
    if not gender:
        return {}
    where, _ = _position(ctx.site, p)
    head = ctx.para.tokens[p.first].norm if 0 <= p.first < len(ctx.para.tokens) and p.paragraph == ctx.para.index else ""
    fem_word = head.endswith("ه") or p.kind in ("GPE",)
    return {f"verb={gender}|party_fem={fem_word}|{where}": 1, f"verb={gender}|kind={p.kind}|{where}": 1}


@party_feature("party.other_trigger")
def _other_trigger(ctx: Context, t: str, p: Party) -> Features:
    """Another trigger of the lexicon between the party and this one: the party is more likely
    that verb's subject or object than this one's."""
    where, _ = _position(ctx.site, p)
    if where not in ("before", "after") or p.paragraph != ctx.para.index:
        return {}
    found = lexicon_triggers(ctx.para)
    lo, hi = (p.last, ctx.site.first) if where == "before" else (ctx.site.last, p.first)
    if any(i in found for i in range(lo, hi)):
        return {f"trigger_between|{where}": 1, f"trigger_between|{where}|type={t}": 1}
    return {}


@party_feature("party.dropped_subject")
def _dropped(ctx: Context, t: str, p: Party) -> Features:
    """A party of the sentence before, when this sentence names nobody before its trigger (a
    dropped subject or a pronoun whose antecedent is there)."""
    if not p.previous_sentence:
        return {}
    alone = ctx.memo.get("none_before")
    if alone is None:
        alone = ctx.memo["none_before"] = not any(_position(ctx.site, q)[0] == "before" for q in ctx.site.parties)
    return {f"prev|none_before={alone}": 1, f"prev|none_before={alone}|type={t}": 1}


def site_features(ctx: Context, t: str) -> Features:
    out: Features = {}
    for fn in SITE_FEATURES.values():
        out.update(fn(ctx, t))
    return out


def site_score(model: Linear, ctx: Context, t: str, parties: bool = True) -> float:
    """``model.score(site_features(ctx, t))`` (or of :func:`site_features_without_parties`),
    the same float, computed faster (:func:`site_scores`)."""
    return site_scores(model, ctx, (t,), parties)[t]


def site_scores(model: Linear, ctx: Context, types: Iterable[str], parties: bool = True,
                exact: bool = True) -> dict[str, float]:
    """:func:`site_score` for each of ``types``: the ``site.sentence`` terms come from
    :func:`sentence_terms`, the terms of a family with a key (:func:`site_feature`) from a cache
    by model, key and type, those of a family with a terms function from it, each family's in
    the registry's order. The sum adds the same nonzero terms in the same order as the plain sum
    (a missing feature's ``0.0`` changes no sum), so it is the same float to the last bit; the
    names of two families must differ (they do: a test compares both sums with ``==``).

    Not ``exact``: the sentence's terms added as their sum, :func:`sentence_sum` (shared by the
    sites and types of a sentence), after the others: the score within a few units of the last
    bit, for a caller that only compares it with a threshold and recomputes it exactly when near."""
    cache = _family_terms(model.weights, ctx.words)
    types = tuple(types)
    by_type: list[list[float]] = [[] for _ in types]
    get = model.weights.get
    keys = ctx.keys
    # consecutive families with a key: their terms joined, one cache entry per type for the run
    run: list[tuple[int, SiteFeature]] = []

    def family(kid: int, fn: SiteFeature, t: str) -> tuple[float, ...]:
        got = cache.get((kid, t))
        if got is None:
            if len(cache) >= _FAMILY_TERMS_MAX:
                cache.clear()
            got = cache[(kid, t)] = tuple([w * v for name, v in fn(ctx, t).items() if (w := get(name, 0.0))])
        return got

    def flush() -> None:
        if len(run) == 1:
            kid, fn = run[0]
            for t, terms in zip(types, by_type, strict=True):
                terms += family(kid, fn, t)
        elif run:
            joined = tuple(kid for kid, _ in run)
            for t, terms in zip(types, by_type, strict=True):
                got = cache.get((joined, t))
                if got is None:
                    got = tuple(itertools.chain.from_iterable(family(kid, fn, t) for kid, fn in run))
                    if len(cache) >= _FAMILY_TERMS_MAX:
                        cache.clear()
                    cache[(joined, t)] = got
                terms += got
        run.clear()

    for fid, fn in SITE_FEATURES.items():
        if fid == "site.sentence":
            if not exact:
                continue
            flush()
            s = ctx.site
            for t, terms in zip(types, by_type, strict=True):
                terms += sentence_terms(model.weights, ctx.para, s.s_start, s.s_end, s.first_tok, s.last_tok, ctx.doc, t)
            continue
        if not parties and fid == "site.parties":
            continue
        fast = SITE_TERMS.get(fid)
        if fast is not None:
            flush()
            for t, terms in zip(types, by_type, strict=True):
                terms += fast(ctx, t, get)
            continue
        kid = keys.get(fid)
        if kid is None and (key_of := SITE_KEYS.get(fid)) is not None and (k := key_of(ctx)) is not None:
            kid = keys[fid] = _key_id((fid, k))
        if kid is None:
            flush()
            for t, terms in zip(types, by_type, strict=True):
                terms += [w * v for name, v in fn(ctx, t).items() if (w := get(name, 0.0))]
            continue
        run.append((kid, fn))
    flush()
    bias = model.bias
    if not exact and "site.sentence" in SITE_FEATURES:
        s = ctx.site
        return {t: bias + sum(terms) + sentence_sum(model.weights, ctx.para, s.s_start, s.s_end, s.first_tok, s.last_tok, ctx.doc, t)
                for t, terms in zip(types, by_type, strict=True)}
    return {t: bias + sum(terms) for t, terms in zip(types, by_type, strict=True)}


_KEY_IDS: dict[tuple[str, Hashable], int] = {}  # (family, key) → a number never given to another
_KEY_COUNT = itertools.count()
# Keys numbered at most (then a new start). A corpus brings new keys slowly (~500 per 1,000 records
# after the first thousand): a higher bound is reached only after tens of thousands of records and
# the memory grows until then; 6,000 is reached within the first ~1,500 records.
_KEY_IDS_MAX = 6_000


def _key_id(key: tuple[str, Hashable]) -> int:
    """A number for a family's key of a site: the cache's keys hash fast."""
    got = _KEY_IDS.get(key)
    if got is None:
        if len(_KEY_IDS) >= _KEY_IDS_MAX:
            _KEY_IDS.clear()
            for _, _, terms in _FAMILY_TERMS.values():  # the terms of the old numbers are never read again
                terms.clear()
        got = _KEY_IDS[key] = next(_KEY_COUNT)
    return got


_FAMILY_TERMS_MAX = 20_000  # cached (family, key, type) entries per model and trigger words
_FAMILY_TERMS: dict[tuple[int, int], tuple[dict[str, float], TriggerWords, dict[tuple[Any, str], tuple[float, ...]]]] = {}


def _family_terms(weights: dict[str, float], words: TriggerWords) -> dict[tuple[Any, str], tuple[float, ...]]:
    """The cache of :func:`site_score`'s family terms for a model's weights and trigger words."""
    got = _FAMILY_TERMS.get((id(weights), id(words)))
    if got is None or got[0] is not weights or got[1] is not words:
        if len(_FAMILY_TERMS) >= 8:
            _FAMILY_TERMS.clear()
        got = _FAMILY_TERMS[(id(weights), id(words))] = (weights, words, {})
    return got[2]


def site_features_without_parties(ctx: Context, t: str) -> Features:
    """:func:`site_features` but those of ``site.parties`` (a site whose parties are not found yet)."""
    out: Features = {}
    for fid, fn in SITE_FEATURES.items():
        if fid != "site.parties":
            out.update(fn(ctx, t))
    return out


def party_features(ctx: Context, t: str, p: Party) -> Features:
    out: Features = {}
    for fn in PARTY_FEATURES.values():
        out.update(fn(ctx, t, p))
    return out


def title_stems(paragraphs: list[Paragraph]) -> frozenset[str]:
    """The stems of the title's words."""
    return frozenset(stem(t.norm) for p in paragraphs if p.index < 0 for t in p.tokens)


def skipped_reasons(skipped: list[tuple[int, str, str, str]]) -> dict[tuple[int, str], str]:
    """``doc.skipped`` by (paragraph, trigger text)."""
    return {(par, trig): why for par, _, trig, why in skipped}


__all__ = ["PARTY_FEATURES", "SITE_FEATURES", "WORD_BOUND_ROWS", "WORD_BOUND_TERMS", "Context", "PartiesBound", "WordBound", "party_features", "site_features",
           "site_features_without_parties", "site_score", "skipped_reasons", "stem", "title_stems", "word_terms"]

# the cluster families (site.cluster, site.cluster_sentence) and site.told register after these
from rasad.decide import cluster_features as _cluster_features  # noqa: E402, F401
from rasad.decide import doc_features as _doc_features  # noqa: E402, F401
from rasad.decide import modality_features as _modality_features  # noqa: E402
from rasad.decide import party_extra as _party_extra  # noqa: E402, F401  (party.free_rank)

_modality_features.register()  # site.modality (session 8; the other families of that session are opt-in: docs/events.md)
