"""Grading a name tagger on CoNLL data (``token TAG`` a line): entity-level P/R/F1 as conlleval,
the measures of ``../shared/tools/score_ner.py`` (PERS is PER; GPE and LOC are one class)."""

from __future__ import annotations

from pathlib import Path

CLASSES = {"PER": "PER", "PERS": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC"}


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences of (token, tag); a line with one field is a token tagged O."""
    sentences: list[list[tuple[str, str]]] = [[]]
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        parts = line.replace("\u200e", "").split()
        if not parts:
            if sentences[-1]:
                sentences.append([])
            continue
        sentences[-1].append((parts[0], parts[-1] if len(parts) >= 2 else "O"))
    return [s for s in sentences if s]


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """(start, end, class) of every entity; an I- without a matching B- opens one (conlleval)."""
    out: set[tuple[int, int, str]] = set()
    start: int | None = None
    cls: str | None = None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, name = tag.partition("-")
        kind = CLASSES.get(name)
        if start is not None and cls is not None and not (prefix == "I" and kind == cls):
            out.add((start, i, cls))
            start = cls = None
        if kind and (prefix == "B" or (prefix == "I" and start is None)):
            start, cls = i, kind
    return out


def grade(gold: list[str], pred: list[str]) -> dict[str, dict[str, float]]:
    """Per class and overall: precision, recall, F1 and counts."""
    g, p = spans(gold), spans(pred)
    out: dict[str, dict[str, float]] = {}
    for cls in ("PER", "ORG", "LOC", "all"):
        gs = {s for s in g if cls in ("all", s[2])}
        ps = {s for s in p if cls in ("all", s[2])}
        tp = len(gs & ps)
        prec = tp / len(ps) if ps else 0.0
        rec = tp / len(gs) if gs else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[cls] = {"p": prec, "r": rec, "f1": f1, "gold": len(gs), "predicted": len(ps), "right": tp}
    return out


def grade_tagger(path: Path) -> dict[str, dict[str, float]]:
    """Tag the tokens of a CoNLL file with rasad's tagger and grade it against the file's tags."""
    from rasad.ner.tagger import default_tagger

    tagger = default_tagger()
    gold: list[str] = []
    pred: list[str] = []
    for sentence in read_conll(path):
        gold.extend(tag for _, tag in sentence)
        pred.extend(tagger.tag([tok for tok, _ in sentence]))
    return grade(gold, pred)
