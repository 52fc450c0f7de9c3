"""Fuzzing the invariant: for any input, one record per input document, in order, each matching the
contract's schema, each written as valid UTF-8, in bounded cost.

Hostile documents are built by hypothesis: random bytes, the sample pages with bytes flipped,
cut or repeated, JSONL records with wrong-typed fields and shuffled or duplicated lines, deep
HTML, long lines, Arabic presentation forms and mixed scripts. Cost is bounded by construction and
checked by what the stages are given, not by a clock: no paragraph over the split limit reaches
them, and the per-document time budget turns a runaway into an error record (checked here with a
stage that never ends). ``bench/mutate.py`` runs the larger campaign over ``../shared/corpus``.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasad.extract.paragraphs import MAX_PARAGRAPH_CHARS
from rasad.model import Document
from rasad.output import document_record
from rasad.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schema" / "document.schema.json").read_text())
PAGE = (ROOT / "samples" / "amman-talks.txt").read_bytes()
RECORDS = (ROOT / "samples" / "records.jsonl").read_text(encoding="utf-8").splitlines()
FUZZ = settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

ARABIC_WORDS = ["قال", "وزير", "الخارجية", "الروسي", "سيرغي", "لافروف", "إن", "موسكو", "دمشق", "التقى",
                "الرئيس", "في", "اليوم", "الأمم", "المتحدة", "ﻣﻮﺳﻜﻮ", "ﻻﻓﺮﻭﻑ", "Moscow", "Путин", "北京", "🇷🇺"]
PUNCT = [".", "،", "؟", "!", ":", "\n", "\u2028", "\ud83d", "\x00", "\u200f", '"', "«", "»", " "]


def check_records(docs: list[Document], expected_sources: list[str]) -> None:
    """The invariant: one record per document, in order, schema-valid, encodable as UTF-8."""
    assert [d.source for d in docs] == expected_sources
    for doc in docs:
        _, line = document_record(doc)
        line.encode("utf-8")  # never raises: lone surrogates are gone
        jsonschema.validate(json.loads(line), SCHEMA)
        if doc.error is None:
            assert max((len(p) for p in doc.article.body), default=0) <= MAX_PARAGRAPH_CHARS


@pytest.fixture(scope="module")
def article_pipeline() -> Pipeline:
    return Pipeline(only="article")


hostile_text = st.lists(st.one_of(st.sampled_from(ARABIC_WORDS), st.sampled_from(PUNCT), st.text(max_size=8)),
                        min_size=0, max_size=120).map(" ".join)


def flipped(data: bytes, positions: list[int], bits: list[int]) -> bytes:
    out = bytearray(data)
    for pos, bit in zip(positions, bits, strict=False):
        out[pos % len(out)] ^= 1 << bit
    return bytes(out)


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".json", ".txt.gz", ".warc"]))
def test_random_bytes_give_one_record_per_file(tmp_path_factory, article_pipeline, data: bytes, suffix: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("rand") / f"x{suffix}"
    path.write_bytes(data)
    docs = list(article_pipeline.run([path]))
    assert docs, "a file gives at least one record"
    if suffix in (".txt", ".html", ".txt.gz"):
        check_records(docs, [str(path)])
    else:  # the file's records, numbered from 1, or one error for the whole file
        expected = [str(path)] if docs[0].source == str(path) else [f"{path}#{n}" for n in range(1, len(docs) + 1)]
        check_records(docs, expected)


@FUZZ
@given(positions=st.lists(st.integers(0, len(PAGE) - 1), max_size=20), bits=st.lists(st.integers(0, 7), max_size=20),
       cut=st.integers(1, len(PAGE)), repeat=st.integers(1, 3))
def test_damaged_sample_pages_give_one_record(tmp_path_factory, pipeline, positions, bits, cut, repeat) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("page") / "p.txt"
    path.write_bytes(flipped(PAGE, positions, bits)[:cut] * repeat)
    docs = list(pipeline.run([path]))
    check_records(docs, [str(path)])


json_value = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), hostile_text,
                       st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


@FUZZ
@given(records=st.lists(st.tuples(st.integers(0, len(RECORDS) - 1),
                                  st.dictionaries(st.sampled_from(["id", "url", "title", "published", "byline",
                                                                   "fetched", "site", "text", "html", "page"]),
                                                  json_value, max_size=3)),
                        min_size=1, max_size=6))
def test_mutated_jsonl_gives_one_record_per_line(tmp_path_factory, pipeline, records) -> None:  # type: ignore[no-untyped-def]
    lines = []
    for index, changes in records:  # shuffled and duplicated lines, fields replaced by values of any type
        record = json.loads(RECORDS[index])
        record.update(changes)
        lines.append(json.dumps(record))  # escaped: a lone surrogate arrives as "\\ud83d", as in the wild
    path = tmp_path_factory.mktemp("jsonl") / "r.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    docs = list(pipeline.run([path]))
    check_records(docs, [f"{path}#{n}" for n in range(1, len(lines) + 1)])


@FUZZ
@given(text=hostile_text, kind=st.sampled_from(["page", "text", "html"]), depth=st.integers(0, 3000),
       long_line=st.integers(0, 3))
def test_hostile_text_gives_one_valid_record(pipeline, text: str, kind: str, depth: int, long_line: int) -> None:  # type: ignore[no-untyped-def]
    from rasad.model import RawDoc

    body = text + " " + ("قال الوزير إن المحادثات مثمرة " * 400 + "\n") * long_line
    if kind == "html":
        body = "<html><body>" + "<div>" * depth + f"<p>{body}</p>" + "</div>" * depth + "</body></html>"
    doc = pipeline(RawDoc(source="hostile", kind=kind, text=body))
    check_records([doc], ["hostile"])


def test_a_stage_that_never_ends_is_stopped_by_the_budget() -> None:
    from rasad.model import RawDoc

    def forever(doc: Document) -> Document:
        n = 0
        while True:
            n += 1

    pipe = Pipeline(stages=[("forever", forever)], time_budget=0.2)
    docs = list(pipe.pipe(RawDoc(source=f"d{n}", kind="text", text="نص") for n in range(3)))
    check_records(docs, ["d0", "d1", "d2"])
    assert all((d.error or "").startswith("time budget exceeded") for d in docs)
