"""Input paths cut into partitions: the unit of work a Dask task processes and writes as one part.

A partition is a list of slices, in input order: a whole path (a page, an HTML file, a WARC file,
an archive, a small JSONL file, a path that cannot be read and will give its error), or a range of
records of a large JSONL file. Nothing is parsed here: the planner lists files and counts JSONL
lines, the worker reads its slices with :mod:`rasad.read` as ``rasad ingest`` would, so every
document keeps the source name (``corpus.jsonl#1234``) a local ingest gives it.

A partition's name is a hash of what it reads (paths, ranges, each file's size and modification
time) and of what it is read with (the pipeline version and options): a rerun over the same inputs
finds the parts it already wrote, and a file that changed is a new partition.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import logging
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from rasad.errors import InputError, RasadError
from rasad.read import limits
from rasad.read.content import JSONL_SUFFIXES, Item, _line_to_raw
from rasad.read.files import _known, _walk_dir, iter_inputs
from rasad.read.text import clean_raw

log = logging.getLogger("rasad")
PART_SIZE = 100  # documents per partition (JSONL records; a page file counts one)
_READ_ERRORS = (OSError, EOFError, zlib.error)


@dataclass(frozen=True, slots=True)
class Slice:
    """``path`` whole (``count`` None), or its JSONL records ``first + 1`` … ``first + count``."""

    path: str
    first: int = 0
    count: int | None = None
    stamp: str = ""  # the file's size and mtime when planned

    def items(self) -> Iterator[Item]:
        if self.count is None:
            return iter_inputs([self.path])
        return read_records(self.path, self.first, self.count)


@dataclass(frozen=True, slots=True)
class Partition:
    slices: tuple[Slice, ...]
    salt: str = ""  # the pipeline version and options the parts are made with

    @property
    def name(self) -> str:
        what = json.dumps([[s.path, s.first, s.count, s.stamp] for s in self.slices] + [self.salt])
        return "part-" + hashlib.sha1(what.encode("utf-8", "replace")).hexdigest()[:20]

    @property
    def size(self) -> int:
        return sum(1 if s.count is None else s.count for s in self.slices)

    def items(self) -> Iterator[Item]:
        for s in self.slices:
            yield from s.items()


def plan(paths: Iterable[str], part_size: int = PART_SIZE, salt: str = "") -> list[Partition]:
    """The partitions of ``paths``, in input order: ``corpus.jsonl`` of 250 records and
    ``pages/`` with three files, part size 100 → three ranges of the JSONL file, one partition of
    the three pages. Raises :class:`RasadError` for stdin, which a cluster cannot read."""
    out: list[Partition] = []
    current: list[Slice] = []
    held = 0

    def close() -> None:
        nonlocal current, held
        if current:
            out.append(Partition(tuple(current), salt))
        current, held = [], 0

    for s in _slices(paths, part_size):
        size = 1 if s.count is None else s.count
        if s.count is not None or _whole_stream(s.path):  # a range, a WARC or archive: a partition of its own
            close()
            out.append(Partition((s,), salt))
            continue
        if held + size > part_size:
            close()
        current.append(s)
        held += size
    close()
    return out


def _whole_stream(path: str) -> bool:
    """Files that hold many documents and are read whole: a partition each."""
    from rasad.read.files import ARCHIVE_SUFFIXES, WARC_SUFFIXES

    return path.lower().endswith(ARCHIVE_SUFFIXES + WARC_SUFFIXES + JSONL_SUFFIXES)


def _slices(paths: Iterable[str], part_size: int) -> Iterator[Slice]:
    for path in paths:
        if path == "-":
            raise RasadError("-: a cluster cannot read stdin; save the input to a file the workers can read")
        p = Path(path)
        if p.is_dir():
            files = list(_walk_dir(p, ()))
            if not files or any(isinstance(f, InputError) for f in files) or not any(
                    _known(f) for f in files if isinstance(f, Path)):
                yield Slice(path)  # the worker reports what is wrong with it, as a local ingest does
                continue
            other = 0
            for f in files:
                if isinstance(f, Path) and _known(f):
                    yield from _file_slices(str(f), part_size)
                elif isinstance(f, Path) and not f.name.startswith("."):
                    other += 1
            if other:
                log.warning("%s: skipped %d file%s of a kind rasad does not read", path, other, "" if other == 1 else "s")
        else:
            yield from _file_slices(path, part_size)


def _file_slices(path: str, part_size: int) -> Iterator[Slice]:
    try:
        info = Path(path).stat()
    except OSError:
        yield Slice(path)
        return
    stamp = f"{info.st_size}:{info.st_mtime_ns}"
    n = count_records(path) if path.lower().endswith(JSONL_SUFFIXES) else None
    if n is None or n <= part_size:
        yield Slice(path, stamp=stamp)
        return
    for first in range(0, n, part_size):
        yield Slice(path, first, min(part_size, n - first), stamp)


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
                        item = _line_to_raw(fh, line, f"{path}#{n}")
                        yield item if isinstance(item, InputError) else clean_raw(item)
                        line = fh.readline(cap + 1)
                        continue
                    if len(line) > cap and not line.endswith(b"\n"):
                        while line and not line.endswith(b"\n"):  # skip the rest of an overlong record
                            line = fh.readline(1 << 20)
                line = fh.readline(cap + 1)
    except _READ_ERRORS as exc:
        yield InputError(path, f"cannot read the file ({exc.__class__.__name__}: {exc})")


def describe(parts: list[Partition]) -> list[dict[str, Any]]:
    """The dataset's manifest entries: each part's name and what it reads."""
    return [{"name": p.name, "slices": [[s.path, s.first, s.count] for s in p.slices]} for p in parts]
