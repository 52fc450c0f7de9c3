"""A report over gold files: article fields, entities and linking, events, quotes."""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from rasad.eval.measures import (
    PRF,
    Json,
    Ratio,
    date_ok,
    directed,
    event_match,
    greedy,
    key,
    multiset_prf,
    norm,
    quote_match,
    same_time,
)


@dataclass
class Report:
    title: Ratio = field(default_factory=Ratio)
    published: Ratio = field(default_factory=Ratio)
    dateline: Ratio = field(default_factory=Ratio)
    body: PRF = field(default_factory=PRF)
    related: PRF = field(default_factory=PRF)
    entities: PRF = field(default_factory=PRF)
    linking: Ratio = field(default_factory=Ratio)
    events: PRF = field(default_factory=PRF)
    direction: Ratio = field(default_factory=Ratio)
    event_date: Ratio = field(default_factory=Ratio)
    modality: Ratio = field(default_factory=Ratio)
    quotes: PRF = field(default_factory=PRF)
    missing: list[str] = field(default_factory=list)

    def grade(self, gold: Json, pred: Json) -> None:
        """Add one document: ``gold`` a gold file's content, ``pred`` rasad's output for it."""
        self._article(gold.get("article") or {}, pred.get("article") or {}, bool(pred))
        if "entities" in gold:
            self._entities(gold["entities"], pred.get("entities") or [])
        if "events" in gold:
            pe = pred.get("events") or []
            pairs = greedy(gold["events"], pe, event_match)
            self.events.add(len(pairs), len(pe) - len(pairs), len(gold["events"]) - len(pairs))
            for g, p in pairs:
                self.direction.add(directed(g, p))
                self.event_date.add(date_ok(g, p))
                self.modality.add((g.get("modality") or "asserted") == (p.get("modality") or "asserted"))
        if "quotes" in gold:
            pq = pred.get("quotes") or []
            pairs = greedy(gold["quotes"], pq, quote_match)
            self.quotes.add(len(pairs), len(pq) - len(pairs), len(gold["quotes"]) - len(pairs))

    def _article(self, ga: Json, pa: Json, predicted: bool) -> None:
        if "title" in ga:
            self.title.add(norm(ga["title"]) == norm(pa.get("title")))
        if "published" in ga:
            self.published.add(predicted and same_time(ga["published"], pa.get("published")))
        if "dateline" in ga:
            self.dateline.add(norm(ga["dateline"]) == norm(pa.get("dateline")))
        if "body" in ga:
            gold = [norm(x) for x in ga["body"] if norm(x)]
            self.body.add(*multiset_prf(gold, [norm(x) for x in pa.get("body") or [] if norm(x)]))
        if "related" in ga:
            self.related.add(*multiset_prf([norm(x) for x in ga["related"]], [norm(x) for x in pa.get("related") or []]))

    def _entities(self, gold: list[Json], pred: list[Json]) -> None:
        gk = sorted({f"{e['type']}|{key(e['text'])}" for e in gold})
        pk = sorted({f"{e.get('type')}|{key(e.get('text'))}" for e in pred})
        self.entities.add(*multiset_prf(gk, pk))
        by_text: dict[str, Json] = {}
        for e in pred:
            by_text.setdefault(key(e.get("text")), e)
        for e in gold:
            found = by_text.get(key(e["text"]))
            if e.get("canonical") and found is not None:
                got, want = key(found.get("canonical")), key(e["canonical"])
                self.linking.add(bool(got) and SequenceMatcher(None, got, want).ratio() >= 0.8)

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        """(measure, P, R, F1 or accuracy, counts) for a table."""
        out: list[tuple[str, str, str, str, str]] = []
        for name, item in self._items():
            if isinstance(item, PRF):
                out.append((name, f"{item.p:.3f}", f"{item.r:.3f}", f"{item.f1:.3f}", f"tp {item.tp}, fp {item.fp}, fn {item.fn}"))
            else:
                out.append((name, "", "", f"{item.value:.3f}", f"{item.ok}/{item.n}"))
        return out

    def _items(self) -> list[tuple[str, PRF | Ratio]]:
        return [
            ("title", self.title), ("published", self.published), ("dateline", self.dateline),
            ("body paragraphs", self.body), ("related headlines", self.related),
            ("entities (type+text)", self.entities), ("entity linking", self.linking),
            ("events (type+actors)", self.events), ("  direction", self.direction),
            ("  date", self.event_date), ("  modality", self.modality), ("quotes (speaker+text)", self.quotes),
        ]

    def summary(self) -> dict[str, Any]:
        """The summary line of score.py, as a dict."""
        return {
            "body_f1": round(self.body.f1, 3), "title_acc": round(self.title.value, 3),
            "published_acc": round(self.published.value, 3), "entity_f1": round(self.entities.f1, 3),
            "linking_acc": round(self.linking.value, 3), "event_f1": round(self.events.f1, 3),
            "event_date_acc": round(self.event_date.value, 3), "quote_f1": round(self.quotes.f1, 3),
            "missing": len(self.missing),
        }
