"""Sentence-level gold for violence and protest (the OEDA Arabic event GSR) as training data.

A GSR record is one sentence with a type (ASSAULT or PROTEST) and a label: ``yes`` (all
annotators saw such an event), ``easy no`` or ``difficult no`` (the sentence talks about such
events without reporting one). Each sentence becomes a prepared :class:`~rasad.decide.train.Item`
whose ``label`` says which type it was judged for and whether it reports one; the sites of that
type in a ``yes`` sentence are its positive examples (the GSR does not say which word is the
trigger), every site of that type in a ``no`` sentence a negative one. Graded as
``../shared/tools/score_gsr.py`` grades: a sentence is detected when any event has its type.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasad.decide.train import Item, rule_documents
from rasad.eval.measures import PRF

Json = dict[str, Any]


@dataclass
class Detection(PRF):
    """Sentence-level detection figures for one event type, and the hard negatives got right."""

    hard: int = 0
    hard_right: int = 0

    def figures(self) -> dict[str, float]:
        return {"P": round(self.p, 3), "R": round(self.r, 3), "F1": round(self.f1, 3),
                "hard_negatives": round(self.hard_right / self.hard, 3) if self.hard else 0.0}


def group(record_id: str) -> str:
    """The source document of a GSR sentence (``AAW_ARB_20080625.0017-15`` → ``AAW_ARB_20080625.0017``):
    folds split by it, as the GSR's halves are split."""
    return re.sub(r"-\d+$", "", record_id)


def prepare_gsr(paths: Sequence[Path]) -> list[Item]:
    """Every sentence of the GSR files through the rule stages, as items with a sentence label."""
    items: list[Item] = []
    for path in paths:
        # the labels are read here; the reader takes a record's id and text only, as score_gsr.py
        # hands them to `rasad extract`
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for n, doc in rule_documents([str(path)]):
            r = records[n]
            item = Item(f"{path.stem}:{r['id']}", doc, {"events": []})
            item.label = (str(r["event_type"]), str(r["label"]))
            item.group = group(str(r["id"]))
            items.append(item)
    return items


def detect(items: Iterable[Item], preds: dict[str, Json]) -> dict[str, Detection]:
    """Detection figures per type of GSR ``items`` given their prediction records."""
    out: dict[str, Detection] = {}
    for item in items:
        assert item.label is not None
        type_, label = item.label
        d = out.setdefault(type_, Detection())
        found = any(e.get("type") == type_ for e in preds.get(item.name, {}).get("events") or [])
        positive = label == "yes"
        d.tp += found and positive
        d.fp += found and not positive
        d.fn += positive and not found
        if label == "difficult no":
            d.hard += 1
            d.hard_right += not found
    return out
