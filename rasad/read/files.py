"""Walk input paths and yield one RawDoc (or one InputError) per document, in input order.

Files are dispatched by name: pages (``.txt``), HTML (``.html``), JSONL (``.jsonl[.gz]``), WARC
(``.warc[.gz]``, see :mod:`rasad.read.warc`) and archives (``.zip``, ``.tar[.gz]``, ``.tgz``, see
:mod:`rasad.read.archives`). Nothing is read whole beyond the caps of :mod:`rasad.read.limits`.
"""

from __future__ import annotations

import codecs
import gzip
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from rasad.errors import InputError
from rasad.read import limits
from rasad.read.archives import ARCHIVE_SUFFIXES, read_archive
from rasad.read.content import (
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    META_FIELDS,
    PAGE_SUFFIXES,
    Item,
    items_from_bytes,
    record_to_raw,
    stream_records,
)
from rasad.read.warc import WARC_SUFFIXES, read_warc

__all__ = [
    "ARCHIVE_SUFFIXES", "HTML_SUFFIXES", "JSONL_SUFFIXES", "META_FIELDS", "PAGE_SUFFIXES", "WARC_SUFFIXES",
    "Item", "iter_inputs", "read_path", "record_to_raw",
]
_READ_ERRORS = (OSError, EOFError, zlib.error)


def iter_inputs(paths: Iterable[str]) -> Iterator[Item]:
    """Yield a RawDoc or an InputError for every document under ``paths`` (``-`` is stdin)."""
    for path in paths:
        if path == "-":
            yield from _stdin()
            continue
        p = Path(path)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and _known(f))
            for f in files:
                yield from read_path(f)
        elif p.exists():
            yield from read_path(p)
        else:
            yield InputError(path, "no such file or directory")


def _known(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(PAGE_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES + ARCHIVE_SUFFIXES)


def read_path(path: Path) -> Iterator[Item]:
    """Read one file: a page, an HTML page, a JSONL file, a WARC file or an archive."""
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
                    data = limits.read_capped(fh, source, size=path.stat().st_size)
        except InputError as exc:
            yield exc
            return
        except _READ_ERRORS as exc:
            yield InputError(source, f"cannot read the file ({exc.__class__.__name__}: {exc})")
            return
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
