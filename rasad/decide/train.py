"""Training and cross-validation of the event models on annotated documents.

``prepare`` runs the rule stages over the inputs of gold directories once and aligns every gold
event to its trigger in the text; ``fit`` learns the trigger words, the site model and the two
party models from prepared documents; ``cross_validate`` trains on K-1 folds (by document) and
grades the held-out fold with the measures of ``../shared/tools/score.py``. Needs scikit-learn
(``pip install 'rasad[train]'``); applying a trained model does not.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from rasad.arabic.normalize import normalize
from rasad.arabic.text import clitic_variants, tokenize
from rasad.clusters import cluster_of
from rasad.decide import sites as sites_mod
from rasad.decide.coder import EventCoder, usable_types
from rasad.decide.features import (
    Context,
    party_features,
    site_features,
    skipped_reasons,
    title_stems,
)
from rasad.decide.model import EventModel, Linear, Thresholds
from rasad.decide.sites import Site, SiteFinder, TriggerWords, content_stem
from rasad.errors import InputError
from rasad.eval import load_gold, source_key
from rasad.eval.measures import same_actor, tokens
from rasad.eval.report import Report
from rasad.model import Document
from rasad.stages.events import EventStage

Json = dict[str, Any]


@dataclass(slots=True)
class Anchor:
    """Where a gold event's trigger is in the text."""

    paragraph: int
    first: int
    last: int


@dataclass(slots=True)
class Item:
    """One annotated document, through the rule stages, with its gold events aligned."""

    name: str
    doc: Document
    gold: Json
    anchors: list[Anchor | None] = field(default_factory=list)
    retold: list[list[Anchor]] = field(default_factory=list)  # other sentences telling each gold event
    sites: list[Site] = field(default_factory=list)
    label: tuple[str, str] | None = None  # a GSR sentence: (type, "yes" | "easy no" | "difficult no")
    group: str = ""  # folds keep a group together (a GSR sentence's source document); "" is the item alone


def rule_documents(inputs: Sequence[str]) -> Iterable[tuple[int, Document]]:
    """Each readable input document through the rule stages, with its position among the records
    (0-based; a JSONL file's records count one by one)."""
    from rasad.extract.chrome import ChromeLearner
    from rasad.pipeline import default_stages
    from rasad.read import iter_inputs

    stages = default_stages(learned=False)
    for n, raw in enumerate(ChromeLearner().annotate(iter_inputs(list(inputs)))):
        if isinstance(raw, InputError):
            continue
        doc = Document(source=raw.source, raw=raw)
        for _, stage in stages:
            doc = stage(doc)
        m = re.search(r"#(\d+)$", doc.source)
        yield (int(m.group(1)) - 1 if m else n), doc


def prepare(gold_dirs: Sequence[Path]) -> list[Item]:
    """Every gold document of ``gold_dirs`` through the rule stages, sites found, gold aligned."""
    items: list[Item] = []
    for gold_dir in gold_dirs:
        gold = load_gold(gold_dir)
        inputs = [str((gold_dir / g["input"]).resolve()) for g in gold.values()]
        for _, doc in rule_documents(inputs):
            g = gold.get(source_key(doc.source))
            if g is None:
                continue
            anchors, retold = align(doc, g.get("events") or [])
            items.append(Item(source_key(doc.source), doc, g, anchors, retold))
    # sites for every stem any annotation used, and those their clusters propose (cross_validate
    # finds each fold's again with what its training part learned)
    find_sites(items, trigger_words(items))
    return items


def find_sites(items: Iterable[Item], words: TriggerWords) -> None:
    """The sites of every item, the learned ones those of ``words``."""
    finder = SiteFinder(event_stage().coder)
    for item in items:
        item.sites = finder.find(item.doc, words)


_GAP = re.compile(r"\s*(?:\.\.\.+|…)\s*")  # "أعرب ... عن ارتياحه": a trigger with words left out
ALIGN_GAP = 12  # at most this many words between the pieces of a trigger with words left out


def _same_word(gold: str, text: str) -> bool:
    """A trigger's word as written in the text, the text's proclitics and article aside
    (``يتهم`` in ``ويتهم``, ``القبض`` for ``بالقبض``)."""
    return gold == text or gold in clitic_variants(text) or text in clitic_variants(gold)


def _piece_at(norms: list[str], words: list[str], i: int) -> bool:
    return i + len(words) <= len(norms) and all(_same_word(w, n) for w, n in zip(words, norms[i : i + len(words)], strict=False))


def align(doc: Document, events: list[Json]) -> tuple[list[Anchor | None], list[list[Anchor]]]:
    """Each gold event's trigger in the text: where its words occur (a proclitic of the text's word
    aside; the pieces of a trigger with words left out, ``شن ... غارات``, in order in one sentence),
    in the sentence naming most of its parties (the body before the title); None when the words are
    not in the text. Second, the other places its words occur in a sentence naming one of its
    parties (the event told again), and the later pieces of a trigger with words left out."""
    out: list[Anchor | None] = []
    again: list[list[Anchor]] = []
    paras = sorted(doc.paragraphs, key=lambda p: (p.index < 0, p.index))
    for g in events:
        pieces = [[t.norm for t in tokenize(normalize(x))] for x in _GAP.split(g.get("trigger") or "")]
        pieces = [p for p in pieces if p]
        parties = {w for a in (g.get("actor") or []) + (g.get("recipient") or []) for w in tokens(a.get("text"))}
        best: tuple[int, Anchor, list[Anchor]] | None = None
        seen: list[tuple[int, Anchor]] = []
        for para in paras:
            norms = [t.norm for t in para.tokens]
            for i in range(len(norms)) if pieces else ():
                if not _piece_at(norms, pieces[0], i):
                    continue
                s0, s1 = para.sentence_at(para.tokens[i].start)
                later: list[Anchor] = []
                at = i + len(pieces[0])
                for piece in pieces[1:]:
                    j = next((j for j in range(at, min(at + ALIGN_GAP + 1, len(norms)))
                              if para.tokens[j].start < s1 and _piece_at(norms, piece, j)), None)
                    if j is None:
                        break
                    later.append(Anchor(para.index, j, j + len(piece)))
                    at = j + len(piece)
                if len(later) < len(pieces) - 1:
                    continue
                score = len(parties & set(tokens(para.text[s0:s1])))
                here = Anchor(para.index, i, i + len(pieces[0]))
                seen.append((score, here))
                if best is None or score > best[0]:
                    best = (score, here, later)
        out.append(best[1] if best else None)
        again.append([a for score, a in seen if score and best and a is not best[1]] + (best[2] if best else []))
    return out, again


def trigger_words(items: Iterable[Item], count: bool = True, level: int | None = None) -> TriggerWords:
    """The learned trigger dictionary: stems of gold triggers by type, and how often each stem
    occurs in the documents at all (for the rate a stem is a trigger); the same by word cluster
    (:attr:`TriggerWords.clusters`), with the occurrences of a cluster's words and of each stem a
    cluster proposes."""
    words = TriggerWords(level=level)
    items = [it for it in items if it.label is None]
    level = words.level
    for item in items:
        for a, g in zip(item.anchors, item.gold.get("events") or [], strict=True):
            if a is None:
                continue
            para = next(p for p in item.doc.paragraphs if p.index == a.paragraph)
            for tok in para.tokens[a.first : a.last]:
                key = content_stem(tok.norm)
                if key:
                    words.types.setdefault(key, Counter())[g["type"]] += 1
                    c = cluster_of(key)
                    if c is not None:
                        words.clusters.setdefault(c[level], Counter())[g["type"]] += 1
    if count:
        _occurrences(items, words, words.seen, words.cluster_seen)
    return words


def _occurrences(items: Sequence[Item], words: TriggerWords, seen: Counter[str], cluster_seen: Counter[int]) -> None:
    """Count into ``seen`` how often the documents' words are stems ``words`` knows (annotated, or
    proposed by their cluster: a word seen often and never annotated is rarely a trigger), and into
    ``cluster_seen`` the words of its clusters. The proposed stems are counted in a second pass, as
    a cluster proposes by rates over its words' occurrences (``cluster_seen`` when it is ``words``')."""
    level = words.level
    for item in items:
        for para in item.doc.paragraphs:
            for t in para.tokens:
                s = content_stem(t.norm)
                if s is None:
                    continue
                c = cluster_of(s)
                if s in words.types:
                    seen[s] += 1
                if c is not None and c[level] in words.clusters:
                    cluster_seen[c[level]] += 1
    for item in items:
        for para in item.doc.paragraphs:
            for t in para.tokens:
                s = content_stem(t.norm)
                if s is not None and s not in words.types and words.cluster_types(s):
                    seen[s] += 1


# the site model learns from each training document with the trigger words of the *other* training
# documents (its own annotations and occurrences taken out): a stem annotated in this document only
# is no learned site of it, and a learned rate does not count the example it labels. Held out, a
# document's words are always those of other documents; trained in sample, the model learned that a
# learned stem is nearly always right (docs/events.md, CV)
JACKKNIFE = True
# a stem is a learned trigger word only when the annotations held it at least this often
LEARNED_MIN = 1
# a trained weight smaller than this in magnitude is left out of the model (most of an L2-trained
# model's weights are near zero: fewer weights, a smaller file, less memory)
MIN_WEIGHT = 0.01


def frequent(words: TriggerWords, least: int | None = None) -> TriggerWords:
    """``words`` without the stems annotated fewer than ``least`` (default :data:`LEARNED_MIN`) times."""
    least = LEARNED_MIN if least is None else least
    if least <= 1:
        return words
    types = {s: c for s, c in words.types.items() if sum(c.values()) >= least}
    return TriggerWords(types, Counter({s: n for s, n in words.seen.items() if s in types}), words.clusters,
                        words.cluster_seen, words.level)


@dataclass(slots=True)
class OwnCounts:
    """What one document adds to :func:`trigger_words`' counts."""

    types: dict[str, Counter[str]]
    seen: Counter[str]
    clusters: dict[int, Counter[str]]
    cluster_seen: Counter[int]


def own_counts(item: Item, words: TriggerWords) -> OwnCounts:
    """The counts of ``words`` (learned from documents ``item`` is one of) that ``item`` gave."""
    own = trigger_words([item], count=False, level=words.level)
    seen: Counter[str] = Counter()
    cluster_seen: Counter[int] = Counter()
    _occurrences([item], words, seen, cluster_seen)
    return OwnCounts(own.types, seen, own.clusters, cluster_seen)


def without(words: TriggerWords, own: OwnCounts) -> TriggerWords:
    """``words`` as the other documents alone would have learned them (a stem or cluster whose
    every annotation was ``own``'s is gone)."""
    if not own.types and not own.seen and not own.cluster_seen:
        return words
    seen = words.seen.copy()
    seen.subtract(own.seen)
    cluster_seen = words.cluster_seen.copy()
    cluster_seen.subtract(own.cluster_seen)
    return TriggerWords(_minus(words.types, own.types), +seen, _minus(words.clusters, own.clusters),
                        +cluster_seen, words.level)


K = TypeVar("K", str, int)


def _minus(counts: dict[K, Counter[str]], own: dict[K, Counter[str]]) -> dict[K, Counter[str]]:
    """``counts`` with ``own``'s counts taken out of each key's; a key left with none is gone."""
    out = dict(counts)
    for key, c in own.items():
        rest = counts.get(key, Counter()) - c
        if rest:
            out[key] = rest
        else:
            out.pop(key, None)
    return out


def _gold_at(item: Item, site: Site) -> list[Json]:
    if item.label is not None:  # a GSR sentence: every site of its type in a sentence that reports one
        type_, label = item.label
        return [{"type": type_}] if label == "yes" and type_ in site.types else []
    out = []
    for a, more, g in zip(item.anchors, item.retold, item.gold.get("events") or [], strict=True):
        for b in ([a] if a else []) + more:
            if b.paragraph == site.paragraph and b.first < site.last and site.first < b.last:
                out.append(g)
                break
    return out


def examples(items: Iterable[Item], words: TriggerWords, reported_only: bool = True,
             jackknife: bool = False) -> tuple[list[tuple[dict[str, float], int]], ...]:
    """Training examples of the models: (features, label) lists for site, actor, recipient, and
    violence and protest from GSR sentences. With ``jackknife``, an annotated document's sites see
    ``words`` without what that document taught them (:func:`without`)."""
    site_x: list[tuple[dict[str, float], int]] = []
    actor_x: list[tuple[dict[str, float], int]] = []
    recip_x: list[tuple[dict[str, float], int]] = []
    gated_x: list[tuple[dict[str, float], int]] = []
    full, words = words, frequent(words)
    for item in items:
        paras = {p.index: p for p in item.doc.paragraphs}
        skipped = skipped_reasons(item.doc.skipped)
        heads = title_stems(item.doc.paragraphs)
        known = frequent(without(full, own_counts(item, full))) if jackknife and item.label is None else words
        for site in item.sites:
            ctx = Context(site, paras[site.paragraph], skipped, known, heads, item.doc)
            gold = _gold_at(item, site)
            if item.label is not None:
                # a GSR sentence: judged for its type only, and it does not say who did it
                if item.label[0] in usable_types(site, words, reported_only=False):
                    gated_x.append((site_features(ctx, item.label[0]), int(bool(gold))))
                continue
            for t in usable_types(site, known, reported_only):
                site_x.append((site_features(ctx, t), int(any(g["type"] == t for g in gold))))
            for g in gold[:1]:
                for p in site.parties:
                    f = party_features(ctx, g["type"], p)
                    pd = p.actor.to_dict()
                    actor_x.append((f, int(any(same_actor(a, pd) for a in g.get("actor") or []))))
                    recip_x.append((f, int(any(same_actor(a, pd) for a in g.get("recipient") or []))))
    return site_x, actor_x, recip_x, gated_x


def _logistic(data: list[tuple[dict[str, float], int]], c: float) -> Linear:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    if not data:
        return Linear({}, -10.0)
    vec = DictVectorizer()
    x = vec.fit_transform([f for f, _ in data]).tocsr()
    x.indices = x.indices.astype("int32")
    x.indptr = x.indptr.astype("int32")
    y = [label for _, label in data]
    if len(set(y)) < 2:
        return Linear({}, 10.0 if y and y[0] else -10.0)
    clf = LogisticRegression(C=c, max_iter=2000, solver="lbfgs")
    clf.fit(x, y)
    names = vec.get_feature_names_out()
    return Linear({str(n): float(w) for n, w in zip(names, clf.coef_[0], strict=True) if abs(w) >= MIN_WEIGHT},
                  float(clf.intercept_[0]))


def fit(items: Sequence[Item], c: float = 0.5, thresholds: Thresholds | None = None,
        gated_c: float | None = None, jackknife: bool | None = None) -> EventModel:
    """The three models and the trigger words, learned from ``items`` (the model of violence and
    protest with its own regularisation ``gated_c``, else ``c``; each document's sites with the
    other documents' trigger words, ``jackknife``, default :data:`JACKKNIFE`)."""
    words = trigger_words(items)
    thresholds = thresholds or Thresholds()
    # with GSR sentences, violence and protest are the gated model's (and the site model's only when
    # it may overrule it, gated_leads)
    gsr = any(it.label is not None for it in items)
    site_x, actor_x, recip_x, gated_x = examples(items, words, thresholds.reported_only or (gsr and thresholds.gated_leads is None),
                                                 JACKKNIFE if jackknife is None else jackknife)
    return EventModel(_logistic(site_x, c), _logistic(actor_x, c), _logistic(recip_x, c), frequent(words),
                      thresholds,
                      about={"documents": len(items), "site_examples": len(site_x), "party_examples": len(actor_x),
                             "gated_examples": len(gated_x)},
                      gated=_logistic(gated_x, c if gated_c is None else gated_c) if gated_x else None)


def predict(coder: EventCoder, item: Item) -> Json:
    """The prediction record of a prepared document, as ``rasad extract`` would print it."""
    out = item.doc.to_dict()
    out["events"] = [e.to_dict() for e in coder.events(item.doc, item.sites)]
    return out


def folds(items: Sequence[Item], k: int, seed: int = 13) -> list[list[Item]]:
    """``k`` folds by document: the items of one group (a GSR source document) stay together."""
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(item.group or item.name, []).append(item)
    order = list(groups.values())
    random.Random(seed).shuffle(order)
    return [[it for g in order[n::k] for it in g] for n in range(k)]


def cross_validate(items: Sequence[Item], k: int = 5, c: float = 0.5, thresholds: Sequence[Thresholds] = (Thresholds(),),
                   seed: int = 13, gated_c: float | None = None) -> list[tuple[Thresholds, Report, dict[str, Json]]]:
    """K-fold cross-validation by document: for each setting of the thresholds, the report over
    all held-out predictions of the annotated documents, and every held-out prediction (GSR
    sentences too, for :func:`rasad.decide.gsr.detect`). The models are trained once per fold,
    with the first setting's ``reported_only``."""
    stage = event_stage()
    preds: list[dict[str, Json]] = [{} for _ in thresholds]
    parts = folds(items, k, seed)
    found = [(it, it.sites) for it in items]
    for n, held in enumerate(parts):
        train = [it for m, part in enumerate(parts) if m != n for it in part]
        if sites_mod.CLUSTER_SITES:
            # what a cluster proposes depends on the training part's rates: every site found again
            find_sites(items, trigger_words(train))
        model = fit(train, c, thresholds[0], gated_c)
        for setting, out in zip(thresholds, preds, strict=True):
            model.thresholds = setting
            coder = EventCoder(stage, model)
            for item in held:
                out[item.name] = predict(coder, item)
    for it, sites in found:
        it.sites = sites
    annotated = [it for it in items if it.label is None]
    return [(t, grade(annotated, p), p) for t, p in zip(thresholds, preds, strict=True)]


def grade(items: Sequence[Item], preds: dict[str, Json]) -> Report:
    from rasad.eval import evaluate

    return evaluate({it.name: it.gold for it in items}, preds)


def candidate_recall(items: Sequence[Item]) -> tuple[int, int, int]:
    """Gold events with a site of their type in their sentence; with any site at the trigger;
    and all gold events."""
    typed = anywhere = total = 0
    for item in items:
        for a, g in zip(item.anchors, item.gold.get("events") or [], strict=True):
            total += 1
            if a is None:
                continue
            para = next(p for p in item.doc.paragraphs if p.index == a.paragraph)
            s0, _s1 = para.sentence_at(para.tokens[a.first].start)
            here = [s for s in item.sites if s.paragraph == a.paragraph and s.s_start == s0]
            typed += any(g["type"] in s.types for s in here)
            anywhere += any(s.first < a.last and a.first < s.last for s in here)
    return typed, anywhere, total


def event_stage() -> EventStage:
    """The events stage whose rules date, place and count the events the models decide."""
    from rasad.kb.load import load_kb

    return EventStage(load_kb())


# per-type site thresholds (docs/events.md, "Per-type site thresholds"): the grid each type's
# threshold is chosen from, and the shrinkage to the global one (a type's own choice weighs
# n / (n + SITE_SHRINK), n its gold events; under SITE_MIN_GOLD it keeps the global threshold)
SITE_GRID = (0.06, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3)
SITE_SHRINK = 50.0
SITE_MIN_GOLD = 30


def type_counts(items: Sequence[Item], preds: dict[str, Json]) -> dict[str, list[int]]:
    """Per PLOVER type: [matched, false, missed] events of the annotated ``items`` (score.py's
    matching: a match is always of one type, so the counts add up to the report's)."""
    from rasad.eval.measures import event_match, greedy

    counts: dict[str, list[int]] = {}
    for item in items:
        gold = item.gold.get("events") or []
        pred = (preds.get(item.name) or {}).get("events") or []
        pairs = greedy(gold, pred, event_match)
        for g, _ in pairs:
            counts.setdefault(str(g.get("type")), [0, 0, 0])[0] += 1
        matched_p = {id(p) for _, p in pairs}
        matched_g = {id(g) for g, _ in pairs}
        for p in pred:
            if id(p) not in matched_p:
                counts.setdefault(str(p.get("type")), [0, 0, 0])[1] += 1
        for g in gold:
            if id(g) not in matched_g:
                counts.setdefault(str(g.get("type")), [0, 0, 0])[2] += 1
    return counts


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / max(2 * tp + fp + fn, 1)


def choose_site_types(by_value: dict[float, dict[str, list[int]]], base: float, min_gold: int = SITE_MIN_GOLD,
                      shrink: float = SITE_SHRINK) -> dict[str, float]:
    """Each type's site threshold from the held-out counts at each threshold of the grid
    (``by_value``: threshold -> :func:`type_counts`): the value that makes the event F1 of all
    types best, the others at their choice so far (one pass, the commonest type first), shrunk
    to ``base`` by the type's gold events; a type with fewer than ``min_gold`` keeps ``base``
    (and is not named)."""
    if base not in by_value:
        raise ValueError(f"the grid {sorted(by_value)} lacks the global threshold {base}")
    types = {t for counts in by_value.values() for t in counts}
    gold = {t: sum(by_value[base].get(t, [0, 0, 0])[0::2]) for t in types}
    chosen = dict.fromkeys(types, base)

    def total(t: str, v: float) -> float:
        tp = fp = fn = 0
        for u in types:
            a, b, c = by_value[v if u == t else chosen[u]].get(u, [0, 0, 0])
            tp, fp, fn = tp + a, fp + b, fn + c
        return _f1(tp, fp, fn)

    out: dict[str, float] = {}
    for t in sorted(types, key=lambda u: (-gold[u], u)):
        if gold[t] < min_gold:
            continue
        best = max(sorted(by_value), key=lambda v: (total(t, v), -abs(v - base)))
        chosen[t] = best
        if best != base:
            w = gold[t] / (gold[t] + shrink)
            out[t] = round(base + w * (best - base), 4)
    return out


def _add(into: dict[str, list[int]], counts: dict[str, list[int]]) -> dict[str, list[int]]:
    for t, abc in counts.items():
        into[t] = [x + y for x, y in zip(into.get(t, [0, 0, 0]), abc, strict=True)]
    return into


def fold_grid(items: Sequence[Item], k: int, c: float, base: Thresholds, grid: Sequence[float] = SITE_GRID,
              seed: int = 13, gated_c: float | None = None) -> tuple[list[list[Item]], list[EventModel], list[dict[float, dict[str, list[int]]]]]:
    """K folds by document (:func:`folds`): each fold's model (trained once on the others, with
    ``base``) and the :func:`type_counts` of its held-out annotated items at each global site
    threshold of ``grid``."""
    if sites_mod.CLUSTER_SITES:
        raise ValueError("per-type site thresholds are chosen without cluster sites")
    stage = event_stage()
    parts = folds(items, k, seed)
    models: list[EventModel] = []
    counts: list[dict[float, dict[str, list[int]]]] = []
    for n, held in enumerate(parts):
        model = fit([it for m, part in enumerate(parts) if m != n for it in part], c, base, gated_c)
        annotated = [it for it in held if it.label is None]
        per: dict[float, dict[str, list[int]]] = {}
        for v in grid:
            model.thresholds = replace(base, site=v, site_types={})
            coder = EventCoder(stage, model)
            per[v] = type_counts(annotated, {it.name: predict(coder, it) for it in annotated})
        models.append(model)
        counts.append(per)
    return parts, models, counts


def site_grid_counts(items: Sequence[Item], k: int, c: float, base: Thresholds, grid: Sequence[float] = SITE_GRID,
                     seed: int = 13) -> dict[float, dict[str, list[int]]]:
    """The held-out :func:`type_counts` of all K folds at each threshold of ``grid``: what
    :func:`choose_site_types` chooses from (``rasad train-events``)."""
    _, _, counts = fold_grid(items, k, c, base, grid, seed)
    return {v: _add_all(per[v] for per in counts) for v in grid}


def _add_all(many: Iterable[dict[str, list[int]]]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for counts in many:
        _add(out, counts)
    return out


def nested_site_cv(items: Sequence[Item], k: int, c: float, base: Thresholds, grid: Sequence[float] = SITE_GRID,
                   min_gold: int = SITE_MIN_GOLD, shrink: float = SITE_SHRINK, seed: int = 13,
                   ) -> tuple[list[tuple[Thresholds, Report, dict[str, Json]]], list[dict[str, float]], dict[float, dict[str, list[int]]]]:
    """Per-type site thresholds measured by cross-fitting: each outer fold's thresholds are chosen
    (:func:`choose_site_types`) from the held-out counts of the *other* folds only, then that fold
    is predicted with them by its own model. Returns the reports and predictions of ``base`` and
    of the per-type thresholds (as :func:`cross_validate`), each fold's choice, and the counts of
    the global grid over all folds."""
    parts, models, counts = fold_grid(items, k, c, base, grid, seed)
    stage = event_stage()
    typed = replace(base, site_types={})
    base_preds: dict[str, Json] = {}
    typed_preds: dict[str, Json] = {}
    chosen: list[dict[str, float]] = []
    for n, (held, model) in enumerate(zip(parts, models, strict=True)):
        others = {v: _add_all(per[v] for m, per in enumerate(counts) if m != n) for v in grid}
        chosen.append(choose_site_types(others, base.site, min_gold, shrink))
        for setting, out in ((base, base_preds), (replace(typed, site_types=chosen[-1]), typed_preds)):
            model.thresholds = setting
            coder = EventCoder(stage, model)
            for item in held:
                out[item.name] = predict(coder, item)
    annotated = [it for it in items if it.label is None]
    reports = [(base, grade(annotated, base_preds), base_preds), (typed, grade(annotated, typed_preds), typed_preds)]
    return reports, chosen, {v: _add_all(per[v] for per in counts) for v in grid}
