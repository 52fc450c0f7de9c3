"""The process pool of `rasad extract --jobs`: same documents, same order, read errors kept."""

from __future__ import annotations

import pickle

from rasad.errors import InputError
from rasad.kb import default_matcher, load_kb
from rasad.model import RawDoc
from rasad.output import document_record
from rasad.pipeline import POOL_FROM, Pipeline


def _stream(n: int) -> list[RawDoc | InputError]:
    items: list[RawDoc | InputError] = []
    for i in range(n):
        if i % 7 == 3:
            items.append(InputError(f"bad#{i}", "not UTF-8 text (bad byte at 12)"))
        else:
            body = f"قال وزير الخارجية الأردني أيمن الصفدي في عمّان إن اللقاء رقم {i} بحث التطورات في غزة."
            items.append(RawDoc(f"doc#{i}", "page", f"خبر رقم {i}\n\n{body}\n{body}"))
    return items


def test_input_error_survives_pickling() -> None:
    err = pickle.loads(pickle.dumps(InputError("a.jsonl#3", "bad JSON (line 1)")))
    assert isinstance(err, InputError)
    assert (err.source, err.reason, str(err)) == ("a.jsonl#3", "bad JSON (line 1)", "a.jsonl#3: bad JSON (line 1)")


def test_two_jobs_give_the_documents_of_one_in_input_order() -> None:
    pipeline = Pipeline(only="article")
    items = _stream(2 * POOL_FROM + 5)  # enough to start the workers
    one = [document_record(d)[0] for d in pipeline.pipe(items, jobs=1)]
    two = [document_record(d)[0] for d in pipeline.pipe(items, jobs=2)]
    assert two == one
    assert [d["source"] for d in two] == [i.source for i in items]
    assert two[3]["error"] == "not UTF-8 text (bad byte at 12)"
    assert two[4].get("error") is None and two[4]["article"]["title"] == "خبر رقم 4"


def test_a_pipeline_of_given_stages_stays_in_this_process() -> None:
    seen: list[str] = []

    def stage(doc):  # type: ignore[no-untyped-def]
        seen.append(doc.source)  # a worker process would append to its own copy
        return doc

    items = [i for i in _stream(2 * POOL_FROM + 2) if isinstance(i, RawDoc)]
    docs = list(Pipeline(stages=[("look", stage)]).pipe(items, jobs=2))
    assert seen == [d.source for d in docs] == [i.source for i in items]


def test_the_kb_is_parsed_once_per_process() -> None:
    default_matcher.cache_clear()  # other tests clear load_kb's cache alone
    load_kb.cache_clear()
    assert default_matcher().kb is load_kb()
    assert load_kb.cache_info().misses == 1
