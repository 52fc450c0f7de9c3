"""The memos that keep a long batch's memory flat change no output when they start over."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasad.model import RawDoc
from rasad.pipeline import Pipeline
from rasad.read import iter_inputs

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _outputs(pipe: Pipeline, raws: list[RawDoc]) -> list[str]:
    docs = [pipe(raw) for raw in raws]
    assert all(doc.error is None for doc in docs)
    return [json.dumps(doc.to_dict(), ensure_ascii=False, sort_keys=True) for doc in docs]


def test_tiny_bounds_on_the_key_numbers_and_the_fuzzy_memo_change_no_output(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasad.decide import features as F
    from rasad.kb import matcher as M

    raws = [raw for raw in iter_inputs([str(SAMPLES)]) if isinstance(raw, RawDoc)]
    assert len(raws) >= 20
    pipe = Pipeline()
    before = _outputs(pipe, raws)
    assert sum('"events": [{' in out for out in before) >= 10  # the decision layer had sites to score
    # the family-term key numbers start over every 3 keys (their cached terms dropped with them),
    # the fuzzy_person memo every 2 words
    # (from empty memos, as a new process starts)
    monkeypatch.setattr(F, "_KEY_IDS_MAX", 3)
    monkeypatch.setattr(F, "_KEY_IDS", {})
    monkeypatch.setattr(F, "_FAMILY_TERMS", {})
    monkeypatch.setattr(M, "FUZZY_MEMO", 2)
    matcher = next(stage for name, stage in pipe.stages if name == "entities").matcher
    matcher._fuzzy_memo = {False: (frozenset(), {}), True: (frozenset(), {})}
    count = next(F._KEY_COUNT)
    after = _outputs(pipe, raws)
    assert next(F._KEY_COUNT) > count + 100  # the numbers were given again, many times
    assert len(F._KEY_IDS) <= 3
    assert F._FAMILY_TERMS and all(len(terms) <= 200 for _, _, terms in F._FAMILY_TERMS.values())
    assert all(len(memo) <= 2 for _, memo in matcher._fuzzy_memo.values())
    assert any(memo for _, memo in matcher._fuzzy_memo.values())
    assert after == before
