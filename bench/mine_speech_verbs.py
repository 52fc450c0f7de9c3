"""Candidate speech verbs from ../shared/corpus, for rasad/lexicon/speech_verbs.yaml.

    python bench/mine_speech_verbs.py [CORPUS_DIR] > candidates.txt
    python bench/mine_speech_verbs.py --direct [CORPUS_DIR] > candidates.txt

Prints words that open a clause and are followed within six words by a complementizer
(``أن``/``إن``/``بأنه``...) in at least 35% of their occurrences (15 or more), and that no form of
``cues.yaml`` holds: the verbs of reported speech news uses. ``--direct``: words followed within
six words by a colon and a quotation mark (``تساءل X: "..."``) in at least 10% of their
occurrences (8 or more), that no cue form (``cues.yaml`` and ``speech_verbs.yaml``) holds: the
verbs of direct speech, which take no complementizer. A person reads the list and adds the speech
verbs among them as lemmas; gold files are never read.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import itertools
import json
import re
from pathlib import Path

from rasad.arabic.normalize import normalize
from rasad.lexicon import cues
from rasad.stages.statements import speech_lexicon

COMPLEMENTIZERS = {"ان", "بان", "انه", "انها", "بانه", "بانها", "انهم", "بانهم"}
OPENERS = '«"“'
_WORD = re.compile(r"[\u0621-\u064A]+")
_WORD_OR_MARK = re.compile(r"[\u0621-\u064A\u064B-\u0652]+|[:«\"“]")


def _direct(after: list[str]) -> bool:
    return any(a == ":" and b in OPENERS for a, b in itertools.pairwise(after))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=Path("../shared/corpus"))
    ap.add_argument("--direct", action="store_true", help="verbs before a colon and a quotation mark")
    args = ap.parse_args()
    known = {k[0] for k in (speech_lexicon().cues if args.direct else cues()).verbs}
    near: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    for path in sorted(args.corpus.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                text = json.loads(line).get("text") or ""
                for sentence in re.split(r"[.!؟?\n]", text):
                    if args.direct:
                        words = [w if w in ":" + OPENERS else normalize(w) for w in _WORD_OR_MARK.findall(sentence)]
                    else:
                        words = [normalize(w) for w in _WORD.findall(sentence)]
                    for i, w in enumerate(words):
                        base = w[1:] if w[:1] in "وف" and len(w) > 4 else w
                        if len(base) < 3 or base[0] in ":" + OPENERS:
                            continue
                        total[base] += 1
                        after = words[i + 1 : i + 7]
                        if _direct(after) if args.direct else any(x in COMPLEMENTIZERS for x in after[:5]):
                            near[base] += 1
    least, share = (8, 0.10) if args.direct else (15, 0.35)
    rows = [(w, c, total[w]) for w, c in near.items() if c >= least and c / total[w] >= share and w not in known]
    for w, c, t in sorted(rows, key=lambda r: -r[1])[:400]:
        print(w, c, t, round(c / t, 2))


if __name__ == "__main__":
    main()
