"""rasad (رصد): Arabic news pages → clean articles, entities, PLOVER events and quotes.

>>> import rasad
>>> doc = rasad.process("../shared/gold/inputs/000_b6e17d915fa2deda.txt")
>>> doc.article.published
'2020-12-20T13:48:00+02:00'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from rasad.model import Document
    from rasad.pipeline import Pipeline


def process(text_or_path: Any) -> Document:
    """Run the default pipeline on a path or on the text of a flattened page."""
    from rasad.pipeline import process as _process

    return _process(text_or_path)


def __getattr__(name: str) -> Any:
    if name == "Pipeline":
        from rasad.pipeline import Pipeline

        return Pipeline
    if name == "Document":
        from rasad.model import Document

        return Document
    raise AttributeError(name)


__all__ = ["Document", "Pipeline", "__version__", "process"]
