"""The site errors of held-out event predictions, by class: is there an event, of which type.

    python bench/recall_cv.py --cache C --cv --save-preds P.json     # the held-out predictions
    python bench/site_errors.py --cache C --preds P.json [P2.json ...]

Every gold event and every prediction that score.py's matching (``event_match``, greedy) leaves
unpaired is counted once, in the first class that holds (the order below):

false events (predictions unpaired)

- ``restatement``: it matches a gold event that another prediction is paired with (the same act
  coded twice);
- ``wrong type``: a gold event of another type at its trigger (same paragraph, overlapping words);
- ``parties wrong``: a gold event of its type in its sentence (else anywhere in the document);
- ``no event``: no gold event of its type in its sentence; split by what the trigger is —
  inside a name (a mention of the entities stage: ``in name``), in a sentence with another gold
  event (``sentence has another event``), a modal frame in the four words before (future,
  negation, condition, purpose: ``modal``) — and by the source of the prediction (a learned
  word alone, a site whose parties the model chose, an event the rules coded kept with theirs).

missed gold events (gold unpaired)

- ``paired elsewhere``: a prediction of its type at its trigger is paired with another gold event;
- ``wrong type``: a prediction of another type at its trigger, none of its type;
- ``parties wrong``: an unpaired prediction of its type at its trigger or in its sentence;
- ``word not found``: no site of its type at its trigger, the sites found with what the other
  folds learned (as in CV: ``train.folds``), split by whether its trigger was aligned at all;
- ``not coded``: a site of its type is there, the model did not make it an event.

Counts only, never the words of the gold files.
"""

from __future__ import annotations

import argparse
import json
import pickle
from collections import Counter
from pathlib import Path

from rasad.decide import train
from rasad.decide.sites import Site, source_of
from rasad.eval.measures import event_match, matched_events

# particles that make an act not (yet) done: future, negation, condition, purpose (a count's
# classes only; the features learn their own weights)
_MODAL = {
    "future": ("سوف", "لن", "سيتم", "ستتم"),
    "negated": ("لم", "لا", "ما", "لما", "ليس", "غير", "دون", "بدون"),
    "conditional": ("اذا", "ان", "لو", "لولا", "حال", "حالة"),
    "purpose": ("لكي", "كي", "بهدف", "اجل", "لاجل", "بغيه", "سعيا", "لغرض"),
}


def _modal(words: list[str]) -> str:
    for name, cues in _MODAL.items():
        if any(w in cues for w in words):
            return name
    return ""


def _span(para: object, p: dict) -> tuple[int, int] | None:
    """The token span of a prediction's trigger in its paragraph (its sentence first)."""
    text = para.text  # type: ignore[attr-defined]
    sent = (p.get("sentence") or "").strip()
    s0 = text.find(sent) if sent else 0
    at = text.find(p.get("trigger") or "\0", max(s0, 0))
    if at < 0:
        at = text.find(p.get("trigger") or "\0")
    if at < 0:
        return None
    end = at + len(p["trigger"])
    toks = para.tokens  # type: ignore[attr-defined]
    got = [i for i, t in enumerate(toks) if t.start < end and at < t.end]
    return (got[0], got[-1] + 1) if got else None


def _held_sites(items: list[train.Item], k: int) -> dict[str, list[Site]]:
    """Each document's sites found with the trigger words its fold's training part learned."""
    out: dict[str, list[Site]] = {}
    parts = train.folds(items, k)
    for n, held in enumerate(parts):
        words = train.trigger_words([it for m, part in enumerate(parts) if m != n for it in part])
        train.find_sites(held, words)
        for it in held:
            out[it.name] = [s for s in it.sites if any(source_of(s, t, words) for t in s.types)]
    return out


def classify(items: list[train.Item], preds: dict[str, dict], held: dict[str, list[Site]]) -> Counter[str]:
    out: Counter[str] = Counter()
    for item in items:
        gold = item.gold.get("events") or []
        pred = preds.get(item.name, {}).get("events") or []
        got_g, got_p = matched_events(gold, pred)
        out["tp"] += len(got_p)
        paras = {p.index: p for p in item.doc.paragraphs}
        # where each gold event is: (paragraph, first, last, sentence start)
        where: list[tuple[int, int, int, int] | None] = []
        for a in item.anchors:
            para = paras.get(a.paragraph) if a is not None else None
            if a is None or para is None:
                where.append(None)
                continue
            s0, _ = para.sentence_at(para.tokens[a.first].start)
            where.append((a.paragraph, a.first, a.last, s0))
        pwhere: list[tuple[int, int, int, int] | None] = []
        for p in pred:
            para = paras.get(p.get("paragraph", -2))
            span = _span(para, p) if para is not None else None
            if span is None or para is None:
                pwhere.append(None)
                continue
            s0, _ = para.sentence_at(para.tokens[span[0]].start)
            pwhere.append((para.index, span[0], span[1], s0))
        names = {(m.paragraph, m.start, m.end) for m in item.doc.entities}

        def at(x: tuple[int, int, int, int] | None, y: tuple[int, int, int, int] | None) -> bool:
            return x is not None and y is not None and x[0] == y[0] and x[1] < y[2] and y[1] < x[2]

        def same_sentence(x: tuple[int, int, int, int] | None, y: tuple[int, int, int, int] | None) -> bool:
            return x is not None and y is not None and x[0] == y[0] and x[3] == y[3]

        for p, pw in zip(pred, pwhere, strict=True):
            if id(p) in got_p:
                continue
            rule = str(p.get("rule", ""))
            src = ("learned word" if rule.startswith("learned.") else "model's parties" if "model p=" in rule
                   else "rule event, its parties")
            if any(id(g) in got_g and event_match(g, p) for g in gold):
                out["fp: restatement (matches a gold event paired with another prediction)"] += 1
            elif any(g["type"] != p["type"] and at(w, pw) for g, w in zip(gold, where, strict=True)):
                out["fp: wrong type (a gold event of another type at its trigger)"] += 1
            elif any(g["type"] == p["type"] and same_sentence(w, pw) for g, w in zip(gold, where, strict=True)):
                out["fp: parties wrong (its type in its sentence)"] += 1
            elif any(g["type"] == p["type"] for g in gold):
                out["fp: parties wrong or restated (its type elsewhere in the document)"] += 1
            else:
                why = []
                if pw is not None:
                    para = paras[pw[0]]
                    toks = para.tokens
                    if any(m[0] == pw[0] and m[1] < toks[pw[2] - 1].end and toks[pw[1]].start < m[2] for m in names):
                        why.append("in name")
                    if any(same_sentence(w, pw) for w in where):
                        why.append("sentence has another event")
                    first_tok = next((i for i, t in enumerate(toks) if t.start >= pw[3]), 0)
                    modal = _modal([t.norm for t in toks[max(first_tok, pw[1] - 4) : pw[1]]])
                    if modal:
                        why.append(f"modal {modal}")
                out[f"fp: no event ({src}{'; ' + ', '.join(why) if why else ''})"] += 1
        for g, w in zip(gold, where, strict=True):
            if id(g) in got_g:
                continue
            if w is None:
                out["fn: word not found (trigger not aligned)"] += 1
                continue
            at_trig = [(p, pw) for p, pw in zip(pred, pwhere, strict=True) if at(pw, w)]
            if any(p["type"] == g["type"] and id(p) in got_p for p, _ in at_trig):
                out["fn: paired elsewhere (its type at its trigger paired with another gold event)"] += 1
            elif any(p["type"] == g["type"] and (at(pw, w) or same_sentence(pw, w)) for p, pw in zip(pred, pwhere, strict=True)):
                out["fn: parties wrong (its type at its trigger or in its sentence)"] += 1
            elif at_trig:
                out["fn: wrong type (another type at its trigger)"] += 1
            elif not any(s.paragraph == w[0] and s.first < w[2] and w[1] < s.last and g["type"] in s.types
                         for s in held.get(item.name, [])):
                out["fn: word not found (no site of its type at its trigger)"] += 1
            else:
                out["fn: not coded (a site of its type, no event)"] += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--preds", type=Path, required=True, nargs="+")
    ap.add_argument("--k", type=int, default=5)
    args = ap.parse_args()
    leads, _ = pickle.loads(args.cache.read_bytes())
    for item in leads:
        item.anchors, item.retold = train.align(item.doc, item.gold.get("events") or [])
    held = _held_sites(leads, args.k)
    for path in args.preds:
        counts = classify(leads, json.loads(path.read_text()), held)
        print(f"== {path}")
        for key in sorted(counts, key=lambda k: (k.split(":")[0], -counts[k])):
            print(f"{counts[key]:5d}  {key}")


if __name__ == "__main__":
    main()
