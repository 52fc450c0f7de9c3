"""``rasad load DIR``: a Parquet dataset of ``rasad ingest --cluster`` into the archive.

The parts are stored in the manifest's order (input order), one transaction per part, through the
archive's one writer (:meth:`rasad.archive.store.Archive.store`): the same rows, the same story
clusters of syndicated copies, the same merged events and counts as a local ``rasad ingest`` of
the same files. A document whose content hash is already stored is skipped, so loading twice
stores nothing new, and a load killed half-way is finished by running it again.

Bulk rows (entity mentions, quotes, event actors) go in with ``COPY`` on PostgreSQL (psycopg's
``cursor.copy``) and ``executemany`` on SQLite.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from rasad.archive.backend import Backend
from rasad.archive.ingest import Summary
from rasad.archive.records import Record
from rasad.archive.store import Archive
from rasad.cluster import need
from rasad.errors import RasadError

_INSERT = re.compile(r"INSERT INTO (\w+) \(([\w, ]+)\) VALUES \([?, ]+\)")


def part_names(folder: Path) -> list[str]:
    """The dataset's finished parts, in input order: the manifest's, else every documents file by name."""
    from rasad.cluster import parquet
    from rasad.cluster.run import MANIFEST

    if not folder.is_dir():
        raise RasadError(f"{folder}: no such directory; give the --out folder of rasad ingest --cluster")
    manifest = folder / MANIFEST
    if manifest.exists():
        try:
            names = [p["name"] for p in json.loads(manifest.read_text(encoding="utf-8"))["parts"]]
        except (ValueError, KeyError, TypeError) as exc:
            raise RasadError(f"{manifest}: not a rasad dataset manifest ({exc})") from None
        return [n for n in names if parquet.finished(folder, n)]
    names = sorted(p.stem for p in (folder / "documents").glob("part-*.parquet"))
    if not names:
        raise RasadError(f"{folder}: no Parquet parts (documents/part-*.parquet); is it the --out of rasad ingest --cluster?")
    return names


def missing(folder: Path) -> list[str]:
    """Partitions of the manifest not written (yet): their tasks failed or have not run."""
    from rasad.cluster import parquet
    from rasad.cluster.run import MANIFEST

    manifest = folder / MANIFEST
    if not manifest.exists():
        return []
    return [p["name"] for p in json.loads(manifest.read_text(encoding="utf-8"))["parts"]
            if not parquet.finished(folder, p["name"])]


def load(
    folder: str | Path,
    url: str | None = None,
    on_document: Callable[[Summary, Record | None], None] | None = None,
) -> Summary:
    """Store the dataset at ``folder`` in the archive at ``url``; ``on_document`` as for
    :func:`rasad.archive.ingest.ingest` (the progress display)."""
    need("pyarrow", "rasad load")
    from rasad.cluster import parquet

    folder = Path(folder)
    names = part_names(folder)
    summary = Summary()
    notify = on_document or (lambda s, r: None)
    with Archive.open(url) as archive, bulk(archive.db):
        for name in names:
            records = parquet.read(folder, name)
            known = stored_hashes(archive.db, [r.content_hash for r in records])
            batch = []
            for record in records:
                summary.read += 1
                if record.content_hash in known:
                    summary.already += 1
                    notify(summary, None)
                    continue
                batch.append(record)  # a copy stored by an earlier part comes back from the store as 'already'
            summary.processed += len(batch)
            for record, outcome in archive.store(batch):  # one transaction per part
                if outcome == "already":
                    summary.already += 1
                    summary.processed -= 1
                    notify(summary, None)
                    continue
                summary.stored += 1
                if outcome == "failed":
                    summary.fail(record.source, record.error or "")
                elif outcome == "empty":
                    summary.empty += 1
                notify(summary, record)
    return summary


def stored_hashes(db: Backend, hashes: list[str]) -> set[str]:
    """Which of ``hashes`` the archive holds (asked part by part: an archive of millions of
    documents is never read whole into memory)."""
    out: set[str] = set()
    for i in range(0, len(hashes), 500):
        chunk = hashes[i : i + 500]
        out |= {r["content_hash"] for r in db.rows(
            f"SELECT content_hash FROM documents WHERE content_hash IN ({', '.join('?' * len(chunk))})", chunk)}
    return out


@contextlib.contextmanager
def bulk(db: Backend) -> Iterator[None]:
    """While loading, the archive's multi-row inserts use ``COPY`` on PostgreSQL; SQLite keeps
    ``executemany``, already the fastest it has inside one transaction."""
    if db.dialect != "postgresql":
        yield
        return
    plain = db.executemany

    def copy_many(sql: str, rows: Sequence[Sequence[Any]]) -> None:
        match = _INSERT.fullmatch(sql)
        if match is None:
            plain(sql, rows)
            return
        if not rows:
            return
        conn: Any = db.conn  # type: ignore[attr-defined]
        with conn.cursor() as cur, cur.copy(f"COPY {match[1]} ({match[2]}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    setattr(db, "executemany", copy_many)  # noqa: B010  (an instance's method, for this load only)
    try:
        yield
    finally:
        delattr(db, "executemany")


def summary_lines(summary: Summary, url: str) -> list[str]:
    from rasad.archive.progress import summary_lines as ingest_lines

    lines = ingest_lines(summary, url)
    lines[0] = lines[0].replace("rasad ingest:", "rasad load:", 1)
    return [line for line in lines if not line.startswith("  pipeline:")]
