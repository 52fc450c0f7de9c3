"""5-fold CV by document of site feature families, several variants in one run, with the site errors.

    python bench/site_cv.py --cache C --variant base=-site.name,-site.evidence,-site.modality \
        --variant all= [--site 0.1,0.14] [--save-preds DIR]

Prepares gold train + dev and the GSR half as ``bench/recall_cv.py --cache`` does (the same cache
file), finds the sites once, then for each variant (a name, ``=``, the feature families it leaves
out, each with a leading ``-``) runs ``train.cross_validate`` with the shipped thresholds (and the
site thresholds of ``--site``; ``--fit OUT`` fits the first variant on everything instead) and prints event P/R/F1, direction, GSR ASSAULT and PROTEST
detection, and the held-out site errors by class (``bench/site_errors.py``). ``--per-type GRID``
measures per-type site thresholds instead (``train.nested_site_cv``: each outer fold's chosen on
the grid from the other folds' held-out events, shrunk to the global one by ``--shrink``, types
under ``--min-gold`` gold events kept at it) against the single threshold.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from site_errors import _held_sites, classify

from rasad.datafiles import SHARED
from rasad.decide import evidence_features, features, modality_features, site_context, train
from rasad.decide.commands import CHOSEN, DEFAULT_GOLD
from rasad.decide.gsr import detect, prepare_gsr


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--variant", action="append", default=[], help="NAME=-family,-family (families left out)")
    ap.add_argument("--site", default="", help="site thresholds to try besides the shipped one")
    ap.add_argument("--rule-site", default="", help="thresholds to try for the type the rules coded at a site")
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--c", type=float, default=0.5)
    ap.add_argument("--save-preds", type=Path, help="a directory for each variant's held-out predictions")
    ap.add_argument("--no-errors", action="store_true")
    ap.add_argument("--per-type", default="", help="a grid of site thresholds: per-type thresholds chosen from it by cross-fitting")
    ap.add_argument("--min-gold", type=int, default=train.SITE_MIN_GOLD)
    ap.add_argument("--shrink", type=float, default=train.SITE_SHRINK)
    ap.add_argument("--fit", type=Path, help="instead of CV: fit the first variant on everything and save the model here")
    args = ap.parse_args()
    started = time.perf_counter()
    if args.cache.is_file():
        leads, gsr = pickle.loads(args.cache.read_bytes())
    else:
        leads = train.prepare([d for d in DEFAULT_GOLD if d.is_dir()])
        gsr = prepare_gsr([SHARED / "gsr" / "assault.jsonl", SHARED / "gsr" / "protest.jsonl"])
        args.cache.write_bytes(pickle.dumps((leads, gsr)))
    for item in leads:
        item.anchors, item.retold = train.align(item.doc, item.gold.get("events") or [])
    held = {} if args.no_errors else _held_sites(leads, args.k)
    words = train.trigger_words(leads)
    train.find_sites(leads, words)
    train.find_sites(gsr, words)
    print(f"prepared ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    for module in (evidence_features, modality_features, site_context):
        module.register()  # every family of session 8, kept or not: the variants leave out what they name
    every = dict(features.SITE_FEATURES)
    settings = ([CHOSEN] + [replace(CHOSEN, site=float(x)) for x in args.site.split(",") if x]
                + [replace(CHOSEN, rule_site=float(x)) for x in args.rule_site.split(",") if x])
    for spec in args.variant or ["shipped="]:
        name, _, drops = spec.partition("=")
        left_out = [d.lstrip("-") for d in drops.split(",") if d]
        features.SITE_FEATURES.clear()
        features.SITE_FEATURES.update({k: v for k, v in every.items() if k not in left_out})
        for fid in left_out:
            if fid not in every:
                sys.exit(f"no site feature family {fid}")
        t0 = time.perf_counter()
        if args.per_type:
            per_type(args, name, leads, gsr)
            continue
        if args.fit:
            model = train.fit(leads + gsr, args.c, CHOSEN)
            model.about.update({"variant": name, "c": args.c})
            model.save(args.fit)
            print(f"variant {name}: model {args.fit} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
            break
        for th, report, preds in train.cross_validate(leads + gsr, args.k, args.c, settings):
            e = report.events
            det = {t: d.figures() for t, d in sorted(detect(gsr, preds).items())}
            print(json.dumps({"variant": name, "site": th.site, "rule_site": th.rule_site, "event_p": round(e.p, 4),
                              "event_r": round(e.r, 4), "event_f1": round(e.f1, 4),
                              "direction": round(report.direction.value, 3), **det}, ensure_ascii=False), flush=True)
            lead_preds = {it.name: preds.get(it.name, {}) for it in leads}
            if args.save_preds and th is settings[0]:
                args.save_preds.mkdir(parents=True, exist_ok=True)
                (args.save_preds / f"{name}.json").write_text(json.dumps(lead_preds, ensure_ascii=False))
            if not args.no_errors and th is settings[0]:
                counts = classify(leads, lead_preds, held)
                print(json.dumps({"variant": name, "errors": dict(sorted(counts.items()))}, ensure_ascii=False), flush=True)
        print(f"variant {name}: {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    features.SITE_FEATURES.clear()
    features.SITE_FEATURES.update(every)


def per_type(args: argparse.Namespace, name: str, leads: list, gsr: list) -> None:
    """The shipped thresholds against per-type site thresholds, each outer fold's chosen from the
    other folds' held-out counts on the grid of ``--per-type`` (``train.nested_site_cv``)."""
    grid = sorted({float(x) for x in args.per_type.split(",") if x} | {CHOSEN.site})
    reports, chosen, counts = train.nested_site_cv(leads + gsr, args.k, args.c, CHOSEN, grid, args.min_gold, args.shrink)
    for v in grid:  # the global grid, from the counts (no GSR detection)
        tp, fp, fn = (sum(c[i] for c in counts[v].values()) for i in range(3))
        print(json.dumps({"variant": name, "global_site": v, "event_p": round(tp / max(tp + fp, 1), 4),
                          "event_r": round(tp / max(tp + fn, 1), 4), "event_f1": round(2 * tp / max(2 * tp + fp + fn, 1), 4)}), flush=True)
    for n, ch in enumerate(chosen):
        print(json.dumps({"variant": name, "fold": n, "site_types": dict(sorted(ch.items()))}, ensure_ascii=False), flush=True)
    for label, (_, report, preds) in zip(("single", "per_type"), reports, strict=True):
        e = report.events
        det = {t: d.figures() for t, d in sorted(detect(gsr, preds).items())}
        print(json.dumps({"variant": name, "thresholds": label, "event_p": round(e.p, 4), "event_r": round(e.r, 4),
                          "event_f1": round(e.f1, 4), "direction": round(report.direction.value, 3), **det},
                         ensure_ascii=False), flush=True)
    print(f"variant {name}: per-type thresholds chosen on all folds: "
          f"{train.choose_site_types(counts, CHOSEN.site, args.min_gold, args.shrink)}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
