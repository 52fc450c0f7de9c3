"""Walk input paths and yield one RawDoc (or one InputError) per document, in input order."""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rasad.errors import InputError
from rasad.model import RawDoc
from rasad.read.decode import decode_bytes

PAGE_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
META_FIELDS = ("id", "url", "title", "published", "byline", "fetched", "site")

Item = RawDoc | InputError


def iter_inputs(paths: Iterable[str]) -> Iterator[Item]:
    """Yield a RawDoc or an InputError for every document under ``paths`` (``-`` is stdin)."""
    for path in paths:
        if path == "-":
            yield from _from_bytes(sys.stdin.buffer.read(), "-")
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
    return name.endswith(PAGE_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES)


def read_path(path: Path) -> Iterator[Item]:
    """Read one file: a page, an HTML page or a JSONL file of records."""
    source = str(path)
    name = path.name.lower()
    try:
        if name.endswith(".gz"):
            with gzip.open(path, "rb") as fh:
                data = fh.read()
        else:
            data = path.read_bytes()
    except (OSError, EOFError) as exc:
        yield InputError(source, f"cannot read the file ({exc.__class__.__name__}: {exc})")
        return
    if name.endswith(JSONL_SUFFIXES):
        yield from _records(data, source)
    else:
        yield from _from_bytes(data, source, html=name.endswith(HTML_SUFFIXES))


def _from_bytes(data: bytes, source: str, html: bool = False) -> Iterator[Item]:
    try:
        text = decode_bytes(data, source)
    except InputError as exc:
        yield exc
        return
    head = text.lstrip()[:200].lower()
    if source == "-" and head.startswith("{"):
        yield from _records(data, source)
    elif html or head.startswith(("<!doctype html", "<html", "<?xml")):
        yield RawDoc(source=source, kind="html", text=text)
    else:
        yield RawDoc(source=source, kind="page", text=text)


def _records(data: bytes, source: str) -> Iterator[Item]:
    try:
        text = decode_bytes(data, source)
    except InputError as exc:
        yield exc
        return
    n = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        n += 1
        yield record_to_raw(line, f"{source}#{n}")


def record_to_raw(line: str, source: str) -> Item:
    """One JSONL line → RawDoc (``html``, ``page`` or ``text`` field) or an InputError."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(source, f"not a JSON object ({exc.msg} at column {exc.colno})")
    if not isinstance(record, dict):
        return InputError(source, "a JSONL record must be a JSON object")
    meta: dict[str, Any] = {k: record[k] for k in META_FIELDS if record.get(k) not in (None, "")}
    for kind, key in (("html", "html"), ("page", "page"), ("text", "text")):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return RawDoc(source=source, kind=kind, text=value, meta=meta)
    return InputError(source, "the record has no 'html', 'page' or 'text' field with content")
