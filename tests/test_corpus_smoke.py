"""Real pages through the whole pipeline: no stage may fail on any of them."""

from __future__ import annotations

import gzip
import itertools
from pathlib import Path

import pytest

from rasad.pipeline import Pipeline
from tests.conftest import SHARED

CORPORA = ("ant2018.jsonl.gz", "saudinewsnet.jsonl.gz")
PER_CORPUS = 150  # every 40th record of each corpus


@pytest.mark.parametrize("name", CORPORA)
def test_no_stage_fails_on_real_pages(name: str, tmp_path: Path) -> None:
    path = SHARED / "corpus" / name
    if not path.is_file():
        pytest.skip(f"{path} not found (the corpus is read from ../shared)")
    sample = tmp_path / "sample.jsonl"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        sample.write_text("".join(itertools.islice(fh, 0, PER_CORPUS * 40, 40)), encoding="utf-8")
    docs = list(Pipeline(ner=False).run([str(sample)]))
    failed = [(d.source, d.error) for d in docs if d.error and d.error.startswith("internal error")]
    assert not failed, failed[:3]
    assert len(docs) == PER_CORPUS and sum(len(d.events) for d in docs) > PER_CORPUS  # real work was done


@pytest.mark.parametrize("name", ["assault.jsonl", "protest.jsonl"])
def test_no_stage_fails_on_newswire_sentences(name: str, tmp_path: Path) -> None:
    path = SHARED / "gsr" / name
    if not path.is_file():
        pytest.skip(f"{path} not found (the sentences are read from ../shared)")
    docs = list(Pipeline(ner=False).run([str(path)]))
    failed = [(d.source, d.error) for d in docs if d.error and d.error.startswith("internal error")]
    assert not failed, failed[:3]
