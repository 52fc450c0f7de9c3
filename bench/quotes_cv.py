"""Cross-validation of the quotes stage by document, with score.py's quote measure.

    python bench/quotes_cv.py [GOLD_DIR ...] [--cv 5] [--c 0.3] [--seed 13] [--inner 3] [--errors] [--save]
                              [--cache FILE]

Runs the stages before ``quotes`` over the inputs of the gold directories (default
``../shared/gold/train`` and ``../shared/gold/dev``) once, and the quotes stage's candidate pass
(``QuoteStage.candidates``): the rules' choices and the alternatives of every cue. Then:

- ``rules``: what the rules alone print (nothing is learned, so this is their held-out figure);
- ``cv``: K folds by document (shuffled with seed 13, as ``rasad train-events``); a logistic
  model is trained on the candidates of K-1 folds (label: the candidate matches a gold quote by
  score.py's rule, same speaker and half the words) and decides the held-out fold, at each
  threshold of a grid. The ranker picks each cue's candidate; the scorer, which says whether the
  pick is a quote, learns from the picks of rankers that did not see the document (``--inner``
  parts by document), as it judges picks on unseen text.

``--save`` trains on every document and writes ``rasad/stages/models/quotes.json`` with the
threshold that cross-validation chose. ``--cache FILE`` keeps the documents as the stages before
``quotes`` leave them (pickled; delete the file when those stages change), so that trying a
change of the quotes stage runs only that stage. Needs scikit-learn (the ``test`` / ``train`` extras).
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasad.decide.model import Linear
from rasad.errors import InputError
from rasad.eval import load_gold, source_key
from rasad.eval.measures import PRF, Json, greedy, quote_match, same_actor, tokens
from rasad.model import Document
from rasad.stages.quote_model import MODEL_PATH, Candidate, QuoteModel, decide
from rasad.stages.quotes import QuoteStage

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEFAULT_GOLD = (SHARED / "gold" / "train", SHARED / "gold" / "dev")
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


@dataclass(slots=True)
class Item:
    name: str
    gold: list[Json]
    candidates: list[Candidate]
    labels: list[int]


def _documents(dirs: Sequence[Path], stages: list[tuple[str, Any]], cache: Path | None) -> list[tuple[Path, Document]]:
    """The gold inputs as the stages before ``quotes`` leave them (from ``cache`` when it exists)."""
    from rasad.extract.chrome import ChromeLearner
    from rasad.read import iter_inputs

    if cache is not None and cache.is_file():
        docs: list[tuple[Path, Document]] = pickle.loads(cache.read_bytes())
        return docs
    before = stages[: [n for n, _ in stages].index("quotes")]
    docs = []
    for gold_dir in dirs:
        gold = load_gold(gold_dir)
        inputs = [str((gold_dir / g["input"]).resolve()) for g in gold.values()]
        for raw in ChromeLearner().annotate(iter_inputs(inputs)):
            if isinstance(raw, InputError):
                continue
            doc = Document(source=raw.source, raw=raw)
            for _, s in before:
                doc = s(doc)
            docs.append((gold_dir, doc))
    if cache is not None:
        cache.write_bytes(pickle.dumps(docs))
    return docs


def prepare(dirs: Sequence[Path], cache: Path | None = None) -> list[Item]:
    from rasad.pipeline import default_stages

    stages = default_stages(learned=False)
    stage = next(s for n, s in stages if n == "quotes")
    assert isinstance(stage, QuoteStage)
    golds = {d: load_gold(d) for d in dirs}
    items: list[Item] = []
    for gold_dir, doc in _documents(dirs, stages, cache):
        g = golds[gold_dir].get(source_key(doc.source))
        if g is None or "quotes" not in g:
            continue
        for para in doc.paragraphs:
            para.cache.pop("quote_cover", None)  # the quotes stage's own, recomputed
        cands = stage.candidates(doc)
        gq = g["quotes"] or []
        labels = [int(any(quote_match(x, c.quote.to_dict()) for x in gq)) for c in cands]
        items.append(Item(f"{gold_dir.name}/{source_key(doc.source)}", gq, cands, labels))
    return items


def grade(items: Sequence[Item], chosen: dict[str, list[Json]]) -> PRF:
    prf = PRF()
    for it in items:
        pq = chosen.get(it.name, [])
        pairs = greedy(it.gold, pq, quote_match)
        prf.add(len(pairs), len(pq) - len(pairs), len(it.gold) - len(pairs))
    return prf


def fit_model(items: Sequence[Item], c: float, ranked: bool, inner: int = 0) -> QuoteModel:
    """The scorer alone (every candidate), or a ranker (candidates of cues that have a right one)
    and a scorer of the ranker's choice per cue."""
    if not ranked:
        return QuoteModel(fit(items, c))
    groups: dict[tuple[str, int], list[tuple[Candidate, int]]] = {}
    for it in items:
        for cand, label in zip(it.candidates, it.labels, strict=True):
            groups.setdefault((it.name, cand.group), []).append((cand, label))
    ranker = _ranker(list(groups.values()), c)
    if not inner:
        top = [max(g, key=lambda cy: ranker.score(cy[0].features)) for g in groups.values()]
        return QuoteModel(_logistic([(cand.features, y) for cand, y in top], c), ranker=ranker)
    # the scorer learns from the choices of a ranker that did not see the document (cross-fitted
    # by document, ``inner`` parts), as it will judge the choices on unseen text
    names = sorted({it.name for it in items})
    random.Random(17).shuffle(names)
    part = {name: n % inner for n, name in enumerate(names)}
    top = []
    for n in range(inner):
        fitted = _ranker([g for key, g in groups.items() if part[key[0]] != n], c)
        top += [max(g, key=lambda cy: fitted.score(cy[0].features)) for key, g in groups.items() if part[key[0]] == n]
    return QuoteModel(_logistic([(cand.features, y) for cand, y in top], c), ranker=ranker)


def _ranker(groups: list[list[tuple[Candidate, int]]], c: float) -> Linear:
    """Which candidate of a cue: trained on the cues that have a right one."""
    return _logistic([(cand.features, y) for g in groups if any(y for _, y in g) for cand, y in g], c)


def fit(items: Sequence[Item], c: float) -> Linear:
    return _logistic([(cand.features, label) for it in items for cand, label in zip(it.candidates, it.labels, strict=True)], c)


def _logistic(data: list[tuple[dict[str, float], int]], c: float) -> Linear:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([f for f, _ in data])
    y = [label for _, label in data]
    clf = LogisticRegression(C=c, max_iter=3000)
    clf.fit(x, y)
    names = vec.get_feature_names_out()
    return Linear({str(n): float(w) for n, w in zip(names, clf.coef_[0], strict=True)}, float(clf.intercept_[0]))


def folds(items: Sequence[Item], k: int, seed: int = 13) -> list[list[Item]]:
    order = list(items)
    random.Random(seed).shuffle(order)
    return [order[n::k] for n in range(k)]


def cross_validate(items: Sequence[Item], k: int, c: float, seed: int = 13, ranked: bool = False,
                   chosen: dict[float, dict[str, list[Json]]] | None = None, inner: int = 0) -> dict[float, PRF]:
    """Held-out F1 at each threshold; ``chosen`` (when given) gets each held-out document's quotes."""
    chosen = {t: {} for t in THRESHOLDS} if chosen is None else chosen
    chosen.update({t: {} for t in THRESHOLDS})
    parts = folds(items, k, seed)
    for n, held in enumerate(parts):
        model = fit_model([it for m, part in enumerate(parts) if m != n for it in part], c, ranked, inner)
        for t in THRESHOLDS:
            for it in held:
                chosen[t][it.name] = [q.to_dict() for q in decide(it.candidates, model, t)]
    return {t: grade(items, chosen[t]) for t in THRESHOLDS}


def _overlap(a: Json, b: Json) -> float:
    ta, tb = set(tokens(a.get("text"))), set(tokens(b.get("text")))
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def error_classes(items: Sequence[Item], chosen: dict[str, list[Json]]) -> dict[str, int]:
    """Each held-out error in one class. A missed gold quote: ``speaker wrong`` (a printed quote
    has its words, not its speaker), ``span wrong`` (its speaker, under half its words),
    ``not chosen`` (a candidate was right; the model chose another or none), ``speaker not
    offered`` (a candidate has its words, none its speaker), ``span not offered`` (a candidate has
    its speaker and some of its words), ``missed cue`` (no candidate shares a word with it). A
    printed quote no gold quote matches: counted with its gold quote when it is one of the first
    two classes, else ``false quote``."""
    out: dict[str, int] = {}
    for it in items:
        pq = chosen.get(it.name, [])
        pairs = greedy(it.gold, pq, quote_match)
        used_g = {id(g) for g, _ in pairs}
        used_p = {id(p) for _, p in pairs}
        free_p = [p for p in pq if id(p) not in used_p]
        cands = [c.quote.to_dict() for c in it.candidates]
        for g in it.gold:
            if id(g) in used_g:
                continue
            if any(_overlap(g, p) >= 0.5 for p in free_p):
                cls = "speaker wrong"
            elif any(same_actor(g.get("speaker") or {}, p.get("speaker") or {}) and _overlap(g, p) > 0 for p in free_p):
                cls = "span wrong"
            elif any(quote_match(g, c) for c in cands):
                cls = "not chosen"
            elif any(_overlap(g, c) >= 0.5 for c in cands):
                cls = "speaker not offered"
            elif any(same_actor(g.get("speaker") or {}, c.get("speaker") or {}) and _overlap(g, c) > 0 for c in cands):
                cls = "span not offered"
            else:
                cls = "missed cue"
            out[f"fn {cls}"] = out.get(f"fn {cls}", 0) + 1
        for p in free_p:
            if not any(_overlap(g, p) > 0 for g in it.gold):
                out["fp false quote"] = out.get("fp false quote", 0) + 1
            else:
                out["fp wrong speaker or span"] = out.get("fp wrong speaker or span", 0) + 1
    return dict(sorted(out.items()))


def row(name: str, prf: PRF) -> str:
    return f"{name:<26} P {prf.p:.3f}  R {prf.r:.3f}  F1 {prf.f1:.3f}   (tp {prf.tp}, fp {prf.fp}, fn {prf.fn})"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="*", type=Path)
    ap.add_argument("--cv", type=int, default=5)
    ap.add_argument("--c", type=float, default=0.3, help="inverse regularisation of the logistic model")
    ap.add_argument("--no-ranker", dest="ranker", action="store_false",
                    help="one scorer over every candidate, without the ranker of each cue's candidates")
    ap.add_argument("--seed", type=int, default=13, help="the shuffle of the folds")
    ap.add_argument("--inner", type=int, default=3,
                    help="train the scorer on the choices of rankers cross-fitted in this many parts (0: the ranker's own)")
    ap.add_argument("--threshold", type=float, help="the threshold to save (default: the best of the grid)")
    ap.add_argument("--errors", action="store_true", help="the held-out errors by class (see error_classes)")
    ap.add_argument("--cache", type=Path, help="keep the documents before the quotes stage in this file")
    ap.add_argument("--save", action="store_true", help=f"train on everything and write {MODEL_PATH}")
    args = ap.parse_args(argv)
    dirs = args.gold or [d for d in DEFAULT_GOLD if d.is_dir()]
    started = time.perf_counter()
    items = prepare(dirs, args.cache)
    n_gold = sum(len(it.gold) for it in items)
    reach = grade(items, {it.name: [c.quote.to_dict() for c, y in zip(it.candidates, it.labels, strict=True) if y]
                          for it in items})
    print(f"{len(items)} documents, {n_gold} gold quotes, {sum(len(it.candidates) for it in items)} candidates "
          f"({time.perf_counter() - started:.0f} s)")
    print(row("candidates (oracle)", reach))
    print(row("rules", grade(items, {it.name: [q.to_dict() for q in decide(it.candidates, None)] for it in items})))
    best = 0.5
    if args.cv:
        chosen: dict[float, dict[str, list[Json]]] = {}
        results = cross_validate(items, args.cv, args.c, args.seed, args.ranker, chosen, args.inner)
        for t, prf in results.items():
            print(row(f"cv{args.cv} model ≥ {t}", prf))
        best = max(results, key=lambda t: results[t].f1)
        if args.errors:
            shown = args.threshold if args.threshold is not None else best
            print(f"held-out errors at ≥ {shown}:")
            for name, n in error_classes(items, chosen[shown]).items():
                print(f"  {name:<28} {n}")
    best = args.threshold if args.threshold is not None else best
    if args.save:
        model = fit_model(items, args.c, args.ranker, args.inner)
        model.threshold = best
        model.about.update({
            "trained_on": [str(d) for d in dirs], "documents": len(items), "c": args.c, "inner": args.inner,
            "threshold": "given" if args.threshold is not None else f"best of {args.cv}-fold cross-validation by document",
            "licence": "weights learned from annotations of corpus articles (research licence); no text is stored"})

        model.save(MODEL_PATH)
        print(json.dumps({"model": str(MODEL_PATH), "threshold": best, "weights": len(model.scorer.weights)}))
    print(f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
