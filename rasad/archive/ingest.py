"""``rasad ingest``: read, process in a pool of workers, store through one writer.

The main process reads the inputs in order (:mod:`rasad.read`, with the batch's chrome learned as
``rasad extract`` does), skips every document whose content hash is already stored, and hands the
rest to ``jobs`` worker processes, each with its own :class:`~rasad.pipeline.Pipeline`. Results
come back in input order (at most a few per worker in flight, so memory stays bounded) and the
main process — the one writer — stores them a batch per transaction. Input order in, input order
stored: an ingest killed and run again ends with exactly the rows of one uninterrupted run.
"""

from __future__ import annotations

import itertools
import resource
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasad.archive.records import Record, build_record, content_hash, failed_record
from rasad.archive.store import PIPELINE_VERSION, Archive, Known
from rasad.errors import InputError
from rasad.model import RawDoc
from rasad.pool import OrderedPool, default_jobs, init_worker, worker_pipeline

BATCH = 64  # documents per transaction
LOOKUP = 128  # documents read ahead to ask the archive which of them it holds


@dataclass
class Summary:
    """What an ingest did; ``failures`` keeps the first failures with their reasons."""

    read: int = 0
    processed: int = 0  # through the pipeline, stored or not yet
    stored: int = 0
    already: int = 0
    reprocessed: int = 0
    failed: int = 0
    empty: int = 0  # inputs with nothing to read (stored, with the status 'empty'; not failures)
    cpu: float = 0.0  # CPU seconds the pipeline took, over every worker
    writer_cpu: float = 0.0  # CPU seconds of this process besides the pipeline: reading, hashing, storing
    peak_kb: int = 0  # the largest peak RSS of a process that ran the pipeline
    failures: list[tuple[str, str]] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    @property
    def rate(self) -> float:
        return self.read / self.seconds if self.seconds > 0 else 0.0

    def fail(self, source: str, reason: str) -> None:
        self.failed += 1
        self.reasons[reason_kind(reason)] += 1
        if len(self.failures) < 1000:
            self.failures.append((source, reason))

    def as_dict(self) -> dict[str, Any]:
        return {"read": self.read, "stored": self.stored, "already_stored": self.already,
                "reprocessed": self.reprocessed, "empty": self.empty, "failed": self.failed, "seconds": round(self.seconds, 2)}


def reason_kind(reason: str) -> str:
    """The reason without what names the document: ``not UTF-8 text (bad byte at 12)`` → ``not UTF-8 text``."""
    return reason.split(" (", 1)[0].split(":", 1)[0][:80]


# -- the workers ------------------------------------------------------------------------------------
def process_one(task: tuple[str, RawDoc]) -> Record:
    """One document through the pipeline, as the rows the writer stores (never raises)."""
    key, raw = task
    start = time.process_time()
    try:
        record = build_record(key, raw, worker_pipeline()(raw))
    except Exception as exc:  # a bug on one document must not stop the batch
        record = failed_record(key, raw.source, f"internal error while storing ({exc.__class__.__name__}: {exc})"[:240])
    record.cpu = time.process_time() - start
    record.peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return record


Task = tuple[str, RawDoc | InputError]


def _results(tasks: Iterable[Task], jobs: int, options: dict[str, Any]) -> Iterator[Record]:
    """Records in task order: in this process for ``jobs == 1``, else from ``jobs`` worker processes
    (:class:`rasad.pool.OrderedPool`: a worker that dies costs only the document that killed it).

    A read error never goes to a worker (it is already a failed record).
    """
    if jobs <= 1:
        init_worker(options)
        for task in tasks:
            yield _read_error(task) or process_one(task)  # type: ignore[arg-type]
        return
    pool: OrderedPool[Task, Record] = OrderedPool(jobs, process_one, _lost, options)  # type: ignore[arg-type]
    yield from pool.map(tasks, _read_error)


def _read_error(task: Task) -> Record | None:
    key, item = task
    return failed_record(key, item.source, item.reason) if isinstance(item, InputError) else None


def _lost(task: Task) -> Record:
    key, item = task
    return failed_record(key, item.source, "the worker process died while processing this document "
                                           "(out of memory, or a crash in a library)")


# -- the writer --------------------------------------------------------------------------------------
def ingest(
    paths: Iterable[str | Path],
    url: str | None = None,
    jobs: int | None = None,
    reprocess: bool = False,
    options: dict[str, Any] | None = None,
    on_document: Callable[[Summary, Record | None], None] | None = None,
    batch_size: int = BATCH,
) -> Summary:
    """Ingest ``paths`` into the archive at ``url``. ``on_document`` — the progress display — is
    called with None each time a document is skipped or comes out of the pipeline, and with its
    record once it is stored."""
    from rasad.extract.chrome import ChromeLearner
    from rasad.read import iter_inputs

    summary = Summary()
    notify = on_document or (lambda s, r: None)
    jobs = jobs or default_jobs()
    if jobs <= 1:
        init_worker(options or {})  # loading the pipeline is neither the pipeline's work nor the writer's
    started = time.process_time()
    with Archive.open(url) as archive:
        replace: dict[str, int] = {}
        seen: set[str] = set()  # this run's documents: a page given twice is processed once

        def tasks() -> Iterator[Task]:
            items = ChromeLearner().annotate(iter_inputs(str(p) for p in paths))
            while chunk := [(content_hash(item), item) for item in itertools.islice(items, LOOKUP)]:
                known = archive.known(key for key, _ in chunk)
                yield from _new(chunk, known)

        def _new(chunk: list[tuple[str, RawDoc | InputError]], known: dict[str, Known]) -> Iterator[Task]:
            for key, item in chunk:
                summary.read += 1
                stored = known.get(key)
                if key in seen or (stored is not None and not (reprocess and stored.pipeline_version != PIPELINE_VERSION)):
                    summary.already += 1
                    notify(summary, None)
                    continue
                seen.add(key)
                if stored is not None:
                    replace[key] = stored.id
                yield key, item

        batch: list[Record] = []
        for record in _results(tasks(), jobs, options or {}):
            summary.processed += 1
            summary.cpu += record.cpu
            summary.peak_kb = max(summary.peak_kb, record.peak_kb)
            notify(summary, None)
            batch.append(record)
            if len(batch) >= batch_size:
                _write(archive, batch, replace, summary, notify)
                batch = []
        if batch:
            _write(archive, batch, replace, summary, notify)
    summary.writer_cpu = time.process_time() - started - (summary.cpu if jobs <= 1 else 0.0)
    return summary


def _write(archive: Archive, batch: list[Record], replace: dict[str, int], summary: Summary,
           notify: Callable[[Summary, Record | None], None]) -> None:
    for record, outcome in archive.store(batch, replace):
        if outcome == "already":
            summary.already += 1
            summary.processed -= 1  # counted once, as already stored
            notify(summary, None)
            continue
        if record.content_hash in replace:
            summary.reprocessed += 1
        else:
            summary.stored += 1
        if outcome == "failed":
            summary.fail(record.source, record.error or "")
        elif outcome == "empty":
            summary.empty += 1
        notify(summary, record)
