"""Candidate speech verbs from ../shared/corpus, for rasad/lexicon/speech_verbs.yaml.

    python bench/mine_speech_verbs.py [CORPUS_DIR] > candidates.txt

Prints words that open a clause and are followed within six words by a complementizer
(``أن``/``إن``/``بأنه``...) in at least 35% of their occurrences (15 or more), and that no form of
``cues.yaml`` holds: the verbs of reported speech news uses. A person reads the list and adds the
speech verbs among them as lemmas; gold files are never read.
"""

from __future__ import annotations

import collections
import gzip
import json
import re
import sys
from pathlib import Path

from rasad.arabic.normalize import normalize
from rasad.lexicon import cues

COMPLEMENTIZERS = {"ان", "بان", "انه", "انها", "بانه", "بانها", "انهم", "بانهم"}


def main() -> None:
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus")
    known = {k[0] for k in cues().verbs}
    near: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    for path in sorted(corpus.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                text = json.loads(line).get("text") or ""
                for sentence in re.split(r"[.!؟?\n]", text):
                    words = [normalize(w) for w in re.findall(r"[\u0621-\u064A]+", sentence)]
                    for i, w in enumerate(words):
                        base = w[1:] if w[:1] in "وف" and len(w) > 4 else w
                        if len(base) < 3:
                            continue
                        total[base] += 1
                        if any(x in COMPLEMENTIZERS for x in words[i + 1 : i + 6]):
                            near[base] += 1
    rows = [(w, c, total[w]) for w, c in near.items() if c >= 15 and c / total[w] >= 0.35 and w not in known]
    for w, c, t in sorted(rows, key=lambda r: -r[1])[:400]:
        print(w, c, t, round(c / t, 2))


if __name__ == "__main__":
    main()
