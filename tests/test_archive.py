"""The archive on real databases: every test runs on a SQLite file and on a PostgreSQL server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEED_000, need_shared

from rasad.archive import query
from rasad.archive.ingest import ingest
from rasad.archive.records import Record
from rasad.archive.schema import VERSION
from rasad.archive.store import Archive
from rasad.errors import RasadError

SAMPLES = ROOT / "samples"
WIRE = SAMPLES / "archive.jsonl"


def _counts(url: str) -> dict[str, int]:
    with Archive.open(url) as archive:
        return archive.counts()


def _records(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_a_new_archive_has_the_schema_version(archive_url: str) -> None:
    with Archive.open(archive_url) as archive:
        assert archive.db.scalar("SELECT MAX(version) FROM schema_version") == VERSION
        archive.db.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", (VERSION + 1, "x"))
    with pytest.raises(RasadError, match="newer than this rasad"):
        Archive.open(archive_url)


def test_ingesting_the_samples_twice_stores_nothing_new(archive_url: str) -> None:
    first = ingest([SAMPLES], archive_url, jobs=1)
    assert (first.read, first.stored, first.already, first.failed) == (21, 21, 0, 0)
    counts = _counts(archive_url)
    assert counts["documents"] == counts["articles"] == 21
    assert counts["events"] > 40 and counts["quotes"] > 10
    again = ingest([SAMPLES, WIRE], archive_url, jobs=1)  # the JSONL file twice over, too
    assert (again.read, again.stored, again.already) == (39, 0, 39)
    assert _counts(archive_url) == counts


def test_syndicated_copies_are_one_story_and_their_events_count_two_sources(archive_url: str) -> None:
    ingest([WIRE], archive_url, jobs=1)
    with Archive.open(archive_url) as archive:
        rows = {r["source"]: r for r in query.articles(archive.db, query.Filters(limit=0))}
        one, two = rows[f"{WIRE}#1"], rows[f"{WIRE}#2"]
        assert one["story_id"] == two["story_id"] and one["story_size"] == two["story_size"] == 2
        others = [r for s, r in rows.items() if s not in (f"{WIRE}#1", f"{WIRE}#2")]
        assert all(r["story_size"] == 1 for r in others)
        [wheat] = query.events(archive.db, query.Filters(actor="روسيا", since="2021-03", until="2021-03-31", text="القمح"))
        assert (wheat["type"], wheat["quantity_value"], wheat["quantity_item"]) == ("AGREE", 50000, "القمح")
        assert (wheat["num_articles"], wheat["num_sources"]) == (2, 2)
        assert (wheat["first_report"], wheat["latest_report"]) == ("2021-03-16T11:20:00+03:00", "2021-03-16T13:05:00+03:00")
        assert archive.db.scalar("SELECT COUNT(*) FROM event_mentions WHERE event_id = ?", (wheat["id"],)) == 2
        # every event told by both copies is one event row with two mentions
        assert archive.db.scalar("SELECT COUNT(*) FROM events WHERE num_articles = 2") == 4


def test_bad_inputs_are_stored_as_failed_documents_and_the_batch_goes_on(archive_url: str, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    _records(tmp_path / "records.jsonl", [{"text": "قال الوزير إن المحادثات كانت مثمرة."}, {"text": 5}, {"page": ["x"]}])
    with (tmp_path / "records.jsonl").open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    summary = ingest([tmp_path, tmp_path / "missing.txt"], archive_url, jobs=1)
    assert summary.read == 7 and summary.failed == 5 and summary.empty == 1 and summary.stored == 7
    reasons = dict(summary.failures)
    assert set(reasons) == {str(tmp_path / "binary.txt"), f"{tmp_path / 'records.jsonl'}#2",
                            f"{tmp_path / 'records.jsonl'}#3", f"{tmp_path / 'records.jsonl'}#4", str(tmp_path / "missing.txt")}
    assert "no such file" in reasons[str(tmp_path / "missing.txt")]
    with Archive.open(archive_url) as archive:
        stored = {r["source"]: r for r in archive.db.rows("SELECT source, status, error FROM documents")}
        assert stored[f"{tmp_path / 'records.jsonl'}#1"]["status"] == "ok"
        assert all(stored[s]["status"] == "failed" and stored[s]["error"] == reasons[s] for s in reasons)
        assert stored[str(tmp_path / "empty.txt")]["status"] == "empty"  # an empty page is not a failure
    again = ingest([tmp_path, tmp_path / "missing.txt"], archive_url, jobs=1)
    assert (again.stored, again.already, again.failed, again.empty) == (0, 7, 0, 0)


def test_an_empty_page_is_stored_as_empty_and_counted_apart_from_the_failed(archive_url: str, tmp_path: Path) -> None:
    from rasad.archive.progress import summary_lines

    (tmp_path / "blank.txt").write_text("\n  \n", encoding="utf-8")
    _records(tmp_path / "r.jsonl", [{"url": "https://example.com/a", "title": "عنوان", "text": " "},
                                    {"title": "بلا نص"}, {"text": "قال الوزير إن المحادثات كانت مثمرة."},
                                    {"text": ["x"]}])
    summary = ingest([tmp_path], archive_url, jobs=1)
    assert (summary.read, summary.stored, summary.empty, summary.failed) == (5, 5, 3, 1)
    assert summary.as_dict()["empty"] == 3
    line = summary_lines(summary, archive_url)[0]
    assert "5 read, 5 stored, 0 already stored, 3 empty, 1 failed (" in line
    with Archive.open(archive_url) as archive:
        assert archive.counts()["empty"] == 3 and archive.counts()["failed"] == 1 and archive.counts()["articles"] == 1
        rows = {r["source"].rsplit("/", 1)[-1]: (r["status"], r["error"]) for r in archive.db.rows(
            "SELECT source, status, error FROM documents")}
        assert rows["blank.txt"] == ("empty", "empty input: the file holds no text")
        assert rows["r.jsonl#1"][0] == rows["r.jsonl#2"][0] == "empty" and rows["r.jsonl#3"] == ("ok", None)
        assert rows["r.jsonl#4"][0] == "failed"  # text of the wrong type is bad input
        assert query.stats(archive.db)["documents"] == {"empty": 3, "failed": 1, "ok": 1}


def test_empty_pages_an_older_rasad_stored_as_failed_become_empty_when_migrated(
        archive_url: str, tmp_path: Path, monkeypatch) -> None:
    from rasad.archive import store
    from rasad.archive.schema import migrate

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "blank.txt").write_text("", encoding="utf-8")
    (tmp_path / "in" / "binary.txt").write_bytes(bytes(range(256)) * 8)
    with monkeypatch.context() as m:  # an ingest by version 7, which knew no empty status
        m.setattr(store, "migrate", lambda db: migrate(db, target=7))
        m.setattr(store, "status", lambda rec: "ok" if rec.error is None else "failed")
        ingest([tmp_path / "in", WIRE], archive_url, jobs=1)
        with store.Archive.open(archive_url) as old:
            assert old.db.scalar("SELECT MAX(version) FROM schema_version") == 7
            assert old.db.scalar("SELECT COUNT(*) FROM documents WHERE status = 'failed'") == 2
    before = _counts(archive_url)  # opening migrates
    assert (before["empty"], before["failed"]) == (1, 1) and before["articles"] == 18
    with Archive.open(archive_url) as archive:
        assert archive.db.scalar("SELECT MAX(version) FROM schema_version") == VERSION
        assert archive.db.scalar("SELECT COUNT(*) FROM event_mentions") > 0  # nothing went with the old table
        archive.db.execute("INSERT INTO documents (content_hash, source, status, pipeline_version, ingested_at) "
                           "VALUES ('x', 'x', 'empty', 'v', 'now')")
        with pytest.raises(Exception, match=r"(?i)check"):
            archive.db.execute("INSERT INTO documents (content_hash, source, status, pipeline_version, ingested_at) "
                               "VALUES ('y', 'y', 'lost', 'v', 'now')")


def test_search_finds_words_with_clitics_and_harakat(archive_url: str, tmp_path: Path) -> None:
    _records(tmp_path / "r.jsonl", [
        {"id": "a", "title": "لقاء في موسكو", "text": "التقى لافروف والمقداد في موسكو."},
        {"id": "b", "title": "رسالة", "text": "بعث الرئيس برسالة للمقداد يوم الأحد."},
        {"id": "c", "title": "مظاهرات", "text": "خرجت مظاهرات في المدينة يوم الجمعة."},
        {"id": "d", "title": "أخبار", "text": "لم يرد ذكر للوزير في هذا الخبر."},
    ])
    ingest([tmp_path], archive_url, jobs=1)
    with Archive.open(archive_url) as archive:
        found = query.search(archive.db, "المقداد", query.Filters())
        assert sorted(r["source"].rsplit("#", 1)[1] for r in found) == ["1", "2"]
        assert any("[والمقداد]" in r["snippet"] for r in found) and any("[للمقداد]" in r["snippet"] for r in found)
        [protest] = query.search(archive.db, "مُظاهرات", query.Filters())
        assert protest["source"].endswith("#3") and "[مظاهرات]" in protest["snippet"]
        assert query.search(archive.db, "المقداد موسكو", query.Filters())[0]["source"].endswith("#1")
        assert query.search(archive.db, "غائبة", query.Filters()) == []
        assert query.search(archive.db, '"*) OR (', query.Filters()) == []  # FTS syntax is not passed through


_PLURALS = [  # (id, text): the search tests' small archive
    ("protest", "مظاهرة", "خرجت مظاهرة في المدينة يوم الجمعة."),
    ("protests", "المظاهرات", "تواصلت المظاهرات والاحتجاجات في العاصمة."),
    ("opposition", "المعارضون", "قال المعارضون إن الحوار متوقف."),
    ("riyadh", "الرياض", "وصل الوزير إلى الرياض مساء أمس."),
    ("bahrain", "البحرين", "زار الوفد البحرين الأسبوع الماضي."),
    ("sea", "البحر", "غرق قارب في البحر قرب الساحل."),
    ("syria", "سوريا", "تحدث عن الوضع في سوريا وسورية."),
    ("wall", "السور", "رمم العمال السور القديم للمدينة."),
    ("iran", "إيران", "وصل المبعوث إلى إيران."),
]


def test_search_finds_a_sound_plural_from_its_singular_and_back(archive_url: str, tmp_path: Path) -> None:
    from rasad.archive.textsearch import stem

    _records(tmp_path / "r.jsonl", [{"id": i, "title": t, "text": x} for i, t, x in _PLURALS])
    ingest([tmp_path], archive_url, jobs=1)

    def found(q: str) -> list[str]:
        return sorted(_PLURALS[int(r["source"].rsplit("#", 1)[1]) - 1][0] for r in query.search(archive.db, q, query.Filters()))

    with Archive.open(archive_url) as archive:
        assert found("مظاهرة") == found("مظاهرات") == found("والمظاهرات") == ["protest", "protests"]
        assert found("المعارضين") == found("معارض") == ["opposition"]
        assert any("[المظاهرات]" in r["snippet"] for r in query.search(archive.db, "مظاهرة", query.Filters()))
        # and words that must not meet: a feminine noun and a city, a country and a sea, a country and a wall
        assert found("رياضة") == [] and found("الرياض") == ["riyadh"]
        assert found("بحر") == ["sea"] and found("البحرين") == ["bahrain"]
        assert found("سور") == ["wall"] and found("سوريا") == ["syria"] and found("سوري") == []
        assert found("إيراني") == [] and found("ايران") == ["iran"]
    assert stem("ثلاثين") == stem("ثلاث") and stem("عشرين") != stem("عشر")  # a known limit; and where it stops


def test_an_archive_stemmed_by_an_older_rasad_is_stemmed_again_when_migrated(archive_url: str) -> None:
    from rasad.arabic.text import clitic_variants
    from rasad.archive.backend import connect
    from rasad.archive.schema import migrate
    from rasad.archive.textsearch import normalized_words

    def old_stems(text: str) -> str:  # version 6's stemmer: proclitics only
        return " ".join(min(clitic_variants(w), key=len) for w in normalized_words(text))

    db = connect(archive_url)
    migrate(db, target=6)
    old = Archive(db)
    for key, title, text in _PLURALS[:3]:
        rec = _article(key, text)
        rec.article["title"] = title
        rec.search["stems"] = old_stems(title + "\n" + text)
        old.store([rec])
    assert [r["id"] for r in query.search(db, "مظاهرة", query.Filters())] == [1]  # the old stems
    db.close()
    with Archive.open(archive_url) as archive:
        assert archive.db.scalar("SELECT MAX(version) FROM schema_version") == VERSION
        assert sorted(r["id"] for r in query.search(archive.db, "مظاهرة", query.Filters())) == [1, 2]
        assert [r["id"] for r in query.search(archive.db, "معارض", query.Filters())] == [3]


def test_events_of_seed_000_by_actor_and_type(archive_url: str) -> None:
    need_shared()
    ingest([SEED_000], archive_url, jobs=1)
    with Archive.open(archive_url) as archive:
        [aid] = query.events(archive.db, query.Filters(actor="روسيا", type="AID"))
        assert aid["quantity_value"] == 100000 and aid["quantity_item"] == "القمح"
        assert "تبرع" in aid["first"]["sentence"] and aid["first"]["trigger"] == "تبرع"
        assert [a["kb_id"] for a in aid["actors"]] == ["russia"]
        for name in ("Russia", "russia"):
            assert [e["id"] for e in query.events(archive.db, query.Filters(actor=name, type="aid"))] == [aid["id"]]
        assert query.events(archive.db, query.Filters(actor="روسيا", type="AID", since="2021")) == []
        mekdad = query.actors(archive.db, query.Filters(actor="faisal-mekdad", limit=0))
        assert mekdad[0]["kb_id"] == "faisal-mekdad" and "CONSULT" in mekdad[0]["types"]
        assert query.quotes(archive.db, query.Filters(actor="فيصل المقداد"))
        assert query.stats(archive.db)["events_per_type"]["AID"] == 1


def test_reprocess_replaces_what_an_older_pipeline_stored(archive_url: str) -> None:
    ingest([WIRE], archive_url, jobs=1)
    counts = _counts(archive_url)
    with Archive.open(archive_url) as archive:
        archive.db.execute("UPDATE documents SET pipeline_version = '0.0.1'")
    assert ingest([WIRE], archive_url, jobs=1).already == 18  # without --reprocess: kept as it is
    summary = ingest([WIRE], archive_url, jobs=1, reprocess=True)
    assert (summary.reprocessed, summary.stored, summary.already) == (18, 0, 0)
    assert _counts(archive_url) == counts
    with Archive.open(archive_url) as archive:
        assert archive.db.scalar("SELECT COUNT(*) FROM documents WHERE pipeline_version = '0.0.1'") == 0


def _many(path: Path, n: int = 36) -> Path:
    """``n`` records: the wire samples with a sentence of their own each."""
    wire = [json.loads(line) for line in WIRE.read_text(encoding="utf-8").splitlines()]
    records = []
    for i in range(n):
        r = dict(wire[i % len(wire)])
        r["id"], r["url"] = f"many-{i}", f"{r['url']}-{i}"
        r["text"] += f"\nوقال مصدر مطلع إن الاجتماع رقم {i + 1} انتهى مساء اليوم."
        records.append(r)
    return _records(path, records)


def _ingest_command(inputs: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "rasad.cli", "ingest", str(inputs), "--db", url, "--jobs", "1", "--batch-size", "3"]


def kill_ingest_midway(inputs: Path, archive_url: str) -> None:
    """Start ``rasad ingest`` as a real subprocess and SIGKILL it once it has stored 6 documents."""
    proc = subprocess.Popen(_ingest_command(inputs, archive_url), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300  # a guard against a hang, not a measurement
    stored = 0
    while stored < 6 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        try:
            stored = _counts(archive_url)["documents"]
        except Exception:  # the schema is being created
            stored = 0
    assert proc.poll() is None, "the ingest ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def test_an_ingest_killed_with_sigkill_finishes_when_run_again(archive_url: str, tmp_path: Path) -> None:
    inputs = _many(tmp_path / "many.jsonl")
    kill_ingest_midway(inputs, archive_url)
    killed = _counts(archive_url)
    assert 6 <= killed["documents"] < 36 and killed["documents"] % 3 == 0  # whole batches only
    assert killed["articles"] == killed["documents"]  # no half-stored document
    rerun = subprocess.run(_ingest_command(inputs, archive_url), check=False, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"36 read, {36 - killed['documents']} stored, {killed['documents']} already stored, 0 failed" in rerun.stdout
    whole = archive_url.replace("archive.db", "whole.db") if archive_url.startswith("sqlite") else None
    if whole is None:
        from pg_fixture import fresh_database

        whole = fresh_database(archive_url.rsplit("/", 1)[0] + "/postgres", archive_url.rsplit("/", 1)[1] + "_whole")
    ingest([inputs], whole, jobs=1)
    assert _counts(archive_url) == _counts(whole)


def test_two_workers_store_what_one_does(tmp_path: Path) -> None:
    one, two = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"
    ingest([WIRE], one, jobs=1)
    summary = ingest([WIRE], two, jobs=2)
    assert summary.stored == 18
    keys = "SELECT e.event_key, e.num_articles, a.source FROM events e JOIN event_mentions m ON m.event_id = e.id " \
           "JOIN documents a ON a.id = m.article_id ORDER BY 1, 3"
    with Archive.open(one) as a, Archive.open(two) as b:
        assert a.db.rows(keys) == b.db.rows(keys)


def test_exports_have_one_row_per_event_with_lists_kept_or_joined(archive_url: str, tmp_path: Path) -> None:
    import csv
    import io

    import pyarrow.parquet as pq

    from rasad.archive.export import export

    ingest([WIRE], archive_url, jobs=1)
    with Archive.open(archive_url) as archive:
        n_events = archive.db.scalar("SELECT COUNT(*) FROM events")
        text = io.StringIO()
        assert export(archive.db, "events", "csv", text, query.Filters(limit=0)) == n_events
        rows = list(csv.DictReader(io.StringIO(text.getvalue())))
        wheat = next(r for r in rows if r["quantity_item"] == "القمح")
        assert (wheat["num_articles"], wheat["num_sources"], wheat["actor_kb_id"]) == ("2", "2", "russia")
        with (tmp_path / "e.parquet").open("wb") as fh:
            export(archive.db, "events", "parquet", fh, query.Filters(limit=0))
        table = pq.read_table(tmp_path / "e.parquet").to_pylist()
        assert len(table) == n_events and all(isinstance(r["actor_name"], list) for r in table)
        plover = io.StringIO()
        export(archive.db, "events", "plover", plover, query.Filters(limit=0))
        records = [json.loads(line) for line in plover.getvalue().splitlines()]
        assert {r["id"] for r in records} == {r["event_id"] for r in rows}
        # the PLOVER manual's data fields: the required id, date, actor and event (a list of categories)
        assert all(r["date"] and r["actor"] and isinstance(r["event"], list) and len(r["event"]) == 1 for r in records)
        assert all(r["quad_code"] in (1, 2, 3, 4) and isinstance(r["mode"], list) for r in records)
        [grain] = [r for r in records if (r["quantity"] or {}).get("item") == "القمح"]
        assert grain["event"] == ["AGREE"] and grain["quad_code"] == 1 and grain["date_resolution"] in ("day", "month")
        russia = grain["actor"][0]
        assert (russia["code"], russia["identifier_id"], russia["identifier_text"]) == ("RUS", "russia", "Russia")
        assert set(russia) == {"code", "sector", "entity_text", "identifier_id", "identifier_text"}
        assert grain["cite_info"]["url"] and grain["cite_info"]["language"] == "ar" and grain["event_text"]
        assert all(set(r["event_loc"]) == {"extracted_place", "resolved_place", "country_code", "lat", "lon"}
                   for r in records if r["event_loc"])
        assert all("" not in (r["mode"] + [v for a in r["actor"] + r["recipient"] for v in a.values()]) for r in records)
        mentions = io.StringIO()
        assert export(archive.db, "mentions", "jsonl", mentions, query.Filters(limit=0)) == \
            archive.db.scalar("SELECT COUNT(*) FROM event_mentions")
        with pytest.raises(RasadError, match="plover records are events"):
            export(archive.db, "articles", "plover", io.StringIO(), query.Filters())


def test_the_query_commands_print_table_csv_and_jsonl(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from rasad.cli import app

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(WIRE), "--db", url, "--jobs", "1"])
    assert result.exit_code == 0 and "18 read, 18 stored, 0 already stored, 0 failed" in result.stdout
    again = runner.invoke(app, ["ingest", str(WIRE), "--db", url, "--jobs", "1"])
    assert "18 read, 0 stored, 18 already stored, 0 failed" in again.stdout
    jsonl = runner.invoke(app, ["events", "--db", url, "--type", "AGREE", "--actor", "Russia", "--format", "jsonl"])
    [event] = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert (event["quantity"], event["num_articles"], event["num_sources"]) == ("50000 طن القمح", 2, 2)
    table = runner.invoke(app, ["search", "المقداد", "--db", url])
    assert table.exit_code == 0 and ("[المقداد]" in table.stdout or "[والمقداد]" in table.stdout)
    for command in ("actors", "quotes", "articles"):
        out = runner.invoke(app, [command, "--db", url, "--format", "csv", "--limit", "3"])
        assert out.exit_code == 0 and len(out.stdout.splitlines()) == 4, (command, out.stdout)
    stats = runner.invoke(app, ["stats", "--db", url, "--format", "json"])
    assert json.loads(stats.stdout)["documents"] == {"ok": 18}
    bad = runner.invoke(app, ["events", "--db", "mysql://nowhere"])
    assert bad.exit_code == 2 and "not a database URL" in bad.stderr


def test_without_a_terminal_the_ingest_logs_a_line_per_1000_pages_and_each_failure(capsys) -> None:
    from rasad.archive.ingest import Summary
    from rasad.archive.progress import IngestDisplay, summary_lines
    from rasad.archive.records import failed_record

    summary = Summary()
    with IngestDisplay(tty=False) as show:
        for i in range(2500):
            if i % 2:
                summary.already += 1
            else:
                summary.processed += 1
            show(summary, None)
        summary.fail("bad.txt", "not UTF-8 text (bad byte at 3)")
        show(summary, failed_record("k", "bad.txt", "not UTF-8 text (bad byte at 3)"))
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(",")[0] for line in lines[:2]] == ["rasad: ingest: 1000 pages", "rasad: ingest: 2000 pages"]
    assert lines[2:] == ["rasad: bad.txt: not UTF-8 text (bad byte at 3)"]
    assert "  failed 1: not UTF-8 text" in summary_lines(summary, "sqlite:///x.db")


def test_the_documents_ahead_are_counted_for_the_eta(tmp_path: Path) -> None:
    from rasad.archive.estimate import count_documents

    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    _records(tmp_path / "r.jsonl", [{"text": "x"}, {"text": "y"}])
    assert count_documents([tmp_path, SAMPLES]) == 3 + 21
    assert count_documents([tmp_path / "crawl.warc.gz"]) is None and count_documents(["-"]) is None


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


def test_a_worker_killed_midway_costs_no_document(tmp_path: Path) -> None:
    inputs = _many(tmp_path / "many.jsonl")
    (tmp_path / "empty.txt").write_bytes(b"")  # a read error among them: it never goes to a worker
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    command = [sys.executable, "-m", "rasad.cli", "ingest", str(tmp_path / "empty.txt"), str(inputs), "--db", url,
               "--jobs", "2", "--batch-size", "3"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300  # a guard against a hang, not a measurement
    workers: list[int] = []
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        workers = [w for server in _children(proc.pid) for w in _children(server)]
        if workers and Path(tmp_path / "archive.db").exists() and _counts(url)["documents"] >= 3:
            break
    assert workers and proc.poll() is None, "the ingest ended before a worker could be killed"
    os.kill(workers[0], signal.SIGKILL)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert "37 read, 37 stored, 0 already stored, 1 empty, 0 failed" in out
    counts = _counts(url)
    whole = f"sqlite:///{tmp_path / 'whole.db'}"
    ingest([tmp_path / "empty.txt", inputs], whole, jobs=1)
    assert counts == _counts(whole)


def test_a_document_another_ingest_stored_meanwhile_counts_as_already_stored(archive_url: str) -> None:
    from rasad.archive.records import failed_record

    first, copy = failed_record("h1", "a.txt", "empty"), failed_record("h1", "b.txt", "empty")
    with Archive.open(archive_url) as one, Archive.open(archive_url) as two:
        assert [o for _, o in one.store([first])] == ["failed"]  # stored, as a failed document
        # the second ingest read the archive before the first stored h1
        assert [o for _, o in two.store([copy, failed_record("h2", "c.txt", "empty")])] == ["already", "failed"]
        assert one.counts()["documents"] == 2


def test_dates_of_one_event_are_the_same_day_or_a_month_and_a_day_of_it() -> None:
    from rasad.archive.records import compatible

    assert compatible("2021-03-16", "2021-03-16") and compatible("2021-03", "2021-03-16")
    assert compatible("2021-03-16", "2021-03") and compatible(None, None)
    assert not compatible("2021-03-16", "2021-03-17") and not compatible("2021", "2021-03")
    assert not compatible("2021-03", "2021-04-01") and not compatible(None, "2021-03")


def _record(key: str, site: str, date: str | None, body: str) -> Record:
    from rasad.archive.records import Record

    event = {"type": "CONSULT", "mode": "visit", "cameo": "042", "date": date,
             "date_precision": {10: "day", 7: "month", 4: "year"}.get(len(date or "")), "date_text": None,
             "modality": "asserted", "location": ("موسكو", "موسكو", "RUS"), "quantity": (None, None, None),
             "actors": [("actor", 0, "لافروف", "سيرغي لافروف", "Sergey Lavrov", "sergey-lavrov", "RUS", "GOV"),
                        ("recipient", 0, "المقداد", "فيصل المقداد", "Faisal Mekdad", "faisal-mekdad", "SYR", "GOV")],
             "mention": {"paragraph": 0, "sentence": body, "trigger": "التقى", "trigger_start": 0, "trigger_end": 5,
                         "rule": "test"}}
    article = {"title": body[:20], "published": f"{date or '2021-03-16'}"[:10], "day": None, "dateline": None,
               "outlet": None, "url": None, "site": site, "credits": [], "body": [body], "captions": [], "related": []}
    return Record(key, f"{key}.txt", article=article, search={"title": "", "body": body, "stems": body},
                  events=[event])


def test_reports_of_one_event_merge_when_their_dates_agree(archive_url: str) -> None:
    with Archive.open(archive_url) as archive:
        archive.store([_record("a", "one.example", "2021-03", "التقى لافروف المقداد في موسكو هذا الشهر"),
                       _record("b", "two.example", "2021-03-16", "التقى لافروف المقداد في موسكو يوم الثلاثاء"),
                       _record("c", "three.example", "2021-03-20", "التقى لافروف المقداد في موسكو مرة أخرى"),
                       _record("d", "four.example", "2021", "التقى لافروف المقداد في موسكو هذا العام")])
        rows = archive.db.rows("SELECT date, date_precision, num_articles, num_sources FROM events ORDER BY date")
        assert rows == [{"date": "2021", "date_precision": "year", "num_articles": 1, "num_sources": 1},
                        {"date": "2021-03-16", "date_precision": "day", "num_articles": 2, "num_sources": 2},
                        {"date": "2021-03-20", "date_precision": "day", "num_articles": 1, "num_sources": 1}]


def test_an_archive_made_by_an_older_rasad_is_migrated_when_opened(archive_url: str) -> None:
    from rasad.archive.backend import connect
    from rasad.archive.schema import migrate

    db = connect(archive_url)
    assert migrate(db, target=2) == 0
    assert migrate(db, target=2) == 2
    db.close()
    with Archive.open(archive_url) as archive:
        assert archive.db.scalar("SELECT MAX(version) FROM schema_version") == VERSION == 9
        assert archive.db.rows("SELECT match_key FROM events") == []


def test_the_default_archive_is_in_the_user_data_directory_unless_rasad_db_says(tmp_path: Path, monkeypatch) -> None:
    from rasad.archive.backend import StoreError, connect, default_url

    monkeypatch.delenv("RASAD_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_url() == f"sqlite:///{tmp_path / 'data' / 'rasad' / 'rasad.db'}"
    monkeypatch.setenv("RASAD_DB", f"sqlite:///{tmp_path / 'team.db'}")
    assert default_url() == f"sqlite:///{tmp_path / 'team.db'}"
    with Archive.open() as archive:
        assert archive.db.dialect == "sqlite" and (tmp_path / "team.db").exists()
    for url, message in (("mysql://x/y", "not a database URL"),
                         ("postgresql://rasad:secret@127.0.0.1:1/none", "cannot connect to PostgreSQL")):
        with pytest.raises(StoreError, match=message) as info:
            connect(url)
        assert "secret" not in str(info.value)


def test_the_readme_first_command_ingests_the_samples_and_prints_their_events(tmp_path: Path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from rasad.cli import app

    monkeypatch.delenv("RASAD_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    runner = CliRunner()
    ingested = runner.invoke(app, ["ingest", str(SAMPLES), "--jobs", "1"])
    assert ingested.exit_code == 0 and "21 read, 21 stored" in ingested.stdout
    assert (tmp_path / "rasad" / "rasad.db").exists()
    table = runner.invoke(app, ["events"], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "AGREE" in table.stdout and "القمح" in table.stdout


def test_a_document_the_database_refuses_is_failed_and_a_broken_archive_is_one_line(tmp_path: Path) -> None:
    import sqlite3

    from typer.testing import CliRunner

    from rasad.cli import app

    db, url = tmp_path / "archive.db", f"sqlite:///{tmp_path / 'archive.db'}"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(WIRE), "--db", url, "--jobs", "1"]).exit_code == 0
    new = _records(tmp_path / "new.jsonl", [{"text": "قال وزير الخارجية الروسي سيرغي لافروف إن المحادثات كانت مثمرة."}])
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE mentions")  # every article's entities now have nowhere to go
    refused = runner.invoke(app, ["ingest", str(new), "--db", url, "--jobs", "1"])
    assert refused.exit_code == 1 and "1 read, 1 stored, 0 already stored, 1 failed" in refused.stdout
    assert "cannot store the document (OperationalError: no such table: mentions)" in refused.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT status FROM documents WHERE source LIKE '%new.jsonl#1'").fetchall() == [("failed",)]
        conn.execute("DROP TABLE documents")
    broken = runner.invoke(app, ["ingest", str(new), "--db", url, "--jobs", "1"])
    assert broken.exit_code == 2 and "the archive failed (OperationalError: no such table: documents)" in broken.stderr
    assert len(broken.stderr.strip().splitlines()) == 1


_BODY = " ".join(f"قال الوزير في اليوم {i} إن المحادثات مع الوفد كانت مثمرة وبناءة" for i in range(12))
_REPRINT = _BODY + " تابعونا على مواقع التواصل"
_OTHER = " ".join(f"أعلنت الوزارة في العام {i} عن خطة جديدة لدعم المزارعين في الريف" for i in range(12))


def test_near_duplicates_are_proposed_by_lsh_bands_and_verified_on_exact_5_grams() -> None:
    from datasketch import MinHashLSH

    from rasad.dedup import BANDS, NUM_PERM, ROWS, THRESHOLD, band_keys, jaccard, shingles, signature, similar

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    assert (lsh.b, lsh.r) == (BANDS, ROWS) and BANDS * ROWS == NUM_PERM
    assert shingles("abcdef") == {"abcde", "bcdef"} and jaccard(set(), set()) == 0.0
    assert jaccard(shingles(_BODY), shingles(_REPRINT)) > 0.7 > 0.2 > jaccard(shingles(_BODY), shingles(_OTHER))
    assert signature("قصير") is None  # too short to call anything a copy
    body, reprint, other = (band_keys(signature(t) or b"") for t in (_BODY, _REPRINT, _OTHER))
    assert len(set(body)) == BANDS and band_keys(signature(_BODY) or b"") == body
    assert set(body) & set(reprint) and not set(body) & set(other)
    assert similar(_BODY, _REPRINT) and not similar(_BODY, _OTHER)


def _article(key: str, body: str) -> Record:
    from rasad.archive.textsearch import normalized_words
    from rasad.dedup import signature

    norm = " ".join(normalized_words(body))
    article = {"title": None, "published": None, "day": None, "dateline": None, "outlet": None, "url": None,
               "site": f"{key}.example", "credits": [], "body": [body], "captions": [], "related": []}
    return Record(key, f"{key}.txt", article=article, search={"title": "", "body": norm, "stems": norm},
                  signature=signature(norm))


def _stories(archive: Archive) -> dict[str, str]:
    return {r["source"]: r["story"] for r in archive.db.rows(
        "SELECT d.source AS source, s.source AS story FROM articles a JOIN documents d ON d.id = a.id "
        "JOIN documents s ON s.id = a.story_id")}


def test_story_bands_are_rows_of_the_archive_written_and_undone_with_their_article(archive_url: str) -> None:
    from rasad.dedup import BANDS

    with Archive.open(archive_url) as archive:
        archive.store([_article("a", _BODY), _article("b", _OTHER), _article("c", _REPRINT)])  # c: a copy, same batch
        assert _stories(archive) == {"a.txt": "a.txt", "b.txt": "b.txt", "c.txt": "a.txt"}
        assert archive.db.scalar("SELECT COUNT(*) FROM story_bands") == 3 * BANDS
        with pytest.raises(RuntimeError), archive.db.transaction():  # a batch rolled back: its bands too
            archive.store([_article("d", _OTHER + " وفي الختام")])
            assert archive.db.scalar("SELECT COUNT(*) FROM story_bands") == 4 * BANDS
            raise RuntimeError("killed")
        assert archive.db.scalar("SELECT COUNT(*) FROM story_bands") == 3 * BANDS
        archive.store([_article("e", _OTHER + " وفي الختام")])
        assert _stories(archive)["e.txt"] == "b.txt"
        # processed again: the old bands go with the old article, the new ones come with the new
        archive.store([_article("e", _BODY + " وفي الختام")], replace={"e": archive.known(["e"])["e"].id})
        assert _stories(archive)["e.txt"] == "a.txt"
        assert archive.db.scalar("SELECT COUNT(*) FROM story_bands") == 4 * BANDS


def test_an_archive_whose_bands_were_in_memory_gets_them_when_migrated(archive_url: str) -> None:
    from rasad.dedup import BANDS

    with Archive.open(archive_url) as archive:
        archive.store([_article("a", _BODY), _article("b", _OTHER)])
        archive.db.execute("DROP TABLE story_bands")  # as version 5 left it
        archive.db.execute("DROP TABLE caption_mentions")
        archive.db.execute("DELETE FROM schema_version WHERE version >= 6")
    with Archive.open(archive_url) as archive:
        assert archive.db.scalar("SELECT COUNT(*) FROM story_bands") == 2 * BANDS
        archive.store([_article("c", _REPRINT)])
        assert _stories(archive)["c.txt"] == "a.txt"


def test_a_month_between_two_days_of_it_is_an_event_of_its_own(archive_url: str) -> None:
    with Archive.open(archive_url) as archive:
        archive.store([_record("a", "one.example", "2021-03", "التقى لافروف المقداد في موسكو هذا الشهر"),
                       _record("b", "two.example", "2021-03-16", "التقى لافروف المقداد في موسكو يوم الثلاثاء"),
                       _record("c", "three.example", "2021-03-20", "التقى لافروف المقداد في موسكو مرة أخرى"),
                       _record("d", "four.example", "2021-03", "التقى لافروف المقداد في موسكو في آذار")])
        rows = archive.db.rows("SELECT date, num_articles FROM events ORDER BY id")
        assert rows == [{"date": "2021-03-16", "num_articles": 2}, {"date": "2021-03-20", "num_articles": 1},
                        {"date": "2021-03", "num_articles": 1}]  # which day 'March' meant is not known
        assert archive.db.scalar("SELECT COUNT(DISTINCT event_key) FROM events") == 3


def test_the_names_in_photo_captions_are_stored_shown_and_found(archive_url: str) -> None:
    """Issue 16: caption names are linked like the body's; the archive keeps them apart (their
    offsets count in the caption), the article shows them, and an actor filter finds the article."""
    from rasad.archive import browse

    page = SAMPLES / "amman-talks.txt"
    assert ingest([page], archive_url, jobs=1).stored == 1
    with Archive.open(archive_url) as archive:
        [row] = query.articles(archive.db, query.Filters(limit=0))
        a = browse.article(archive.db, row["id"])
        assert a is not None
        captioned = a["caption_entities"]
        assert {m["kb_id"] for m in captioned} >= {"ayman-safadi"}
        assert all(a["captions"][m["caption"]][m["start"]:m["end"]] == m["text"] for m in captioned)
        assert all(m["ref"] for m in captioned if m["kb_id"])
        assert [r["id"] for r in query.articles(archive.db, query.Filters(actor="ayman-safadi", limit=0))] == [row["id"]]
        stored = archive.counts()["caption_mentions"]
        assert stored == len(captioned)
        archive.db.execute("UPDATE documents SET pipeline_version = '0.0.1'")
    assert ingest([page], archive_url, jobs=1, reprocess=True).reprocessed == 1
    assert _counts(archive_url)["caption_mentions"] == stored  # replaced, not doubled
