"""Readers: encodings, bad inputs, JSONL records, directories."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rasad.errors import InputError
from rasad.model import RawDoc
from rasad.read import decode_bytes, iter_inputs

ARABIC = "قال وزير الخارجية إن المحادثات كانت مثمرة."


@pytest.mark.parametrize(
    "data",
    [
        ARABIC.encode("utf-8"),
        b"\xef\xbb\xbf" + ARABIC.encode("utf-8"),
        ARABIC.encode("utf-16"),
        ARABIC.encode("cp1256"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "windows-1256"],
)
def test_encodings_decode_to_the_same_text(data: bytes) -> None:
    assert decode_bytes(data, "x.txt") == ARABIC


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b"   \n\n", "empty"), (bytes(range(256)) * 20, "binary"), ("Ωμέγα κείμενο".encode("iso-8859-7") * 30, "unknown encoding")],
)
def test_bad_bytes_are_named_errors(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data, "bad.txt")
    assert reason in str(info.value)
    assert str(info.value).startswith("bad.txt: ")


def test_jsonl_records_get_numbered_sources(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    lines = [
        json.dumps({"title": "عنوان", "text": ARABIC, "url": "http://www.okaz.com.sa/a"}, ensure_ascii=False),
        "{not json",
        json.dumps({"title": "بلا نص"}),
        json.dumps({"page": "عنوان\n\n" + ARABIC}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = list(iter_inputs([str(path)]))
    assert [i.source for i in items] == [f"{path}#{n}" for n in (1, 2, 3, 4)]
    assert isinstance(items[0], RawDoc) and items[0].kind == "text" and items[0].meta["url"].endswith("/a")
    assert isinstance(items[1], InputError) and "not a JSON object" in items[1].reason
    assert isinstance(items[2], InputError) and "no 'html', 'page' or 'text'" in items[2].reason
    assert isinstance(items[3], RawDoc) and items[3].kind == "page"


def test_directory_with_a_bad_file_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("عنوان الخبر هنا\n\n" + ARABIC * 3, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_bytes(("عنوان آخر للخبر\n\n" + ARABIC * 3).encode("cp1256"))
    (tmp_path / "empty.txt").write_bytes(b"")
    proc = subprocess.run(
        [sys.executable, "-m", "rasad.cli", "extract", str(tmp_path), "--format", "jsonl"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [Path(d["source"]).name for d in out] == ["a.txt", "b.txt", "empty.txt", "c.txt"]
    assert "error" not in out[0] and out[0]["article"]["body"]
    assert "binary" in out[1]["error"] and "empty" in out[2]["error"]
    assert out[3]["article"]["title"] == "عنوان آخر للخبر"
    errors = proc.stderr.strip().splitlines()
    assert len(errors) == 2 and all(line.startswith("rasad: ") for line in errors)
    assert "b.txt: binary data" in errors[0]


def test_every_file_failing_exits_1(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_bytes(b"")
    proc = subprocess.run(
        [sys.executable, "-m", "rasad.cli", "extract", str(tmp_path / "b.txt"), str(tmp_path / "missing.txt")],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 1
    assert "missing.txt: no such file or directory" in proc.stderr
