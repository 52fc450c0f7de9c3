"""``rasad ingest --cluster``: the pipeline as Dask tasks, one per partition, each writing its Parquet part.

The driver plans the partitions (:mod:`rasad.cluster.partitions`), writes the dataset's manifest,
and maps :func:`process_partition` over those not finished yet with a ``distributed`` client: a
``LocalCluster`` of N worker processes (``local:N``) or a running scheduler (``tcp://HOST:8786``).
Each worker builds its pipeline once (:class:`PipelinePlugin`, then the process-wide cache of
:mod:`rasad.archive.ingest`), reads its slices with :mod:`rasad.read`, runs the same stages as
``rasad ingest`` (:func:`rasad.archive.ingest.process_one`) and writes the records it made. The stages
know nothing of Dask; a partition's task is a plain function of its inputs.

Paths and the output folder must be ones every worker can read and write (a shared file system
for a remote cluster; the command's own folder for ``local:N``).
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasad.archive.ingest import process_one
from rasad.archive.records import content_hash, failed_record
from rasad.archive.store import PIPELINE_VERSION
from rasad.cluster import need
from rasad.cluster.partitions import PART_SIZE, Partition, describe, plan
from rasad.errors import InputError, RasadError
from rasad.pool import init_worker

MANIFEST = "dataset.json"
log = logging.getLogger("rasad")


@dataclass
class PartResult:
    """What a task did with its partition (``skipped``: already written by an earlier run)."""

    name: str
    read: int = 0
    written: int = 0  # records: documents, failed ones included (copies within the partition are not)
    failed: int = 0
    cpu: float = 0.0  # CPU seconds in the pipeline
    task_cpu: float = 0.0  # CPU seconds of the whole task: reading, the pipeline, writing the part
    peak_kb: int = 0
    skipped: bool = False
    failures: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class RunSummary:
    parts: int = 0
    done: int = 0  # partitions finished: written now, or before
    skipped: int = 0
    broken: list[tuple[str, str]] = field(default_factory=list)  # partitions whose task failed, with why
    read: int = 0
    written: int = 0
    failed: int = 0
    cpu: float = 0.0
    task_cpu: float = 0.0
    peak_kb: int = 0
    workers: int = 0
    seconds: float = 0.0  # processing, from the first task sent to the last result
    startup: float = 0.0  # starting the cluster and loading the pipeline on every worker
    failures: list[tuple[str, str]] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return self.read / self.seconds if self.seconds > 0 else 0.0


# -- on the workers -----------------------------------------------------------------------------------
def process_partition(part: Partition, out: str, options: dict[str, Any]) -> PartResult:
    """Read a partition, run the pipeline on each document, write its part; never raises for a bad
    document (it becomes a failed record). A partition already written is skipped."""
    from rasad.cluster import parquet
    from rasad.extract.chrome import ChromeLearner

    folder = Path(out)
    result = PartResult(part.name)
    if parquet.finished(folder, part.name):
        result.skipped = True
        return result
    init_worker(options)  # a no-op once the plugin (or an earlier task) built this process's pipeline
    started = time.process_time()
    records, seen = [], set()
    for item in ChromeLearner().annotate(part.items()):
        result.read += 1
        key = content_hash(item)
        if key in seen:  # a copy within the partition: stored once, as a local ingest does
            continue
        seen.add(key)
        record = failed_record(key, item.source, item.reason) if isinstance(item, InputError) else process_one((key, item))
        result.cpu += record.cpu
        result.peak_kb = max(result.peak_kb, record.peak_kb)
        if record.error is not None:
            result.failed += 1
            if len(result.failures) < 100:
                result.failures.append((record.source, record.error))
        records.append(record)
    parquet.write(folder, part.name, records)
    result.written = len(records)
    result.task_cpu = time.process_time() - started
    return result


def _plugin(options: dict[str, Any]) -> Any:
    from distributed import WorkerPlugin

    class PipelinePlugin(WorkerPlugin):  # type: ignore[misc]
        """Builds the pipeline on every worker when it joins, so tasks find it ready."""

        name = "rasad-pipeline"

        def __init__(self, options: dict[str, Any]) -> None:
            self.options = options

        def setup(self, worker: Any) -> None:
            init_worker(self.options)
            _warm_up()

    return PipelinePlugin(options)


def _warm_up() -> None:
    """One short document through the pipeline: what it loads lazily is loaded before the first task."""
    from rasad.model import RawDoc

    process_one(("warm-up", RawDoc(source="warm-up", kind="text", text="قال وزير الخارجية إن بلاده سترسل مساعدات.")))


# -- on the driver ------------------------------------------------------------------------------------
def salt(options: dict[str, Any]) -> str:
    """What the parts depend on besides the inputs: the pipeline version and its options."""
    return json.dumps({"pipeline": PIPELINE_VERSION, "options": options}, sort_keys=True)


def write_manifest(out: Path, parts: list[Partition], options: dict[str, Any]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    temp = out / f".{MANIFEST}.tmp-{os.getpid()}"
    temp.write_text(json.dumps({"pipeline_version": PIPELINE_VERSION, "options": options,
                                "parts": describe(parts)}, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temp, out / MANIFEST)


def open_client(spec: str) -> Any:
    """``local:N`` → a LocalCluster of N single-threaded worker processes; ``tcp://HOST:PORT`` → that scheduler."""
    need("distributed", "rasad ingest --cluster")
    from distributed import Client, LocalCluster

    if spec.startswith("local:"):
        try:
            n = int(spec.removeprefix("local:"))
        except ValueError:
            n = 0
        if n < 1:
            raise RasadError(f"--cluster {spec}: give local:N with N worker processes, e.g. local:2")
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0", scheduler_kwargs={"dashboard": False},
                               silence_logs=logging.ERROR)
        return Client(cluster)
    if "://" not in spec:
        raise RasadError(f"--cluster {spec}: give local:N or the scheduler's address, e.g. tcp://HOST:8786")
    try:
        return Client(spec, timeout=30)
    except (OSError, TimeoutError) as exc:
        raise RasadError(f"--cluster {spec}: cannot reach the Dask scheduler ({exc})") from None


def run(
    paths: Iterable[str],
    out: str | Path,
    cluster: str | Any,
    options: dict[str, Any] | None = None,
    part_size: int = PART_SIZE,
    on_part: Callable[[RunSummary, PartResult], None] | None = None,
) -> RunSummary:
    """Process ``paths`` on ``cluster`` (a spec for :func:`open_client`, or a ``distributed.Client``)
    into the Parquet dataset ``out``; returns what was done. A partition whose task fails (a worker
    killed again and again) is reported in ``broken``; the others are written."""
    need("pyarrow", "rasad ingest --cluster")
    options = dict(options or {})
    folder = Path(out).absolute()
    summary = RunSummary()
    started = time.monotonic()
    parts = plan(paths, part_size, salt(options))
    write_manifest(folder, parts, options)
    summary.parts = len(parts)
    client = open_client(cluster) if isinstance(cluster, str) else cluster
    try:
        from distributed import as_completed

        client.register_plugin(_plugin(options))
        summary.workers = len(client.scheduler_info()["workers"])
        summary.startup = time.monotonic() - started
        begun = time.monotonic()
        futures = client.map(process_partition, parts, out=str(folder), options=options, pure=False)
        names = {f.key: p.name for f, p in zip(futures, parts, strict=True)}
        for future in as_completed(futures):
            try:
                result = future.result()
            except Exception as exc:  # the task, not a document, failed: a worker killed, a full disk
                text = " ".join(str(exc).split())[:200]
                summary.broken.append((names[future.key], f"{exc.__class__.__name__}: {text}"))
                continue
            _add(summary, result)
            if on_part is not None:
                on_part(summary, result)
        summary.seconds = time.monotonic() - begun
    finally:
        if isinstance(cluster, str):
            _close(client)
    return summary


def _add(summary: RunSummary, result: PartResult) -> None:
    from rasad.archive.ingest import reason_kind

    summary.done += 1
    if result.skipped:
        summary.skipped += 1
        return
    summary.read += result.read
    summary.written += result.written
    summary.failed += result.failed
    summary.cpu += result.cpu
    summary.task_cpu += result.task_cpu
    summary.peak_kb = max(summary.peak_kb, result.peak_kb)
    for source, reason in result.failures:
        summary.reasons[reason_kind(reason)] += 1
        if len(summary.failures) < 1000:
            summary.failures.append((source, reason))


def _close(client: Any) -> None:
    cluster = client.cluster
    client.close()
    if cluster is not None:
        cluster.close()


def summary_lines(s: RunSummary, out: Path | str) -> list[str]:
    lines = [f"rasad ingest --cluster: {s.parts} partitions ({s.skipped} already written), {s.read} read, "
             f"{s.written} written, {s.failed} failed ({s.seconds:.1f} s, {s.rate:.1f} pages/s on "
             f"{s.workers} workers; start {s.startup:.1f} s) into {out}"]
    if s.written:
        lines.append(f"  pipeline: {s.cpu:.1f} CPU-seconds ({s.cpu / max(s.written, 1):.3f} a page), "
                     f"peak memory of a worker {s.peak_kb / 1024:.0f} MB")
    for reason, n in s.reasons.most_common(10):
        lines.append(f"  failed {n}: {reason}")
    for name, why in s.broken:
        lines.append(f"  partition {name} not written ({why}); run the same command again to retry it")
    return lines
