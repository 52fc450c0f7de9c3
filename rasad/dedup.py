"""Syndicated copies: near-duplicate articles found by MinHash/LSH, then verified.

The same wire story runs in many papers under other headlines and with other boilerplate. Its
body, normalised (:func:`rasad.archive.textsearch.normalized_words`), shares most character
5-grams with every other copy. A MinHash signature of those 5-grams (computed where the article is
processed, so in the pool's workers) goes into an LSH index (datasketch) that proposes candidates
whose estimated Jaccard similarity is near :data:`THRESHOLD`; each candidate is then *verified* on
the exact 5-gram sets before the new article joins its story cluster.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

THRESHOLD = 0.7  # Jaccard similarity of the bodies' 5-gram sets for two articles to be one story
NUM_PERM = 64  # signature length: 256 bytes an article
SCHEME = "affine32"  # datasketch 2's hashing; stored signatures are uint32
SHINGLE = 5
MIN_CHARS = 200  # a body shorter than this is too short to call a copy (a one-line brief)
SEED = 1


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """The character ``size``-grams of a normalised body: ``shingles("abcdef")`` → ``{"abcde", "bcdef"}``."""
    return {text[i : i + size] for i in range(max(len(text) - size + 1, 1))} if text else set()


def jaccard(a: set[str], b: set[str]) -> float:
    """Exact Jaccard similarity of two shingle sets (0 for two empty sets)."""
    return len(a & b) / len(a | b) if a or b else 0.0


def signature(text: str) -> bytes | None:
    """The MinHash signature of a normalised body as bytes, or None for a body too short to compare."""
    if len(text) < MIN_CHARS:
        return None
    mh = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    mh.update_batch(s.encode("utf-8") for s in shingles(text))
    return np.asarray(mh.hashvalues, dtype=np.uint32).tobytes()


def _lean(sig: bytes) -> LeanMinHash:
    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(sig, dtype=np.uint32), scheme=SCHEME)


class StoryIndex:
    """The LSH index of stored articles: ``cluster_of(article_id, sig, text, fetch)`` gives the story
    cluster an article joins (its own id when it is the first of its story)."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.clusters: dict[int, int] = {}

    def load(self, rows: Iterable[tuple[int, bytes, int]]) -> None:
        """Index stored articles: ``(article_id, signature, cluster_id)`` rows."""
        for article_id, sig, cluster in rows:
            self.add(article_id, bytes(sig), cluster)

    def add(self, article_id: int, sig: bytes, cluster: int) -> None:
        if article_id in self.clusters:
            return
        self.lsh.insert(article_id, _lean(sig), check_duplication=False)
        self.clusters[article_id] = cluster

    def remove(self, article_id: int) -> None:
        if self.clusters.pop(article_id, None) is not None:
            self.lsh.remove(article_id)

    def candidates(self, sig: bytes) -> list[int]:
        """Stored articles whose signatures are close to ``sig``, oldest first."""
        return sorted(self.lsh.query(_lean(sig)))

    def representatives(self, sig: bytes) -> list[tuple[int, int]]:
        """``(cluster, article)`` for each cluster among the candidates: its oldest close article."""
        seen: dict[int, int] = {}
        for article in self.candidates(sig):
            seen.setdefault(self.clusters[article], article)
        return list(seen.items())

    def verify(self, text: str, other: str) -> bool:
        """Do two normalised bodies really share ``threshold`` of their 5-grams?"""
        return jaccard(shingles(text), shingles(other)) >= self.threshold
