"""5-fold CV of party decisions: the site models fitted once per fold, the party models per variant.

    python bench/party_cv.py --cache C [--variant NAME ...]

The party features do not enter the site models (``site.parties`` counts the candidates, never
their features), so a variant of the party features or of how the parties are decoded needs only
the actor and recipient models refitted: each fold fits everything once, then for each variant
refits the two party models (without the feature families the variant drops) and predicts the
held-out fold with the variant's decoding. Prints event P / R / F1 and direction per variant,
graded as ``rasad train-events --cv 5`` grades (train + dev, the GSR half in the folds).
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from party_errors import strict  # bench/party_errors.py: the stricter measures

from rasad.decide import coder as coder_mod
from rasad.decide import features, train
from rasad.decide import sites as sites_mod
from rasad.decide.coder import EventCoder
from rasad.decide.commands import CHOSEN
from rasad.decide.gsr import detect

# a variant: the party families it leaves out, what it sets in the coder module, the thresholds
Variant = tuple[list[str], dict[str, object], Callable[[object], object] | None]


def variants(names: list[str] | None = None) -> dict[str, Variant]:
    """The variants by name: ``base`` is the setting of this tree; the others each change one
    thing. And, for any name of the form ``{main|frame}[-FAMILY...][_off][_rX][_dY]`` among ``names``: ``main``
    leaves out the trigger frame's families (:mod:`rasad.decide.party_frame`, session 7) and
    :mod:`rasad.decide.party_role`'s (session 8),
    ``frame`` keeps them, ``-FAMILY`` leaves that family out too; ``_off``: the models choose the parties of the rules' events too
    (``rule_parties`` off); ``_rX``: recipient threshold X; ``_dY``: a doubted recipient from p Y
    keeps two events apart (``coder.DOUBTED_RECIPIENT``); ``_j``: actor and recipient chosen as a
    pair (``coder.JOINT_PARTIES``). The families of :mod:`rasad.decide.party_role` are in every
    variant unless left out by name."""
    from rasad.decide import party_extra, party_frame, party_role

    party_frame.register()  # not registered by default (rule_parties off is not shipped)
    party_role.register()  # nor these (session 8): ``-party.place_role-party.speaker`` leaves them out
    new = sorted(party_extra.FAMILIES)
    frame = sorted(party_frame.FAMILIES)
    role = sorted(party_role.FAMILIES)
    out: dict[str, Variant] = {
        "base": ([], {}, None),
        "rule_parties_on": (new + frame, {}, lambda th: replace(th, rule_parties=True)),  # main before round five
        "no_fallback": ([], {"RULE_FALLBACK_ACTOR": False}, None),
        **{f"-{fid}": ([fid], {}, None) for fid in new + frame},
        **{f"actor{x}": ([], {}, lambda th, x=x: replace(th, actor=x)) for x in (0.1, 0.3, 0.4)},
        **{f"more{x}": ([], {"MORE_ACTORS": x}, None) for x in (0.6, 0.8, 1.01)},
    }
    for name in names or []:
        m = re.fullmatch(r"(main|frame)((?:-party\.[a-z]+(?:_(?!off)(?![rd][0-9])[a-z]+)*)*)(_off)?(?:_r([0-9.]+))?(?:_d([0-9.]+))?(_j)?", name)
        if m is None:
            continue
        drop = (frame + role if m.group(1) == "main" else []) + [x for x in m.group(2).split("-") if x]
        changes: dict[str, object] = {"rule_parties": not m.group(3)}
        if m.group(4):
            changes["recipient"] = float(m.group(4))
        patch: dict[str, object] = {"DOUBTED_RECIPIENT": float(m.group(5))} if m.group(5) else {}
        if m.group(6):
            patch["JOINT_PARTIES"] = True
        out[name] = (drop, patch, lambda th, changes=changes: replace(th, **changes))
    return out


def off(th: object) -> object:
    """The rules' events get the parties the models choose (Thresholds.rule_parties off)."""
    return replace(th, rule_parties=False)  # type: ignore[type-var]


def party_examples(items: list[train.Item], words: object) -> tuple[list, list]:
    """The actor and recipient examples of ``train.examples`` with the party features as registered now."""
    from rasad.decide.features import Context, skipped_reasons, title_stems
    from rasad.eval.measures import same_actor

    actor_x, recip_x = [], []
    for item in items:
        if item.label is not None:
            continue
        paras = {p.index: p for p in item.doc.paragraphs}
        skipped = skipped_reasons(item.doc.skipped)
        heads = title_stems(item.doc.paragraphs)
        for site in item.sites:
            gold = train._gold_at(item, site)
            if not gold:
                continue
            ctx = Context(site, paras[site.paragraph], skipped, words, heads, item.doc)  # type: ignore[arg-type]
            g = gold[0]
            for p in site.parties:
                f = features.party_features(ctx, g["type"], p)
                pd = p.actor.to_dict()
                actor_x.append((f, int(any(same_actor(a, pd) for a in g.get("actor") or []))))
                recip_x.append((f, int(any(same_actor(a, pd) for a in g.get("recipient") or []))))
    return actor_x, recip_x


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--c", type=float, default=0.5)
    ap.add_argument("--variant", action="append", default=[])
    ap.add_argument("--save-preds", type=Path, help="a directory: the held-out predictions of each variant")
    ap.add_argument("--fit", type=Path, help="no CV: fit on everything with the thresholds of the (one) --variant, "
                                             "its party families, and save the model here (what `rasad train-events` "
                                             "would fit with that setting in commands.CHOSEN)")
    ap.add_argument("--no-anaphors", action="store_true", help="ablation: no anaphoric nouns among the candidates")
    ap.add_argument("--split", action="store_true", help="sites.SPLIT_CHUNKS: a complementizer ends a chunk, a name "
                                                          "after a name is a candidate of its own (session 8)")
    ap.add_argument("--anaphors", action="store_true", help="anaphoric nouns among the candidates (sites.ANAPHORS)")
    ap.add_argument("--cue-speaker", action="store_true", help="party.speaker at a quote's cue too (party_role.CUE_SPEAKER)")
    args = ap.parse_args()
    sites_mod.SPLIT_CHUNKS = args.split
    if args.cue_speaker:
        from rasad.decide import party_role
        party_role.CUE_SPEAKER = True
    if args.anaphors:
        sites_mod.ANAPHORS = True
    if args.no_anaphors:
        sites_mod.ANAPHORS = False
    started = time.perf_counter()
    leads, gsr = pickle.loads(args.cache.read_bytes())
    for item in leads:
        item.anchors, item.retold = train.align(item.doc, item.gold.get("events") or [])
    words = train.trigger_words(leads)
    train.find_sites(leads, words)
    train.find_sites(gsr, words)
    table = variants(args.variant)
    names = args.variant or list(table)
    if args.fit:
        drop, _, th = table[names[0]]
        for fid in drop:
            features.PARTY_FEATURES.pop(fid, None)
        model = train.fit(leads + gsr, args.c, th(CHOSEN) if th else CHOSEN)  # type: ignore[arg-type]
        model.save(args.fit)
        print(f"saved {args.fit} ({time.perf_counter() - started:.0f} s)")
        return
    all_families = dict(features.PARTY_FEATURES)
    items = leads + gsr
    parts = train.folds(items, args.k)
    stage = train.event_stage()
    preds: dict[str, dict[str, train.Json]] = {n: {} for n in names}
    defaults = {k: getattr(coder_mod, k) for v in table.values() for k in v[1]}
    for n, held in enumerate(parts):
        part = [it for m, p in enumerate(parts) if m != n for it in p]
        model = train.fit(part, args.c, CHOSEN)
        fold_words = model.words
        fitted: dict[tuple[str, ...], tuple[object, object]] = {}  # the party models by the families left out
        for name in names:
            drop, patch, th = table[name]
            features.PARTY_FEATURES.clear()
            features.PARTY_FEATURES.update({k: v for k, v in all_families.items() if k not in drop})
            for k, v in defaults.items():
                setattr(coder_mod, k, v)
            for k, v in patch.items():
                setattr(coder_mod, k, v)
            key = tuple(sorted(drop))
            if key not in fitted:
                actor_x, recip_x = party_examples(part, fold_words)
                fitted[key] = (train._logistic(actor_x, args.c), train._logistic(recip_x, args.c))
            m = replace(model, actor=fitted[key][0], recipient=fitted[key][1],
                        thresholds=th(CHOSEN) if th else CHOSEN)  # type: ignore[arg-type]
            coder = EventCoder(stage, m)
            for item in held:
                preds[name][item.name] = train.predict(coder, item)
        print(f"fold {n} done ({time.perf_counter() - started:.0f} s)", flush=True)
    features.PARTY_FEATURES.clear()
    features.PARTY_FEATURES.update(all_families)
    annotated = [it for it in items if it.label is None]
    for name in names:
        report = train.grade(annotated, preds[name])
        e = report.events
        det = {t: d.figures() for t, d in sorted(detect(gsr, preds[name]).items())} if gsr else {}
        print(json.dumps({"variant": name, "event_p": round(e.p, 4), "event_r": round(e.r, 4), "event_f1": round(e.f1, 4),
                          "direction": round(report.direction.value, 3), **det,
                          **strict(leads, preds[name])}), flush=True)
        if args.save_preds:
            args.save_preds.mkdir(parents=True, exist_ok=True)
            (args.save_preds / f"{name}.json").write_text(
                json.dumps({it.name: preds[name].get(it.name, {}) for it in leads}, ensure_ascii=False))
    print(f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
