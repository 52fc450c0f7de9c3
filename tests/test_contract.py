"""The JSON every document becomes matches the contract's schema, on real and bad inputs."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from rasad.model import Document
from tests.conftest import GOLD, need_shared

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "schema" / "document.schema.json").read_text())


def test_schema_is_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_error_documents_match_the_schema() -> None:
    jsonschema.validate(Document(source="x.txt", error="empty input").to_dict(), SCHEMA)


def test_gold_inputs_match_the_schema(pipeline) -> None:
    need_shared()
    inputs = sorted((GOLD / "inputs").iterdir())
    docs = list(pipeline.run(inputs))
    assert len(docs) == len(inputs)
    for doc in docs:
        data = doc.to_dict()
        jsonschema.validate(data, SCHEMA)
        assert "error" not in data, data


def test_schema_rejects_a_renamed_field() -> None:
    bad = {"source": "x", "article": {}, "entities": [], "events": [], "quotes": [], "error": None}
    try:
        jsonschema.validate(bad, SCHEMA)
    except jsonschema.ValidationError:
        return
    raise AssertionError("a document with an incomplete article must not validate")
