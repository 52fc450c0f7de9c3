"""The trained event models as plain data: linear weights over named features, in one JSON file.

``models/events.json`` ships in the package (trained by ``rasad train-events`` on
``../shared/gold/train`` + ``dev``, see ``models/README.md``); applying it needs no library: a
weighted sum and a logistic function per decision.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasad.decide.sites import TriggerWords
from rasad.errors import RasadError

MODEL_PATH = Path(__file__).parent / "models" / "events.json"


@dataclass(slots=True)
class Linear:
    """A logistic model: ``P = σ(bias + Σ weight × value)``."""

    weights: dict[str, float]
    bias: float = 0.0

    def score(self, features: dict[str, float]) -> float:
        get = self.weights.get
        return self.bias + sum(get(k, 0.0) * v for k, v in features.items())

    def prob(self, features: dict[str, float]) -> float:
        return self.prob_at(self.score(features))

    @staticmethod
    def prob_at(z: float) -> float:
        """The probability of a score."""
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def reasons(self, features: dict[str, float], n: int = 4) -> list[tuple[str, float]]:
        """The features that weighed most, with their contributions (for ``rasad explain``)."""
        parts = [(k, self.weights.get(k, 0.0) * v) for k, v in features.items() if self.weights.get(k)]
        return sorted(parts, key=lambda kv: -abs(kv[1]))[:n]

    def to_dict(self) -> dict[str, Any]:
        return {"bias": round(self.bias, 5), "weights": {k: round(w, 5) for k, w in sorted(self.weights.items()) if abs(w) >= 1e-4}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Linear:
        return cls({str(k): float(v) for k, v in data["weights"].items()}, float(data["bias"]))


@dataclass(slots=True)
class Thresholds:
    site: float = 0.5  # an event when its best type is at least this likely
    actor: float = 0.3  # the best actor candidate must reach this
    recipient: float = 0.5
    reported_only: bool = True  # violence and protest only where the occurrence rules code them
    rule_parties: bool = True  # a kept rule event keeps the parties the rules found
    rule_site: float = 0.16  # the site threshold for the type the rules coded there
    gated: float | None = None  # without reported_only: the site threshold for violence and protest
    gated_rule: float | None = None  # ... where the rules coded one (default: ``gated``)
    gated_leads: float | None = None  # ... or the site model's threshold for them (None: the gated model alone)


@dataclass(slots=True)
class EventModel:
    site: Linear
    actor: Linear
    recipient: Linear
    words: TriggerWords = field(default_factory=TriggerWords)
    thresholds: Thresholds = field(default_factory=Thresholds)
    about: dict[str, Any] = field(default_factory=dict)
    gated: Linear | None = None  # violence and protest, learned from the GSR's sentences

    def to_dict(self) -> dict[str, Any]:
        t = self.thresholds
        return {"about": self.about, "thresholds": {"site": t.site, "actor": t.actor, "recipient": t.recipient,
                                                    "reported_only": t.reported_only, "rule_parties": t.rule_parties,
                                                    "rule_site": t.rule_site, "gated": t.gated,
                                                    "gated_rule": t.gated_rule, "gated_leads": t.gated_leads},
                "site": self.site.to_dict(), "actor": self.actor.to_dict(), "recipient": self.recipient.to_dict(),
                "gated": self.gated.to_dict() if self.gated is not None else None,
                "trigger_words": self.words.to_dict()}

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=0, sort_keys=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> EventModel:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(Linear.from_dict(data["site"]), Linear.from_dict(data["actor"]), Linear.from_dict(data["recipient"]),
                       TriggerWords.from_dict(data.get("trigger_words") or {}), Thresholds(**data.get("thresholds") or {}),
                       dict(data.get("about") or {}), Linear.from_dict(data["gated"]) if data.get("gated") else None)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise RasadError(f"{path}: not a rasad event model ({exc}); rebuild it with `rasad train-events`") from exc


@lru_cache(maxsize=1)
def default_model() -> EventModel | None:
    """The shipped model, or None when the package has none (the rules alone then code events)."""
    return EventModel.load(MODEL_PATH) if MODEL_PATH.is_file() else None
