"""Candidate recall of the event sites, the kinds of triggers they miss, and 5-fold CV by document.

    python bench/recall_cv.py --cache /tmp/recall.pickle [--cv] [--site 0.12,0.16] [--kinds]

Prepares gold train + dev and the GSR half through the rule stages once (``--cache`` keeps them:
that is the slow part), then finds the sites again with the code as it is now (so a change to
the candidate generator is measured without re-running the rules), and prints:

- candidate recall: gold events with a site of their type in their trigger's sentence, and gold
  triggers reached by a site at all;
- with ``--kinds``: the gold triggers no site of their type reaches, counted by *kind* (a
  pronoun suffix, a person or tense prefix, a plural or verbal-noun ending, a phrase with words
  between, a word whose stem no lexicon form has) — never listed by word;
- with ``--cv``: event P/R/F1 on the held-out leads and GSR sentence detection, for the shipped
  thresholds (``--site`` etc. try others in the same run; the models are trained once per fold).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from rasad.datafiles import SHARED
from rasad.decide import coder as coder_mod
from rasad.decide import features, train
from rasad.decide import sites as sites_mod
from rasad.decide.coder import usable_types
from rasad.decide.commands import CHOSEN, DEFAULT_GOLD
from rasad.decide.gsr import detect, prepare_gsr
from rasad.decide.sites import source_of, stem
from rasad.lexicon import single_word_triggers
from rasad.lexicon.conjugate import PRONOUN_SUFFIXES


def kind_of(norm: str, words: list[str]) -> str:
    """The kind of a trigger the sites miss (by its form, not its word)."""
    if len(words) > 1:
        return "phrase"
    singles = single_word_triggers()
    base = stem(norm)
    if any(f.startswith(base[:3]) and stem(f) == base for f in singles):
        return "form of a listed stem"
    if base.endswith(("ات", "ون", "ين")):
        return "plural ending"
    if norm.endswith(PRONOUN_SUFFIXES):
        return "pronoun suffix"
    if base[:1] in "ينتا" and len(base) >= 4:
        return "person/tense prefix"
    if base.startswith("م") and len(base) >= 4:
        return "participle (م-)"
    if base.startswith(("است", "انت", "اعت", "اف", "ا")) or base.endswith("ه"):
        return "verbal noun"
    return "other"


def error_kinds(leads: list[train.Item], preds: dict[str, train.Json]) -> dict[str, int]:
    """Held-out misses and false events by kind: a gold event with no prediction of its type in its
    document, or one with the wrong parties; a false event of a type the document's gold lacks."""
    from rasad.eval.measures import matched_events

    out: Counter[str] = Counter()
    for item in leads:
        gold = item.gold.get("events") or []
        pred = preds.get(item.name, {}).get("events") or []
        got_g, got_p = matched_events(gold, pred)
        for g in gold:
            if id(g) not in got_g:
                same = [p for p in pred if p["type"] == g["type"] and id(p) not in got_p]
                out["fn: no prediction of its type" if not same else "fn: its type predicted, parties differ"] += 1
        for p in pred:
            if id(p) not in got_p:
                out["fp: type absent from gold" if not any(g["type"] == p["type"] for g in gold)
                    else "fp: type in gold, parties differ"] += 1
    return dict(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--c", type=float, default=0.5)
    ap.add_argument("--gated-c", type=float, default=None, help="c of the violence and protest model (default: --c)")
    ap.add_argument("--cache", type=Path)
    ap.add_argument("--cv", action="store_true")
    ap.add_argument("--kinds", action="store_true")
    ap.add_argument("--site", default="", help="site thresholds to try besides the shipped one")
    ap.add_argument("--actor", default="", help="actor thresholds to try")
    ap.add_argument("--recipient", default="", help="recipient thresholds to try")
    ap.add_argument("--gated-rule", default="", help="violence/protest thresholds to try where the rules coded one")
    ap.add_argument("--rule-site", default="", help="thresholds to try for the type the rules coded at a site")
    ap.add_argument("--errors", action="store_true", help="count the held-out errors of the shipped setting by kind")
    ap.add_argument("--no-gap", action="store_true", help="ablation: no phrase matched across an inserted word")
    ap.add_argument("--drop", default="", help="ablation: feature ids to leave out (party.agreement,...)")
    ap.add_argument("--digits", type=int, default=3)
    ap.add_argument("--no-title-parties", action="store_true", help="ablation: a body site's candidates without the title's parties")
    ap.add_argument("--more-actors", type=float, default=None, help="the actor probability a second actor needs (above 1: none)")
    ap.add_argument("--save-preds", type=Path, help="write the held-out predictions of the shipped setting (JSON) for error analysis")
    ap.add_argument("--no-gsr", action="store_true")
    ap.add_argument("--no-jackknife", action="store_true",
                    help="ablation: train the site model with the trigger words of all training documents (its own too)")
    ap.add_argument("--cluster-sites", action="store_true", help="sites proposed by their word cluster (off by default)")
    ap.add_argument("--no-cluster-sites", action="store_true", help="none (the default; kept for the commands of docs/events.md)")
    ap.add_argument("--cluster-gated", action="store_true", help="clusters propose violence and protest too")
    ap.add_argument("--cluster", default="", help="the cluster proposals: LEVEL,MIN,RATE (default: the shipped ones)")
    args = ap.parse_args()

    started = time.perf_counter()
    if args.cluster_sites or args.cluster:
        sites_mod.CLUSTER_SITES = True
    if args.no_cluster_sites:
        sites_mod.CLUSTER_SITES = False
    if args.cluster_gated:
        sites_mod.CLUSTER_SKIP = frozenset()
    if args.cluster:
        level, least, rate = args.cluster.split(",")
        sites_mod.CLUSTER_LEVEL, sites_mod.CLUSTER_MIN, sites_mod.CLUSTER_RATE = int(level), int(least), float(rate)
    print(json.dumps({"cluster_sites": sites_mod.CLUSTER_SITES, "cluster_level": sites_mod.CLUSTER_LEVEL,
                      "cluster_min": sites_mod.CLUSTER_MIN, "cluster_rate": sites_mod.CLUSTER_RATE}), flush=True)
    if args.no_jackknife:
        train.JACKKNIFE = False
    if args.no_title_parties:
        sites_mod.TITLE_PARTIES = False
    if args.more_actors is not None:
        coder_mod.MORE_ACTORS = args.more_actors
    if args.no_gap:
        sites_mod.gapped_trigger_at = lambda tokens, i: None  # type: ignore[assignment]
    for fid in [x for x in args.drop.split(",") if x]:
        if features.SITE_FEATURES.pop(fid, None) is None and features.PARTY_FEATURES.pop(fid, None) is None:
            print(f"no feature family {fid}", file=sys.stderr)
    if args.cache and args.cache.is_file():
        leads, gsr = pickle.loads(args.cache.read_bytes())
    else:
        leads = train.prepare([d for d in DEFAULT_GOLD if d.is_dir()])
        gsr = prepare_gsr([SHARED / "gsr" / "assault.jsonl", SHARED / "gsr" / "protest.jsonl"])
        if args.cache:
            args.cache.write_bytes(pickle.dumps((leads, gsr)))
    if args.no_gsr:
        gsr = []
    for item in leads:  # aligned again: the alignment may have changed since the cache was made
        item.anchors, item.retold = train.align(item.doc, item.gold.get("events") or [])
    words = train.trigger_words(leads)
    train.find_sites(leads, words)
    train.find_sites(gsr, words)
    print(f"prepared {len(leads)} documents, {len(gsr)} GSR sentences ({time.perf_counter() - started:.0f} s)",
          file=sys.stderr)
    typed, anywhere, total = train.candidate_recall(leads)
    n_sites = sum(len(it.sites) for it in leads)
    print(json.dumps({"candidate_recall": round(typed / total, 4), "trigger_reached": round(anywhere / total, 4),
                      "gold_events": total, "sites": n_sites,
                      "cluster_proposals": sum(src == "cluster" for it in leads for s in it.sites for src in s.types.values())}),
          flush=True)
    # held out: a fold's sites are found with what its training part learned only (as in CV)
    parts = train.folds(leads, args.k)
    held_typed = generated = no_cluster = held_sites = 0
    for n, held in enumerate(parts):
        fold_words = train.trigger_words([it for m, part in enumerate(parts) if m != n for it in part])
        train.find_sites(held, fold_words)
        for item in held:
            held_sites += sum(bool(usable_types(s, fold_words, False)) for s in item.sites)
            for a, g in zip(item.anchors, item.gold.get("events") or [], strict=True):
                if a is None:
                    continue
                para = next(p for p in item.doc.paragraphs if p.index == a.paragraph)
                s0, _ = para.sentence_at(para.tokens[a.first].start)
                here = [s for s in item.sites if s.paragraph == a.paragraph and s.s_start == s0]
                t = g["type"]
                sources = [source_of(s, t, fold_words) for s in here if t in s.types]
                held_typed += any(sources)
                no_cluster += any(src and src != "cluster" for src in sources)
                generated += any(src and src not in ("learned", "cluster") for src in sources)
    train.find_sites(leads, words)
    print(json.dumps({"candidate_recall_held_out": round(held_typed / total, 4),
                      "candidate_recall_held_out_no_clusters": round(no_cluster / total, 4),
                      "candidate_recall_no_learned_words": round(generated / total, 4),
                      "held_out_sites": held_sites}), flush=True)
    if args.kinds:
        # a fold's sites see only what its training part learned: count kinds of gold triggers that
        # no lexicon/variant/rule site of their type reaches (the learned words aside)
        kinds: Counter[str] = Counter()
        unaligned = 0
        for item in leads:
            for a, g in zip(item.anchors, item.gold.get("events") or [], strict=True):
                if a is None:
                    unaligned += 1
                    continue
                here = [s for s in item.sites if s.paragraph == a.paragraph and s.first < a.last and a.first < s.last]
                if any(g["type"] in s.types and s.types[g["type"]] not in ("learned", "cluster") for s in here):
                    continue
                para = next(p for p in item.doc.paragraphs if p.index == a.paragraph)
                toks = [t.norm for t in para.tokens[a.first : a.last]]
                kinds[kind_of(toks[0], toks)] += 1
        print(json.dumps({"missed_by_lexicon": sum(kinds.values()), "unaligned": unaligned,
                          "kinds": dict(kinds.most_common())}, ensure_ascii=False), flush=True)
    if args.cv:
        settings = ([CHOSEN] + [replace(CHOSEN, site=float(x)) for x in args.site.split(",") if x]
                    + [replace(CHOSEN, actor=float(x)) for x in args.actor.split(",") if x]
                    + [replace(CHOSEN, recipient=float(x)) for x in args.recipient.split(",") if x]
                    + [replace(CHOSEN, gated_rule=float(x)) for x in args.gated_rule.split(",") if x]
                    + [replace(CHOSEN, rule_site=float(x)) for x in args.rule_site.split(",") if x])
        for th, report, preds in train.cross_validate(leads + gsr, args.k, args.c, settings, gated_c=args.gated_c):
            e = report.events
            det = {t: d.figures() for t, d in sorted(detect(gsr, preds).items())} if gsr else {}
            if args.save_preds and th is settings[0]:
                args.save_preds.write_text(json.dumps({it.name: preds.get(it.name, {}) for it in leads}, ensure_ascii=False))
            if args.errors and th is settings[0]:
                print(json.dumps(error_kinds(leads, preds)), flush=True)
            print(json.dumps({"site": th.site, "actor": th.actor, "recipient": th.recipient, "gated_rule": th.gated_rule, "rule_site": th.rule_site, "event_p": round(e.p, 3), "event_r": round(e.r, 3),
                              "event_f1": round(e.f1, args.digits), "direction": round(report.direction.value, 3),
                              "quote_f1": round(report.quotes.f1, 3), **det}, ensure_ascii=False), flush=True)
    print(f"{time.perf_counter() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
