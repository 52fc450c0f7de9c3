"""Word clusters learned from unannotated news (``rasad train-clusters``): each light stem of the
corpus's frequent words belongs to one cluster at three granularities (64, 256 and 1,024 clusters of
word2vec vectors). Learned models use them as features that reach words their training data never
held: a trigger, a context word or a name seen once in training shares its cluster with hundreds of
words seen only in the unannotated corpus.

``clusters.tsv.gz``: ``stem<TAB>c64<TAB>c256<TAB>c1024`` a line, made by :mod:`rasad.clusters.train`
from ``../shared/corpus`` (SaudiNewsNet CC BY-NC-SA 4.0, ANT corpus v2.1): derived statistics only,
no text of the corpus (docs/clusters.md).
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

from rasad.errors import DataError

SHIPPED = Path(__file__).with_name("clusters.tsv.gz")
LEVELS = (64, 256, 1024)

Clusters = tuple[int, int, int]


def read_clusters(path: Path) -> dict[str, Clusters]:
    """A clusters file as ``{stem: (c64, c256, c1024)}``; a broken file is one DataError naming it."""
    table: dict[str, Clusters] = {}
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                parts = line.rstrip("\n").split("\t")
                if len(parts) != 1 + len(LEVELS):
                    raise DataError(f"{path}: line {n}: expected a stem and {len(LEVELS)} cluster ids")
                table[parts[0]] = (int(parts[1]), int(parts[2]), int(parts[3]))
    except (OSError, EOFError, UnicodeDecodeError, ValueError) as exc:
        raise DataError(f"{path}: cannot read the word clusters ({exc}); rebuild them with rasad train-clusters") from None
    return table


@lru_cache(maxsize=1)
def clusters() -> dict[str, Clusters]:
    """The shipped word clusters (read once per process; empty if the file is not there)."""
    return read_clusters(SHIPPED) if SHIPPED.is_file() else {}


def cluster_of(stem: str) -> Clusters | None:
    """The clusters of a light stem (:func:`rasad.decide.sites.stem`), None for a word the corpus
    held too rarely."""
    return clusters().get(stem)
