"""Speed of the CRF name tagger on one core, and its load time.

    python bench/ner.py [--docs 2000]

Takes the text of the first N SaudiNewsNet articles, splits it on whitespace into tokens and into
sentences after tokens ending in ``.``, ``!`` or ``؟``, then tags every sentence twice: once with a
cold feature cache (first sight of each word), once warm; speeds in tokens per CPU second of this
process. Prints JSON; asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHARED = Path(os.environ.get("RASAD_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "saudinewsnet.jsonl.gz"


def sentences(path: Path, docs: int) -> list[list[str]]:
    out: list[list[str]] = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if n >= docs:
                break
            current: list[str] = []
            for tok in json.loads(line).get("text", "").split():
                current.append(tok)
                if tok[-1] in ".!؟":
                    out.append(current)
                    current = []
            if current:
                out.append(current)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000)
    args = ap.parse_args()
    sents = sentences(CORPUS, args.docs)
    tokens = sum(map(len, sents))

    t0 = time.perf_counter()
    from rasad.ner.tagger import Tagger

    tagger = Tagger()
    load = time.perf_counter() - t0

    timings = []
    names = 0
    for _ in range(2):
        # CPU seconds of this process: other work on a shared machine slows them less than wall time
        t0 = time.process_time()
        names = sum(1 for s in sents for tag in tagger.tag(s) if tag[0] == "B")
        timings.append(time.process_time() - t0)
    print(
        json.dumps(
            {
                "docs": args.docs,
                "sentences": len(sents),
                "tokens": tokens,
                "names": names,
                "model_load_s": round(load, 3),
                "cold_tokens_per_s": round(tokens / timings[0]),
                "warm_tokens_per_s": round(tokens / timings[1]),
                "model_bytes": tagger.path.stat().st_size,
            }
        )
    )


if __name__ == "__main__":
    main()
