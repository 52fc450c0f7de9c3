"""Issue 14, "nothing lost, nothing hangs": one record per input document, whatever the bytes."""

from __future__ import annotations

import gzip
import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import rasad
from rasad.budget import BudgetExceeded, TimeBudget
from rasad.errors import InputError
from rasad.extract.checks import valid_published
from rasad.extract.paragraphs import MAX_PARAGRAPH_CHARS, split_paragraph
from rasad.model import Document, RawDoc
from rasad.output import DocumentWriter, document_record
from rasad.pipeline import Pipeline
from rasad.read import decode_bytes, iter_inputs
from rasad.read.text import clean_text

ARABIC = "قال وزير الخارجية الأردني أيمن الصفدي إن المحادثات مع مصر كانت مثمرة وبناءة جدا."
PAGE = """icon
الرئيسية

{title}

2023.11.12 | 16:05 عمّان

عمّان ـ وكالات
حجم الخط

بحث وزير الخارجية الأردني أيمن الصفدي مع وزير الخارجية المصري سامح شكري في عمّان، يوم الخميس الماضي، التطورات في قطاع غزة.

وقال الصفدي في مؤتمر صحفي مشترك إن الأولوية الآن هي وقف الحرب وحماية المدنيين.
"""


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rasad.cli", *args], input=stdin, capture_output=True,
                          text=True, check=False, env={**os.environ, "PYTHONIOENCODING": ""})


def sources(items) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.source for i in items]


# ---- the invariant ------------------------------------------------------------------------------


def test_a_lone_surrogate_costs_nothing_in_jsonl_and_json(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "قال الوزير \\ud83d إن المحادثات مثمرة."}\n' + json.dumps({"text": ARABIC}) + "\n")
    for fmt in ("jsonl", "json"):
        done = run("extract", "--only", "article", "-f", fmt, str(path))
        assert done.returncode == 0, done.stderr
        records = [json.loads(line) for line in done.stdout.splitlines()] if fmt == "jsonl" else json.loads(done.stdout)
        assert [r["source"] for r in records] == [f"{path}#1", f"{path}#2"]
        assert "\ufffd" in records[0]["article"]["body"][0]
        assert "Traceback" not in done.stderr


def test_a_failing_stage_and_an_unwritable_document_are_records() -> None:
    def boom(doc: Document) -> Document:
        raise KeyError("nope")

    pipe = Pipeline(stages=[("boom", boom)])
    doc = pipe(RawDoc(source="a", kind="page", text=ARABIC))
    assert doc.error == "internal error in stage 'boom': KeyError: 'nope'"
    bad = Document(source="b\udcff")
    bad.article.title = float("nan")  # type: ignore[assignment]
    data, line = document_record(bad)
    assert data == {"source": "b\ufffd", "error": bad.error} and "cannot write" in (bad.error or "")
    assert json.loads(line)["source"] == "b\ufffd"


def test_writer_status_follows_the_rule(tmp_path: Path) -> None:
    out = (tmp_path / "o.txt").open("w", encoding="utf-8")
    writer = DocumentWriter(out, "json")
    writer.write(Document(source="x", error="bad"))
    assert writer.status == 1
    writer.write(Document(source="y"))
    writer.close()
    out.close()
    assert writer.status == 0
    assert [r["source"] for r in json.loads((tmp_path / "o.txt").read_text())] == ["x", "y"]


def test_time_budget_turns_a_runaway_document_into_an_error() -> None:
    def spin(doc: Document) -> Document:
        while True:
            pass

    start = time.monotonic()
    doc = Pipeline(stages=[("spin", spin)], time_budget=0.3)(RawDoc(source="a", kind="page", text=ARABIC))
    assert doc.error is not None and doc.error.startswith("time budget exceeded (0.3 s, in stage 'spin')")
    assert time.monotonic() - start < 5
    with TimeBudget(None) as budget:  # no budget: nothing fires
        pass
    assert not budget.expired


def test_a_budget_that_ends_with_its_block_never_fires_later() -> None:
    for _ in range(20):
        with TimeBudget(0.2):
            pass
    time.sleep(0.3)  # a timer left running would raise here
    with pytest.raises(BudgetExceeded), TimeBudget(0.05):
        time.sleep(0.01)
        while True:
            pass


def test_long_paragraphs_are_split_at_sentence_ends_and_nothing_is_lost() -> None:
    sentence = "وقال الوزير إن المحادثات كانت مثمرة. "
    text = sentence * 400
    pieces = split_paragraph(text, 1000)
    assert all(len(p) <= 1000 for p in pieces)
    assert all(p.endswith(".") for p in pieces)
    assert " ".join(pieces).split() == text.split()
    unbroken = "ب" * 2500
    assert split_paragraph(unbroken, 1000) == ["ب" * 1000, "ب" * 1000, "ب" * 500]
    doc = Pipeline(only="article")(RawDoc(source="t", kind="text", text=sentence * 300))
    assert len(doc.article.body) > 1 and max(map(len, doc.article.body)) <= MAX_PARAGRAPH_CHARS


# ---- readers ------------------------------------------------------------------------------------


def test_utf16_jsonl_with_line_separators_inside_strings(tmp_path: Path) -> None:
    path = tmp_path / "u.jsonl"
    lines = [json.dumps({"text": f"{ARABIC}\u2028{n}"}, ensure_ascii=False) for n in range(3)]
    path.write_bytes("\n".join(lines).encode("utf-16"))
    items = list(iter_inputs([str(path)]))
    assert sources(items) == [f"{path}#{n}" for n in (1, 2, 3)]
    assert all(isinstance(i, RawDoc) for i in items)


def _warc_record(n: int, extra: int = 0) -> bytes:
    page = f"<html><body><h1>عنوان {n}</h1><p>{ARABIC}</p></body></html>".encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/{n}\r\n"
            f"WARC-Record-ID: <urn:uuid:{n}>\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http) + extra}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


def test_a_warc_record_with_too_large_a_length_does_not_swallow_the_next(tmp_path: Path) -> None:
    path = tmp_path / "a.warc"
    path.write_bytes(_warc_record(1) + _warc_record(2, extra=60) + _warc_record(3))
    items = list(iter_inputs([str(path)]))
    assert sources(items) == [f"{path}#{n}" for n in (1, 2, 3)]
    assert isinstance(items[1], InputError) and "Content-Length runs into the next record" in items[1].reason
    assert isinstance(items[0], RawDoc) and isinstance(items[2], RawDoc) and "عنوان 3" in items[2].text


def test_empty_inputs_are_named(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "e.warc").write_bytes(b"")
    (tmp_path / "only-request.warc").write_bytes(
        b"WARC/1.0\r\nWARC-Type: request\r\nWARC-Record-ID: <urn:uuid:1>\r\nContent-Length: 0\r\n\r\n\r\n\r\n")
    for name in ("empty", "only-request.warc"):
        items = list(iter_inputs([str(tmp_path / name)]))
        assert len(items) == 1 and isinstance(items[0], InputError) and "no documents" in items[0].reason
    done = run("extract", str(tmp_path / "empty"))
    assert done.returncode == 1 and "no documents" in done.stderr


def test_wrong_typed_fields_and_bad_dates_are_dropped_with_a_warning(tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "w.jsonl"
    records = [{"text": ARABIC, "site": 7, "id": 12, "published": bad} for bad in ("not a date", "2020-02-31", "NaN")]
    records.append({"text": 5})
    path.write_text("\n".join(json.dumps(r) for r in records))
    with caplog.at_level(logging.WARNING, logger="rasad"):
        docs = list(Pipeline(only="article").run([path]))
    assert [d.error is None for d in docs] == [True, True, True, False]
    assert all(d.article.published is None for d in docs[:3])
    assert "the record's 'text' field is a number, not text" in (docs[3].error or "")
    assert "field 'site' is a number, not text; ignored" in caplog.text
    assert "'published' is not an ISO 8601 date ('2020-02-31')" in caplog.text


def test_iso_published() -> None:
    assert valid_published("2020-12-20T13:48:00+0200") == "2020-12-20T13:48:00+02:00"
    assert valid_published("2015-08-10 09:00:00") == "2015-08-10T09:00:00"
    assert [valid_published(v) for v in ("2020-02-31", "NaN", "", 2020, "2020-13-01")] == [None] * 5


def test_directories_read_json_and_gzipped_pages_and_name_loops(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.json").write_text(json.dumps([{"text": ARABIC}, {"text": ARABIC}]))
    (root / "b.txt.gz").write_bytes(gzip.compress(PAGE.format(title="عنوان").encode()))
    (root / "c.html.gz").write_bytes(gzip.compress(f"<html><body><p>{ARABIC}</p></body></html>".encode()))
    (root / "d.json").write_text(json.dumps({"text": ARABIC}))
    (root / "notes.pdf").write_bytes(b"%PDF")
    (root / "sub" / "loop").symlink_to(root)
    items = list(iter_inputs([str(root)]))
    assert sources(items) == [f"{root}/a.json#1", f"{root}/a.json#2", f"{root}/b.txt.gz", f"{root}/c.html.gz",
                              f"{root}/d.json", f"{root}/sub/loop"]
    assert [type(i).__name__ for i in items] == ["RawDoc"] * 5 + ["InputError"]
    assert items[3].kind == "html"  # type: ignore[union-attr]
    assert "symbolic link loop" in items[5].reason  # type: ignore[union-attr]
    (tmp_path / "self").symlink_to(tmp_path / "self")
    [loop] = iter_inputs([str(tmp_path / "self")])
    assert isinstance(loop, InputError) and "symbolic link loop" in loop.reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any directory")
def test_an_unreadable_directory_is_reported(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text(ARABIC)
    locked.chmod(0)
    try:
        items = list(iter_inputs([str(tmp_path)]))
    finally:
        locked.chmod(0o755)
    assert any(isinstance(i, InputError) and "cannot read the directory" in i.reason for i in items)


def test_damaged_utf8_is_decoded_with_a_warning(caplog) -> None:  # type: ignore[no-untyped-def]
    data = (ARABIC * 5 + " جدا").encode("utf-8")
    flipped = bytearray(data)
    flipped[40] ^= 0x40
    with caplog.at_level(logging.WARNING, logger="rasad"):
        text = decode_bytes(data[:-1], "cut.txt")
        assert text.startswith(ARABIC) and text.endswith("\ufffd")
        assert decode_bytes(bytes(flipped), "flip.txt").count("\ufffd") >= 1
    assert "cut.txt: 1 invalid UTF-8 byte sequence replaced" in caplog.text


def test_an_unknown_encoding_names_what_was_tried() -> None:
    with pytest.raises(InputError) as info:
        decode_bytes("Ωμέγα κείμενο".encode("iso-8859-7") * 30, "g.txt")
    reason = info.value.reason
    assert all(word in reason for word in ("UTF-8", "UTF-16", "Windows-1256", "ISO-8859-6", "charset-normalizer"))


# ---- the Python API -----------------------------------------------------------------------------


def test_process_refuses_many_documents_and_missing_paths(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(json.dumps({"text": ARABIC}) for _ in range(3)))
    with pytest.raises(InputError, match=r"use rasad\.stream"):
        rasad.process(str(path))
    with pytest.raises(InputError, match=r"use rasad\.stream"):
        rasad.process(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        rasad.process(str(tmp_path / "missing.txt"))
    assert [d.source for d in rasad.stream(path)] == [f"{path}#{n}" for n in (1, 2, 3)]
    assert rasad.process(ARABIC).article.body == [ARABIC]


# ---- quiet wrong answers ------------------------------------------------------------------------


@pytest.mark.parametrize("end", ["؟", "!", ".", "…", ":", '"'])
def test_a_title_ending_in_punctuation_is_still_the_title(end: str) -> None:
    title = "هل يبحث وزير الخارجية الأردني مع نظيره المصري التطورات في غزة" + end
    doc = Pipeline(only="article")(RawDoc(source="p.txt", kind="page", text=PAGE.format(title=title)))
    assert doc.article.title == title
    assert doc.article.published == "2023-11-12T16:05:00+03:00"
    assert doc.article.dateline == "عمّان"
    assert not any("حجم الخط" in p for p in doc.article.body)


def test_copies_of_one_page_keep_their_title(tmp_path: Path) -> None:
    for n in range(4):
        (tmp_path / f"c{n}.txt").write_text(PAGE.format(title="وزير الخارجية الأردني يبحث مع نظيره المصري التطورات"))
    docs = list(Pipeline(only="article").run([tmp_path]))
    assert [d.article.title for d in docs] == ["وزير الخارجية الأردني يبحث مع نظيره المصري التطورات"] * 4
    assert [d.article.dateline for d in docs] == ["عمّان"] * 4


def test_presentation_forms_are_read_as_letters(pipeline) -> None:  # type: ignore[no-untyped-def]
    shaped = "ﻗﺎﻝ ﻭﺯﻳﺮ ﺍﻟﺨﺎﺭﺟﻴﺔ ﺍﻟﺮﻭﺳﻲ ﺳﻴﺮﻏﻲ ﻻﻓﺮﻭﻑ ﺇﻥ ﻣﻮﺳﻜﻮ ﺳﺘﻮﺍﺻﻞ ﺩﻋﻢ ﺩﻣﺸﻖ."
    assert clean_text(shaped) == "قال وزير الخارجية الروسي سيرغي لافروف إن موسكو ستواصل دعم دمشق."
    doc = pipeline(RawDoc(source="pf.txt", kind="text", text=shaped))
    assert {"سيرغي لافروف", "موسكو", "دمشق"} <= {m.text for m in doc.entities}


def test_html_too_deep_for_lxml_still_gives_its_text(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 10000 + f"<p>{ARABIC}</p>" + "</div>" * 10000 + "</body></html>")
    [doc] = Pipeline(only="article").run([path])
    assert doc.article.body == [ARABIC]


# ---- what a new user meets ----------------------------------------------------------------------


def test_help_has_no_python_types_and_rewraps_docstrings() -> None:
    done = run("extract", "--help")
    assert "<bool>" not in done.stdout and "<list[str]>" not in done.stdout
    assert "A document that cannot be read or processed is reported" in " ".join(done.stdout.split())


def test_tools_name_bad_files_without_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "people.yaml"
    bad.write_bytes(b"\xff\xfe\x00\xb2 binary")
    for args in (("kb", "add", str(bad)), ("ner", "--conll", str(bad)), ("eval", "--conll", str(bad))):
        done = run(*args)
        assert done.returncode != 0 and "Traceback" not in done.stderr
        assert done.stderr.startswith(f"rasad: {bad}: not UTF-8 text")


def test_the_events_table_keeps_type_mode_and_date_whole_at_80_columns(pipeline) -> None:  # type: ignore[no-untyped-def]
    from rich.cells import cell_len
    from rich.console import Console

    from rasad.pretty import PrettyPrinter

    [doc] = pipeline.run([Path(__file__).resolve().parents[1] / "samples" / "amman-talks.txt"])
    assert doc.events
    console = Console(width=80, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    PrettyPrinter(console).show(doc)
    shown = console.export_text()
    assert all(cell_len(line) <= 80 for line in shown.splitlines())
    for event in doc.events:
        assert event.type in shown and (event.mode or "-") in shown and (event.date or "—") in shown
    assert "…" not in shown.split("events (PLOVER)")[1].split("quotes")[0]


def test_chrome_learning_holds_a_bounded_amount_of_text() -> None:
    from rasad.extract.chrome import ChromeLearner

    pulled = 0

    def pages():  # type: ignore[no-untyped-def]
        nonlocal pulled
        for n in range(50):
            pulled += 1
            yield RawDoc(source=f"site/p{n}.txt", kind="page", text=f"{'كلمة ' * 2000}\n{n}")

    ahead = []
    for n, _ in enumerate(ChromeLearner(window=200, window_chars=50_000).annotate(pages())):
        ahead.append(pulled - n)
    assert max(ahead) <= 6  # 10,000 characters a page: five pages fit in 50,000, not 200
