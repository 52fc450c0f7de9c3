"""Size caps for inputs, so one huge page or a zip bomb cannot exhaust memory.

The caps are module constants read at call time: set ``rasad.read.limits.MAX_DOC_BYTES`` (for
example in a test, or before building a pipeline) to change them.
"""

from __future__ import annotations

import io
from typing import Any, Protocol

from rasad.errors import InputError

#: Largest document (a page, an HTML page, one JSONL record or one WARC record), in bytes.
MAX_DOC_BYTES = 20 * 1024 * 1024
#: Largest archive member, uncompressed (a JSONL member holds many documents).
MAX_MEMBER_BYTES = 64 * 1024 * 1024
#: When a stream of unknown size overflows a cap, at most this much more is read to report its size.
MAX_DRAIN_BYTES = 1024 * 1024 * 1024

_MB = 1024 * 1024
_CHUNK = 1024 * 1024


class ByteStream(Protocol):
    """Anything with ``read(n)`` returning bytes: files, gzip, zip and tar members, HTTP bodies."""

    def read(self, size: int = ..., /) -> bytes: ...


class LineStream(ByteStream, Protocol):
    """A :class:`ByteStream` with ``readline(limit)``."""

    def readline(self, size: int = ..., /) -> bytes: ...


def mb(n: int) -> str:
    """``mb(52_428_800)`` → ``"50"``: a size in whole megabytes (at least 1 when n > 0)."""
    return str(max(1, round(n / _MB))) if n else "0"


def too_large(source: str, size: int | None, cap: int, what: str = "split the page") -> InputError:
    """The one error for a document over the cap: ``too large (50 MB > 20 MB); split the page``."""
    if size is None:
        return InputError(source, f"too large (over {mb(cap)} MB); {what}")
    return InputError(source, f"too large ({mb(size)} MB > {mb(cap)} MB); {what}")


def read_capped(
    fh: ByteStream, source: str, cap: int | None = None, size: int | None = None, drain: bool = True
) -> bytes:
    """Read all of ``fh`` but no more than ``cap`` bytes (default :data:`MAX_DOC_BYTES`).

    Over the cap, the rest is drained in chunks (to report the size, never held in memory) and
    an :class:`InputError` is raised (``drain=False``: without reading the rest). ``size``, when known (a file's or member's size), is
    checked first so nothing is read at all.
    """
    limit = MAX_DOC_BYTES if cap is None else cap
    if size is not None and size > limit:
        raise too_large(source, size, limit)
    data = fh.read(limit + 1)
    if len(data) <= limit:
        return data
    total = len(data)
    del data
    if not drain:
        raise too_large(source, size, limit)
    while total <= limit + MAX_DRAIN_BYTES:
        chunk = fh.read(_CHUNK)
        if not chunk:
            raise too_large(source, total, limit)
        total += len(chunk)
    raise too_large(source, None, limit)


class CappedReader(io.RawIOBase):
    """A read-only binary stream over ``fh`` that raises once more than ``cap`` bytes come out.

    Used for archive members whose declared size cannot be trusted (zip bombs, gzip inside);
    wrap it in :class:`io.BufferedReader` for ``readline``.
    """

    def __init__(self, fh: ByteStream, source: str, cap: int) -> None:
        super().__init__()
        self.fh, self.source, self.cap, self.count = fh, source, cap, 0

    def readable(self) -> bool:
        """Always true: this is a readable stream."""
        return True

    def readinto(self, buffer: Any) -> int:
        """Fill ``buffer`` from the wrapped stream, raising :class:`InputError` past the cap."""
        view = memoryview(buffer).cast("B")
        data = self.fh.read(len(view))
        self.count += len(data)
        if self.count > self.cap:
            raise InputError(
                self.source,
                f"member too large (more than {mb(self.cap)} MB uncompressed); "
                "possible zip bomb, not read",
            )
        view[: len(data)] = data
        return len(data)
