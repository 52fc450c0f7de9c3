"""The party errors of held-out event predictions, by class.

    python bench/recall_cv.py --cache C --cv --save-preds P.json     # the held-out predictions
    python bench/party_errors.py --cache C --preds P.json

For every gold event that score.py's matching leaves unpaired while a prediction of its type sits
at its trigger (same paragraph, overlapping tokens) and is unpaired too, the reason the two differ:

- ``swapped``: the predicted actor is the gold recipient and the other way round;
- ``recipient wrong``: the actor is right, the recipients differ (the gold one among the site's
  candidates or not);
- ``actor among candidates, ranked lower``: a candidate party of the site is the gold actor
  (score.py's ``same_actor``), by where it is (sentence before / after the trigger, sentence
  before, title);
- ``actor not among candidates``: no candidate is, split by whether the gold actor's words are in
  the document at all, and whether it is a state or no state (granularity, GUIDE.md);
- ``no gold actor``.

Counts only, never the words of the gold files.
"""

from __future__ import annotations

import argparse
import json
import pickle
from collections import Counter
from pathlib import Path

from rasad.decide import train
from rasad.decide.features import _position
from rasad.eval.measures import event_match, greedy, matched_events, same_actor, tokens


def _overlap(a: list[dict], b: list[dict]) -> bool:
    return any(same_actor(x, y) for x in a for y in b)


def classify(items: list[train.Item], preds: dict[str, dict]) -> Counter[str]:
    out: Counter[str] = Counter()
    for item in items:
        gold = item.gold.get("events") or []
        pred = preds.get(item.name, {}).get("events") or []
        got_g, got_p = matched_events(gold, pred)
        paras = {p.index: p for p in item.doc.paragraphs}
        for a, g in zip(item.anchors, gold, strict=True):
            if id(g) in got_g or a is None:
                continue
            para = paras.get(a.paragraph)
            if para is None:
                continue
            span = para.text[para.tokens[a.first].start : para.tokens[a.last - 1].end]
            s0, s1 = para.sentence_at(para.tokens[a.first].start)
            sentence = para.text[s0:s1]
            free = [p for p in pred if id(p) not in got_p and p["type"] == g["type"]]
            here = [p for p in free if p["paragraph"] == a.paragraph and (p["trigger"] in span or span in p["trigger"])]
            here = here or [p for p in free if p["paragraph"] == a.paragraph and p["sentence"].strip() in sentence]
            if not here:
                if not any(p["type"] == g["type"] for p in pred):
                    out["(site) no prediction of its type in the document"] += 1
                elif not free:
                    out["(site) its type predicted, paired with other gold events"] += 1
                else:
                    out["(site/party) its type predicted unpaired in another sentence"] += 1
                continue
            p = here[0]
            ga, gr, pa, pr = g.get("actor") or [], g.get("recipient") or [], p.get("actor") or [], p.get("recipient") or []
            sites = [s for s in item.sites if s.paragraph == a.paragraph and s.first < a.last and a.first < s.last]
            cands = [q for s in sites[:1] for q in s.parties]
            if not ga:
                out["no gold actor"] += 1
            elif _overlap(ga, pr) and _overlap(gr, pa):
                out["swapped"] += 1
            elif _overlap(ga, pa):
                if not pr:
                    out["recipient missing (actor right)"] += 1
                elif not gr:
                    out["recipient extra (actor right)"] += 1
                else:
                    inside = any(_overlap(gr, [q.actor.to_dict()]) for q in cands)
                    out[f"recipient wrong (actor right), gold recipient {'among' if inside else 'not among'} candidates"] += 1
            else:
                where = [_position(sites[0], q)[0] for q in cands if _overlap(ga, [q.actor.to_dict()])] if sites else []
                if where:
                    first = "title" if "title" in where and len(set(where)) == 1 else sorted(set(where))[0]
                    prec = "; predicted actor is the gold recipient" if _overlap(gr, pa) else ""
                    out[f"actor among candidates, ranked lower ({first}){prec}"] += 1
                else:
                    words = set(tokens(" ".join(x.get("text") or "" for x in ga)))
                    text = set(tokens(" ".join(pp.text for pp in item.doc.paragraphs)))
                    in_doc = bool(words) and len(words & text) / len(words) >= 0.6
                    state = "state" if any(x.get("country") for x in ga) else "no state"
                    out[f"actor not among candidates ({'words in doc' if in_doc else 'words not in doc'}, gold {state})"] += 1
    return out


def recipient_classes(items: list[train.Item], preds: dict[str, dict]) -> Counter[str]:
    """The recipients of the gold events an actor-side matching pairs (type and actor right), by
    class: right, missing or wrong (the gold recipient among the site's candidates or not), named
    where the gold has none, and rightly none."""
    out: Counter[str] = Counter()
    for item in items:
        gold = item.gold.get("events") or []
        pairs = greedy(gold, preds.get(item.name, {}).get("events") or [], actor_side_only)
        where = {id(g): a for a, g in zip(item.anchors, gold, strict=True)}
        for g, p in pairs:
            gr, pr = g.get("recipient") or [], p.get("recipient") or []
            if not gr:
                out["gold none: " + ("named one" if pr else "none, right")] += 1
                continue
            if pr and _overlap(gr, pr):
                out["gold one: right"] += 1
                continue
            a = where.get(id(g))
            sites = [s for s in item.sites if a is not None and s.paragraph == a.paragraph and s.first < a.last and a.first < s.last]
            among = any(_overlap(gr, [q.actor.to_dict()]) for s in sites[:1] for q in s.parties)
            out[f"gold one: {'wrong' if pr else 'missing'}, gold {'among' if among else 'not among'} candidates"] += 1
    return out


def actor_side_only(g: dict, p: dict) -> bool:
    """The type and an actor right, whatever the recipients."""
    return g.get("type") == p.get("type") and _overlap(g.get("actor") or [], p.get("actor") or [])


def actor_side(g: dict, p: dict) -> bool:
    """Stricter than score.py: the predicted actors overlap the gold actors (no pairing across sides)."""
    if g.get("type") != p.get("type") or not _overlap(g.get("actor") or [], p.get("actor") or []):
        return False
    gr, pr = g.get("recipient") or [], p.get("recipient") or []
    return not gr or not pr or _overlap(gr, pr)


def every_actor(g: dict, p: dict) -> bool:
    """Stricter still: every predicted actor is a gold actor."""
    ga = g.get("actor") or []
    return actor_side(g, p) and all(_overlap(ga, [a]) for a in p.get("actor") or [])


def both_sides(g: dict, p: dict) -> bool:
    """Stricter than score.py on the recipient: an event with a recipient matches only one with an
    overlapping recipient (either way round, as score.py pairs two-sided events), an event without
    one only one without one (score.py pairs a one-sided event on its actor alone, so a recipient
    left out is never an error there)."""
    gr, pr = g.get("recipient") or [], p.get("recipient") or []
    if g.get("type") != p.get("type") or bool(gr) != bool(pr):
        return False
    return event_match(g, p) if gr else _overlap(g.get("actor") or [], p.get("actor") or [])


def recipients(items: list[train.Item], preds: dict[str, dict]) -> dict[str, float]:
    """Recipient precision and recall over the events score.py pairs: a predicted recipient is
    right when it overlaps the gold recipient, a gold recipient is found when one does."""
    tp = fp = fn = 0
    for item in items:
        for g, p in greedy(item.gold.get("events") or [], preds.get(item.name, {}).get("events") or [], event_match):
            gr, pr = g.get("recipient") or [], p.get("recipient") or []
            hit = bool(gr and pr) and _overlap(gr, pr)
            tp += hit
            fp += bool(pr) and not hit
            fn += bool(gr) and not hit
    p_, r_ = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return {"recipient_p": round(p_, 4), "recipient_r": round(r_, 4), "recipient_f1": round(2 * p_ * r_ / max(p_ + r_, 1e-9), 4)}


def strict(items: list[train.Item], preds: dict[str, dict]) -> dict[str, float]:
    """Event F1 under score.py's matching, the actor-side, the every-actor and the both-sides
    matching; recipient P / R / F1 over score.py's pairs."""
    out: dict[str, float] = {}
    for name, match in (("score.py", event_match), ("actor-side", actor_side), ("every-actor", every_actor),
                        ("both-sides", both_sides)):
        tp = n_gold = n_pred = 0
        for item in items:
            gold = item.gold.get("events") or []
            pred = preds.get(item.name, {}).get("events") or []
            tp += len(greedy(gold, pred, match))
            n_gold += len(gold)
            n_pred += len(pred)
        pr, rc = tp / max(n_pred, 1), tp / max(n_gold, 1)
        out[name] = round(2 * pr * rc / max(pr + rc, 1e-9), 4)
    out.update(recipients(items, preds))
    many = [e for item in items for e in preds.get(item.name, {}).get("events") or []]
    out["share with >= 2 actors"] = round(sum(len(e.get("actor") or []) > 1 for e in many) / max(len(many), 1), 3)
    out["share with a recipient"] = round(sum(bool(e.get("recipient")) for e in many) / max(len(many), 1), 3)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--preds", type=Path, required=True, nargs="+")
    args = ap.parse_args()
    leads, _ = pickle.loads(args.cache.read_bytes())
    for item in leads:
        item.anchors, item.retold = train.align(item.doc, item.gold.get("events") or [])
    train.find_sites(leads, train.trigger_words(leads))
    for path in args.preds:
        preds = json.loads(path.read_text())
        print(f"== {path}: {json.dumps(strict(leads, preds))}")
        counts = classify(leads, preds)
        for k, v in counts.most_common():
            print(f"{v:5d}  {k}")
        print("-- recipients of the events paired on type and actor")
        for k, v in sorted(recipient_classes(leads, preds).items()):
            print(f"{v:5d}  {k}")


if __name__ == "__main__":
    main()
