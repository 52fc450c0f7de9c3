"""How many documents an ingest will read, counted cheaply beforehand so the progress bar has an ETA.

Pages and HTML files count one each, JSONL files one per non-blank line. WARC files, archives,
JSON arrays and standard input cannot be counted without parsing them: then there is no estimate
(None) and the progress bar shows no ETA. The count runs in a thread beside the ingest.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from pathlib import Path

ONE = (".txt", ".text", ".html", ".htm", ".xhtml", ".txt.gz", ".html.gz", ".htm.gz")
LINES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
UNKNOWN = (".warc", ".warc.gz", ".zip", ".tar", ".tar.gz", ".tgz", ".json")


def count_documents(paths: Iterable[str | Path]) -> int | None:
    """``count_documents(["samples"])`` → 21; None when some input cannot be counted cheaply."""
    total = 0
    try:
        for p in paths:
            if str(p) == "-":
                return None
            path = Path(p)
            files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
            for f in files:
                n = _count(f)
                if n is None:
                    return None
                total += n
    except (OSError, EOFError, ValueError):
        return None
    return total


def _count(path: Path) -> int | None:
    name = path.name.lower()
    if name.endswith(LINES):
        with gzip.open(path, "rb") if name.endswith(".gz") else path.open("rb") as fh:
            return _lines(fh)
    if name.endswith(ONE):
        return 1
    if name.endswith(UNKNOWN):
        return None
    return 0  # a file rasad does not read


def _lines(fh: Iterable[bytes]) -> int:
    return sum(1 for line in fh if line.strip())
