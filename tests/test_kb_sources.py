"""The KB's classes grown from sources (kb/build.py, kb/sources/) and the coverage analysis of
bench/kb_coverage.py, on names and rows written for the test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from rasad.arabic.text import analyse
from rasad.kb import default_matcher, load_kb
from rasad.kb.matcher import ENTITY

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "kb"))
sys.path.insert(0, str(ROOT / "bench"))

import build  # noqa: E402  # type: ignore[import-not-found]
import kb_coverage  # noqa: E402  # type: ignore[import-not-found]


@pytest.mark.parametrize(
    ("role", "state", "day", "holder"),
    [
        ("interior-minister", "AUT", "2018-07-01", "هربرت كيكل"),
        ("foreign-minister", "KOR", "2018-07-01", "كانغ كيونغ وا"),
        ("defence-minister", "UKR", "2023-07-01", "أوليكسي ريزنيكوف"),
        ("interior-minister", "IND", "2020-07-01", "أميت شاه"),
        ("prime-minister", "NLD", "2015-07-01", "مارك روته"),  # hand-compiled entry, office added
        ("defence-minister", "KWT", "2020-07-01", "أحمد منصور الأحمد الصباح"),
        ("defence-minister", "JOR", "2018-07-01", "عمر الرزاز"),  # a portfolio the head holds
        ("prime-minister", "SAU", "2018-07-01", "سلمان بن عبدالعزيز"),
    ],
)
def test_ministers_of_more_states_hold_their_office_on_the_day(role: str, state: str, day: str, holder: str) -> None:
    assert [e.name for e in load_kb().holders(role, state, day)] == [holder]


def test_an_office_ends_when_the_successor_takes_it() -> None:
    kb = load_kb()
    assert [e.name for e in kb.holders("interior-minister", "AUT", "2020-07-01")] == ["كارل نيهامر"]
    assert kb.holders("foreign-minister", "MEX", "2023-07-01") == []  # no one between 16 June and 3 July


def _entity(text: str) -> list[tuple[str, str | None]]:
    """(id, country) of the KB entities covering the whole of ``text``."""
    matcher = default_matcher()
    para = analyse(0, text)
    return [
        (hit.key, matcher.kb.entries[hit.key].country)
        for hit in matcher.find(para)
        if hit.category == ENTITY and hit.first == 0 and hit.last == len(para.tokens)
    ]


def test_every_state_has_an_embassy_and_health_justice_finance_ministries() -> None:
    assert _entity("السفارة الروسية") == [("embassy-of-rus", "RUS")]
    assert _entity("وزارة الصحة اليابانية") == [("moh-jpn", "JPN")]
    assert _entity("وزارة العدل الكورية الجنوبية") == [("moj-kor", "KOR")]


def test_armed_groups_and_lists_of_the_region_are_known() -> None:
    assert _entity("مجلس منبج العسكري") == [("syr-manbij-military-council", "SYR")]
    assert _entity("ائتلاف دولة القانون") == [("irq-state-of-law", "IRQ")]
    # a body named after a person is left out: its given names would be ORG words of the tagger
    assert _entity("كتائب أبو علي مصطفى") == []


def _offices_psv(tmp_path: Path, rows: list[str]) -> Path:
    header = "name_en|name|country|sector|role|from|to|aliases|office_country\n"
    (tmp_path / "offices.psv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return tmp_path


def test_build_leaves_out_a_name_opening_with_a_function_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(build, "SOURCES", _offices_psv(tmp_path, [
        "Ann Testing|آن الاختبارية|SWE|GOV|foreign-minister|1901-01-01|1901-06-01||",
        "Ali Testing|علي الاختباري|SWE|GOV|foreign-minister|1901-06-01|1901-12-01||",
    ]))
    taken, ids = build.hand_names()
    people = build.build_people(taken, ids)
    assert [p["name"] for p in people] == ["علي الاختباري"]  # علي is also على, but a given name
    assert "Ann Testing left out: 'آن' is a function word" in capsys.readouterr().err


def test_build_names_a_hand_compiled_person_missing_a_row_s_office(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(build, "SOURCES", _offices_psv(tmp_path, [
        "Mark Rutte|مارك روته|NLD|GOV|prime-minister|2010-10-14|2024-07-02||",
        "Mark Rutte|مارك روته|NLD|GOV|foreign-minister|1901|1902||",
    ]))
    taken, ids = build.hand_names()
    assert build.build_people(taken, ids) == []
    err = capsys.readouterr().err
    assert "Mark Rutte is hand-compiled without the office foreign-minister NLD 1901..1902" in err
    assert "without the office prime-minister" not in err  # people.yaml has that one


@pytest.mark.parametrize(
    ("party", "reason"),
    [
        ({"canonical": "الحكومة اليمنية"}, "described"),  # a set phrase with no canonical
        ({"canonical": "غافين وليامزون"}, "spelling"),  # the KB spells it ويليامسون
        ({"canonical": "وزير الخارجية الروسي سيرغي لافروف الاختباري"}, "span"),
        ({"canonical": "رامي الاختباري"}, "absent: person (2 words)"),  # a known first name
        ({"canonical": "زورغ الاختباري"}, "absent: other (2 words)"),
        ({"canonical": "هيئة الاختبارات الوطنية"}, "absent: body"),
    ],
)
def test_coverage_sorts_a_miss_into_one_reason(party: dict, reason: str) -> None:
    assert not kb_coverage.known(party["canonical"])
    assert kb_coverage.why(party, kb_coverage._Forms()) == reason
