"""Readers for WARC files, zip/tar archives, Arabic encodings and size caps."""

from __future__ import annotations

import gzip
import io
import json
import resource
import secrets
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from rasad.errors import InputError
from rasad.model import RawDoc
from rasad.read import decode_bytes, iter_inputs, limits
from rasad.read.decode import decode_html_bytes, meta_charset

warcio = pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

TITLE = "وزير الخارجية يبحث المساعدات الإنسانية"
PARA = "قال وزير الخارجية إن المحادثات مع الوفد الروسي في موسكو كانت مثمرة وبناءة، وإن الجانبين اتفقا على مواصلة التنسيق."
PARAS = [
    PARA,
    "وأضاف الوزير في مؤتمر صحفي عقده في العاصمة أن بلاده ستواصل دعم جهود الأمم المتحدة لإيصال المساعدات.",
    "من جهته، أكد نظيره الروسي أن موسكو مستعدة لتقديم المزيد من القمح والأدوية خلال الأسابيع المقبلة.",
    "وكانت الحكومة قد أعلنت الشهر الماضي عن خطة لإعادة إعمار المناطق المتضررة بالتعاون مع شركائها.",
]
DATE = "2020-12-20T10:00:00Z"


def html_page(title: str = TITLE, charset: str | None = None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    paras = "".join(f"<p>{p}</p>" for p in PARAS)
    return (f"<!DOCTYPE html><html lang=\"ar\"><head>{meta}<title>{title}</title></head>"
            f"<body><article><h1>{title}</h1>{paras}</article></body></html>")


def _items(path: Path) -> list[RawDoc | InputError]:
    return list(iter_inputs([str(path)]))


def _record_id(n: int) -> str:
    return f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>"


def write_warc(path: Path, records: list[tuple[str, str, bytes, str]], gz: bool = True) -> None:
    """records: (url, status line, body, content-type); plus one request and one non-HTML response."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        # fixed dates and record ids: the same bytes on every run (the truncation tests cut at byte offsets)
        req = writer.create_warc_record("http://example.com/", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
                                        warc_headers_dict={"WARC-Date": DATE, "WARC-Record-ID": _record_id(0)})
        writer.write_record(req)
        for n, (url, status, body, ctype) in enumerate(records, 1):
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                            warc_headers_dict={"WARC-Date": DATE, "WARC-Record-ID": _record_id(n)})
            writer.write_record(rec)


def standard_warc(path: Path, gz: bool = True) -> None:
    write_warc(path, [
        ("http://news.example/1", "200 OK", html_page("الخبر الأول").encode("utf-8"), "text/html; charset=utf-8"),
        ("http://news.example/logo.png", "200 OK", b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png"),
        ("http://news.example/gone", "404 Not Found", html_page("غير موجود").encode(), "text/html"),
        ("http://news.example/2", "200 OK", html_page("الخبر الثاني").encode("cp1256"), "text/html; charset=windows-1256"),
        ("http://news.example/3", "200 OK", html_page("الخبر الثالث", "windows-1256").encode("cp1256"), "application/xhtml+xml"),
    ], gz=gz)


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_warc_html_responses_become_numbered_documents(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    standard_warc(path, gz)
    items = _items(path)
    assert [i.source for i in items] == [f"{path}#1", f"{path}#2", f"{path}#3"]
    assert all(isinstance(i, RawDoc) and i.kind == "html" for i in items)
    docs = [i for i in items if isinstance(i, RawDoc)]
    assert [d.meta["url"] for d in docs] == ["http://news.example/1", "http://news.example/2", "http://news.example/3"]
    assert all(d.meta["fetched"] == DATE for d in docs)
    assert "<h1>الخبر الأول</h1>" in docs[0].text
    assert "<h1>الخبر الثاني</h1>" in docs[1].text  # HTTP charset
    assert "<h1>الخبر الثالث</h1>" in docs[2].text  # no HTTP charset: <meta charset>


def test_warc_truncated_last_record_is_one_error(tmp_path: Path) -> None:
    good = tmp_path / "good.warc.gz"
    standard_warc(good)
    data = good.read_bytes()
    for cut, name in ((40, "tail"), (400, "member")):
        path = tmp_path / f"cut-{name}.warc.gz"
        path.write_bytes(data[:-cut])
        items = _items(path)
        assert [i.source for i in items[:2]] == [f"{path}#1", f"{path}#2"]
        assert all(isinstance(i, RawDoc) for i in items[:2])
        last = items[-1]
        assert isinstance(last, InputError) and last.source == f"{path}#{len(items)}"
        assert "broken WARC record" in last.reason and "\n" not in str(last)


def test_warc_broken_record_in_the_middle_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "mid.warc"
    standard_warc(path, gz=False)
    data = path.read_bytes()
    second = data.index(b"WARC/1.", data.index(b"http://news.example/1"))
    # garble the headers of the record after the first HTML page: not a WARC record any more
    path.write_bytes(data[:second] + b"GARBAGE\r\nnot: a header line\r\n\r\n" + data[second + 8:])
    items = _items(path)
    assert isinstance(items[0], RawDoc) and items[0].meta["url"] == "http://news.example/1"
    assert isinstance(items[1], InputError) and items[1].source == f"{path}#2"
    assert "broken WARC record at byte" in items[1].reason and "skipped to byte" in items[1].reason
    kept = [i.meta["url"] for i in items if isinstance(i, RawDoc)]
    assert "http://news.example/3" in kept


def _pages() -> dict[str, bytes]:
    return {
        "b/second.html": html_page("صفحة ثانية").encode("utf-8"),
        "a/first.txt": ("عنوان الخبر الأول\n\n" + PARA).encode("cp1256"),
        "c/records.jsonl": "\n".join(json.dumps({"text": PARA, "url": f"http://x/{i}"}, ensure_ascii=False)
                                     for i in range(2)).encode("utf-8"),
        "d/logo.png": b"\x89PNG",
    }


def test_zip_members_in_name_order(tmp_path: Path) -> None:
    path = tmp_path / "pages.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("z-dir/", b"")
        for name, data in _pages().items():
            zf.writestr(name, data)
    items = _items(path)
    assert [i.source for i in items] == [
        f"{path}#a/first.txt", f"{path}#b/second.html", f"{path}#c/records.jsonl#1", f"{path}#c/records.jsonl#2"]
    assert [getattr(i, "kind", None) for i in items] == ["page", "html", "text", "text"]
    assert isinstance(items[0], RawDoc) and items[0].text.startswith("عنوان الخبر الأول")
    assert isinstance(items[3], RawDoc) and items[3].meta == {"url": "http://x/1"}


@pytest.mark.parametrize("suffix", [".tar.gz", ".tgz", ".tar"])
def test_tar_members_in_name_order(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"pages{suffix}"
    with tarfile.open(path, "w:gz" if "gz" in suffix else "w") as tf:
        for name, data in _pages().items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        jl = gzip.compress(json.dumps({"page": "عنوان\n\n" + PARA}, ensure_ascii=False).encode())
        info = tarfile.TarInfo("e/more.jsonl.gz")
        info.size = len(jl)
        tf.addfile(info, io.BytesIO(jl))
    items = _items(path)
    assert [i.source.split("#", 1)[1] for i in items] == [
        "a/first.txt", "b/second.html", "c/records.jsonl#1", "c/records.jsonl#2", "e/more.jsonl.gz#1"]
    assert all(isinstance(i, RawDoc) for i in items)


def test_truncated_tar_gz_and_zip_are_errors(tmp_path: Path) -> None:
    tgz = tmp_path / "cut.tar.gz"
    with tarfile.open(tgz, "w:gz") as tf:
        for i in range(3):
            data = (f"عنوان {i}\n\n" + secrets.token_hex(20_000)).encode()
            info = tarfile.TarInfo(f"p{i}.txt")
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    tgz.write_bytes(tgz.read_bytes()[:-200])
    items = _items(tgz)
    assert isinstance(items[0], RawDoc) and isinstance(items[-1], InputError)
    assert "\n" not in str(items[-1])
    bad_zip = tmp_path / "cut.zip"
    bad_zip.write_bytes(b"PK\x03\x04" + bytes(50))
    (item,) = _items(bad_zip)
    assert isinstance(item, InputError) and "not a readable zip archive" in item.reason


def test_zip_bomb_member_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_MEMBER_BYTES", 1024 * 1024)
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", b"\n" * (5 * 1024 * 1024))
        zf.writestr("b.txt", "عنوان\n\n" + PARA)
    assert path.stat().st_size < 50_000
    bomb, ok = _items(path)
    assert isinstance(bomb, InputError) and "member too large (5 MB uncompressed > 1 MB); possible zip bomb" in bomb.reason
    assert isinstance(ok, RawDoc)


def test_html_meta_charset_windows_1256(tmp_path: Path) -> None:
    page = html_page(charset="windows-1256")
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("cp1256"))
    (item,) = _items(path)
    assert isinstance(item, RawDoc) and item.kind == "html" and item.text == page
    assert meta_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-6">') == "iso-8859-6"
    # a wrong HTTP/meta declaration the bytes do not fit is passed over
    assert decode_html_bytes(page.encode("cp1256"), "x.html", declared="utf-8") == page
    # UTF-8 bytes mislabelled windows-1256 are still read as UTF-8
    assert decode_html_bytes(page.encode("utf-8"), "x.html", declared="windows-1256") == page
    # ISO-8859-6 declared by the server wins over detection
    assert decode_html_bytes("<p>مصر</p>".encode("iso-8859-6"), "x.html", declared="ISO-8859-6") == "<p>مصر</p>"


def test_iso_8859_6_text(tmp_path: Path) -> None:
    text = "عنوان الخبر\n\n" + PARA.replace("،", ",")
    path = tmp_path / "old.txt"
    path.write_bytes(text.encode("iso-8859-6"))
    (item,) = _items(path)
    assert isinstance(item, RawDoc) and item.text == text


def test_greek_and_binary_still_rejected() -> None:
    with pytest.raises(InputError, match="unknown encoding"):
        decode_bytes("Ωμέγα κείμενο".encode("iso-8859-7") * 30, "g.txt")
    with pytest.raises(InputError, match="unknown encoding"):
        decode_bytes("Привет, это текст".encode("cp1251") * 30, "r.txt")
    with pytest.raises(InputError, match="binary"):
        decode_bytes(bytes(range(256)) * 20, "b.txt")


def test_utf16_without_bom_via_charset_normalizer() -> None:
    assert decode_bytes((TITLE + "\n" + PARA).encode("utf-16-le"), "u.txt") == TITLE + "\n" + PARA


def test_50_mb_page_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: nothing on disk, nothing read
    small = tmp_path / "small.txt"
    small.write_text("عنوان\n\n" + PARA, encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    items = list(iter_inputs([str(big), str(small)]))
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 20 * 1024  # KB: < 20 MB more
    assert isinstance(items[0], InputError)
    assert str(items[0]) == f"{big}: too large (50 MB > 20 MB); split the page"
    assert isinstance(items[1], RawDoc)


def test_oversized_jsonl_record_and_gzip_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_DOC_BYTES", 1024 * 1024)
    path = tmp_path / "r.jsonl"
    rows = [{"text": PARA}, {"text": PARA * 10000}, {"text": PARA}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    items = _items(path)
    assert [type(i).__name__ for i in items] == ["RawDoc", "InputError", "RawDoc"]
    assert items[1].source == f"{path}#2" and "too large (" in str(items[1]) and "split the record" in str(items[1])
    gz = tmp_path / "p.txt.gz"
    gz.write_bytes(gzip.compress(("عنوان\n\n" + PARA * 10000).encode()))
    (item,) = list(iter_inputs([str(gz)]))
    assert isinstance(item, InputError) and item.reason == "too large (2 MB > 1 MB); split the page"


def test_cli_on_a_directory_of_warc_zip_and_a_bad_file(tmp_path: Path) -> None:
    standard_warc(tmp_path / "a.warc.gz")
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as zf:
        zf.writestr("one.txt", "عنوان الخبر في الأرشيف\n\n" + PARA + "\n\n" + PARA)
        zf.writestr("two.html", html_page("خبر من الأرشيف"))
    (tmp_path / "c.txt").write_bytes(bytes(range(256)) * 20)
    proc = subprocess.run(
        [sys.executable, "-m", "rasad.cli", "extract", str(tmp_path), "--only", "article"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [d["source"].replace(str(tmp_path) + "/", "") for d in out] == [
        "a.warc.gz#1", "a.warc.gz#2", "a.warc.gz#3", "b.zip#one.txt", "b.zip#two.html", "c.txt"]
    assert out[0]["article"]["title"] == "الخبر الأول" and out[0]["article"]["body"]
    assert out[3]["article"]["title"] == "عنوان الخبر في الأرشيف"
    assert "binary" in out[5]["error"] and set(out[5]) == {"source", "error"}
    errors = proc.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("rasad: ") and "c.txt: binary data" in errors[0]
