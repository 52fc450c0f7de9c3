"""Input paths cut into partitions: the unit of work a Dask task processes and writes as one part.

A partition is a list of slices, in input order: a whole path (a page, an HTML file, a WARC file,
an archive, a small JSONL file, a path that cannot be read and will give its error), or a range of
records of a large JSONL file (:mod:`rasad.read.ranges`). Nothing is parsed here: the planner lists
files and counts JSONL lines, the worker reads its slices with :mod:`rasad.read` as ``rasad
ingest`` would, so every document keeps the source name (``corpus.jsonl#1234``) a local ingest
gives it.

A partition's name is a hash of what it reads (paths, ranges, each file's size and modification
time) and of what it is read with (the pipeline version and options): a rerun over the same inputs
finds the parts it already wrote, and a file that changed is a new partition.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasad.errors import InputError, RasadError
from rasad.read.content import JSONL_SUFFIXES, Item
from rasad.read.files import iter_inputs, known_input, walk_dir
from rasad.read.ranges import count_records, read_records

log = logging.getLogger("rasad")
PART_SIZE = 100  # documents per partition (JSONL records; a page file counts one)


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
            files = list(walk_dir(p))
            if not files or any(isinstance(f, InputError) for f in files) or not any(
                    known_input(f) for f in files if isinstance(f, Path)):
                yield Slice(path)  # the worker reports what is wrong with it, as a local ingest does
                continue
            other = 0
            for f in files:
                if isinstance(f, Path) and known_input(f):
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


def describe(parts: list[Partition]) -> list[dict[str, Any]]:
    """The dataset's manifest entries: each part's name and what it reads."""
    return [{"name": p.name, "slices": [[s.path, s.first, s.count] for s in p.slices]} for p in parts]
