"""Pages per second of the whole pipeline (or extraction alone) on one core.

    python bench/pipeline.py                 # 1,000 corpus records + the seed pages, full pipeline
    python bench/pipeline.py --n 5000 --only article
    python bench/pipeline.py --seeds         # the two seed pages repeated
    python bench/pipeline.py --by-stage      # and the CPU seconds of each stage

Reads ../shared/corpus (never copied into the repo). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rasad.model import Document, RawDoc  # noqa: E402
from rasad.pipeline import Pipeline  # noqa: E402
from rasad.read.files import record_to_raw  # noqa: E402

SHARED = ROOT.parent / "shared"


def corpus_docs(n: int) -> list[RawDoc]:
    """``n`` records alternating between the two corpora."""
    files = [SHARED / "corpus" / "saudinewsnet.jsonl.gz", SHARED / "corpus" / "ant2018.jsonl.gz"]
    streams = [gzip.open(f, "rt", encoding="utf-8") for f in files if f.exists()]  # noqa: SIM115
    if not streams:
        sys.exit(f"bench: no corpus under {SHARED / 'corpus'}")
    docs: list[RawDoc] = []
    for i, line in enumerate(itertools.chain.from_iterable(zip(*streams, strict=False))):
        if len(docs) >= n:
            break
        item = record_to_raw(line, f"corpus#{i + 1}")
        if isinstance(item, RawDoc):
            docs.append(item)
    return docs


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
    args = ap.parse_args()

    t0 = time.perf_counter()
    pipeline = Pipeline(only=args.only, ner=args.ner, learned=args.learned)
    load = time.perf_counter() - t0
    by_stage: dict[str, float] = {}
    if args.by_stage:
        pipeline.stages = [(name, timed(name, stage, by_stage)) for name, stage in pipeline.stages]
    docs = seed_docs(args.n) if args.seeds else corpus_docs(args.n)
    chars = sum(len(d.text) for d in docs)
    t0 = time.perf_counter()
    counts = {"entities": 0, "events": 0, "quotes": 0, "errors": 0}
    for doc in pipeline.pipe(docs):
        counts["entities"] += len(doc.entities)
        counts["events"] += len(doc.events)
        counts["quotes"] += len(doc.quotes)
        counts["errors"] += doc.error is not None
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "input": "seeds" if args.seeds else "corpus", "stages": pipeline.stage_names, "ner": args.ner, "pages": len(docs),
        "chars": chars, "seconds": round(elapsed, 3), "pages_per_s": round(len(docs) / elapsed, 1),
        "ms_per_1000_chars": round(1000 * elapsed / (chars / 1000), 3), "startup_s": round(load, 3),
        "peak_rss_mb": round(peak, 1), **counts,
        **({"cpu_s_by_stage": {k: round(v, 3) for k, v in by_stage.items()}} if args.by_stage else {}),
    }, ensure_ascii=False))


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
