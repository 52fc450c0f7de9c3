"""Candidate speech verbs from ../shared/corpus, for rasad/lexicon/speech_verbs.yaml.

    python bench/mine_speech_verbs.py [CORPUS_DIR] > candidates.txt
    python bench/mine_speech_verbs.py --direct [CORPUS_DIR] > candidates.txt
    python bench/mine_speech_verbs.py --prepositions [CORPUS_DIR] > pairs.txt
    python bench/mine_speech_verbs.py --clauses [CORPUS_DIR] > lemmas.txt

Prints words that open a clause and are followed within six words by a complementizer
(``أن``/``إن``/``بأنه``...) in at least 35% of their occurrences (15 or more), and that no form of
``cues.yaml`` holds: the verbs of reported speech news uses. ``--direct``: words followed within
six words by a colon and a quotation mark (``تساءل X: "..."``) in at least 10% of their
occurrences (8 or more), that no cue form (``cues.yaml`` and ``speech_verbs.yaml``) holds: the
verbs of direct speech, which take no complementizer. ``--prepositions``: for every speech cue
followed right away by a preposition (``أشار إلى``, ``حذر من``, ``طالب بـ``), how often a
complementizer follows that preposition (``أشار إلى أن``): a verb whose preposition opens a
statement (``إلى أن``) more than an act's object (``طالب بالإفراج``, rarely ``بأن``). A person reads the
list and adds the speech verbs among them as lemmas, or the pairs to ``statement_prepositions``;
gold files are never read.
"""

from __future__ import annotations

import argparse
import collections
import collections.abc
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


PREPOSITIONS = ("عن", "الي", "من", "علي")


def _sentences(corpus: Path) -> collections.abc.Iterator[str]:
    for path in sorted(corpus.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                yield from re.split(r"[.!؟?\n]", json.loads(line).get("text") or "")


def prepositions(corpus: Path) -> None:
    """Per cue lemma and preposition: occurrences, those with a complementizer after the
    preposition, the share (printed at 20 occurrences or more)."""
    from rasad.stages.statements import cue_variants

    verbs = {k[0]: v[0] for k, v in speech_lexicon().cues.verbs.items() if len(k) == 1}
    pairs: collections.Counter[tuple[str, str]] = collections.Counter()
    clause: collections.Counter[tuple[str, str]] = collections.Counter()
    for sentence in _sentences(corpus):
        words = [normalize(w) for w in _WORD.findall(sentence)]
        for i, w in enumerate(words[:-2]):
            lemma = next((verbs[v] for v in cue_variants(w) if v in verbs), None)
            if lemma is None:
                continue
            nxt = words[i + 1]
            if nxt in PREPOSITIONS:
                key, comp = (lemma, nxt), words[i + 2] in COMPLEMENTIZERS
            elif nxt[:1] == "ب" and len(nxt) > 3:
                key, comp = (lemma, "ب"), nxt in COMPLEMENTIZERS
            else:
                continue
            pairs[key] += 1
            clause[key] += comp
    for (lemma, prep), n in sorted(pairs.items(), key=lambda kv: -kv[1]):
        if n >= 20:
            print(lemma, prep, n, clause[(lemma, prep)], round(clause[(lemma, prep)] / n, 2))


def clause_shares(corpus: Path) -> None:
    """Per cue lemma (its verb forms, not participles or nouns): occurrences, those a
    complementizer follows within six words, the share (printed at 50 occurrences or more)."""
    from rasad.stages.statements import cue_variants

    lexicon = speech_lexicon()
    verbs = {k[0]: v[0] for k, v in lexicon.cues.verbs.items()
             if len(k) == 1 and k[0] not in lexicon.participles and k[0] not in lexicon.nouns}
    total: collections.Counter[str] = collections.Counter()
    clause: collections.Counter[str] = collections.Counter()
    for sentence in _sentences(corpus):
        words = [normalize(w) for w in _WORD.findall(sentence)]
        for i, w in enumerate(words):
            lemma = next((verbs[v] for v in cue_variants(w) if v in verbs), None)
            if lemma is not None:
                total[lemma] += 1
                clause[lemma] += any(x in COMPLEMENTIZERS for x in words[i + 1 : i + 7])
    for lemma, n in sorted(total.items(), key=lambda kv: -kv[1]):
        if n >= 50:
            print(lemma, n, clause[lemma], round(clause[lemma] / n, 2))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=Path("../shared/corpus"))
    ap.add_argument("--direct", action="store_true", help="verbs before a colon and a quotation mark")
    ap.add_argument("--prepositions", action="store_true", help="how often a cue's preposition opens a clause")
    ap.add_argument("--clauses", action="store_true", help="how often a complementizer follows each cue lemma's verbs")
    args = ap.parse_args()
    if args.prepositions:
        prepositions(args.corpus)
        return
    if args.clauses:
        clause_shares(args.corpus)
        return
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
