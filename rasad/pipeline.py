"""The pipeline: an ordered list of stages, each ``stage(doc) -> doc``, as in spaCy.

``Pipeline()`` builds the default stages once (the KB and lexicons load here, not per document);
``pipe()`` streams documents through them; a document whose input is bad comes out with its
``error`` set and the stream goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from rasad.errors import InputError
from rasad.model import Document, RawDoc
from rasad.read import iter_inputs

Stage = Callable[[Document], Document]
log = logging.getLogger(__name__)



def default_stages(only: str | None = None, ner: bool = True, learned: bool = True) -> list[tuple[str, Stage]]:
    """The stages in order; ``only="article"`` stops after extraction; ``ner=False`` leaves
    the statistical name tagger out of the entities stage (see rasad.ner); ``learned=False``
    keeps the events of the rules, without the trained event models (see rasad.decide)."""
    from rasad.stages.arabic import arabic
    from rasad.stages.extract import extract

    stages: list[tuple[str, Stage]] = [("extract", extract)]
    if only == "article":
        return stages
    from rasad.stages.entities import EntityStage
    from rasad.stages.events import EventStage
    from rasad.stages.quotes import QuoteStage
    from rasad.stages.speech import SpeechActStage
    from rasad.stages.times import times

    entities = EntityStage(tagger=ner)
    events = EventStage(entities.kb)
    stages += [
        ("arabic", arabic),
        ("entities", entities),
        ("times", times),
        ("events", events),
        ("quotes", QuoteStage(entities.kb)),
        ("speech", SpeechActStage(entities.kb)),
    ]
    if learned:
        from rasad.decide.coder import EventCoder
        from rasad.decide.model import default_model

        model = default_model()
        if model is not None:
            stages.append(("decide", EventCoder(events, model)))
    return stages


class Pipeline:
    """``Pipeline()(raw)`` → Document; ``Pipeline(stages=[...])`` to drop or add stages."""

    def __init__(
        self, stages: list[tuple[str, Stage]] | None = None, only: str | None = None, ner: bool = True, learned: bool = True
    ) -> None:
        self.stages = stages if stages is not None else default_stages(only, ner, learned)

    @property
    def stage_names(self) -> list[str]:
        return [name for name, _ in self.stages]

    def __call__(self, raw: RawDoc) -> Document:
        doc = Document(source=raw.source, raw=raw)
        for name, stage in self.stages:
            try:
                doc = stage(doc)
            except Exception as exc:  # a bug on one document must not stop a batch of thousands
                log.exception("stage %s failed on %s", name, raw.source)
                return Document(source=raw.source, error=f"internal error in stage '{name}': {exc!r}")
        doc.raw = None
        doc.paragraphs = []
        return doc

    def pipe(self, items: Iterable[RawDoc | InputError]) -> Iterator[Document]:
        """Process a stream of RawDocs (and pass read errors through as error documents)."""
        for item in items:
            if isinstance(item, InputError):
                yield Document(source=item.source, error=item.reason)
            else:
                yield self(item)

    def run(self, paths: Iterable[str | Path], learn_chrome: bool = True) -> Iterator[Document]:
        """Read ``paths`` (files, directories, ``-``) and process every document in them.

        With ``learn_chrome``, lines that many pages of one site repeat are taken as that site's
        chrome (see :mod:`rasad.extract.chrome`).
        """
        items = iter_inputs(str(p) for p in paths)
        if learn_chrome:
            from rasad.extract.chrome import ChromeLearner

            items = ChromeLearner().annotate(items)
        return self.pipe(items)


_default: Pipeline | None = None


def process(text_or_path: str | Path) -> Document:
    """One document through the default pipeline: a path to a file, or the text of a flattened page.

    ``process("../shared/gold/inputs/000_b6e17d915fa2deda.txt").article.published``
    → ``"2020-12-20T13:48:00+02:00"``.
    """
    global _default
    if _default is None:
        _default = Pipeline()
    if isinstance(text_or_path, Path) or _is_file(text_or_path):
        docs = list(_default.run([text_or_path]))
        return docs[0] if docs else Document(source=str(text_or_path), error="no document in the input")
    return _default(RawDoc(source="<text>", kind="page", text=str(text_or_path)))


def _is_file(text: str) -> bool:
    """Is a string a path to a file? A one-line sentence is not, even one too long for a file name."""
    if "\n" in text or len(text) >= 4096:
        return False
    try:
        return Path(text).is_file()
    except (OSError, ValueError):  # "File name too long", an embedded NUL
        return False
