"""Shared fixtures: where ../shared is, and the seed pages."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

# no per-example deadline: a loaded CI machine must not turn slow examples into failures
settings.register_profile("rasad", deadline=None)
settings.load_profile("rasad")

# the developer's own KB and lexicon files (~/.local/share/rasad) must not change what the tests see;
# tests of user files point these at their own directories
_EMPTY = Path(tempfile.mkdtemp(prefix="rasad-tests-user-"))
for _var in ("RASAD_KB_DIR", "RASAD_LEXICON_DIR"):
    os.environ.setdefault(_var, str(_EMPTY / _var.lower()))

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASAD_SHARED", ROOT.parent / "shared"))
GOLD = SHARED / "gold"
SEED_000 = GOLD / "inputs" / "000_b6e17d915fa2deda.txt"
SEED_003 = GOLD / "inputs" / "003_554a77e5e9b12639.txt"


def need_shared() -> None:
    if not (GOLD / "dev").is_dir():
        pytest.skip(f"../shared (the gold set) not found at {SHARED}; set RASAD_SHARED to run this test")


def gold(name: str) -> dict:
    need_shared()
    return json.loads((GOLD / "dev" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def pipeline():
    from rasad.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def seed000(pipeline):
    need_shared()
    return next(iter(pipeline.run([SEED_000])))


@pytest.fixture(scope="session")
def seed003(pipeline):
    need_shared()
    return next(iter(pipeline.run([SEED_003])))


# -- the archive's databases: a real SQLite file and a real PostgreSQL server -------------------------
@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL server (tests/pg_fixture.py); skipped only outside CI when it is not installed."""
    from pg_fixture import find_bindir, server

    if find_bindir() is None and not os.environ.get("CI"):
        pytest.skip("PostgreSQL is not installed (initdb, pg_ctl); the test command installs it")
    with server() as url:
        yield url


_databases = iter(range(1_000_000))


@pytest.fixture(params=["sqlite", "postgresql"])
def archive_url(request, tmp_path):
    """The URL of an empty archive, on each backend in turn."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'archive.db'}"
    from pg_fixture import fresh_database

    return fresh_database(request.getfixturevalue("postgres_server"), f"rasad_test_{next(_databases)}")
