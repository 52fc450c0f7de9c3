"""WARC files (``.warc``, ``.warc.gz``) → one HTML document per HTML ``response`` record.

A record is kept when it is a ``response`` with HTTP status 200 and a ``text/html`` or
``application/xhtml+xml`` Content-Type. Its source is ``FILE#N``, N counting the documents this
file yields (1-based: kept records and broken records, never skipped ones); ``meta`` has ``url``
(WARC-Target-URI) and ``fetched`` (WARC-Date). The body is decoded with the HTTP charset, then the
page's ``<meta charset>``, then rasad's detection (:func:`decode_html_bytes`).

The file is streamed with warcio (pure Python, no compiler needed; parsing costs far less than
extraction). A broken record gives one ``FILE#N: broken WARC record (...)`` error; reading then
resumes at the next record start found (gzip member or ``WARC/1.`` line), or stops when there is
none — the error says so.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from rasad.errors import InputError
from rasad.model import RawDoc
from rasad.read import limits
from rasad.read.decode import decode_html_bytes

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"\nWARC/1."
_SCAN_LIMIT = 256 * 1024 * 1024
_HEADER_MAX = 64 * 1024
_NEXT_RECORD = b"\r\n\r\nWARC/1."
_CHUNK = 1024 * 1024

Item = RawDoc | InputError


def read_warc(path: Path) -> Iterator[Item]:
    """Yield a RawDoc (kind ``html``) or an InputError for every HTML response record of ``path``."""
    from warcio.archiveiterator import ArchiveIterator  # imported here: only WARC input needs it

    source = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield InputError(source, f"cannot read the file ({exc.__class__.__name__}: {exc})")
        return
    with fh:
        size = os.fstat(fh.fileno()).st_size
        gz = path.name.lower().endswith(".gz")
        n, start = 0, 0
        while True:
            fh.seek(start)
            records = ArchiveIterator(fh)
            restart = None
            try:
                for record in records:
                    overrun = None if gz else _overrun(path, records.offset, record)
                    if overrun is not None:
                        n += 1
                        yield InputError(
                            f"{source}#{n}",
                            f"broken WARC record at byte {records.offset} (its Content-Length runs into the "
                            f"next record, at byte {overrun}; skipped to it)",
                        )
                        restart = overrun
                        break
                    item = _record_item(record, source, n + 1)
                    if item is not None:
                        n += 1
                        yield item
            except Exception as exc:  # warcio raises many kinds (ArchiveLoadFailed, zlib.error, ValueError)
                failed_at = records.offset
                resume = _next_start(fh, failed_at + 1, gz)
                then = f"skipped to byte {resume}" if resume is not None else "reading stopped"
                n += 1
                yield InputError(f"{source}#{n}", f"broken WARC record at byte {failed_at} ({_reason(exc)}; {then})")
                if resume is None:
                    return
                start = resume
                continue
            if restart is not None:
                start = restart
                continue
            if records.offset < size:  # a gzip member cut short ends the iteration silently
                n += 1
                yield InputError(
                    f"{source}#{n}",
                    f"broken WARC record at byte {records.offset} (truncated or not WARC; reading stopped)",
                )
            elif n == 0:
                yield InputError(source, "no documents: the WARC file holds no HTML response record "
                                         "(status 200, text/html)")
            return


def _overrun(path: Path, start: int, record: Any) -> int | None:
    """Where the next record starts inside this record's declared content, or None (the usual case).

    A Content-Length too large makes a reader swallow the next record; the record separator and
    ``WARC/1.`` line inside the declared span give it away.
    """
    try:
        declared = int(record.rec_headers.get_header("Content-Length") or 0)
    except ValueError:
        return None
    with path.open("rb") as fh:
        fh.seek(start)
        end = fh.read(_HEADER_MAX).find(b"\r\n\r\n")
        if end < 0:
            return None
        content = start + end + 4
        fh.seek(content)
        pos, tail = content, b""
        stop = content + declared  # the record's own separator starts here: a match must start before
        while pos < stop + len(_NEXT_RECORD):
            chunk = fh.read(min(_CHUNK, stop + len(_NEXT_RECORD) - pos))
            if not chunk:
                return None
            window = tail + chunk
            i = window.find(_NEXT_RECORD)
            if i >= 0 and pos - len(tail) + i < stop:
                return pos - len(tail) + i + 4
            tail = window[-(len(_NEXT_RECORD) - 1):]
            pos += len(chunk)
    return None


def _record_item(record: Any, source: str, n: int) -> Item | None:
    """The document for one record, an error for a broken HTML record, None for any other record."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    http = record.http_headers
    ctype = (http.get_header("Content-Type") or "").lower()
    if http.get_statuscode() != "200" or ctype.split(";")[0].strip() not in HTML_TYPES:
        return None
    src = f"{source}#{n}"
    try:
        body = limits.read_capped(record.content_stream(), src, drain=False)
    except InputError as exc:
        return exc
    except Exception as exc:  # a bad chunked or gzip body
        return InputError(src, f"broken WARC record ({_reason(exc)})")
    missing = getattr(record.raw_stream, "limit", 0) or 0
    if missing > 0:
        return InputError(src, f"broken WARC record (truncated: {missing} bytes of {record.length} missing)")
    charset = None
    for part in ctype.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip() == "charset":
            charset = value.strip().strip("\"'")
    try:
        text = decode_html_bytes(body, src, declared=charset)
    except InputError as exc:
        return exc
    meta = {k: v for k, v in (("url", record.rec_headers.get_header("WARC-Target-URI")),
                              ("fetched", record.rec_headers.get_header("WARC-Date"))) if v}
    return RawDoc(source=src, kind="html", text=text, meta=meta)


def _next_start(fh: BinaryIO, pos: int, gz: bool) -> int | None:
    """Offset of the next record start at or after ``pos`` (gzip member or ``WARC/1.`` line), or None."""
    magic = _GZIP_MAGIC if gz else _WARC_MAGIC
    fh.seek(pos)
    tail = b""
    scanned = 0
    while scanned < _SCAN_LIMIT:
        chunk = fh.read(_CHUNK)
        if not chunk:
            return None
        window = tail + chunk
        i = window.find(magic)
        if i >= 0:
            found = pos + scanned - len(tail) + i
            return found if gz else found + 1
        tail = window[-(len(magic) - 1):]
        scanned += len(chunk)
    return None


def _reason(exc: BaseException) -> str:
    text = "".join(c if c.isprintable() else "?" for c in " ".join(str(exc).split()))[:100]
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__
