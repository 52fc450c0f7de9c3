"""Writing documents out: one record per document, always valid UTF-8, never a crash.

:class:`DocumentWriter` is what ``rasad extract`` writes with. Whatever a Document holds, it
writes exactly one record for it: a document that cannot be serialised becomes its
``{"source", "error"}`` record; text that cannot be encoded (a lone surrogate) is written with
U+FFFD in its place. Errors and warnings go to stderr as one line each, ``rasad: SOURCE: reason``.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from typing import IO, Any

from rasad.model import Document
from rasad.read.text import safe_text

log = logging.getLogger("rasad")


def setup_logging() -> None:
    """Warnings of the ``rasad`` logger to stderr as ``rasad: message`` lines (``RASAD_DEBUG=1``:
    debug messages and tracebacks too)."""
    debug = bool(os.environ.get("RASAD_DEBUG"))
    if any(getattr(h, "rasad_cli", False) for h in log.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_LineFormatter(debug))
    handler.rasad_cli = True  # type: ignore[attr-defined]
    log.addHandler(handler)
    log.setLevel(logging.DEBUG if debug else logging.WARNING)
    log.propagate = False
    if not debug:  # trafilatura logs every page lxml cannot parse; rasad reports what matters itself
        logging.getLogger("trafilatura").addHandler(logging.NullHandler())
        logging.getLogger("trafilatura").propagate = False


class _LineFormatter(logging.Formatter):
    def __init__(self, tracebacks: bool) -> None:
        super().__init__("rasad: %(message)s")
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        if not self.tracebacks:
            record.exc_info = None
            record.exc_text = None
        return safe_text(super().format(record))


def echo_error(line: str) -> None:
    """One line to stderr, whatever characters it holds."""
    sys.stderr.write(safe_text(line) + "\n")
    sys.stderr.flush()


def encode_record(data: dict[str, Any]) -> str:
    """A record as one line of JSON, with lone surrogates replaced; raises ValueError for NaN."""
    return safe_text(json.dumps(data, ensure_ascii=False, allow_nan=False))


def document_record(doc: Document) -> tuple[dict[str, Any], str]:
    """``(record, json_line)`` of a document; a document that cannot be serialised becomes its
    error record (the error names the reason)."""
    try:
        data = doc.to_dict()
        return data, encode_record(data)
    except (ValueError, TypeError, RecursionError, AttributeError) as exc:
        doc.error = f"cannot write the document ({exc.__class__.__name__}: {' '.join(str(exc).split())[:120]})"
        data = {"source": safe_text(doc.source), "error": safe_text(doc.error)}
        return data, encode_record(data)


class DocumentWriter:
    """Writes documents as ``jsonl``, one ``json`` array (streamed), or the ``pretty`` view.

    ``status`` is the exit status the documented rule gives: 0 once a document came out without
    error, else 1.
    """

    def __init__(self, stream: IO[str], fmt: str = "jsonl") -> None:
        self.stream, self.fmt = stream, fmt
        self.ok = self.count = 0
        self.pretty: Any = None
        if fmt == "pretty":
            from rasad.pretty import PrettyPrinter

            self.pretty = PrettyPrinter()

    @property
    def status(self) -> int:
        return 0 if self.ok else 1

    def _write(self, text: str) -> None:
        buffer = getattr(self.stream, "buffer", None)
        if buffer is not None:
            self.stream.flush()
            buffer.write(text.encode("utf-8", errors="replace"))
        else:
            self.stream.write(text)

    def write(self, doc: Document) -> None:
        """Write one document (and its error line on stderr when it failed)."""
        _, line = document_record(doc)
        if doc.error is None and self.pretty is not None:
            try:
                self.pretty.show(doc)
            except Exception as exc:  # the view must not lose a document the pipeline processed
                doc.error = f"cannot show the document ({exc.__class__.__name__})"
        if doc.error is not None:
            echo_error(f"rasad: {doc.source}: {doc.error}")
        else:
            self.ok += 1
        if self.fmt == "jsonl":
            self._write(line + "\n")
        elif self.fmt == "json":
            self._write(("[\n" if self.count == 0 else ",\n") + line)
        self.count += 1
        if self.fmt != "pretty":
            self.stream.flush()

    def close(self) -> None:
        """End the output (the closing bracket of a JSON array) and flush."""
        if self.fmt == "json":
            self._write("[]\n" if self.count == 0 else "\n]\n")
        self.stream.flush()
        buffer = getattr(self.stream, "buffer", None)
        if buffer is not None:
            buffer.flush()
