"""Records of a JSONL file by range: what lets a cluster split one large file between its workers.

``read_records(path, 1000, 100)`` yields records 1001–1100 of ``path`` exactly as
:func:`rasad.read.iter_inputs` yields them when it reads the whole file — the same ``path#N`` source
names, cleaned texts, and errors for a bad or overlong line — reading (not parsing) the lines before
them. Plain and gzip-compressed JSONL; :func:`count_records` says how many records a file holds,
or None when it must be read whole (UTF-16, a first line that is not UTF-8 text).
"""

from __future__ import annotations

import codecs
import gzip
import zlib
from collections.abc import Iterator
from typing import IO

from rasad.errors import InputError
from rasad.read import limits
from rasad.read.content import Item, line_to_raw
from rasad.read.text import clean_raw

_READ_ERRORS = (OSError, EOFError, zlib.error)


def _open(path: str) -> IO[bytes]:
    if path.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def count_records(path: str) -> int | None:
    """The records of a JSONL file (its non-blank lines), or None when it must be read whole: a
    UTF-16 file, a first line that is not UTF-8 (the reader gives one error for the file), a file
    that cannot be read."""
    try:
        with _open(path) as fh:
            first = fh.readline(limits.MAX_DOC_BYTES + 1)
            if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return None
            try:
                first.removeprefix(codecs.BOM_UTF8)[:4096].decode("utf-8")
            except UnicodeDecodeError as exc:
                if exc.start < 4096 - 4:
                    return None
            n = 0
            for line in _lines(fh, first):
                n += bool(line.strip())
            return n
    except _READ_ERRORS:
        return None


def _lines(fh: IO[bytes], line: bytes) -> Iterator[bytes]:
    """The lines of ``fh`` from ``line`` on, each cut to its first ``MAX_DOC_BYTES + 1`` bytes."""
    cap = limits.MAX_DOC_BYTES
    while line:
        yield line
        if len(line) > cap and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # the rest of an overlong record
                line = fh.readline(1 << 20)
        line = fh.readline(cap + 1)


def read_records(path: str, first: int, count: int) -> Iterator[Item]:
    """Records ``first + 1`` … ``first + count`` of a JSONL file, as :func:`rasad.read.iter_inputs`
    gives them (``path#N``, cleaned; a bad line an error, an overlong one too large)."""
    n = 0
    try:
        with _open(path) as fh:
            line = fh.readline(limits.MAX_DOC_BYTES + 1).removeprefix(codecs.BOM_UTF8)
            cap = limits.MAX_DOC_BYTES
            while line and n < first + count:
                if line.strip():
                    n += 1
                    if n > first:
                        item = line_to_raw(fh, line, f"{path}#{n}")
                        yield item if isinstance(item, InputError) else clean_raw(item)
                        line = fh.readline(cap + 1)
                        continue
                    if len(line) > cap and not line.endswith(b"\n"):
                        while line and not line.endswith(b"\n"):  # skip the rest of an overlong record
                            line = fh.readline(1 << 20)
                line = fh.readline(cap + 1)
    except _READ_ERRORS as exc:
        yield InputError(path, f"cannot read the file ({exc.__class__.__name__}: {exc})")
