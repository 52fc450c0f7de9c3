"""rasad (رصد): Arabic news pages → clean articles, entities, PLOVER events and quotes.

>>> import rasad
>>> doc = rasad.process("../shared/gold/inputs/000_b6e17d915fa2deda.txt")
>>> doc.article.published
'2020-12-20T13:48:00+02:00'
>>> [d.source for d in rasad.stream("samples/records.jsonl")][:1]
['samples/records.jsonl#1']
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from rasad.model import Document, RawDoc
    from rasad.pipeline import Pipeline


def process(text_or_path: Any) -> Document:
    """One document: the text of a flattened page, or a path to one page (``.txt``, ``.html``).

    A path to many documents (directory, JSONL, WARC, archive) or to nothing raises
    ``rasad.errors.InputError``; use :func:`stream` for many documents.
    """
    from rasad.pipeline import process as _process

    return _process(text_or_path)


def stream(*paths: str | Path) -> Iterator[Document]:
    """Every document under ``paths``, in input order, one Document each (failures carry ``error``)."""
    from rasad.pipeline import stream as _stream

    return _stream(*paths)


def __getattr__(name: str) -> Any:
    if name == "Pipeline":
        from rasad.pipeline import Pipeline

        return Pipeline
    if name == "Document":
        from rasad.model import Document

        return Document
    if name == "RawDoc":
        from rasad.model import RawDoc

        return RawDoc
    raise AttributeError(name)


__all__ = ["Document", "Pipeline", "RawDoc", "__version__", "process", "stream"]
