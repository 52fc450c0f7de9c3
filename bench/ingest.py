"""Pages per second and peak memory of ``rasad ingest``: --jobs 1 against --jobs 2, SQLite and
PostgreSQL, and how the time grows with the number of pages.

    python bench/ingest.py                        # 1,000 corpus records, jobs 1 and 2, SQLite and PostgreSQL
    python bench/ingest.py --n 3000 --backends sqlite
    python bench/ingest.py --growth 1000,10000,40000 --backends sqlite --jobs 2
    python bench/ingest.py --writer 40000 --backends sqlite,postgresql   # the writer alone as the archive grows

Each run is a fresh archive and a real ``rasad ingest`` subprocess; ``pages_per_s`` is the
ingest's own figure (reading, the pool, storing; not the interpreter's start), ``wall_s`` the
whole command; ``writer_peak_mb`` is the peak memory of the main process (with ``--jobs 1`` it runs
the pipeline too), ``pipeline_peak_mb`` that of the largest process that ran the pipeline.
The runs alternate (jobs 1, jobs 2, jobs 1, ...) when ``--repeat`` > 1, so a machine shared with
others shows in both; a control line gives the speedup that plain busy loops get at the same time. Reads ../shared/corpus (never copied into the repo). Prints JSON lines;
asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASAD_SHARED", ROOT.parent / "shared"))
PIPELINE = re.compile(r"pipeline: ([\d.]+) CPU-seconds .*? (\d+) MB; reading and storing: ([\d.]+) CPU-seconds")
SUMMARY = re.compile(r"(\d+) read, (\d+) stored, (\d+) already stored, .*?(\d+) failed \(([\d.]+) s, ([\d.]+) pages/s\)")


def corpus_file(n: int, folder: Path) -> Path:
    """The first ``n`` records of the two corpora, alternating, as one JSONL file."""
    path = folder / f"corpus-{n}.jsonl"
    if path.exists():
        return path
    files = [SHARED / "corpus" / "saudinewsnet.jsonl.gz", SHARED / "corpus" / "ant2018.jsonl.gz"]
    streams = [gzip.open(f, "rt", encoding="utf-8") for f in files if f.exists()]  # noqa: SIM115
    if not streams:
        sys.exit(f"bench: no corpus under {SHARED / 'corpus'}")
    lines = itertools.chain.from_iterable(itertools.zip_longest(*streams))
    with path.open("w", encoding="utf-8") as out:
        for line in itertools.islice((x for x in lines if x), n):
            out.write(line if line.endswith("\n") else line + "\n")
    return path


@contextlib.contextmanager
def databases(backends: list[str], folder: Path) -> Iterator[dict[str, object]]:
    """A URL factory per backend; PostgreSQL is a throwaway server (tests/pg_fixture.py)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from pg_fixture import fresh_database, server

    count = itertools.count()
    with contextlib.ExitStack() as stack:
        out: dict[str, object] = {}
        if "sqlite" in backends:
            out["sqlite"] = lambda: f"sqlite:///{folder / f'bench-{next(count)}.db'}"
        if "postgresql" in backends:
            base = stack.enter_context(server())
            out["postgresql"] = lambda: fresh_database(base, f"bench_{next(count)}")
        yield out


_MEASURED = (
    "import resource, subprocess, sys\n"
    "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "sys.stdout.write(p.stdout); sys.stderr.write(p.stderr)\n"
    "print('peak_kb', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def run(inputs: Path, url: str, jobs: int) -> dict[str, object]:
    """One ``rasad ingest`` in a fresh helper process, whose children's peak RSS is this run's alone."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _MEASURED, sys.executable, "-m", "rasad.cli", "ingest", str(inputs),
                           "--db", url, "--jobs", str(jobs)], capture_output=True, text=True, check=False, cwd=ROOT)
    wall = time.perf_counter() - t0
    m = SUMMARY.search(proc.stdout)
    peak = re.search(r"peak_kb (\d+)", proc.stdout)
    pipeline = PIPELINE.search(proc.stdout)
    if not m:
        return {"error": (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no summary"]}
    read, stored, _, failed, seconds, rate = m.groups()
    cpu, worker_mb, writer_cpu = (float(pipeline.group(1)), float(pipeline.group(2)), float(pipeline.group(3))) \
        if pipeline else (0.0, 0.0, 0.0)
    writer_mb = int(peak.group(1)) / 1024 if peak else 0.0
    empty = re.search(r"(\d+) empty, ", proc.stdout)  # pages with nothing to read: stored, not failed
    return {"pages": int(read), "stored": int(stored), "empty": int(empty.group(1)) if empty else 0,
            "failed": int(failed), "seconds": float(seconds),
            "pages_per_s": float(rate), "wall_s": round(wall, 2), "pipeline_cpu_s": cpu,
            "cpu_ms_per_page": round(1000 * cpu / max(int(read), 1), 1),
            # the one writer's share (reading, hashing, the LSH index, SQL): what could grow with the archive
            "writer_cpu_ms_per_page": round(1000 * writer_cpu / max(int(read), 1), 2),
            # the cores the pipeline actually got, on average: below --jobs when others share the machine
            "cores_used": round(cpu / float(seconds), 2) if float(seconds) else None,
            "writer_peak_mb": round(writer_mb, 1), "pipeline_peak_mb": round(worker_mb, 1)}


def writer_growth(n: int, url: str, backend: str, sample: int = 300) -> None:
    """The one writer alone, timed per 1,000 documents as the archive grows to ``n``: ``sample``
    corpus records go through the pipeline once, then are stored again and again as new documents
    (each round a year later, so their events are new events; their bodies stay copies of the
    first round's, the worst case for story clustering). Prints ms a document per 1,000 and the
    process's resident memory."""
    import dataclasses

    sys.path.insert(0, str(ROOT))
    from rasad.archive.records import build_record, content_hash
    from rasad.archive.store import Archive
    from rasad.pipeline import Pipeline
    from rasad.read.files import record_to_raw

    pipeline = Pipeline()
    base = []
    with corpus_file(sample, Path(tempfile.mkdtemp())).open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            raw = record_to_raw(line, f"corpus#{i + 1}")
            if not isinstance(raw, Exception):
                base.append(build_record(content_hash(raw), raw, pipeline(raw)))
    base = [r for r in base if r.error is None]

    def shifted(rec: Any, i: int) -> Any:
        years = i // len(base)
        events = [{**e, "date": f"{int(e['date'][:4]) + years:04d}{e['date'][4:]}" if e["date"] else None}
                  for e in rec.events]
        return dataclasses.replace(rec, content_hash=f"{rec.content_hash}-{i}", source=f"{rec.source}@{i}", events=events)

    with Archive.open(url) as archive:
        done = 0
        while done < n:
            t0 = time.perf_counter()
            block = [shifted(base[i % len(base)], i) for i in range(done, done + 1000)]
            for j in range(0, len(block), 64):
                archive.store(block[j : j + 64])
            done += len(block)
            ms = 1000 * (time.perf_counter() - t0) / len(block)
            if done in (1000, 2000, 5000) or done % 10000 == 0:
                print(json.dumps({"bench": "writer", "backend": backend, "documents": done,
                                  "ms_per_document": round(ms, 2), "rss_mb": rss_mb(), **archive.counts()}), flush=True)


def rss_mb() -> float:
    """This process's resident memory now (the writer bench's process also ran the pipeline once, so
    its peak says nothing about the writer: how the current size grows with the archive does)."""
    return round(int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_parallelism(jobs: int, n: int = 10_000_000) -> float:
    """The speedup ``jobs`` pure-Python busy loops get here and now over one: the control for the
    ingest's ratio. On a machine shared between sessions (autogroup scheduling) it can be ~1.0
    with idle cores nowhere to be had."""
    import multiprocessing

    t0 = time.perf_counter()
    _burn(n)
    one = time.perf_counter() - t0
    t0 = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        pool.map(_burn, [n] * jobs)
    return round(jobs * one / (time.perf_counter() - t0), 2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="corpus records per run")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to compare")
    ap.add_argument("--repeat", type=int, default=1, help="alternate the runs this many times")
    ap.add_argument("--growth", default="", help="comma-separated page counts: time per size (with the first --jobs)")
    ap.add_argument("--writer", type=int, default=0, help="time the writer alone up to this many documents")
    args = ap.parse_args()
    backends = args.backends.split(",")
    jobs = [int(j) for j in args.jobs.split(",")]
    with tempfile.TemporaryDirectory(prefix="rasad-bench-") as tmp:
        folder = Path(tmp)
        os.chmod(folder, 0o755)  # a PostgreSQL server run as another user reads nothing here, but may traverse
        with databases(backends, folder) as urls:
            if args.writer:
                for backend in backends:
                    writer_growth(args.writer, urls[backend](), backend)  # type: ignore[operator]
                return
            if args.growth:
                for backend in backends:
                    for n in (int(x) for x in args.growth.split(",")):
                        result = run(corpus_file(n, folder), urls[backend](), jobs[0])  # type: ignore[operator]
                        print(json.dumps({"bench": "growth", "backend": backend, "jobs": jobs[0], "n": n, **result}), flush=True)
                return
            inputs = corpus_file(args.n, folder)
            rates: dict[tuple[str, int], list[float]] = {}
            cpu: dict[tuple[str, int], list[float]] = {}
            for _ in range(args.repeat):
                for backend in backends:
                    for j in jobs:
                        result = run(inputs, urls[backend](), j)  # type: ignore[operator]
                        rates.setdefault((backend, j), []).append(float(result.get("pages_per_s", 0) or 0))  # type: ignore[arg-type]
                        cpu.setdefault((backend, j), []).append(  # every process's CPU a page: pipeline + writer
                            float(result.get("cpu_ms_per_page", 0) or 0) + float(result.get("writer_cpu_ms_per_page", 0) or 0))  # type: ignore[arg-type]
                        print(json.dumps({"bench": "jobs", "backend": backend, "jobs": j, **result}), flush=True)
            print(json.dumps({"bench": "control", "busy_loops": jobs[-1],
                              "parallel_speedup": machine_parallelism(jobs[-1])}), flush=True)
            for backend in backends:
                base = max(rates.get((backend, jobs[0]), [0]))
                for j in jobs[1:]:
                    best = max(rates.get((backend, j), [0]))
                    # the ratio measured, and what it would be on j idle cores: j × the CPU a page (pipeline
                    # and writer) with one worker over that with j (the writer shares the j cores)
                    c1, cj = min(cpu.get((backend, jobs[0]), [0])), min(cpu.get((backend, j), [0]))
                    print(json.dumps({"bench": "speedup", "backend": backend, "jobs": j, "vs_jobs": jobs[0],
                                      "ratio": round(best / base, 2) if base else None,
                                      "idle_cores_ratio": round(j / jobs[0] * c1 / cj, 2) if cj else None}), flush=True)


if __name__ == "__main__":
    main()
