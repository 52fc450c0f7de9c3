"""The command line: formats, stdin, HTML pages, --version, --only article."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from rasad import __version__
from tests.conftest import SEED_000, need_shared

PAGE = """icon
الرئيسية

وزير الخارجية الأردني يبحث مع نظيره المصري التطورات في غزة

2023.11.12 | 16:05 عمّان

عمّان ـ وكالات
حجم الخط

بحث وزير الخارجية الأردني أيمن الصفدي مع وزير الخارجية المصري سامح شكري في عمّان، يوم الخميس الماضي، التطورات في قطاع غزة.

اقرأ أيضا: الأردن يرسل قافلة مساعدات جديدة إلى غزة

وقال الصفدي في مؤتمر صحفي مشترك إن الأولوية الآن هي وقف الحرب وحماية المدنيين.
"""

HTML = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<meta property="og:site_name" content="أخبار العينة">
<meta property="article:published_time" content="2018-04-15T11:05:09+00:00">
<title>لودريان يدعو موسكو للضغط على الأسد</title></head><body>
<nav><a href="/">الرئيسية</a> <a href="/world">العالم</a></nav>
<article><h1>لودريان يدعو موسكو للضغط على الأسد</h1>
<p>قال وزير الخارجية الفرنسي جان إيف لودريان الأحد في مقابلة صحفية إن الحل اليوم يقع على عاتق روسيا للضغط على بشار الأسد.</p>
<p>وأضاف لودريان أن فرنسا مستعدة للعمل مع روسيا من أجل التوصل إلى حل سياسي في سوريا في أقرب وقت ممكن.</p>
<p>اقرأ أيضا: ماكرون يتحدث عن الضربات في سوريا</p>
</article><footer>جميع الحقوق محفوظة</footer></body></html>"""


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rasad.cli", *args], input=stdin, capture_output=True, text=True, check=False)


def test_version() -> None:
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"rasad {__version__}"


def test_help_on_every_command() -> None:
    for args in (["--help"], ["extract", "--help"]):
        proc = run(*args)
        assert proc.returncode == 0 and "Usage" in proc.stdout


def test_stdin_page_with_published_zone() -> None:
    proc = run("extract", "-", stdin=PAGE)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    art = doc["article"]
    assert doc["source"] == "-"
    assert art["title"] == "وزير الخارجية الأردني يبحث مع نظيره المصري التطورات في غزة"
    assert art["published"] == "2023-11-12T16:05:00+03:00"  # Amman, UTC+3 since 2022
    assert art["dateline"] == "عمّان" and art["credits"] == ["وكالات"]
    assert art["related"] == ["الأردن يرسل قافلة مساعدات جديدة إلى غزة"]
    assert len(art["body"]) == 2
    consult = [e for e in doc["events"] if e["type"] == "CONSULT"]
    assert consult and consult[0]["date"] == "2023-11-09"


def test_html_page(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    proc = run("extract", str(path))
    assert proc.returncode == 0, proc.stderr
    art = json.loads(proc.stdout)["article"]
    assert art["title"] == "لودريان يدعو موسكو للضغط على الأسد"
    assert art["published"] == "2018-04-15T11:05:09+00:00"
    assert art["outlet"] == "أخبار العينة"
    assert len(art["body"]) == 2 and art["body"][0].startswith("قال وزير الخارجية الفرنسي")
    assert art["related"] == ["ماكرون يتحدث عن الضربات في سوريا"]


def test_truncated_html_still_gives_what_it_has(tmp_path: Path) -> None:
    path = tmp_path / "cut.html"
    path.write_text(HTML[: HTML.index("<p>وأضاف")], encoding="utf-8")
    proc = run("extract", str(path))
    assert proc.returncode == 0
    assert "error" not in json.loads(proc.stdout)


def test_only_article_and_json_format() -> None:
    need_shared()
    proc = run("extract", str(SEED_000), "--only", "article", "--format", "json")
    docs = json.loads(proc.stdout)
    assert len(docs) == 1 and docs[0]["entities"] == [] and docs[0]["events"] == []
    assert docs[0]["article"]["published"] == "2020-12-20T13:48:00+02:00"


def test_pretty_view_shows_the_parts() -> None:
    need_shared()
    proc = run("extract", str(SEED_000), "--format", "pretty")
    assert proc.returncode == 0
    for part in ("فيصل المقداد يبحث المساعدات الروسية لنظام الأسد", "events (PLOVER)", "quotes", "[read also]"):
        assert part in proc.stdout
