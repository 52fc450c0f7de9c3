"""``rasad watch DIR``: ingest the pages a folder receives, as they arrive, for live coverage.

At start the folder is ingested as it is (what arrived while watch was down), then every file
that appears or changes under it (watchfiles: inotify on Linux, or polling) goes through the
pipeline and is stored at once, one transaction per document, so another process reading the
archive — ``rasad serve``'s live page, or ``rasad events`` — sees each new event as soon as its
page is stored (SQLite in WAL mode lets readers read while watch writes).

The content hash is the key, as for ``rasad ingest``: a file seen before (in this run or an
earlier one) is not processed again, a file whose content changed is a new document, and a file
that cannot be read or processed is stored as failed with its reason and logged, and watching
goes on. Write files into the folder whole (write to a temporary name, then rename) so a page is
not read half-written.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasad.archive.ingest import process_one
from rasad.archive.records import Record, content_hash, failed_record
from rasad.archive.store import Archive
from rasad.cluster import need
from rasad.cluster.load import stored_hashes
from rasad.errors import InputError, RasadError
from rasad.pool import init_worker

log = logging.getLogger("rasad")


@dataclass
class WatchCounts:
    read: int = 0
    stored: int = 0
    already: int = 0
    failed: int = 0
    empty: int = 0  # stored with the status 'empty': nothing to read, not a failure
    events: int = 0


class Watcher:
    """The archive kept open and the pipeline loaded; a document is new when its content hash is not stored."""

    def __init__(self, url: str | None, options: dict[str, Any] | None = None,
                 report: Callable[[str], None] | None = None) -> None:
        self.archive = Archive.open(url)
        self.counts = WatchCounts()
        self.report = report or (lambda line: log.warning("%s", line))
        init_worker(options or {})

    def close(self) -> None:
        self.archive.close()

    def ingest(self, paths: Iterable[str]) -> None:
        """Read ``paths`` and store each new document in its own transaction."""
        from rasad.extract.chrome import ChromeLearner
        from rasad.read import iter_inputs

        for item in ChromeLearner().annotate(iter_inputs(paths)):
            self.counts.read += 1
            key = content_hash(item)
            if stored_hashes(self.archive.db, [key]):  # asked of the archive: another process may have stored it
                self.counts.already += 1
                continue
            record = failed_record(key, item.source, item.reason) if isinstance(item, InputError) \
                else process_one((key, item))
            self._store(record)

    def _store(self, record: Record) -> None:
        try:
            outcomes = self.archive.store([record])
        except Exception as exc:  # the database refused the batch (disk full, server gone): say so, go on
            self.report(f"rasad: {record.source}: not stored ({exc.__class__.__name__}: {' '.join(str(exc).split())[:160]})")
            return
        for stored, outcome in outcomes:
            if outcome == "already":
                self.counts.already += 1
            elif outcome == "failed":
                self.counts.failed += 1
                self.report(f"rasad: {stored.source}: {stored.error}")
            elif outcome == "empty":  # stored, as rasad ingest counts it, with nothing in it
                self.counts.stored += 1
                self.counts.empty += 1
                self.report(f"rasad watch: {stored.source}: stored as empty ({stored.error})")
            else:
                self.counts.stored += 1
                self.counts.events += len(stored.events)
                self.report(f"rasad watch: {stored.source}: stored, {len(stored.events)} events, "
                            f"{len(stored.quotes)} quotes")


def readable(path: str) -> bool:
    """A file rasad reads (by its name) and not a hidden or temporary one (``.page.txt.part``)."""
    from rasad.read.files import known_input

    p = Path(path)
    return known_input(p) and not p.name.startswith((".", "~")) and p.is_file()


def watch(
    folder: str | Path,
    url: str | None = None,
    options: dict[str, Any] | None = None,
    stop: threading.Event | None = None,
    poll: bool = False,
    report: Callable[[str], None] | None = None,
) -> WatchCounts:
    """Ingest ``folder``, then what appears or changes under it, until ``stop`` is set (or SIGINT /
    SIGTERM when run in the main thread)."""
    need("watchfiles", "rasad watch")
    from watchfiles import Change
    from watchfiles import watch as changes

    root = Path(folder)
    if not root.is_dir():
        raise RasadError(f"{root}: not a directory; give the folder to watch")
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
    say = report or (lambda line: log.warning("%s", line))
    watcher = Watcher(url, options, say)
    try:
        present = sorted(str(p) for p in root.rglob("*") if readable(str(p)))
        watcher.ingest(present)
        say(f"rasad watch: watching {root} ({len(present)} files present, {watcher.counts.stored} new stored) "
            f"into {watcher.archive.url}")
        for batch in changes(root, stop_event=stop, force_polling=poll or None, debounce=400, step=50,
                             raise_interrupt=False):
            paths = sorted({p for change, p in batch if change != Change.deleted and readable(p)})
            if paths:
                started = time.monotonic()
                watcher.ingest(paths)
                log.debug("watch: %d files in %.2f s", len(paths), time.monotonic() - started)
    finally:
        watcher.close()
    return watcher.counts
