"""Learn the word clusters from a corpus of news (JSONL, optionally gzipped): word2vec vectors of
the light stems (gensim), clustered by k-means on their unit vectors (scikit-learn) at 64, 256 and
1,024 clusters (each level nested in the one before). Needs the ``train`` extra."""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rasad.arabic.text import split_sentences, tokenize
from rasad.clusters import LEVELS
from rasad.decide.sites import stem
from rasad.errors import DataError
from rasad.model import RawDoc
from rasad.read import iter_inputs

NUMBER = "<num>"


def corpus_texts(paths: Iterable[Path], limit: int | None = None) -> Iterator[str]:
    """Title and text of each record (read by :mod:`rasad.read`, as ``rasad extract`` reads
    them; a line that is no record is skipped)."""
    n = 0
    for item in iter_inputs(str(p) for p in paths):
        if not isinstance(item, RawDoc):
            continue
        title = item.meta.get("title")
        if isinstance(title, str) and title:
            yield title
        if item.text:
            yield item.text
        n += 1
        if limit is not None and n >= limit:
            return


def sentences_of(text: str) -> Iterator[list[str]]:
    """The light stems of each sentence of a text (numbers folded into one word)."""
    for para in text.split("\n"):
        tokens = tokenize(para)
        if not tokens:
            continue
        for start, end in split_sentences(para):
            words = [NUMBER if tok.norm.isdigit() else stem(tok.norm) for tok in tokens if start <= tok.start < end]
            if len(words) > 1:
                yield words


def nested_kmeans(vectors: Any, levels: tuple[int, ...], seed: int) -> list[Any]:
    """Cluster ids at each level, each level splitting the clusters of the one before (64 → 256 →
    1,024: a word's finer cluster lies inside its coarser one, as a Brown cluster's bit prefix does),
    by k-means on each parent's words (far cheaper than one k-means with 1,024 centres)."""
    import numpy as np
    from sklearn.cluster import KMeans

    parent = np.zeros(len(vectors), dtype=np.int64)
    columns, before = [], 1
    for k in levels:
        split = max(k // before, 1)
        ids = np.zeros(len(vectors), dtype=np.int64)
        for p in range(before):
            rows = np.flatnonzero(parent == p)
            n = min(split, len(rows))
            if n <= 1:
                ids[rows] = p * split
                continue
            km = KMeans(n_clusters=n, random_state=seed, n_init=3)
            ids[rows] = p * split + km.fit_predict(vectors[rows])
        columns.append(ids)
        parent, before = ids, before * split
    return columns


def train_clusters(paths: list[Path], out: Path, *, dim: int = 100, min_count: int = 5, epochs: int = 5,
                   workers: int = 2, seed: int = 13, limit: int | None = None,
                   levels: tuple[int, ...] = LEVELS) -> dict[str, Any]:
    """Train and write the clusters file; returns a summary."""
    try:
        import numpy as np
        import sklearn  # noqa: F401
        from gensim.models import Word2Vec
    except ImportError as exc:
        raise DataError(f"rasad train-clusters needs the train extra ({exc}): pip install 'rasad[train]'") from None
    t0 = time.perf_counter()
    sentences = [s for text in corpus_texts(paths, limit) for s in sentences_of(text)]
    if not sentences:
        raise DataError(f"{', '.join(map(str, paths))}: no sentences to learn word clusters from")
    t1 = time.perf_counter()
    model = Word2Vec(sentences, vector_size=dim, window=5, min_count=min_count, workers=workers, sg=0,
                     epochs=epochs, seed=seed)
    t2 = time.perf_counter()
    words = list(model.wv.index_to_key)
    vectors = model.wv.vectors / np.maximum(np.linalg.norm(model.wv.vectors, axis=1, keepdims=True), 1e-9)
    columns = nested_kmeans(vectors, levels, seed)
    t3 = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=9) as fh:
        for i, word in enumerate(words):
            if "\t" in word or "\n" in word:
                continue
            fh.write(word + "\t" + "\t".join(str(int(col[i])) for col in columns) + "\n")
    tmp.replace(out)
    return {"sentences": len(sentences), "tokens": sum(map(len, sentences)), "words": len(words),
            "levels": list(levels), "read_s": round(t1 - t0, 1), "word2vec_s": round(t2 - t1, 1),
            "kmeans_s": round(t3 - t2, 1), "out": str(out)}
