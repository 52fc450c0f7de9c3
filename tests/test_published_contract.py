"""Every ``published`` rasad outputs has the contract's form, on every fixture and sample.

The schema (``schema/document.schema.json``) validates each whole document; the contract is
stricter than its pattern on one point, checked here too: a time always carries its UTC offset
(``2020-12-20T13:48:00+02:00``), else only the day is given (``2020-12-20``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import GOLD, ROOT
from tests.test_html_meta import page

SCHEMA = json.loads((ROOT / "schema" / "document.schema.json").read_text())
CONTRACT = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z))?$")

# the shapes of publication time pages write, each on an HTML page
HEADS = [
    '<meta property="article:published_time" content="2020-06-03T03:01+0400">',
    '<meta property="article:published_time" content="2020-06-03 03:01:00">',
    '<meta property="article:published_time" content="2020-06-03T03:01:00Z">',
    '<meta name="pubdate" content="الأربعاء، 07 أكتوبر 2020 - 12:09 م">',
    '<meta name="date" content="Wed, 03 Jun 2020 03:01:00 +0400">',
    '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2020-06-03T03:01:00.000+04:00"}</script>',
    '<link rel="canonical" href="https://www.youm7.com/story/1"><meta name="date" content="2020-06-03 03:01">',
    '<meta name="date" content="not a date at all">',
]
TOPS = [
    "<span>الخميس 03 ديسمبر 2020 | 04:38 مساءً</span>",
    "<span>آخر تحديث: 2020/08/24 10:30</span>",
    "<span>2020.12.20 | 13:48 دمشق</span>",
    "<span>20 كانون الأول 2020 الساعة 13:48 بتوقيت غرينتش+3</span>",
]


def _inputs(tmp_path: Path) -> list[Path]:
    pages = [page(head=h) for h in HEADS] + [page(top=t) for t in TOPS]
    paths = []
    for i, html in enumerate(pages):
        path = tmp_path / f"page-{i:02d}.html"
        path.write_text(html, encoding="utf-8")
        paths.append(path)
    cp1256 = tmp_path / "windows-1256.html"
    cp1256.write_bytes(page(top=TOPS[0]).replace('<meta charset="utf-8">', "").encode("cp1256"))
    records = tmp_path / "records.jsonl"
    lines = [{"html": html, "url": "https://www.albayan.ae/x/1"} for html in pages[:3]]
    lines.append({"text": "قال الوزير إن المحادثات كانت مثمرة.", "published": "2020-06-03T03:01:00+04:00"})
    records.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in lines), encoding="utf-8")
    paths += [cp1256, records, ROOT / "samples"]
    if (GOLD / "inputs").is_dir():
        paths.append(GOLD / "inputs")
    return paths


def test_every_published_has_the_contract_form(tmp_path: Path, pipeline) -> None:
    docs = [doc.to_dict() for doc in pipeline.run(_inputs(tmp_path))]
    assert len(docs) >= len(HEADS) + len(TOPS) + 5
    for doc in docs:
        assert "error" not in doc, doc
        jsonschema.validate(doc, SCHEMA)
        published = doc["article"]["published"]
        assert published is None or CONTRACT.match(published), (doc["source"], published)


@pytest.mark.parametrize("value", ["2020-12-20T13:48", "2020-12-20T13:48:00+0200", "الأحد 20 ديسمبر 2020", "2020-12-20 13:48:00"])
def test_the_contract_form_refuses_what_pages_wrote(value: str) -> None:
    assert not CONTRACT.match(value)
