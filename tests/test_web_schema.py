"""schemathesis against the API's OpenAPI spec: generated requests to every operation (but the
endless stream), every documented response valid, never a 500."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.config import SchemathesisConfig
from web_support import sample_archive

from rasad.web.app import create_app


@pytest.fixture(scope="module")
def web_schema(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    app = create_app(f"sqlite:///{sample_archive(tmp_path_factory.mktemp('web-schema'))}", token="schemathesis-token")
    # a cursor is opaque: a schema-valid string the server did not make is rightly a 400
    config = SchemathesisConfig.from_dict({"checks": {"positive_data_acceptance": {
        "expected-statuses": ["2xx", "400", "401", "403", "404"]}}})
    return schemathesis.openapi.from_asgi("/api/openapi.json", app, config=config).exclude(path="/api/stream")


def test_the_api_answers_as_its_schema_says(web_schema) -> None:  # type: ignore[no-untyped-def]
    operations = [result.ok() for result in web_schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, suppress_health_check=list(HealthCheck), deadline=None, database=None)
        def answers(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate()

        answers()
