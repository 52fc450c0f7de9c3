"""Bytes or a byte stream → documents: pages, HTML pages and JSONL records.

Shared by the file, archive and WARC readers. JSONL is streamed line by line, so a JSONL file or
archive member of any size holds one record in memory at a time.
"""

from __future__ import annotations

import codecs
import json
import logging
from collections.abc import Iterator
from typing import Any

from rasad.errors import InputError
from rasad.extract.checks import valid_published
from rasad.model import RawDoc
from rasad.read import limits
from rasad.read.decode import decode_bytes, decode_html_bytes

PAGE_SUFFIXES = (".txt", ".text", ".txt.gz")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
JSON_SUFFIXES = (".json",)
META_FIELDS = ("id", "url", "title", "published", "byline", "fetched", "site")
_CHUNK = 1024 * 1024

Item = RawDoc | InputError
log = logging.getLogger("rasad")


def items_from_bytes(data: bytes, source: str, html: bool = False) -> Iterator[Item]:
    """One page (flattened or HTML) from its bytes; from stdin (``-``) JSONL records too."""
    try:
        text = decode_html_bytes(data, source) if html else decode_bytes(data, source)
    except InputError as exc:
        yield exc
        return
    head = text.lstrip()[:200].lower()
    if source == "-" and head.startswith("{"):
        yield from records_from_text(text, source)
    elif html or head.startswith(("<!doctype html", "<html", "<?xml")):
        yield RawDoc(source=source, kind="html", text=text)
    else:
        yield RawDoc(source=source, kind="page", text=text)


def records_from_text(text: str, source: str) -> Iterator[Item]:
    """JSONL records of an already decoded text, numbered ``SOURCE#1``, ``SOURCE#2``…"""
    n = 0
    for line in text.split("\n"):  # not splitlines(): U+2028 and U+0085 may sit inside a JSON string
        if line.strip():
            n += 1
            yield record_to_raw(line, f"{source}#{n}")
    if n == 0:
        yield InputError(source, "empty input: the file holds no record")


def stream_records(fh: limits.LineStream, source: str) -> Iterator[Item]:
    """JSONL records read line by line from a binary stream, each line capped at ``MAX_DOC_BYTES``.

    Lines are decoded one by one (UTF-8, else rasad's rules). A first line that is not text at
    all (binary, unknown encoding) gives one error for the whole stream; a UTF-16 stream (BOM) is
    read whole, up to ``MAX_MEMBER_BYTES``.
    """
    first = fh.readline(limits.MAX_DOC_BYTES + 1)
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            data = first + limits.read_capped(fh, source, cap=limits.MAX_MEMBER_BYTES - len(first))
            text = decode_bytes(data, source)
        except InputError as exc:
            yield exc
            return
        yield from records_from_text(text, source)
        return
    if first.startswith(codecs.BOM_UTF8):
        first = first[3:]
    n, line, seen_text = 0, first, False
    while line:
        if line.strip():
            n += 1
            item = line_to_raw(fh, line, f"{source}#{n}")
            if isinstance(item, InputError) and not seen_text and item.reason.startswith(("binary", "unknown")):
                yield InputError(source, item.reason)
                return
            seen_text = True
            yield item
        line = fh.readline(limits.MAX_DOC_BYTES + 1)
    if n == 0:
        yield InputError(source, "empty input: the file holds no text")


def line_to_raw(fh: limits.LineStream, line: bytes, source: str) -> Item:
    """One JSONL line as a RawDoc, or the InputError that says why it is none (a line over the size
    limit is skipped to its end)."""
    cap = limits.MAX_DOC_BYTES
    if len(line) > cap and not line.endswith(b"\n"):
        size = len(line)
        while not line.endswith(b"\n"):  # skip the rest of the record, a chunk at a time
            line = fh.readline(_CHUNK)
            if not line:
                break
            size += len(line)
        return limits.too_large(source, size, cap, "split the record")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = decode_bytes(line, source)
        except InputError as exc:
            return exc
    return record_to_raw(text, source)


def json_items(text: str, source: str) -> Iterator[Item]:
    """A ``.json`` file: one record (an object), records ``SOURCE#N`` (an array), or JSON Lines."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        yield from records_from_text(text, source)
        return
    except RecursionError:
        yield InputError(source, "JSON nested too deeply to read")
        return
    if isinstance(value, list):
        if not value:
            yield InputError(source, "empty input: the JSON array holds no record")
        for n, record in enumerate(value, start=1):
            yield record_from_object(record, f"{source}#{n}")
    else:
        yield record_from_object(value, source)


def record_to_raw(line: str, source: str) -> Item:
    """One JSONL line → RawDoc (``html``, ``page`` or ``text`` field) or an InputError."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(source, f"not a JSON object ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return InputError(source, "not a JSON object (nested too deeply to read)")
    return record_from_object(record, source)


def record_from_object(record: Any, source: str) -> Item:
    """A parsed JSON record → RawDoc or an InputError."""
    if not isinstance(record, dict):
        return InputError(source, "a JSONL record must be a JSON object")
    meta = record_meta(record, source)
    for kind, key in (("html", "html"), ("page", "page"), ("text", "text")):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return RawDoc(source=source, kind=kind, text=value, meta=meta)
    wrong = [k for k in ("html", "page", "text") if record.get(k) not in (None, "") and not isinstance(record[k], str)]
    if wrong:
        return InputError(source, f"the record's '{wrong[0]}' field is a {_json_type(record[wrong[0]])}, not text")
    return InputError(source, "the record has no 'html', 'page' or 'text' field with content")


def record_meta(record: dict[str, Any], source: str) -> dict[str, Any]:
    """The metadata fields of a record, each a string; a field of another type, or a ``published``
    that is no ISO 8601 date, is left out with a warning (``"site": 7`` must not stop the record).
    A numeric ``id`` is kept as text."""
    meta: dict[str, Any] = {}
    for key in META_FIELDS:
        value = record.get(key)
        if value is None or value == "":
            continue
        if key == "id" and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            log.warning("%s: field '%s' is a %s, not text; ignored", source, key, _json_type(value))
            continue
        if key == "published":
            checked = valid_published(value)
            if checked is None:
                log.warning("%s: 'published' is not an ISO 8601 date (%.40r); ignored", source, value)
                continue
            value = checked
        meta[key] = value
    return meta


def _json_type(value: object) -> str:
    names = {bool: "boolean", int: "number", float: "number", list: "list", dict: "object", str: "string"}
    return names.get(type(value), type(value).__name__)
