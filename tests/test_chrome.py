"""Site chrome learned across a batch of flattened pages of one site."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from rasad.extract.chrome import ChromeLearner, site_key
from rasad.model import RawDoc

CHROME = "موقع الأخبار العربية الأول\nسياسة اقتصاد رياضة ثقافة\n"
FOOTER = "\nتابعونا على منصات التواصل الاجتماعي للمزيد من الأخبار\n"
STORIES = [
    ("الحكومة تقر موازنة العام المقبل بعد نقاش طويل", "أقرت الحكومة اليوم موازنة العام المقبل بعد نقاش طويل بين الوزراء حول الإنفاق العام."),
    ("افتتاح معرض الكتاب في العاصمة بمشاركة واسعة", "افتتح وزير الثقافة معرض الكتاب في العاصمة بمشاركة مئات دور النشر من عدة دول عربية."),
    ("المنتخب الوطني يفوز في مباراة ودية استعدادا للبطولة", "فاز المنتخب الوطني في مباراة ودية أقيمت مساء أمس استعدادا للبطولة القارية المقبلة."),
    ("ارتفاع أسعار النفط في الأسواق العالمية هذا الأسبوع", "ارتفعت أسعار النفط في الأسواق العالمية هذا الأسبوع بسبب المخاوف من نقص الإمدادات."),
]


def page(title: str, body: str) -> str:
    return f"{CHROME}\n{title}\n\n{body}\n{FOOTER}"


def test_site_keys() -> None:
    assert site_key(RawDoc("x", "page", "", {"url": "https://www.example.com/a/b"})) == "example.com"
    assert site_key(RawDoc("pages/site1/a.txt", "page", "")) == "pages/site1"
    assert site_key(RawDoc("dump.jsonl#3", "page", "")) == "dump.jsonl"


def test_repeated_lines_become_chrome_but_not_on_a_lone_page() -> None:
    docs = [RawDoc(f"site/{i}.txt", "page", page(t, b)) for i, (t, b) in enumerate(STORIES)]
    out = list(ChromeLearner().annotate(docs))
    assert [d.source for d in out] == [d.source for d in docs]
    chrome = out[0].meta["chrome"]
    assert "موقع الاخبار العربيه الاول" in chrome and not any("الحكومه" in k for k in chrome)
    lone = list(ChromeLearner().annotate([RawDoc("other/1.txt", "page", page(*STORIES[0]))]))
    assert "chrome" not in lone[0].meta


def test_batch_extraction_drops_the_site_tagline(tmp_path: Path) -> None:
    for i, (title, body) in enumerate(STORIES):
        (tmp_path / f"{i}.txt").write_text(page(title, body), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "rasad.cli", "extract", str(tmp_path), "--only", "article"],
        capture_output=True, text=True, check=True,
    )
    articles = [json.loads(line)["article"] for line in proc.stdout.splitlines()]
    assert [a["title"] for a in articles] == [t for t, _ in STORIES]
    assert [a["body"] for a in articles] == [[b] for _, b in STORIES]
