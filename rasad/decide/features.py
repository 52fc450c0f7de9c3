"""Named features of sites and parties: what the trained models weigh.

Every feature family is a function registered in :data:`SITE_FEATURES` or
:data:`PARTY_FEATURES` under an id; it returns the feature names it fires (a weight of 1) or a
dict of names to values. ``rasad explain`` prints the ids with the largest weights. The rule
predicates of the earlier design (a framing word, a relative clause, a first person, a
possessive trigger, the rule's chosen actor ...) live on as features here: the data decides how
much each counts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rasad.arabic.normalize import normalize
from rasad.arabic.text import Paragraph, Token, clitic_variants
from rasad.decide.sites import Party, Site, TriggerWords, content_stem, stem
from rasad.lexicon import cues, load_lexicon
from rasad.model import Document
from rasad.stages.events import is_cue

Features = dict[str, float]


@dataclass(slots=True)
class Context:
    """What every feature function may read: the site, its paragraph, the document's skipped
    reasons and the learned trigger words."""

    site: Site
    para: Paragraph
    skipped: dict[tuple[int, str], str]
    words: TriggerWords
    title_stems: frozenset[str] = frozenset()
    doc: Document | None = None  # for what the sentence holds besides the trigger (gated features)


SiteFeature = Callable[[Context, str], Features]
PartyFeature = Callable[[Context, str, Party], Features]
SITE_FEATURES: dict[str, SiteFeature] = {}
PARTY_FEATURES: dict[str, PartyFeature] = {}
GATED_FEATURES: dict[str, SiteFeature] = {}  # the violence and protest model's, besides the site features


def site_feature(fid: str) -> Callable[[SiteFeature], SiteFeature]:
    def register(fn: SiteFeature) -> SiteFeature:
        SITE_FEATURES[fid] = fn
        return fn
    return register


def gated_feature(fid: str) -> Callable[[SiteFeature], SiteFeature]:
    def register(fn: SiteFeature) -> SiteFeature:
        GATED_FEATURES[fid] = fn
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


def _words_before(ctx: Context, n: int) -> list[Token]:
    s = ctx.site
    return ctx.para.tokens[max(s.first_tok, s.first - n) : s.first]


def _bare(tok: Token) -> str:
    return clitic_variants(tok.norm)[-1]


# ---- sites -------------------------------------------------------------------------------------

@site_feature("site.type")
def _type(ctx: Context, t: str) -> Features:
    src = ctx.site.types[t].split(".")[0]
    return {f"type={t}": 1, f"src={src}": 1, f"type={t}|src={src}": 1, f"nsrc={min(len(ctx.site.types), 3)}": 1}


@site_feature("site.word")
def _word(ctx: Context, t: str) -> Features:
    s = ctx.site
    return {f"stem={s.stem}|type={t}": 1, f"stem={s.stem}": 1, f"len={min(s.last - s.first, 3)}|type={t}": 1}


@site_feature("site.lexicon_entry")
def _entry(ctx: Context, t: str) -> Features:
    trig = ctx.site.trig
    if trig is None:
        return {"no_entry": 1}
    same = "same" if t == trig.type else ("future" if t == trig.future else "other")
    return {f"entry={trig.rule}|{same}": 1, f"pos={trig.pos}|{same}": 1, f"future_prefix={ctx.site.future}|{same}": 1}


@site_feature("site.rule_event")
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


@site_feature("site.learned_rate")
def _learned(ctx: Context, t: str) -> Features:
    got = ctx.words.types.get(ctx.site.stem)
    if not got:
        return {"unseen_stem": 1}
    share = got.get(t, 0) / sum(got.values())
    return {"learned_rate": ctx.words.rate(ctx.site.stem), "learned_share": share, "learned_top": float(share >= 0.5)}


@site_feature("site.context")
def _context(ctx: Context, t: str) -> Features:
    tokens, s = ctx.para.tokens, ctx.site
    out: Features = {}
    if s.first > s.first_tok:
        out[f"prev={_bare(tokens[s.first - 1])}"] = 1
        out[f"prev={_bare(tokens[s.first - 1])}|type={t}"] = 1
    if s.first - 1 > s.first_tok:
        out[f"prev2={_bare(tokens[s.first - 2])}"] = 1
    if s.last <= s.last_tok:
        out[f"next={_bare(tokens[s.last])}|type={t}"] = 1
    out[f"title={ctx.para.index < 0}|type={t}"] = 1
    out[f"para={min(max(ctx.para.index, -1), 3)}"] = 1
    out[f"sent_pos={min(s.first - s.first_tok, 8) // 2}"] = 1
    return out


@site_feature("site.framing")
def _framing_words(ctx: Context, t: str) -> Features:
    c, index = cues(), _frame_index()
    before = [tok.norm for tok in _words_before(ctx, 4)]
    found = {name for w in before for form in (w, clitic_variants(w)[-1]) for name in index.get(form, ())}
    out: Features = {}
    if any(w in c.negation for w in before[-2:]):
        out["negated"] = 1
    for name in _framing():  # in the lists' order
        if name in found:
            out[f"frame={name}"] = 1
            out[f"frame={name}|type={t}"] = 1
    sentence = ctx.para.text[ctx.site.s_start : ctx.site.s_end]
    if "؟" in sentence or "?" in sentence:
        out["question"] = 1
    tok = ctx.para.tokens[ctx.site.first]
    if tok.norm.endswith(("ه", "ها", "هم")) and ctx.site.trig is not None and ctx.site.trig.pos == "noun":
        out["possessive_noun"] = 1
    return out


@site_feature("site.parties")
def _parties(ctx: Context, t: str) -> Features:
    """How many parties the sentence names on each side, and of what kind the nearest are."""
    s = ctx.site
    here = [p for p in s.parties if not p.previous_sentence and p.first >= 0]
    before = [p for p in here if p.last <= s.first]
    after = [p for p in here if p.first >= s.last]
    out: Features = {f"parties_before={min(len(before), 2)}": 1, f"parties_after={min(len(after), 2)}": 1,
                     f"parties={min(len(here), 2)}|type={t}": 1}
    if before:
        p = before[-1]
        out[f"near_before={p.kind}|d={_bucket(s.first - p.last)}"] = 1
    if after:
        p = after[0]
        out[f"near_after={p.kind}|{p.prep if p.governed else 'free'}|type={t}"] = 1
        out[f"near_after_d={_bucket(p.first - s.last)}"] = 1
    return out


@site_feature("site.document")
def _document(ctx: Context, t: str) -> Features:
    """Is the trigger's word the news of the title too?"""
    return {f"in_title={ctx.site.stem in ctx.title_stems}|title={ctx.para.index < 0}": 1}


# ---- violence and protest: is the sentence a report of one? ----------------------------------------

@gated_feature("gated.sentence")
def _sentence(ctx: Context, t: str) -> Features:
    """What a report of an attack or a protest holds: a date, a number, a place, named parties; and
    the sentence's words (the GSR's sentences are judged as wholes)."""
    s, tokens = ctx.site, ctx.para.tokens[ctx.site.first_tok : ctx.site.last_tok + 1]
    out: Features = {f"s_number={any(ch.isdigit() for tok in tokens for ch in tok.text)}|type={t}": 1,
                     f"s_len={min(len(tokens) // 10, 5)}": 1}
    if ctx.doc is not None:
        here = range(s.s_start, s.s_end)
        out[f"s_time={any(x.paragraph == s.paragraph and x.start in here for x in ctx.doc.times)}|type={t}"] = 1
        kinds = {m.type for m in ctx.doc.entities if m.paragraph == s.paragraph and m.start in here}
        for kind in ("LOC", "PER", "ORG"):
            out[f"s_{kind}={kind in kinds}|type={t}"] = 1
    for tok in tokens:
        key = content_stem(tok.norm)
        if key:
            out[f"s_word={key}|type={t}"] = 0.5
            out[f"s_word={key}"] = 0.5
    return out


# ---- parties -----------------------------------------------------------------------------------

def _position(site: Site, p: Party) -> tuple[str, int]:
    if p.first < 0:
        return "rule", 0
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


def site_features(ctx: Context, t: str) -> Features:
    out: Features = {}
    for fn in SITE_FEATURES.values():
        out.update(fn(ctx, t))
    return out


def gated_features(ctx: Context, t: str) -> Features:
    out = site_features(ctx, t)
    for fn in GATED_FEATURES.values():
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


__all__ = ["GATED_FEATURES", "PARTY_FEATURES", "SITE_FEATURES", "Context", "gated_features", "party_features", "site_features", "skipped_reasons", "stem", "title_stems"]
