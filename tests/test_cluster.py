"""rasad ingest --cluster on a real Dask LocalCluster (2 worker processes), rasad load on SQLite and
PostgreSQL, and the Parquet dataset in between: the archive ends with exactly what a local
``rasad ingest`` of the same files stores."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SHARED

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

from rasad.archive.ingest import ingest
from rasad.archive.store import Archive
from rasad.cluster import parquet
from rasad.cluster.load import load
from rasad.cluster.partitions import Slice, plan
from rasad.cluster.run import run
from rasad.read import iter_inputs
from rasad.read.ranges import read_records

SAMPLES = ROOT / "samples"
CORPUS = SHARED / "corpus" / "ant2018.jsonl.gz"
PART_SIZE = 4  # small, so samples/archive.jsonl (18 records) is read as ranges by several workers


def inputs(folder: Path) -> list[str]:
    """The samples, five corpus records (when ../shared is there), and bad inputs of three kinds."""
    folder.mkdir()
    paths = [str(SAMPLES)]
    if CORPUS.exists():
        with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
            lines = list(itertools.islice(fh, 5))
        (folder / "corpus.jsonl").write_text("".join(lines), encoding="utf-8")
        paths.append(str(folder / "corpus.jsonl"))
    (folder / "bad.jsonl").write_text('{"text": "نص"}\n{"title": broken\n\n{"html": 5}\n', encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    paths += [str(folder / "bad.jsonl"), str(folder / "binary.txt"), str(folder / "missing.html")]
    return paths


def snapshot(url: str) -> dict[str, Any]:
    """What the archive holds, without its row ids: counts, documents, stories, events, actors, quotes."""
    with Archive.open(url) as archive:
        q = archive.db.rows
        docs = {r["id"]: r["source"] for r in q("SELECT id, source FROM documents")}
        return {
            "counts": archive.counts(),
            "documents": sorted((r["content_hash"], r["source"], r["status"], r["error"] or "") for r in q(
                "SELECT content_hash, source, status, error FROM documents")),
            "stories": sorted((docs[r["id"]], docs[r["story_id"]], r["story_hash"]) for r in q(
                "SELECT id, story_id, story_hash FROM articles")),
            "events": sorted(tuple(str(v) for v in r.values()) for r in q(
                "SELECT event_key, type, mode, date, modality, location_canonical, quantity_value, num_articles, "
                "num_sources, first_report, latest_report FROM events")),
            "actors": sorted(tuple(str(v) for v in r.values()) for r in q(
                "SELECT e.event_key, a.role, a.position, a.text, a.canonical, a.kb_id, a.country, a.sector "
                "FROM event_actors a JOIN events e ON e.id = a.event_id")),
            "mentions": sorted((docs[r["article_id"]], r["event_key"], r["sentence"], r["trigger_start"]) for r in q(
                "SELECT m.article_id, e.event_key, m.sentence, m.trigger_start FROM event_mentions m "
                "JOIN events e ON e.id = m.event_id")),
            "quotes": sorted((docs[r["article_id"]], r["speaker_canonical"] or "", r["text"], bool(r["direct"])) for r in q(
                "SELECT article_id, speaker_canonical, text, direct FROM quotes")),
            "entities": sorted((docs[r["article_id"]], r["paragraph"], r["start_offset"], r["text"], r["kb_id"] or "")
                               for r in q("SELECT article_id, paragraph, start_offset, text, kb_id FROM mentions")),
            "captions": sorted((docs[r["article_id"]], r["caption"], r["start_offset"], r["text"], r["kb_id"] or "")
                               for r in q("SELECT article_id, caption, start_offset, text, kb_id FROM caption_mentions")),
        }


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> dict[str, Any]:
    """One run on a LocalCluster of two worker processes, and one local ingest of the same files."""
    from distributed import Client, LocalCluster

    base = tmp_path_factory.mktemp("cluster")
    paths = inputs(base / "in")
    local = f"sqlite:///{base / 'local.db'}"
    ingest(paths, local, jobs=1)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      scheduler_kwargs={"dashboard": False}) as cluster, Client(cluster) as client:
        summary = run(paths, base / "parts", client, part_size=PART_SIZE)
        workers = {w["id"] for w in client.scheduler_info()["workers"].values()}
        again = run(paths, base / "parts", client, part_size=PART_SIZE)
    return {"paths": paths, "local": local, "out": base / "parts", "summary": summary, "again": again,
            "workers": workers, "base": base}


def test_the_cluster_stores_exactly_what_a_local_ingest_stores(dataset) -> None:
    s = dataset["summary"]
    assert len(dataset["workers"]) == 2 and s.workers == 2
    assert s.parts >= 6 and not s.broken and s.skipped == 0
    url = f"sqlite:///{dataset['base'] / 'loaded.db'}"
    loaded = load(dataset["out"], url)
    local = snapshot(dataset["local"])
    assert snapshot(url) == local
    counts = local["counts"]
    assert counts["documents"] == loaded.stored == s.written
    assert counts["events"] > 40 and counts["quotes"] > 10 and counts["stories"] < counts["articles"]
    failed = [(d[1], d[3]) for d in local["documents"] if d[2] == "failed"]
    sources = {source.rsplit("/", 1)[-1] for source, _ in failed}
    assert sources == {"bad.jsonl#2", "bad.jsonl#3", "binary.txt", "missing.html"}, failed
    assert loaded.failed == len(failed) == s.failed


def test_a_rerun_skips_the_written_partitions_and_a_second_load_stores_nothing(dataset) -> None:
    again = dataset["again"]
    assert again.skipped == again.parts == dataset["summary"].parts and again.read == 0
    url = f"sqlite:///{dataset['base'] / 'twice.db'}"
    first = load(dataset["out"], url)
    before = snapshot(url)
    second = load(dataset["out"], url)
    assert (second.read, second.stored, second.already) == (first.read, 0, first.read)
    assert snapshot(url) == before


def test_loading_into_postgresql_with_copy_stores_what_sqlite_stores(dataset, postgres_server) -> None:
    from pg_fixture import fresh_database

    url = fresh_database(postgres_server, "rasad_cluster_load")
    summary = load(dataset["out"], url)
    assert summary.stored == snapshot(dataset["local"])["counts"]["documents"]
    pg, local = snapshot(url), snapshot(dataset["local"])
    assert pg == local


def test_a_loaded_dataset_merges_with_what_the_archive_already_holds(dataset) -> None:
    """Half the files ingested locally first: the load adds the rest, and the syndicated copies and
    events merge across the two as one local ingest of everything would."""
    url = f"sqlite:///{dataset['base'] / 'half.db'}"
    ingest([str(SAMPLES / "archive.jsonl")], url, jobs=1)
    summary = load(dataset["out"], url)
    assert summary.already == 18
    assert snapshot(url)["counts"] == snapshot(dataset["local"])["counts"]


def test_parts_hold_the_records_the_store_writes(dataset) -> None:
    """A part read back is the records: every failed one with its reason, articles with their rows."""
    names = sorted(p.stem for p in (dataset["out"] / "documents").glob("*.parquet"))
    records = [r for n in names for r in parquet.read(dataset["out"], n)]
    again = parquet.records(parquet.rows(records))
    assert again == records
    assert any(r.caption_mentions for r in records)  # the names in photo captions travel too
    assert sum(len(r.events) for r in records) >= snapshot(dataset["local"])["counts"]["event_mentions"]
    import pyarrow.parquet as pq

    events = pq.read_table(dataset["out"] / "events")  # a table's folder is one dataset for any Parquet reader
    assert events.num_rows == sum(len(r.events) for r in records)
    assert {"type", "date", "actors", "sentence", "content_hash"} <= set(events.column_names)
    failed = [r for r in records if r.error is not None]
    assert all(not r.article and not r.events for r in failed) and all(r.error for r in failed)


def test_record_ranges_read_what_the_reader_reads(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    lines = [json.dumps({"id": str(i), "text": f"نص رقم {i}"}, ensure_ascii=False) for i in range(10)]
    lines[4] = "not json"
    path.write_text("\ufeff" + "\n".join(lines[:6]) + "\n\n   \n" + "\n".join(lines[6:]), encoding="utf-8")
    whole = [(x.source, getattr(x, "text", None), getattr(x, "reason", None)) for x in iter_inputs([str(path)])]
    parts = plan([str(path)], part_size=3)
    assert [p.slices[0].count for p in parts] == [3, 3, 3, 1]
    ranged = [(x.source, getattr(x, "text", None), getattr(x, "reason", None)) for p in parts for x in p.items()]
    assert ranged == whole and len(whole) == 10
    assert whole[4][2] and whole[4][0].endswith("#5")
    assert [x.source for x in read_records(str(path), 8, 5)] == [f"{path}#9", f"{path}#10"]
    assert Slice(str(path)).items is not None


def test_stdin_and_a_bad_cluster_spec_are_one_line_errors(tmp_path: Path) -> None:
    from rasad.cluster.run import open_client
    from rasad.errors import RasadError

    with pytest.raises(RasadError, match="cannot read stdin"):
        plan(["-"])
    with pytest.raises(RasadError, match="local:N"):
        open_client("local:zero")
    with pytest.raises(RasadError, match="scheduler"):
        open_client("nowhere")


def test_the_ingest_command_on_a_local_cluster_writes_then_loads(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from rasad.cli import app

    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    wire = str(SAMPLES / "archive.jsonl")
    result = runner.invoke(app, ["ingest", wire, "--cluster", "local:1", "--out", str(tmp_path / "parts"),
                                 "--db", url, "--part-size", "10"])
    assert result.exit_code == 0, result.output
    assert "2 partitions (0 already written), 18 read, 18 written, 0 failed" in result.output
    assert "rasad load: 18 read, 18 stored, 0 already stored, 0 failed" in result.output
    assert (tmp_path / "parts" / "dataset.json").exists()
    result = runner.invoke(app, ["load", str(tmp_path / "parts"), "--db", url])
    assert result.exit_code == 0 and "18 read, 0 stored, 18 already stored" in result.output
    result = runner.invoke(app, ["ingest", wire, "--out", str(tmp_path / "parts"), "--db", url])
    assert result.exit_code == 2 and "--out goes with --cluster" in result.output
    result = runner.invoke(app, ["load", str(tmp_path / "nowhere"), "--db", url])
    assert result.exit_code == 2 and "no such directory" in result.output
    blocked = tmp_path / "blocked"  # a part that cannot be written: its task fails, the run goes on and says so
    blocked.mkdir()
    (blocked / "documents").write_text("a file where the documents folder goes", encoding="utf-8")
    result = runner.invoke(app, ["ingest", wire, "--cluster", "local:1", "--out", str(blocked), "--part-size", "10"])
    assert result.exit_code == 1, result.output
    assert result.output.count("not written (FileExistsError") == 2 and "run the same command again" in result.output


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_ranges_skip_and_report_overlong_records_as_the_reader_does(tmp_path: Path, monkeypatch, suffix: str) -> None:
    from rasad.read import limits

    monkeypatch.setattr(limits, "MAX_DOC_BYTES", 300)
    lines = [json.dumps({"id": str(i), "text": "خبر " * (200 if i in (2, 7) else 5)}, ensure_ascii=False)
             for i in range(9)]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path = tmp_path / f"r{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)

    def seen(items) -> list[tuple]:
        return [(x.source, getattr(x, "text", None), getattr(x, "reason", None)) for x in items]

    whole = seen(iter_inputs([str(path)]))
    assert len(whole) == 9 and "too large" in whole[2][2] and "too large" in whole[7][2]
    parts = plan([str(path)], part_size=2)
    assert len(parts) == 5
    assert seen(x for p in parts for x in p.items()) == whole


def test_a_missing_optional_dependency_is_a_one_line_error_naming_the_extra() -> None:
    from rasad.cluster import need
    from rasad.errors import RasadError

    with pytest.raises(RasadError, match=r"rasad watch needs the Python package 'no_such_pkg_x'.*rasad\[cluster\]"):
        need("no_such_pkg_x", "rasad watch")
    need("pyarrow", "rasad load")  # installed: nothing said


def test_a_dataset_an_older_rasad_wrote_without_caption_names_still_loads(dataset, tmp_path: Path) -> None:
    name = sorted(p.stem for p in (dataset["out"] / "documents").glob("*.parquet"))[0]
    records = parquet.read(dataset["out"], name)
    parquet.write(tmp_path, name, records)
    parquet.path(tmp_path, "caption_mentions", name).unlink()
    old = parquet.read(tmp_path, name)
    assert [r.content_hash for r in old] == [r.content_hash for r in records]
    assert all(not r.caption_mentions for r in old)
    assert [r.mentions for r in old] == [r.mentions for r in records]
