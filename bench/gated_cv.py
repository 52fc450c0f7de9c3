"""Cross-validate learned decisions for violence and protest on the gold leads and the GSR half.

    python bench/gated_cv.py [--k 5] [--cache /tmp/gated.pickle] [--gated 0.3,0.4,0.5]

Prepares gold train + dev and the GSR half (``../shared/gsr``), then runs K-fold cross-validation
by document (a GSR sentence's source document stays in one fold) for the shipped setting (violence
and protest only where the occurrence rules code them) against models that also decide them:
the model of violence and protest learned from the GSR sentences. Prints, per setting, event
P/R/F1 on the held-out leads and sentence detection P/R/F1 and hard-negative accuracy per GSR
type. ``--cache`` keeps the prepared documents between runs (preparing is the slow part).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from dataclasses import replace
from pathlib import Path

from rasad.datafiles import SHARED
from rasad.decide import train
from rasad.decide.commands import CHOSEN, DEFAULT_GOLD
from rasad.decide.gsr import detect, prepare_gsr


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--c", type=float, default=0.2)
    ap.add_argument("--cache", type=Path)
    ap.add_argument("--gated", default="0.3,0.4,0.5,0.6", help="site thresholds for violence and protest to try")
    ap.add_argument("--gated-rule", default="", help="thresholds to try where the rules coded violence or protest")
    ap.add_argument("--gated-leads", default="", help="site-model thresholds to try that overrule the GSR model")
    args = ap.parse_args()

    started = time.perf_counter()
    if args.cache and args.cache.is_file():
        leads, gsr = pickle.loads(args.cache.read_bytes())
    else:
        leads = train.prepare([d for d in DEFAULT_GOLD if d.is_dir()])
        gsr = prepare_gsr([SHARED / "gsr" / "assault.jsonl", SHARED / "gsr" / "protest.jsonl"])
        train.find_sites(gsr, train.trigger_words(leads, count=False))
        if args.cache:
            args.cache.write_bytes(pickle.dumps((leads, gsr)))
    print(f"prepared {len(leads)} annotated documents, {len(gsr)} GSR sentences ({time.perf_counter() - started:.0f} s)",
          file=sys.stderr)

    def show(name: str, report: train.Report, preds: dict[str, train.Json], gsr_items: list[train.Item]) -> None:
        e = report.events
        det = {t: d.figures() for t, d in sorted(detect(gsr_items, preds).items())} if gsr_items else {}
        print(json.dumps({"setting": name, "event_p": round(e.p, 3), "event_r": round(e.r, 3), "event_f1": round(e.f1, 3),
                          "direction": round(report.direction.value, 3), **det}, ensure_ascii=False), flush=True)

    # the shipped setting (violence and protest as the occurrence rules code them), then the model
    # of violence and protest learned from the GSR sentences deciding them at several thresholds
    gated = [float(x) for x in args.gated.split(",") if x]
    rule: list[float | None] = [float(x) for x in args.gated_rule.split(",") if x] or [None]
    overrule: list[float | None] = [float(x) for x in args.gated_leads.split(",") if x]
    plain = [replace(CHOSEN, reported_only=False, gated=g, gated_rule=r, gated_leads=None) for g in gated for r in rule]
    both = [replace(CHOSEN, reported_only=False, gated=g, gated_rule=r, gated_leads=h) for g in gated for r in rule for h in overrule]
    # the models are trained once per fold and group: the site model learns violence and protest
    # from the leads only where it may overrule the GSR's model
    for group_ in ([replace(CHOSEN, reported_only=True), *plain], both):
        if not group_:
            continue
        for th, report, preds in train.cross_validate(leads + gsr, args.k, args.c, group_):
            name = ("rules decide violence and protest" if th.reported_only
                    else f"GSR model, gated={th.gated}/{th.gated_rule}, site model overrules at {th.gated_leads}")
            show(name, report, preds, gsr)
    print(f"{time.perf_counter() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
