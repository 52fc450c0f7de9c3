"""Cost of entity recognition and linking, and the KB's load time, on one core.

    python bench/entities.py [--n 2000]

Runs extract + arabic once over N corpus records (not timed), then times the entities stage alone
and reports milliseconds per 1,000 characters. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pipeline import corpus_docs  # noqa: E402

from rasad.model import Document  # noqa: E402
from rasad.stages.arabic import arabic  # noqa: E402
from rasad.stages.extract import extract  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000)
    args = ap.parse_args()

    t0 = time.perf_counter()
    from rasad.kb import load_kb

    kb = load_kb()
    kb_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    from rasad.stages.entities import EntityStage

    stage = EntityStage()
    build = time.perf_counter() - t0

    docs = [arabic(extract(Document(source=r.source, raw=r))) for r in corpus_docs(args.n)]
    chars = sum(len(p.text) for d in docs for p in d.paragraphs)
    t0 = time.perf_counter()
    mentions = sum(len(stage(d).entities) for d in docs)
    elapsed = time.perf_counter() - t0
    print(json.dumps({
        "docs": len(docs), "chars": chars, "mentions": mentions, "kb_entries": len(kb.entries),
        "kb_load_s": round(kb_load, 3), "matcher_build_s": round(build, 3), "seconds": round(elapsed, 3),
        "ms_per_1000_chars": round(1000 * elapsed / (chars / 1000), 3),
    }))


if __name__ == "__main__":
    main()
