"""The CRF name tagger: BIO tags over PER, ORG and LOC for tokenised Arabic sentences.

python -m rasad.ner.tagger --conll FILE     # FILE: a token a line, blank line between sentences
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pycrfsuite  # type: ignore[import-untyped]

from rasad.errors import DataError
from rasad.ner.features import FeatureCache

MODEL = Path(__file__).resolve().with_name("model.crfsuite")
GRADED = frozenset({"PER", "ORG", "LOC"})


class Tagger:
    """A loaded CRF model and its feature cache; ``Tagger().tag(["زار", "لافروف", "موسكو"])``."""

    def __init__(self, model: Path | str = MODEL, cache: FeatureCache | None = None) -> None:
        path = Path(model)
        if not path.is_file():
            raise DataError(
                f"{path}: no NER model there; train one with `python -m rasad.ner.train --out {path}`"
            )
        self.path = path
        self._crf = pycrfsuite.Tagger()
        self._crf.open(str(path))
        # a feature the model has no weight for changes nothing: the cache drops those once per
        # word (a quarter of a corpus sentence's features), so the CRF reads fewer strings; the
        # kept ones are held as UTF-8 bytes, which CRFsuite takes without encoding them per token
        self.cache = cache or FeatureCache(known=model_attributes(self._crf), encoded=True)

    def tag(self, tokens: list[str]) -> list[str]:
        """BIO tags of one sentence's tokens: ``["O", "B-PER", "B-LOC"]`` for the example above."""
        if not tokens:
            return []
        raw = self._crf.tag(self.cache.sentence(tokens))
        return clean_tags(raw)

    def tag_scored(self, tokens: list[str], names_only: bool = False) -> tuple[list[str], list[float]]:
        """BIO tags of one sentence and each tag's marginal probability under the model (how sure
        the tagger is of that token's label: a span's confidence is the least of its tokens').
        ``names_only``: the probabilities of the tokens tagged as names only (1.0 for an ``O``),
        what a span's confidence needs, for a fraction of the marginal look-ups."""
        if not tokens:
            return [], []
        raw = self._crf.tag(self.cache.sentence(tokens))
        tags = clean_tags(raw)
        marginal = self._crf.marginal
        if names_only:
            return tags, [1.0 if tag == "O" else marginal(label, i)
                          for i, (tag, label) in enumerate(zip(tags, raw, strict=True))]
        return tags, [marginal(label, i) for i, label in enumerate(raw)]

    def tag_conll(self, path: Path | str) -> Iterator[str]:
        """``token TAG`` lines for a file of tokens (first field of each line), blank lines kept."""
        sentence: list[str] = []
        with open(path, encoding="utf-8-sig") as handle:
            for line in handle:
                parts = line.replace("\u200e", "").split()
                if parts:
                    sentence.append(parts[0])
                    continue
                yield from self._lines(sentence)
                sentence = []
                yield ""
        yield from self._lines(sentence)

    def _lines(self, sentence: list[str]) -> Iterator[str]:
        for tok, tag in zip(sentence, self.tag(sentence), strict=True):
            yield f"{tok} {tag}"


def model_attributes(crf: pycrfsuite.Tagger) -> frozenset[str]:
    """The attributes (features) an opened model has a weight for: the ``ATTRIBUTES`` section of
    its dump (CRFsuite keeps only weighted ones), read without parsing the rest (``info()`` parses
    every weight: 0.27 s of start-up against ~0.03 s)."""
    with tempfile.TemporaryDirectory(prefix="rasad-ner-") as tmp:
        dump = Path(tmp) / "model.txt"
        crf.dump(str(dump))
        lines = dump.read_text(encoding="utf-8").split("\n")
    start = lines.index("ATTRIBUTES = {") + 1
    end = lines.index("}", start)
    return frozenset(line.split(": ", 1)[1] for line in lines[start:end])


def clean_tags(raw: list[str]) -> list[str]:
    """Ungraded classes (MISC) to O; an I- that continues nothing of its class becomes B-."""
    out: list[str] = []
    for tag in raw:
        name = tag[2:]
        if name not in GRADED:
            tag = "O"
        elif tag[0] == "I" and (not out or out[-1][2:] != name):
            tag = "B-" + name
        out.append(tag)
    return out


@lru_cache(maxsize=2)
def default_tagger(model: str = str(MODEL)) -> Tagger:
    """The shipped tagger, loaded once per process."""
    return Tagger(model)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Tag names (PER/ORG/LOC) in a file of tokens.")
    ap.add_argument("--conll", type=Path, required=True, help="a token a line, blank line between sentences")
    ap.add_argument("--model", type=Path, default=MODEL)
    args = ap.parse_args(argv)
    try:
        tagger = default_tagger(str(args.model))
        out = sys.stdout
        for line in tagger.tag_conll(args.conll):
            out.write(line + "\n")
    except (DataError, OSError) as exc:
        sys.exit(f"rasad ner: {exc}")


if __name__ == "__main__":
    main()
