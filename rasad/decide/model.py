"""The trained event models as plain data: linear weights over named features, in one JSON file.

``models/events.json`` ships in the package (trained by ``rasad train-events`` on
``../shared/gold/train`` + ``dev``, see ``models/README.md``); applying it needs no library: a
weighted sum and a logistic function per decision.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasad.decide.sites import TriggerWords
from rasad.errors import RasadError

MODEL_PATH = Path(__file__).parent / "models" / "events.json"


S_WORD = "s_word="  # the sentence's words (``site.sentence``): most of a site model's weights


@dataclass(slots=True)
class WordTerms:
    """A model's ``s_word=…`` terms (weight × 0.5, the features' value) by word: untyped, and a row
    with a column per type (0.0 where the model has no weight); and the sentence's other terms by
    their values (``heads``: filled by :func:`rasad.decide.features.sentence_terms`)."""

    columns: dict[str, int]
    words: dict[str, tuple[float, tuple[float, ...]]]
    missing: tuple[float, tuple[float, ...]]
    heads: dict[tuple[Any, ...], tuple[float, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, items: Iterable[tuple[str, float]], floats: dict[float, float] | None = None) -> WordTerms:
        """The table of ``(name, weight)`` pairs of ``s_word=`` features (other names are ignored);
        ``floats``: equal values shared as one object (they are 300,000 floats for 47,000 values)."""
        floats = {} if floats is None else floats
        plain: dict[str, float] = {}
        by_type: dict[str, dict[str, float]] = {}
        for name, w in items:
            if name.startswith(S_WORD):
                half = w * 0.5
                half = floats.setdefault(half, half) if half else half
                word, sep, t = name[len(S_WORD):].partition("|type=")
                if sep:
                    by_type.setdefault(word, {})[t] = half
                else:
                    plain[word] = half
        columns = {t: n for n, t in enumerate(sorted({t for row in by_type.values() for t in row}))}
        zero = (0.0,) * len(columns)
        rows: dict[tuple[float, ...], tuple[float, ...]] = {zero: zero}

        def row(typed: dict[str, float] | None) -> tuple[float, ...]:
            if not typed:
                return zero
            got = tuple(typed.get(t, 0.0) for t in columns)
            return rows.setdefault(got, got)

        words = {k: (plain.get(k, 0.0), row(by_type.get(k))) for k in plain.keys() | by_type.keys()}
        return cls(columns, words, (0.0, zero))

    def weight(self, name: str) -> float | None:
        """The weight of an ``s_word=`` feature (None if the model has none)."""
        word, sep, t = name[len(S_WORD):].partition("|type=")
        got = self.words.get(word)
        if got is None:
            return None
        if not sep:
            return got[0] * 2.0 if got[0] else None  # × 0.5 then × 2: the same float
        column = self.columns.get(t)
        return got[1][column] * 2.0 if column is not None and got[1][column] else None

    def items(self) -> Iterator[tuple[str, float]]:
        """Every ``(s_word=… name, weight)`` the table holds."""
        names = list(self.columns)
        for word, (plain, row) in self.words.items():
            if plain:
                yield f"{S_WORD}{word}", plain * 2.0
            for t, half in zip(names, row, strict=True):
                if half:
                    yield f"{S_WORD}{word}|type={t}", half * 2.0


class Weights(dict[str, float]):
    """A model's weights by feature name, its sentence words' (``s_word=…``) held once, in its
    :class:`WordTerms` table (``words``), not as 200,000 names in the dict: ``get`` (the dict's
    own, in C) finds every other feature; :meth:`weight` any, :meth:`full` gives them all."""

    __slots__ = ("words",)

    def __init__(self, weights: Mapping[str, float] | None = None) -> None:
        floats: dict[float, float] = {}  # equal weights as one object
        items = (weights or {}).items()
        super().__init__((str(k), floats.setdefault(v, v) if v else v) for k, v in ((k, float(v)) for k, v in items)
                         if not str(k).startswith(S_WORD))
        self.words = WordTerms.of(((str(k), float(v)) for k, v in items), floats)

    def __reduce__(self) -> tuple[Any, ...]:
        return Weights, (self.full(),)

    def weight(self, name: str) -> float | None:
        got = self.get(name)
        if got is None and name.startswith(S_WORD):
            return self.words.weight(name)
        return got

    def full(self) -> dict[str, float]:
        """Every weight, the sentence words' too, as one plain dict."""
        return {**self, **dict(self.words.items())}


@dataclass(slots=True)
class Linear:
    """A logistic model: ``P = σ(bias + Σ weight × value)``. Weights that name a sentence's words
    (``s_word=…``) are kept apart (:class:`Weights`); the sums are the same."""

    weights: dict[str, float]
    bias: float = 0.0

    def __post_init__(self) -> None:
        if not isinstance(self.weights, Weights) and any(k.startswith(S_WORD) for k in self.weights):
            self.weights = Weights(self.weights)

    def weight(self, name: str) -> float:
        """The weight of a feature (0.0 without one)."""
        w = self.weights
        got = w.weight(name) if isinstance(w, Weights) else w.get(name)
        return 0.0 if got is None else got

    def score(self, features: dict[str, float]) -> float:
        if isinstance(self.weights, Weights):
            weight = self.weight
            return self.bias + sum(weight(k) * v for k, v in features.items())
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
        weight = self.weight
        parts = [(k, weight(k) * v) for k, v in features.items() if weight(k)]
        return sorted(parts, key=lambda kv: -abs(kv[1]))[:n]

    def all_weights(self) -> dict[str, float]:
        """Every weight by feature name (the sentence words' too)."""
        w = self.weights
        return w.full() if isinstance(w, Weights) else dict(w)

    def to_dict(self) -> dict[str, Any]:
        return {"bias": round(self.bias, 5),
                "weights": {k: round(w, 5) for k, w in sorted(self.all_weights().items()) if abs(w) >= 1e-4}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Linear:
        weights = data["weights"]
        if any(str(k).startswith(S_WORD) for k in weights):
            return cls(Weights(weights), float(data["bias"]))
        return cls({str(k): float(v) for k, v in weights.items()}, float(data["bias"]))


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
    site_types: dict[str, float] = field(default_factory=dict)  # ``site`` of the types named (train.choose_site_types)


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
                                                    "gated_rule": t.gated_rule, "gated_leads": t.gated_leads,
                                                    "site_types": dict(t.site_types)},
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
