"""The pipeline: an ordered list of stages, each ``stage(doc) -> doc``, as in spaCy.

``Pipeline()`` builds the default stages once (the KB and lexicons load here, not per document);
``pipe()`` streams documents through them; a document whose input is bad comes out with its
``error`` set and the stream goes on.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from rasad.budget import BudgetExceeded, TimeBudget
from rasad.errors import InputError
from rasad.extract.checks import check_article
from rasad.extract.paragraphs import bound_paragraphs
from rasad.model import Document, RawDoc
from rasad.read import iter_inputs
from rasad.read.text import clean_raw, safe_text

Stage = Callable[[Document], Document]
log = logging.getLogger(__name__)

#: Seconds one document may take through the stages before it becomes an error record.
TIME_BUDGET = 120.0
#: Documents per worker a stream must hold before ``jobs`` > 1 starts worker processes (starting
#: them and loading their pipelines costs more than a handful of documents).
POOL_FROM = 25

def default_stages(only: str | None = None, ner: bool = True, learned: bool = True) -> list[tuple[str, Stage]]:
    """The stages in order; ``only="article"`` stops after extraction; ``ner=False`` leaves
    the statistical name tagger out of the entities stage (see rasad.ner); ``learned=False``
    keeps the events of the rules, without the trained event models (see rasad.decide)."""
    from rasad.stages.arabic import arabic
    from rasad.stages.extract import extract

    stages: list[tuple[str, Stage]] = [("extract", extract), ("bound", bound_paragraphs)]
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
    """``Pipeline()(raw)`` → Document; ``Pipeline(stages=[...])`` to drop or add stages.

    Whatever a document holds, it comes out as one Document: a failure in any stage, or a
    document that runs past ``time_budget`` seconds (None: no budget), gives that document's
    ``error`` and the stream goes on.
    """

    def __init__(
        self,
        stages: list[tuple[str, Stage]] | None = None,
        only: str | None = None,
        ner: bool = True,
        time_budget: float | None = TIME_BUDGET,
        learned: bool = True,
    ) -> None:
        self.stages = stages if stages is not None else default_stages(only, ner, learned)
        self.time_budget = time_budget
        # what a worker process needs to build the same pipeline (None: stages given, not built here)
        self.options: dict[str, Any] | None = None if stages is not None else {
            "only": only, "ner": ner, "time_budget": time_budget, "learned": learned}

    @property
    def stage_names(self) -> list[str]:
        return [name for name, _ in self.stages]

    def __call__(self, raw: RawDoc) -> Document:
        raw = clean_raw(raw)
        doc = Document(source=raw.source, raw=raw)
        name = "start"
        try:
            with TimeBudget(self.time_budget) as budget:
                for stage_name, stage in self.stages:
                    name = stage_name
                    if budget.expired:
                        raise BudgetExceeded
                    doc = stage(doc)
                if budget.expired:  # a last stage stuck in one long call into C
                    raise BudgetExceeded
        except BudgetExceeded:
            return Document(source=raw.source, error=_over_budget(self.time_budget, name))
        except Exception as exc:  # a bug on one document must not stop a batch of thousands
            log.debug("stage %s failed on %s", name, raw.source, exc_info=True)
            return Document(source=raw.source, error=f"internal error in stage '{name}': {_describe(exc)}")
        doc.raw = None
        doc.paragraphs = []
        check_article(doc)
        return doc

    def pipe(self, items: Iterable[RawDoc | InputError], jobs: int = 1) -> Iterator[Document]:
        """Process a stream of RawDocs (and pass read errors through as error documents), in
        order; with ``jobs`` > 1, in that many worker processes once the stream holds more than a
        few documents (a pipeline built from ``stages`` always runs in this process)."""
        items = iter(items)
        if jobs > 1 and self.options is not None:
            head = list(itertools.islice(items, jobs * POOL_FROM))
            items = itertools.chain(head, items)
            if len(head) == jobs * POOL_FROM:
                from rasad.pool import OrderedPool

                pool: OrderedPool[RawDoc | InputError, Document] = OrderedPool(
                    jobs, _in_worker, _lost, self.options)  # type: ignore[arg-type]  # read errors never go to a worker
                yield from pool.map(items, _read_error)
                return
        for item in items:
            yield self(item) if isinstance(item, RawDoc) else _unread(item)

    def run(self, paths: Iterable[str | Path], learn_chrome: bool = True, jobs: int = 1) -> Iterator[Document]:
        """Read ``paths`` (files, directories, ``-``) and process every document in them, in
        ``jobs`` processes (see :meth:`pipe`).

        With ``learn_chrome``, lines that many pages of one site repeat are taken as that site's
        chrome (see :mod:`rasad.extract.chrome`).
        """
        items = iter_inputs(str(p) for p in paths)
        if learn_chrome:
            from rasad.extract.chrome import ChromeLearner

            items = ChromeLearner().annotate(items)
        return self.pipe(items, jobs)


def _unread(error: InputError) -> Document:
    """The document of an input that could not be read."""
    return Document(source=safe_text(error.source), error=safe_text(error.reason))


def _read_error(item: RawDoc | InputError) -> Document | None:
    return _unread(item) if isinstance(item, InputError) else None


def _in_worker(raw: RawDoc) -> Document:
    """A document through the pipeline of a worker process (:func:`rasad.pool.init_worker`)."""
    from rasad.pool import worker_pipeline

    return worker_pipeline()(raw)  # type: ignore[no-any-return]


def _lost(item: RawDoc | InputError) -> Document:
    return Document(source=safe_text(item.source), error="the worker process died while processing this document "
                                                         "(out of memory, or a crash in a library)")


def _over_budget(seconds: float | None, stage: str) -> str:
    return (
        f"time budget exceeded ({seconds:g} s, in stage '{stage}'); the document is too long or too "
        "unusual: split it, or raise the budget (--time-budget)"
    )


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return safe_text(f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__)


_default: Pipeline | None = None
_MULTI_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".json", ".warc", ".warc.gz", ".zip", ".tar", ".tar.gz", ".tgz")
_PATH_LIKE = re.compile(
    r"(?:\.(?:txt|text|html?|xhtml|jsonl|ndjson|json|warc|zip|tar|tgz|gz))$|^[~.]?[/\\]|^[A-Za-z]:[/\\]",
    re.IGNORECASE,
)


def default_pipeline() -> Pipeline:
    """The default pipeline, built once per process (the KB and lexicons load on first use)."""
    global _default
    if _default is None:
        _default = Pipeline()
    return _default


def process(text_or_path: str | Path) -> Document:
    """One document through the default pipeline: a path to a page, or the text of a flattened page.

    ``process("../shared/gold/inputs/000_b6e17d915fa2deda.txt").article.published``
    → ``"2020-12-20T13:48:00+02:00"``. A path to an input holding many documents (a directory,
    JSONL, JSON, WARC or archive) raises :class:`InputError` pointing to :func:`stream`; so does a
    string that looks like a path (one line ending in ``.txt``, ``.html``…, or starting with
    ``/`` or ``./``) when no such file exists.
    """
    pipeline = default_pipeline()
    if isinstance(text_or_path, Path) or _is_file(text_or_path):
        path = Path(text_or_path)
        if path.is_dir() or path.name.lower().endswith(_MULTI_SUFFIXES):
            raise InputError(str(path), "holds many documents: use rasad.stream(path), which yields one "
                                        "Document for each")
        if not path.exists():
            raise InputError(str(path), "no such file or directory")
        docs = list(pipeline.run([path]))
        return docs[0] if docs else Document(source=str(path), error="no document in the input")
    text = str(text_or_path)
    if _looks_like_path(text):
        raise InputError(text, "no such file or directory (to process a one-line text that looks like a "
                               "path, pass rasad.RawDoc(source=..., kind='page', text=...) to rasad.Pipeline())")
    return pipeline(RawDoc(source="<text>", kind="page", text=text))


def stream(*paths: str | Path, pipeline: Pipeline | None = None) -> Iterator[Document]:
    """Every document under ``paths`` (files, directories, JSONL, WARC, archives), in input order,
    one Document each, failures included (their ``error`` set) — as ``rasad extract`` writes them.

    ``[d.source for d in rasad.stream("samples/records.jsonl")]`` → ``["samples/records.jsonl#1", ...]``.
    """
    return (pipeline or default_pipeline()).run(paths)


def _is_file(text: str) -> bool:
    """Is a string a path to an existing file or directory? A sentence is not, even a long one."""
    if "\n" in text or len(text) >= 4096:
        return False
    try:
        return Path(text).exists()
    except (OSError, ValueError):  # "File name too long", an embedded NUL
        return False


def _looks_like_path(text: str) -> bool:
    stripped = text.strip()
    return "\n" not in stripped and len(stripped) < 4096 and bool(_PATH_LIKE.search(stripped))
