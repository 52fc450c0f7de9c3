"""CPU seconds of the decision stage alone (``rasad/decide``), on the other stages' output.

    python bench/decide.py                    # 300 corpus records, 3 passes
    python bench/decide.py --n 150 --passes 5 --model /tmp/x.json

The other stages run once over ``--n`` corpus records (as ``bench/pipeline.py`` reads them); then
the decide stage runs ``--passes`` times over deep copies of their documents and the CPU seconds
of each pass are printed (the first pass fills the per-word memos; compare two versions by their
least pass, runs taken in turn). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pipeline import corpus_docs  # noqa: E402
from rasad.model import Document  # noqa: E402
from rasad.pipeline import clean_raw, default_stages  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--model", type=Path, help="an event model file (default: the shipped one)")
    args = ap.parse_args()
    stages = default_stages()
    name, coder = stages[-1]
    if name != "decide":
        sys.exit("bench: no trained event model in the pipeline")
    t0 = time.process_time()
    if args.model:
        from rasad.decide.coder import EventCoder
        from rasad.decide.model import EventModel

        coder = EventCoder(coder.stage, EventModel.load(args.model))  # type: ignore[attr-defined]
    load = time.process_time() - t0
    docs = []
    for raw in corpus_docs(args.n):
        doc = Document(source=raw.source, raw=clean_raw(raw))
        for _, stage in stages[:-1]:
            doc = stage(doc)
        if doc.error is None:
            docs.append(doc)
    passes, events = [], 0
    for _ in range(args.passes):
        batch = copy.deepcopy(docs)
        t0 = time.process_time()
        events = sum(len(coder(doc).events) for doc in batch)
        passes.append(round(time.process_time() - t0, 3))
    print(json.dumps({"documents": len(docs), "events": events, "decide_cpu_s": passes, "least": min(passes),
                      "model_load_cpu_s": round(load, 3) if args.model else None}))


if __name__ == "__main__":
    main()
