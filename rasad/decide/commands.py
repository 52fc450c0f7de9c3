"""``rasad train-events``: train (and cross-validate) the event models on gold directories."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from rasad.decide.model import MODEL_PATH, Thresholds
from rasad.errors import RasadError

SHARED = Path(os.environ.get("RASAD_SHARED", Path(__file__).resolve().parents[3] / "shared"))
DEFAULT_GOLD = (SHARED / "gold" / "train", SHARED / "gold" / "dev")
# chosen by 5-fold cross-validation over train + dev (docs/events.md): a lower site threshold finds
# more events at some precision; a recipient is named only when the model is fairly sure of it
CHOSEN = Thresholds(site=0.16, actor=0.2, recipient=0.7, reported_only=True, rule_parties=True, rule_site=0.05)


def _figures(report: Any) -> dict[str, float]:
    e, q = report.events, report.quotes
    return {"event_p": round(e.p, 3), "event_r": round(e.r, 3), "event_f1": round(e.f1, 3),
            "direction": round(report.direction.value, 3), "date": round(report.event_date.value, 3),
            "modality": round(report.modality.value, 3), "quote_f1": round(q.f1, 3)}


def train_events_command(gold: list[Path], out: Path | None, cv: int, c: float) -> dict[str, Any]:
    try:
        from rasad.decide import train
    except ImportError as exc:  # scikit-learn is a training extra
        raise RasadError(f"training needs scikit-learn: pip install 'rasad[train]' ({exc})") from None
    dirs = gold or [d for d in DEFAULT_GOLD if d.is_dir()]
    if not dirs:
        raise RasadError(f"no gold directories given and none at {DEFAULT_GOLD[0]}; set RASAD_SHARED")
    for d in dirs:
        if not d.is_dir():
            raise RasadError(f"{d}: no such gold directory")
    started = time.perf_counter()
    items = train.prepare(dirs)
    typed, _, total = train.candidate_recall(items)
    summary: dict[str, Any] = {"documents": len(items), "gold_events": total,
                               "candidate_recall": round(typed / max(total, 1), 3),
                               "rules": _figures(train.grade(items, {it.name: it.doc.to_dict() for it in items}))}
    if cv:
        [(_, report, _)] = train.cross_validate(items, cv, c, [CHOSEN])
        summary[f"cv{cv}"] = _figures(report)
    model = train.fit(items, c, CHOSEN)
    model.about.update({"trained_on": [str(d) for d in dirs], "c": c,
                        "licence": "weights learned from annotations of corpus articles (research licence); no text is stored"})
    target = out or MODEL_PATH
    model.save(target)
    summary["model"] = str(target)
    summary["seconds"] = round(time.perf_counter() - started, 1)
    return summary
