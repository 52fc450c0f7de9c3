"""Articles per second per core: the whole pipeline, extraction alone, and the limit.

    python bench/pipeline.py                 # 1,000 corpus records: limit, extraction, full pipeline
    python bench/pipeline.py --n 5000 --only article
    python bench/pipeline.py --seeds         # the two seed pages repeated, full pipeline only
    python bench/pipeline.py --by-stage      # and the CPU seconds of each stage
    python bench/pipeline.py --jobs 2        # and the wall-clock speed-up of 2 worker processes
    python bench/pipeline.py --memory 1000 5000 20000   # peak memory of the full pipeline at each size
    python bench/pipeline.py --full-only --stream --n 20000 --every 1000   # memory as one process goes on

On the corpus, one run measures, on the same records and in CPU seconds of this process (so
other work on a shared machine slows the figures less than wall-clock time would): the limit
(JSON lines parsed to RawDocs, each paragraph normalised and split into sentences), extraction
alone (``--only article``) and the full pipeline, each from the JSON lines, and their ratios to
the limit. ``--memory`` runs the full pipeline in a fresh process for each size and prints its
peak RSS. Reads ../shared/corpus (never copied into the repo). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import itertools
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rasad.arabic.normalize import normalize_with_map  # noqa: E402
from rasad.arabic.text import split_sentences  # noqa: E402
from rasad.model import Document, RawDoc  # noqa: E402
from rasad.pipeline import Pipeline  # noqa: E402
from rasad.read.files import record_to_raw  # noqa: E402

SHARED = ROOT.parent / "shared"


def iter_corpus_lines(n: int) -> Iterator[tuple[str, str]]:
    """``n`` records alternating between the two corpora, as (source, JSON line), read as they come."""
    files = [SHARED / "corpus" / "saudinewsnet.jsonl.gz", SHARED / "corpus" / "ant2018.jsonl.gz"]
    streams = [gzip.open(f, "rt", encoding="utf-8") for f in files if f.exists()]  # noqa: SIM115
    if not streams:
        sys.exit(f"bench: no corpus under {SHARED / 'corpus'}")
    lines = itertools.chain.from_iterable(zip(*streams, strict=False))
    return ((f"corpus#{i + 1}", line) for i, line in enumerate(itertools.islice(lines, n)))


def corpus_lines(n: int) -> list[tuple[str, str]]:
    return list(iter_corpus_lines(n))


def corpus_docs(n: int) -> list[RawDoc]:
    """``n`` records alternating between the two corpora."""
    return [item for source, line in corpus_lines(n) if isinstance(item := record_to_raw(line, source), RawDoc)]


def read(lines: Iterable[tuple[str, str]]) -> Iterator[RawDoc]:
    for source, line in lines:
        item = record_to_raw(line, source)
        if isinstance(item, RawDoc):
            yield item


def limit(lines: list[tuple[str, str]]) -> int:
    """The work no pipeline can skip: parse each line, normalise and split each paragraph."""
    n = 0
    for raw in read(lines):
        for para in raw.text.split("\n"):
            if para.strip():
                normalize_with_map(para)
                split_sentences(para)
        n += 1
    return n


def cpu_rate(work: Callable[[], int]) -> float:
    """Documents per CPU second of ``work()`` in this process."""
    t0 = time.process_time()
    n = work()
    seconds = time.process_time() - t0
    return n / seconds if seconds else 0.0


def wall_rate(pipeline: Pipeline, lines: list[tuple[str, str]], jobs: int) -> tuple[float, float, float]:
    """Documents per wall-clock second of ``pipeline.pipe(jobs=jobs)``; the seconds to the first
    document (with a pool: starting the workers and building their pipelines); the CPU seconds of
    this process (with a pool: the parent's share, reading the records and unpickling results)."""
    t0, cpu0 = time.perf_counter(), time.process_time()
    first, n = 0.0, 0
    for _ in pipeline.pipe(read(lines), jobs=jobs):
        n += 1
        if n == 1:
            first = time.perf_counter() - t0
    return n / (time.perf_counter() - t0), first, time.process_time() - cpu0


def compare(args: argparse.Namespace) -> None:
    """The limit, extraction alone and the full pipeline on the same records, per CPU second."""
    lines = corpus_lines(args.n)
    gc.collect()
    out: dict[str, object] = {"records": len(lines), "load_1m": round(os.getloadavg()[0], 2)}
    rate = cpu_rate(lambda: sum(limit(lines) for _ in range(5)))  # a fast pass: 5 times, less noise
    out["limit_per_s"] = round(rate, 1)
    article = Pipeline(only="article")
    a_rate = cpu_rate(lambda: sum(1 for _ in article.pipe(read(lines))))
    t0 = time.perf_counter()
    full = Pipeline(ner=args.ner, learned=args.learned)
    out["startup_s"] = round(time.perf_counter() - t0, 3)
    counts = {"entities": 0, "events": 0, "quotes": 0, "errors": 0}

    def run_full() -> int:
        n = 0
        for doc in full.pipe(read(lines)):
            counts["entities"] += len(doc.entities)
            counts["events"] += len(doc.events)
            counts["quotes"] += len(doc.quotes)
            counts["errors"] += doc.error is not None
            n += 1
        return n

    f_rate = cpu_rate(run_full)
    out |= {"extract_per_s": round(a_rate, 1), "full_per_s": round(f_rate, 1),
            "limit_over_extract": round(rate / a_rate, 2), "limit_over_full": round(rate / f_rate, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1), **counts}
    if args.jobs > 1:
        (one, _, _), (many, first, parent) = wall_rate(full, lines, 1), wall_rate(full, lines, args.jobs)
        out |= {"wall_jobs1_per_s": round(one, 1), f"wall_jobs{args.jobs}_per_s": round(many, 1),
                "jobs_speedup": round(many / one, 2), f"jobs{args.jobs}_first_doc_s": round(first, 2),
                f"jobs{args.jobs}_parent_cpu_s": round(parent, 2)}
    print(json.dumps(out, ensure_ascii=False))


def memory(sizes: list[int], args: argparse.Namespace) -> None:
    """Peak RSS of the full pipeline over ``n`` records, a fresh process for each size."""
    for n in sizes:
        cmd = [sys.executable, __file__, "--n", str(n), "--full-only", "--stream"]
        cmd += [] if args.ner else ["--no-ner"]
        cmd += [] if args.learned else ["--rules-only"]
        got = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
        print(json.dumps({"records": n, "peak_rss_mb": got["peak_rss_mb"], "pages_per_s": got["pages_per_s"]}))


def seed_docs(n: int) -> list[RawDoc]:
    seeds = sorted((SHARED / "gold" / "inputs").glob("0*.txt"))
    pages = [RawDoc(str(p), "page", p.read_text(encoding="utf-8")) for p in seeds]
    return [pages[i % len(pages)] for i in range(n)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--only", choices=["article"], default=None)
    ap.add_argument("--seeds", action="store_true", help="the seed pages repeated instead of the corpus")
    ap.add_argument("--no-ner", dest="ner", action="store_false", help="without the statistical name tagger")
    ap.add_argument("--rules-only", dest="learned", action="store_false", help="without the trained event models")
    ap.add_argument("--by-stage", action="store_true", help="CPU seconds spent in each stage too")
    ap.add_argument("--jobs", type=int, default=1, help="and the wall-clock speed-up of this many processes")
    ap.add_argument("--memory", type=int, nargs="+", metavar="N", help="peak memory of the full pipeline at each size")
    ap.add_argument("--full-only", action="store_true", help="the pipeline alone, as before (what --memory runs)")
    ap.add_argument("--stream", action="store_true", help="with --full-only: read the records while processing them "
                                                          "(their reading is then in the figures)")
    ap.add_argument("--every", type=int, default=0, metavar="N", help="with --full-only: the memory now and the peak "
                                                                      "after every N records, on stderr")
    args = ap.parse_args()
    if args.memory:
        return memory(args.memory, args)
    if not (args.seeds or args.by_stage or args.only or args.full_only):
        return compare(args)

    t0 = time.perf_counter()
    pipeline = Pipeline(only=args.only, ner=args.ner, learned=args.learned)
    load = time.perf_counter() - t0
    by_stage: dict[str, float] = {}
    if args.by_stage:
        pipeline.stages = [(name, timed(name, stage, by_stage)) for name, stage in pipeline.stages]
    docs: Iterable[RawDoc] = seed_docs(args.n) if args.seeds else corpus_docs(args.n) if not args.stream else []
    seen = {"pages": 0, "chars": 0}

    def counted(items: Iterable[RawDoc]) -> Iterator[RawDoc]:
        for d in items:
            seen["pages"] += 1
            seen["chars"] += len(d.text)
            yield d

    if args.stream:  # read while processing: the input list would weigh in the peak memory
        docs = read(iter_corpus_lines(args.n))
    t0, cpu0 = time.perf_counter(), time.process_time()
    counts = {"entities": 0, "events": 0, "quotes": 0, "errors": 0}
    for doc in pipeline.pipe(counted(docs)):
        if args.every and seen["pages"] % args.every == 0:
            print(json.dumps({"records": seen["pages"], "rss_mb": current_rss_mb(),
                              "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}),
                  file=sys.stderr, flush=True)
        counts["entities"] += len(doc.entities)
        counts["events"] += len(doc.events)
        counts["quotes"] += len(doc.quotes)
        counts["errors"] += doc.error is not None
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pages, chars = seen["pages"], seen["chars"]
    print(json.dumps({
        "input": "seeds" if args.seeds else "corpus", "stages": pipeline.stage_names, "ner": args.ner, "pages": pages,
        "chars": chars, "seconds": round(elapsed, 3), "pages_per_s": round(pages / elapsed, 1),
        "pages_per_cpu_s": round(pages / cpu, 1),
        "ms_per_1000_chars": round(1000 * elapsed / (chars / 1000), 3), "startup_s": round(load, 3),
        "peak_rss_mb": round(peak, 1), **counts,
        **({"cpu_s_by_stage": {k: round(v, 3) for k, v in by_stage.items()}} if args.by_stage else {}),
    }, ensure_ascii=False))


def current_rss_mb() -> float | None:
    """This process's resident memory now (Linux), not its peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def timed(name: str, stage: Callable[[Document], Document], into: dict[str, float]) -> Callable[[Document], Document]:
    """``stage``, adding the CPU seconds of each call to ``into[name]``."""
    into[name] = 0.0

    def run(doc: Document) -> Document:
        t0 = time.process_time()
        try:
            return stage(doc)
        finally:
            into[name] += time.process_time() - t0

    return run


if __name__ == "__main__":
    main()
