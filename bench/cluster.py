"""Pages per second of ``rasad ingest --cluster`` with 1 and 2 Dask workers, and the time ``rasad load``
takes to store the dataset: the figures docs/scale.md projects a year of 50 outlets from.

    python bench/cluster.py                         # 2,000 corpus records, 1 and 2 workers, load into SQLite
    python bench/cluster.py --n 1000 --repeat 2 --backends sqlite,postgresql

Each run is a fresh LocalCluster (worker processes, one thread each) writing a fresh Parquet
dataset; ``pages_per_s`` counts from the first task sent to the last part written (the cluster's
start and the pipeline's loading on every worker are ``startup_s``, paid once per run, not per
page). Runs alternate (1 worker, 2 workers, 1, ...) with ``--repeat`` > 1 so a machine shared with
others weighs on both; the load average is printed with each run, and a control line gives the
speedup plain busy loops get at the same time. Reads ../shared/corpus (never copied into the repo).
Prints JSON lines; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from ingest import corpus_file, databases, machine_parallelism  # noqa: E402  (bench/ingest.py)


def cluster_run(inputs: Path, out: Path, workers: int, part_size: int) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    from rasad.cluster.run import run

    load_before = os.getloadavg()[0]
    started = time.monotonic()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      scheduler_kwargs={"dashboard": False}, silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        s = run([str(inputs)], out, client, part_size=part_size)
        startup = time.monotonic() - started - s.seconds
    return {"workers": workers, "pages": s.read, "failed": s.failed, "partitions": s.parts,
            "seconds": round(s.seconds, 2), "pages_per_s": round(s.rate, 2),
            "cpu_ms_per_page": round(1000 * s.cpu / max(s.written, 1), 1),
            "task_cpu_ms_per_page": round(1000 * s.task_cpu / max(s.read, 1), 1), "startup_s": round(startup, 1),
            "peak_worker_mb": round(s.peak_kb / 1024),
            "parquet_kb_per_page": round(sum(f.stat().st_size for f in out.rglob("*.parquet")) / 1024 / max(s.read, 1), 2),
            "loadavg_before": round(load_before, 2),
            "loadavg_after": round(os.getloadavg()[0], 2)}


def load_run(out: Path, url: str) -> dict[str, Any]:
    from rasad.cluster.load import load

    started, cpu = time.monotonic(), time.process_time()
    s = load(out, url)
    seconds, cpu = time.monotonic() - started, time.process_time() - cpu
    return {"documents": s.read, "stored": s.stored, "failed": s.failed, "seconds": round(seconds, 2),
            "loader_cpu_ms_per_page": round(1000 * cpu / max(s.read, 1), 2),  # this process; not the server's
            "pages_per_s": round(s.read / seconds, 1) if seconds else 0.0,
            "ms_per_page": round(1000 * seconds / max(s.read, 1), 2), **_size(url, s.read)}


def _size(url: str, pages: int) -> dict[str, float]:
    """The SQLite archive's size a page (its file and WAL), after the load."""
    if not url.startswith("sqlite:///"):
        return {}
    path = Path(url.removeprefix("sqlite:///"))
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    return {"archive_kb_per_page": round(size / 1024 / max(pages, 1), 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000, help="corpus records per run")
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts to compare")
    ap.add_argument("--repeat", type=int, default=1, help="alternate the runs this many times")
    ap.add_argument("--part-size", type=int, default=100, help="documents per partition")
    ap.add_argument("--backends", default="sqlite", help="where the load goes: sqlite, postgresql or both")
    args = ap.parse_args()
    workers = [int(w) for w in args.workers.split(",")]
    backends = args.backends.split(",")
    with tempfile.TemporaryDirectory(prefix="rasad-bench-cluster-") as tmp:
        folder = Path(tmp)
        os.chmod(folder, 0o755)
        inputs = corpus_file(args.n, folder)
        rates: dict[int, list[float]] = {}
        cpu: dict[int, list[float]] = {}
        last = folder
        for rep in range(args.repeat):
            for w in workers:
                last = folder / f"parts-{w}-{rep}"
                result = cluster_run(inputs, last, w, args.part_size)
                rates.setdefault(w, []).append(result["pages_per_s"])
                cpu.setdefault(w, []).append(result["task_cpu_ms_per_page"])
                print(json.dumps({"bench": "cluster", **result}), flush=True)
        with databases(backends, folder) as urls:
            for backend in backends:
                result = load_run(last, urls[backend]())  # type: ignore[operator]
                print(json.dumps({"bench": "load", "backend": backend, **result}), flush=True)
        print(json.dumps({"bench": "control", "busy_loops": workers[-1],
                          "parallel_speedup": machine_parallelism(workers[-1]),
                          "loadavg": round(os.getloadavg()[0], 2), "cores": os.cpu_count()}), flush=True)
        base = max(rates[workers[0]])
        for w in workers[1:]:
            # measured, and what it would be on w idle cores: w × the CPU a page with one worker over that with w
            # (the tasks' whole CPU: reading, the pipeline, writing the parts)
            c1, cw = min(cpu[workers[0]]), min(cpu[w])
            print(json.dumps({"bench": "speedup", "workers": w, "over": workers[0],
                              "pages_per_s": [base, max(rates[w])],
                              "ratio": round(max(rates[w]) / base, 2) if base else None,
                              "cpu_ratio": round(w * c1 / cw / workers[0], 2) if cw else None}), flush=True)


if __name__ == "__main__":
    main()
