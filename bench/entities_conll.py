"""The entities stage (KB + rules + tagger) as a token tagger, for ``score_ner.py``.

    python ../shared/tools/score_ner.py GOLD.conll --run 'python bench/entities_conll.py {inputs}'

Reads a file of tokens (one a line, blank line between sentences), joins each sentence's tokens
with spaces into one paragraph, runs rasad's entities stage on it (the KB matcher, the name rules
and the statistical tagger, as in the pipeline) and prints ``token TAG`` lines: BIO over PER, ORG
and LOC (GPE and LOC are one class, as in ANERcorp). A mention covers the tokens it overlaps.
``score_ner.py`` then grades what a user of ``rasad extract`` gets, not the CRF alone.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rasad.arabic.text import analyse  # noqa: E402
from rasad.model import Document  # noqa: E402
from rasad.stages.entities import EntityStage  # noqa: E402

CLASS = {"PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}


def sentences(path: Path) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        parts = line.replace("\u200e", "").split()
        if parts:
            out[-1].append(parts[0])
        elif out[-1]:
            out.append([])
    return [s for s in out if s]


def tag(stage: EntityStage, tokens: list[str]) -> list[str]:
    starts, pos = [], 0
    for tok in tokens:
        starts.append(pos)
        pos += len(tok) + 1
    doc = Document(source="conll")
    doc.paragraphs = [analyse(0, " ".join(tokens))]
    stage(doc)
    tags = ["O"] * len(tokens)
    for m in sorted(doc.entities, key=lambda m: (m.start, -(m.end - m.start))):
        cls = CLASS.get(m.type)
        covered = [i for i, s in enumerate(starts) if s < m.end and m.start < s + len(tokens[i])]
        if cls is None or not covered or any(tags[i] != "O" for i in covered):
            continue
        tags[covered[0]] = "B-" + cls
        for i in covered[1:]:
            tags[i] = "I-" + cls
    return tags


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tokens", type=Path)
    ap.add_argument("--no-ner", dest="ner", action="store_false", help="without the statistical tagger")
    args = ap.parse_args()
    stage = EntityStage(tagger=args.ner)
    write = sys.stdout.write
    for sent in sentences(args.tokens):
        for tok, t in zip(sent, tag(stage, sent), strict=True):
            write(f"{tok} {t}\n")
        write("\n")


if __name__ == "__main__":
    main()
