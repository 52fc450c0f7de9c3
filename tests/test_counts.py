"""The precomputed counts (rasad.archive.tally): kept exact by the writer through re-ingest, merged
reports, syndicated copies and a killed ingest, and answering stats, the timeline and the network
exactly as the queries over every event do — on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import subprocess
from collections import Counter
from pathlib import Path

from test_archive import SAMPLES, WIRE, _ingest_command, _many, _record, kill_ingest_midway

from rasad.archive import browse, tally
from rasad.archive.backend import Backend
from rasad.archive.ingest import ingest
from rasad.archive.query import Filters
from rasad.archive.store import Archive


def _stored(db: Backend) -> Counter:
    out: Counter = Counter()
    for table, cols in tally.KEYS.items():
        for r in db.rows(f"SELECT {', '.join(cols)}, n FROM {table}"):
            out[(table, tuple(r[c] for c in cols))] = r["n"]
    return out


def _recounted(db: Backend) -> Counter:
    actors: dict[int, list] = {}
    for a in db.rows("SELECT event_id, role, text, canonical, kb_id, name_en, country, sector FROM event_actors"):
        actors.setdefault(a["event_id"], []).append(a)
    out: Counter = Counter()
    for e in db.rows("SELECT id, date, type FROM events"):
        tally.add(out, tally.contribution(e, actors.get(e["id"], [])), 1)
    return out


def assert_counts_exact(url: str) -> None:
    with Archive.open(url) as archive:
        stored, recounted = _stored(archive.db), _recounted(archive.db)
        assert stored == recounted
        assert all(n > 0 for n in stored.values())


def _grid(db: Backend) -> list[Filters]:
    types = [None, *[r["type"] for r in db.rows("SELECT type FROM events GROUP BY type ORDER BY COUNT(*) DESC LIMIT 3")]]
    countries = [None, "SYR", "rus", "XXX"]
    actors = [None, "روسيا", "russia", "Russia", "لافروف", "سيرغي لافروف", "فيصل المقداد", "nobody"]
    dates = [(None, None), ("2021", None), (None, "2021-03"), ("2021-03-01", "2021-03-20"), ("2020", "2022")]
    grid = [Filters(actor=a, country=c, type=t, since=s, until=u)
            for a, c, t, (s, u) in itertools.product(actors, countries, types, dates)]
    return [*grid, Filters(text="روسيا"), Filters(type="CONSULT", text="موسكو")]


def assert_answers_exact(url: str) -> int:
    """Every filter of the grid answered from the counts as by the exact queries; returns how many
    the counts answered (the others fell back to the exact queries)."""
    answered = 0
    with Archive.open(url) as archive:
        db = archive.db
        for f in _grid(db):
            answered += tally.where(db, f) is not None
            for period in ("day", "week", "month", "auto"):
                assert browse.timeline(db, f, period) == browse.timeline(db, f, period, exact=True), (f, period)
            assert browse.country_pairs(db, f) == browse.country_pairs(db, f, exact=True), f
            assert browse.network(db, f, limit=40) == browse.network(db, f, limit=40, exact=True), f
            assert browse.network(db, f, limit=3) == browse.network(db, f, limit=3, exact=True), f
    return answered


def test_counts_answer_as_the_exact_queries_on_the_samples(archive_url: str) -> None:
    ingest([SAMPLES], archive_url, jobs=1)
    assert_counts_exact(archive_url)
    grid = len(_grid(Archive.open(archive_url).db))
    answered = assert_answers_exact(archive_url)
    assert answered > grid // 2  # most of the grid, actor filters included, is read from the counts
    with Archive.open(archive_url) as archive:
        assert tally.where(archive.db, Filters(actor="روسيا")) is not None
        assert tally.where(archive.db, Filters(text="روسيا")) is None


def test_counts_stay_exact_through_reprocess_and_syndicated_copies(archive_url: str) -> None:
    ingest([WIRE], archive_url, jobs=1)  # two syndicated copies: their events are one event each
    assert_counts_exact(archive_url)
    before = _stored(Archive.open(archive_url).db)
    with Archive.open(archive_url) as archive:
        archive.db.execute("UPDATE documents SET pipeline_version = '0.0.1'")
    ingest([WIRE], archive_url, jobs=1, reprocess=True)
    assert_counts_exact(archive_url)
    assert _stored(Archive.open(archive_url).db) == before
    ingest([SAMPLES], archive_url, jobs=1)
    assert_counts_exact(archive_url)
    assert_answers_exact(archive_url)


def test_counts_follow_a_month_made_a_day_and_a_forgotten_report(archive_url: str) -> None:
    with Archive.open(archive_url) as archive:
        archive.store([_record("a", "one.example", "2021-03", "التقى لافروف المقداد في موسكو هذا الشهر")])
        archive.store([_record("b", "two.example", "2021-03-16", "التقى لافروف المقداد في موسكو يوم الثلاثاء"),
                       _record("c", "three.example", "2021-03-20", "التقى لافروف المقداد في موسكو مرة أخرى")])
        assert _stored(archive.db) == _recounted(archive.db)
        assert archive.db.scalar("SELECT date FROM events ORDER BY date LIMIT 1") == "2021-03-16"
        a_id = archive.db.scalar("SELECT id FROM documents WHERE content_hash = 'a'")
        archive.store([_record("a", "one.example", "2021", "التقى لافروف المقداد في موسكو هذا العام")], {"a": a_id})
        assert _stored(archive.db) == _recounted(archive.db)
    assert_answers_exact(archive_url)


def test_counts_are_exact_after_an_ingest_killed_with_sigkill_is_run_again(archive_url: str, tmp_path: Path) -> None:
    inputs = _many(tmp_path / "many.jsonl")
    kill_ingest_midway(inputs, archive_url)
    assert_counts_exact(archive_url)  # whole batches, counts included
    rerun = subprocess.run(_ingest_command(inputs, archive_url), check=False, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert_counts_exact(archive_url)
    assert_answers_exact(archive_url)


def test_the_migration_counts_the_events_of_an_existing_archive(archive_url: str) -> None:
    ingest([SAMPLES], archive_url, jobs=1)
    with Archive.open(archive_url) as archive:
        kept = _stored(archive.db)
        for table in tally.KEYS:
            archive.db.execute(f"DROP TABLE {table}")
        archive.db.execute("DROP TABLE story_bands")  # as version 4 left it (versions 7 and 8 run again harmlessly)
        archive.db.execute("DROP TABLE caption_mentions")
        archive.db.execute("DELETE FROM schema_version WHERE version >= 5")
    with Archive.open(archive_url) as archive:  # migrated again: version 5 counts what is there
        assert _stored(archive.db) == kept
    assert_counts_exact(archive_url)
