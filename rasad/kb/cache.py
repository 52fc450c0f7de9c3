"""A parsed copy of the knowledge base on disk, so start-up does not parse YAML every time.

Parsing ~5,000 KB entries from YAML and compiling the matcher's index takes about a second; the
pickled result loads in a small fraction of that. The copy is keyed by a fingerprint of every KB
file read (path, size, modification time) and of rasad's version, so editing a shipped or user file
or upgrading rasad makes a new one. The cache lives in ``$RASAD_CACHE_DIR``, else
``$XDG_CACHE_HOME/rasad``, else ``~/.cache/rasad``; ``RASAD_KB_CACHE=0`` turns it off. Any problem
reading or writing it (no such directory, read-only disk, a stale or broken file) means the KB is
parsed as if there were no cache: the cache can make start-up faster, never wrong.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# bump when the pickled classes (Entry, KnowledgeBase, Matcher's index) change shape
SCHEMA = 1
KEEP = 6  # copies of each kind kept


def cache_dir() -> Path | None:
    if os.environ.get("RASAD_KB_CACHE", "1") == "0":
        return None
    env = os.environ.get("RASAD_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rasad"


def fingerprint(files: Iterable[Path]) -> str:
    """A key that changes when any of ``files`` (or rasad's version) changes."""
    from rasad import __version__

    digest = hashlib.sha1(f"{SCHEMA}|{__version__}".encode())
    for path in files:
        try:
            st = path.stat()
        except OSError:
            continue
        digest.update(f"|{path.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode())
    return digest.hexdigest()[:20]


def load(kind: str, key: str) -> Any | None:
    """The object stored under ``kind``/``key``, or None."""
    directory = cache_dir()
    if directory is None:
        return None
    path = directory / f"{kind}-{key}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # a missing, stale or broken cache is no cache
        return None


def store(kind: str, key: str, obj: Any) -> None:
    """Keep ``obj`` under ``kind``/``key`` (atomically); only the newest copies of a kind stay
    (several checkouts or KB directories may share the cache)."""
    directory = cache_dir()
    if directory is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{kind}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(obj, handle, protocol=pickle.HIGHEST_PROTOCOL)
        target = directory / f"{kind}-{key}.pickle"
        os.replace(tmp, target)
        copies = sorted(directory.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in copies[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        return
