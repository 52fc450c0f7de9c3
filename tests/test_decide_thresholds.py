"""Per-type site thresholds: chosen from held-out counts, stored in the model, read by the coder."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_decide import _decisions, _rule_docs

from rasad.decide.model import EventModel, Thresholds, default_model
from rasad.decide.train import choose_site_types, type_counts

MEETING = "استقبل الرئيس السوري بشار الأسد في دمشق أمس وزير الخارجية الإيراني محمد جواد ظريف."


def _grid() -> dict[float, dict[str, list[int]]]:
    # CONSULT (100 gold events) gains from a lower threshold; SUPPORT (10) would too, but has too
    # few gold events; ACCUSE is best at the global one
    return {0.08: {"CONSULT": [70, 30, 30], "SUPPORT": [8, 0, 2], "ACCUSE": [20, 30, 20]},
            0.12: {"CONSULT": [50, 10, 50], "SUPPORT": [2, 0, 8], "ACCUSE": [25, 5, 15]},
            0.2: {"CONSULT": [30, 2, 70], "SUPPORT": [1, 0, 9], "ACCUSE": [15, 1, 25]}}


def test_a_common_type_gets_its_own_threshold_shrunk_to_the_global_one() -> None:
    chosen = choose_site_types(_grid(), 0.12, min_gold=30, shrink=50.0)
    assert set(chosen) == {"CONSULT"}  # SUPPORT too rare, ACCUSE best at the global threshold
    assert chosen["CONSULT"] == pytest.approx(0.12 + 100 / 150 * (0.08 - 0.12), abs=1e-4)
    assert choose_site_types(_grid(), 0.12, min_gold=5, shrink=0.0)["SUPPORT"] == 0.08


def test_the_grid_must_hold_the_global_threshold() -> None:
    with pytest.raises(ValueError, match=r"lacks the global threshold 0\.15"):
        choose_site_types(_grid(), 0.15)


def test_type_counts_add_up_to_the_events_of_the_report() -> None:
    from rasad.eval.report import Report

    actor = [{"name": "x", "country": "SYR"}]
    other = [{"name": "y", "country": "IRN"}]
    gold = {"events": [{"type": "CONSULT", "actor": actor, "recipient": other}, {"type": "ACCUSE", "actor": actor}]}
    pred = {"events": [{"type": "CONSULT", "actor": other, "recipient": actor}, {"type": "ACCUSE", "actor": other},
                       {"type": "SUPPORT", "actor": actor}]}
    counts = type_counts([SimpleNamespace(name="a", gold=gold)], {"a": pred})  # type: ignore[list-item]
    report = Report()
    report.grade(gold, pred)
    assert counts == {"CONSULT": [1, 0, 0], "ACCUSE": [0, 1, 1], "SUPPORT": [0, 1, 0]}
    assert sum(c[0] for c in counts.values()) == report.events.tp
    assert sum(c[1] for c in counts.values()) == report.events.fp
    assert sum(c[2] for c in counts.values()) == report.events.fn


def test_the_coder_reads_a_types_threshold_and_falls_back_to_the_global_one() -> None:
    from rasad.decide.coder import EventCoder

    coder, _ = _rule_docs()
    assert isinstance(coder, EventCoder)
    saved = coder.model.thresholds
    try:
        coder.model.thresholds = replace(saved, site_types={"CONSULT": 0.99})
        assert coder.floor("CONSULT", None) == 0.99
        assert coder.floor("ACCUSE", None) == saved.site
        doc, decisions = _decisions(MEETING)
        assert doc.error is None
        unruled = [d for d in decisions if d.type == "CONSULT" and (d.site.rule_event is None or d.site.rule_event.type != "CONSULT")]
        assert all(d.event is None and d.why for d in unruled)  # below 0.99: not events, for a named reason
    finally:
        coder.model.thresholds = saved


def test_pruning_with_per_type_thresholds_keeps_every_event() -> None:
    from rasad.decide.coder import EventCoder

    coder, docs = _rule_docs()
    assert isinstance(coder, EventCoder)
    saved = coder.model.thresholds
    try:
        coder.model.thresholds = replace(saved, site_types={"CONSULT": saved.site / 2, "ACCUSE": saved.site * 2})
        every_site = EventCoder(coder.stage, coder.model, prune=False)
        found = 0
        for doc in docs:
            assert doc.error is None
            pruned = [e.to_dict() for e in coder.events(doc)]
            assert pruned == [e.to_dict() for e in every_site.events(doc)], doc.source
            found += len(pruned)
        assert found >= 3
    finally:
        coder.model.thresholds = saved


def test_a_model_keeps_its_per_type_thresholds_and_an_older_model_has_none(tmp_path: Path) -> None:
    model = default_model()
    assert model is not None
    copy = replace(model, thresholds=replace(model.thresholds, site_types={"CONSULT": 0.1}))
    path = tmp_path / "m.json"
    copy.save(path)
    assert EventModel.load(path).thresholds.site_types == {"CONSULT": 0.1}
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["thresholds"]["site_types"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert EventModel.load(path).thresholds.site_types == {}
    assert Thresholds().site_types == {}
