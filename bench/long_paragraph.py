"""One huge paragraph through the whole pipeline: time, peak memory and what was coded.

    python bench/long_paragraph.py [--mb 5] [--no-punctuation] [--corpus ../shared/corpus]

Joins corpus articles (``../shared/corpus/ant2018.jsonl.gz``; nothing is copied into the
repository) into one line of ``--mb`` megabytes, runs it with no time budget and prints the
seconds, the process's peak memory, the pieces the paragraph was split into and the entities,
events and quotes coded.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--no-punctuation", action="store_true", help="strip . ، ؟ ! : ؛ as well")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()

    from rasad.model import RawDoc
    from rasad.pipeline import Pipeline

    target = int(args.mb * 1024 * 1024)
    parts, size = [], 0
    with gzip.open(args.corpus / "ant2018.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            text = " ".join(json.loads(line)["text"].split())
            if args.no_punctuation:
                text = re.sub(r"[.،,؟?!:؛;]", "", text)
            parts.append(text)
            size += len(text.encode()) + 1
            if size >= target:
                break
    paragraph = " ".join(parts).encode()[:target].decode("utf-8", errors="ignore")
    pipeline = Pipeline(time_budget=None)
    start = time.monotonic()
    doc = pipeline(RawDoc(source="long-paragraph", kind="text", text=paragraph))
    seconds = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"one paragraph of {len(paragraph.encode()) / 1024 / 1024:.1f} MB ({len(paragraph):,} characters"
          f"{', no punctuation' if args.no_punctuation else ''}): {seconds:.1f} s, peak memory {peak:.0f} MB")
    print(f"error: {doc.error}; split into {len(doc.article.body)} paragraphs; {len(doc.entities)} entities, "
          f"{len(doc.events)} events, {len(doc.quotes)} quotes")


if __name__ == "__main__":
    main()
