"""Walk input paths and yield one RawDoc (or one InputError) per document, in input order.

Files are dispatched by name: pages (``.txt``), HTML (``.html``), JSONL (``.jsonl[.gz]``), WARC
(``.warc[.gz]``, see :mod:`rasad.read.warc`) and archives (``.zip``, ``.tar[.gz]``, ``.tgz``, see
:mod:`rasad.read.archives`). Nothing is read whole beyond the caps of :mod:`rasad.read.limits`.
"""

from __future__ import annotations

import codecs
import errno
import gzip
import logging
import os
import sys
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from rasad.errors import InputError
from rasad.model import RawDoc
from rasad.read import limits
from rasad.read.archives import ARCHIVE_SUFFIXES, read_archive
from rasad.read.content import (
    HTML_SUFFIXES,
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    META_FIELDS,
    PAGE_SUFFIXES,
    Item,
    items_from_bytes,
    json_items,
    record_to_raw,
    stream_records,
)
from rasad.read.decode import decode_bytes
from rasad.read.text import clean_raw
from rasad.read.warc import WARC_SUFFIXES, read_warc

__all__ = [
    "ARCHIVE_SUFFIXES", "HTML_SUFFIXES", "JSONL_SUFFIXES", "META_FIELDS", "PAGE_SUFFIXES", "WARC_SUFFIXES",
    "Item", "iter_inputs", "read_path", "record_to_raw",
]
_READ_ERRORS = (OSError, EOFError, zlib.error)
log = logging.getLogger("rasad")


def iter_inputs(paths: Iterable[str]) -> Iterator[Item]:
    """Yield a RawDoc or an InputError for every document under ``paths`` (``-`` is stdin).

    Every text comes out cleaned (:func:`rasad.read.text.clean_raw`). A reader that fails
    unexpectedly gives one error for the file it was reading, and the next path is read.
    """
    for path in paths:
        for item in _path_items(path):
            yield clean_raw(item) if isinstance(item, RawDoc) else item


def _path_items(path: str) -> Iterator[Item]:
    if path == "-":
        yield from guarded(_stdin(), "-")
        return
    p = Path(path)
    if p.is_dir():
        yield from walk(p)
    elif p.exists():
        yield from guarded(read_path(p), path)
    elif p.is_symlink():
        yield InputError(path, _broken_link(p))
    else:
        yield InputError(path, "no such file or directory")


def guarded(items: Iterator[Item], source: str) -> Iterator[Item]:
    """``items``, with an unexpected exception turned into one error for ``source``."""
    try:
        yield from items
    except InputError as exc:
        yield exc
    except Exception as exc:  # a reader bug must not end the batch
        log.debug("reading %s failed", source, exc_info=True)
        text = " ".join(str(exc).split())[:160]
        yield InputError(source, f"internal error while reading ({exc.__class__.__name__}: {text}); "
                                 "the rest of this file is not read")


def _broken_link(path: Path) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: the link points back to itself, not followed"
    return "broken symbolic link: its target does not exist"


def walk(root: Path) -> Iterator[Item]:
    """The documents of every file rasad reads under ``root``, in name order, recursively.

    Symbolic links to directories are followed unless they lead back to a directory being
    walked (a loop, reported once); an unreadable directory or link is reported, never skipped
    in silence; other files are counted in one warning. A directory with nothing to read is an error.
    """
    found = 0
    skipped: Counter[str] = Counter()
    for entry in walk_dir(root):
        if isinstance(entry, InputError):
            found += 1
            yield entry
        elif known_input(entry):
            found += 1
            yield from guarded(read_path(entry), str(entry))
        elif not entry.name.startswith("."):
            skipped[_suffix(entry)] += 1
    if skipped:
        kinds = ", ".join(f"{k} ({n})" for k, n in skipped.most_common(6))
        log.warning("%s: skipped %d file%s of a kind rasad does not read: %s", root, sum(skipped.values()),
                    "" if sum(skipped.values()) == 1 else "s", kinds)
    if found == 0:
        yield InputError(str(root), "no documents: the directory holds no file rasad reads "
                                    "(.txt, .html, .json, .jsonl, .warc, .zip, .tar, optionally gzipped)")


def _suffix(path: Path) -> str:
    return "".join(path.suffixes[-2:]).lower() or "(no extension)"


def walk_dir(folder: Path, ancestors: tuple[tuple[int, int], ...] = ()) -> Iterator[Path | InputError]:
    """Every file under ``folder`` in name order, depth first; an unreadable directory, a broken link
    or a link loop is an InputError in its place (``ancestors``: the (device, inode) of the
    directories above, to stop loops)."""
    try:
        info = folder.stat()
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        yield InputError(str(folder), f"cannot read the directory ({exc.strerror or exc})")
        return
    here = (*ancestors, (info.st_dev, info.st_ino))
    for entry in entries:
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
        except OSError as exc:
            yield InputError(str(path), f"cannot read ({exc.strerror or exc})")
            continue
        if is_dir:
            try:
                st = path.stat()
            except OSError as exc:
                yield InputError(str(path), f"cannot read the directory ({exc.strerror or exc})")
                continue
            if (st.st_dev, st.st_ino) in here:
                yield InputError(str(path), "symbolic link loop: it leads back to a directory being read; "
                                            "not followed")
                continue
            yield from walk_dir(path, here)
        elif is_file:
            yield path
        elif entry.is_symlink():
            yield InputError(str(path), _broken_link(path))


def known_input(path: Path) -> bool:
    """Is this a kind of file rasad reads (by its name's suffix)?"""
    name = path.name.lower()
    return name.endswith(PAGE_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + JSON_SUFFIXES + WARC_SUFFIXES
                         + ARCHIVE_SUFFIXES)


def read_path(path: Path) -> Iterator[Item]:
    """Read one file: a page, an HTML page, a JSON or JSONL file, a WARC file or an archive."""
    source = str(path)
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        yield from read_warc(path)
    elif name.endswith(ARCHIVE_SUFFIXES):
        yield from read_archive(path)
    elif name.endswith(JSONL_SUFFIXES):
        try:
            with gzip.open(path, "rb") if name.endswith(".gz") else path.open("rb") as fh:
                yield from stream_records(fh, source)
        except _READ_ERRORS as exc:
            yield InputError(source, f"cannot read the file ({exc.__class__.__name__}: {exc})")
    else:
        try:
            if name.endswith(".gz"):
                with gzip.open(path, "rb") as fh:
                    data = limits.read_capped(fh, source)
            else:
                with path.open("rb") as fh:
                    cap = limits.MAX_MEMBER_BYTES if name.endswith(JSON_SUFFIXES) else None
                    data = limits.read_capped(fh, source, cap=cap, size=path.stat().st_size)
        except InputError as exc:
            yield exc
            return
        except _READ_ERRORS as exc:
            yield InputError(source, f"cannot read the file ({exc.__class__.__name__}: {exc})")
            return
        if name.endswith(JSON_SUFFIXES):
            try:
                text = decode_bytes(data, source)
            except InputError as exc:
                yield exc
                return
            yield from json_items(text, source)
        else:
            yield from items_from_bytes(data, source, html=name.endswith(HTML_SUFFIXES))


def _stdin() -> Iterator[Item]:
    """Standard input: JSONL records streamed when it opens with ``{``, else one capped page."""
    buf = sys.stdin.buffer
    head = buf.peek(4096)[:4096] if hasattr(buf, "peek") else b""
    if head.removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"{"):
        yield from stream_records(buf, "-")
        return
    try:
        data = limits.read_capped(buf, "-")
    except InputError as exc:
        yield exc
        return
    yield from items_from_bytes(data, "-")
