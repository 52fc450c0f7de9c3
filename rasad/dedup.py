"""Syndicated copies: near-duplicate articles found by MinHash/LSH, then verified.

The same wire story runs in many papers under other headlines and with other boilerplate. Its
body, normalised (:func:`rasad.archive.textsearch.normalized_words`), shares most character
5-grams with every other copy. A MinHash signature of those 5-grams (computed where the article is
processed, so in the pool's workers) is cut into LSH bands (:func:`band_keys`, datasketch's bands and
rows for :data:`THRESHOLD`); the archive keeps the bands in a table, so articles sharing a band —
candidates whose estimated Jaccard similarity is near the threshold — are found by an indexed
lookup, with no index in memory. Each candidate is then *verified* on the exact 5-gram sets
(:func:`similar`) before the new article joins its story cluster.
"""

from __future__ import annotations

import hashlib

import numpy as np
from datasketch import MinHash

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


#: LSH bands and rows per band: what datasketch's ``MinHashLSH(threshold=0.7, num_perm=64)`` picks
#: (a test checks it): the bands that weigh false candidates and missed copies equally around the threshold.
BANDS, ROWS = 8, 8


def band_keys(sig: bytes) -> list[int]:
    """One key per LSH band of a signature: a signed 64-bit hash of the band's number and its
    :data:`ROWS` values. Two articles are candidate copies when they share a key (in the archive's
    ``story_bands`` table), as they would when sharing a bucket of datasketch's in-memory index.

    ``len(band_keys(signature(text)))`` → ``8``.
    """
    width = ROWS * 4  # uint32 values
    return [int.from_bytes(hashlib.blake2b(bytes([band]) + sig[band * width : (band + 1) * width],
                                           digest_size=8).digest(), "big", signed=True)
            for band in range(BANDS)]


def similar(text: str, other: str, threshold: float = THRESHOLD) -> bool:
    """Do two normalised bodies really share ``threshold`` of their 5-grams? (The verification of an
    LSH candidate.)"""
    return jaccard(shingles(text), shingles(other)) >= threshold
