"""rasad watch as a real subprocess: files dropped into the folder reach the archive while it runs (read
by this process, a second reader of the SQLite file), a bad file is stored as failed and watching
goes on, and after a kill -9 and a restart nothing is stored twice."""

from __future__ import annotations

import contextlib
import signal
import sqlite3
from pathlib import Path

import pytest
from conftest import ROOT
from watch_support import Watch, drop

pytest.importorskip("watchfiles")

WIRE = (ROOT / "samples" / "archive.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)


def rows(db: Path, sql: str) -> list[tuple]:
    """Read the archive as another process would, while watch writes it."""
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)) as conn:
        return conn.execute(sql).fetchall()


def counts(db: Path) -> dict[str, int]:
    tables = ("documents", "articles", "events", "event_mentions", "event_actors", "quotes", "mentions")
    out = {t: rows(db, f"SELECT COUNT(*) FROM {t}")[0][0] for t in tables}
    out["failed"] = rows(db, "SELECT COUNT(*) FROM documents WHERE status = 'failed'")[0][0]
    return out


def test_watch_ingests_dropped_files_survives_a_bad_one_and_a_restart(tmp_path: Path) -> None:
    folder, db, log = tmp_path / "inbox", tmp_path / "live.db", tmp_path / "watch.log"
    folder.mkdir()
    drop(folder, "early.jsonl", WIRE[5])  # there before watch starts: ingested at start
    watch = Watch(folder, db, log)
    try:
        watch.wait_for(lambda: "rasad watch: watching" in watch.text(), "watch to start")
        assert "1 files present, 1 new stored" in watch.text()

        drop(folder, "wire.jsonl", "".join(WIRE[:3]))  # the same story in two papers, and one more
        watch.wait_for(lambda: rows(db, "SELECT COUNT(*) FROM documents")[0][0] == 4, "the dropped file's 3 records")
        events = rows(db, "SELECT e.type, e.num_articles, e.num_sources FROM events e JOIN event_mentions m "
                          "ON m.event_id = e.id JOIN documents d ON d.id = m.article_id WHERE d.source LIKE '%wire.jsonl#1'")
        assert events and max(n for _, n, _ in events) == 2  # merged with its syndicated copy, #2

        drop(folder, "bad.txt", b"\x00\x01binary\x02" * 50)
        drop(folder, "notes.md", "not a page rasad reads")
        watch.wait_for(lambda: rows(db, "SELECT COUNT(*) FROM documents WHERE status = 'failed'")[0][0] == 1,
                       "the bad file stored as failed")
        (source, error), = rows(db, "SELECT source, error FROM documents WHERE status = 'failed'")
        assert source.endswith("bad.txt") and "binary" in error
        watch.wait_for(lambda: f"rasad: {source}: " in watch.text(), "the bad file's error line")
        drop(folder, "after.jsonl", WIRE[6])  # watching went on
        watch.wait_for(lambda: rows(db, "SELECT COUNT(*) FROM documents")[0][0] == 6, "a file after the bad one")
        assert not any("notes.md" in s for (s,) in rows(db, "SELECT source FROM documents"))
        before = counts(db)
    finally:
        code, _ = watch.stop(signal.SIGKILL)
    assert code == -signal.SIGKILL

    again = Watch(folder, db, log)
    try:
        again.wait_for(lambda: "rasad watch: watching" in again.text(), "the restarted watch")
        assert "4 files present, 0 new stored" in again.text()
        assert counts(db) == before  # nothing processed twice
        drop(folder, "wire.jsonl", "".join(WIRE[:4]))  # the file grew by one record: only that one is new
        again.wait_for(lambda: rows(db, "SELECT COUNT(*) FROM documents")[0][0] == 7, "the changed file's new record")
        sources = [s for (s,) in rows(db, "SELECT source FROM documents")]
        assert len(sources) == len(set(sources)) == 7
        assert counts(db)["event_mentions"] > before["event_mentions"]
    finally:
        code, out = again.stop(signal.SIGTERM)
    assert code == 0, again.text()
    assert "rasad watch: 10 read, 1 stored, 9 already stored, 0 empty, 0 failed" in out
