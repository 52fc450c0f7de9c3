"""Tests for rasad.timex: Arabic date expressions, date lines and city time zones."""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest

from rasad.timex import Found, find_dates, localize, parse_datetime_line, zone_for_city

SUN = dt.date(2020, 12, 20)  # a Sunday


def values(text: str, ref: dt.date | None = SUN) -> list[str | None]:
    return [f.value for f in find_dates(text, ref)]


def one(text: str, ref: dt.date | None = SUN) -> Found:
    found = find_dates(text, ref)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "expected", "rule"),
    [
        ("وقال يوم الجمعة الماضي إن", "2020-12-18", "weekday-past"),
        ("في 6 من كانون الأول الجاري", "2020-12-06", "relative-month-day"),
        ("10 أيار/ مايو الماضي", "2020-05-10", "relative-month-day"),
        ("العام 2017", "2017", "year"),
        ("عام 2017", "2017", "year"),
        ("منذ بداية 2020", "2020", "year"),
        ("في كانون الثاني 2018", "2018-01", "absolute-my"),
        ("أيار (مايو) 2019", "2019-05", "absolute-my"),
        ("الأحد 20 كانون الأول 2020", "2020-12-20", "absolute-dmy"),
        ("في الخامس من يونيو/حزيران 2019", "2019-06-05", "absolute-dmy"),
        ("في 20 جوان 2019", "2019-06-20", "absolute-dmy"),
        ("في 3 شتنبر 2019", "2019-09-03", "absolute-dmy"),
        ("في العشرين من الشهر الجاري", "2020-12-20", "relative-month-day"),
        ("2020-12-20", "2020-12-20", "numeric-ymd"),
        ("20/12/2020", "2020-12-20", "numeric-dmy"),
        ("2020.12.20", "2020-12-20", "numeric-ymd"),
        ("٢٠٢٠/١٢/٢٠", "2020-12-20", "numeric-ymd"),
        ("في ٢٠ كانون الأول ٢٠٢٠", "2020-12-20", "absolute-dmy"),
        ("قبل أسابيع", None, "relative-vague"),
        ("قبل أيام", None, "relative-vague"),
        ("مؤخرا", None, "relative-vague"),
        ("قبل يومين", "2020-12-18", "relative-offset"),
        ("قبل 3 أيام", "2020-12-17", "relative-offset"),
        ("قبل ثلاثة أيام", "2020-12-17", "relative-offset"),
        ("قبل شهرين", "2020-10", "relative-offset"),
        ("منذ عامين", "2018", "relative-offset"),
        ("اليوم", "2020-12-20", "relative-day"),
        ("وصل الوفد أمس", "2020-12-19", "relative-day"),
        ("امس", "2020-12-19", "relative-day"),
        ("البارحة", "2020-12-19", "relative-day"),
        ("الليلة الماضية", "2020-12-19", "relative-day"),
        ("أمس الأول", "2020-12-18", "relative-day"),
        ("أول أمس", "2020-12-18", "relative-day"),
        ("أول من أمس", "2020-12-18", "relative-day"),
        ("غداً", "2020-12-21", "relative-day"),
        ("بعد غد", "2020-12-22", "relative-day"),
        ("اليوم الاثنين", "2020-12-14", "relative-day"),
        ("اليوم (الأحد)", "2020-12-20", "relative-day"),
        ("الجمعة المقبل", "2020-12-25", "weekday-next"),
        ("الخميس القادم", "2020-12-24", "weekday-next"),
        ("الثلاثاء", "2020-12-15", "weekday"),
        ("يوم الثلاثاء", "2020-12-15", "weekday"),
        ("الأحد", "2020-12-20", "weekday"),
        ("مساء السبت", "2020-12-19", "weekday"),
        ("صباح الأحد", "2020-12-20", "weekday"),
        ("الأسبوع الماضي", "2020-12", "relative-week"),
        ("الشهر الجاري", "2020-12", "relative-month"),
        ("الشهر الحالي", "2020-12", "relative-month"),
        ("الشهر الماضي", "2020-11", "relative-month"),
        ("العام الماضي", "2019", "relative-year"),
        ("السنة الماضية", "2019", "relative-year"),
        ("العام الجاري", "2020", "relative-year"),
        ("هذا العام", "2020", "relative-year"),
        ("شهر رمضان 1441", "2020-05", "hijri-month"),
    ],
)
def test_find_dates_values(text: str, expected: str | None, rule: str) -> None:
    found = one(text)
    assert (found.value, found.rule) == (expected, rule)


def test_parenthesised_weekday() -> None:
    found = one("أعلن (الجمعة) أن")
    assert (found.text, found.value) == ("الجمعة", "2020-12-18")


def test_weekday_on_its_own_day_is_the_reference() -> None:
    assert values("الأحد", dt.date(2020, 12, 20)) == ["2020-12-20"]
    assert values("يوم الأحد الماضي", dt.date(2020, 12, 20)) == ["2020-12-13"]


def test_weekday_after_yesterday_wins_over_arithmetic() -> None:
    # ref is a Sunday; أمس الأول would be Friday, but the text says Thursday.
    assert values("أمس الأول الخميس", dt.date(2015, 7, 26)) == ["2015-07-23"]
    assert values("أمس السبت", dt.date(2015, 7, 26)) == ["2015-07-25"]


def test_proclitics() -> None:
    assert values("وأمس") == ["2020-12-19"]
    found = find_dates("بالعام الماضي وللعام المقبل", SUN)
    assert [(f.text, f.value) for f in found] == [("العام الماضي", "2019"), ("للعام المقبل", "2021")]


def test_hijri_and_gregorian_agree() -> None:
    found = find_dates("الرياض 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس", None)
    assert [(f.value, f.rule) for f in found] == [("2015-08-10", "hijri"), ("2015-08-10", "absolute-dmy")]
    assert found[0].text == "25 شوال 1436 هـ"
    assert found[1].text == "10 اغسطس 2015 م"


def test_clock_time_attached() -> None:
    assert one("20/12/2020 - 10:30 م").time == "22:30"
    assert one("2020.12.20 | 13:48").time == "13:48"
    assert one("أمس الساعة 10:30 صباحا").time == "10:30"


@pytest.mark.parametrize(
    "text",
    [
        "اليوم الوطني",
        "اليوم التالي",
        "قال لـ«اليوم» إن",
        "منذ ذلك اليوم",
        "12 ساعة",
        "في أمس الحاجة",
        "الأمين العام الحالي",
        "الأمين العام السابق",
        "في 2020 طن",
        "قتل 1500 شخص",
        "تيريزا ماي",
        "سيارة نيسان",
        "الأحد عشر لاعبا",
        "بين الاثنين",
        "قبل يومين من الانتخابات",
        "كتاب الأمسية",
        "الجمعية العامة",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, SUN) == []


def test_relative_without_reference_is_none() -> None:
    assert values("يوم الجمعة الماضي", None) == [None]
    assert values("في 6 من كانون الأول الجاري", None) == [None]
    assert values("20 كانون الأول 2020", None) == ["2020-12-20"]


def test_offsets_map_to_original_text_with_diacritics() -> None:
    text = "وَصَلَ الوَفْدُ أَمْسِ إلى دِمَشْقَ في ٢٠ كانُونِ الأَوَّلِ ٢٠٢٠"
    found = find_dates(text, SUN)
    assert [f.value for f in found] == ["2020-12-19", "2020-12-20"]
    for f in found:
        assert text[f.start : f.end] == f.text
    assert found[0].text == "أَمْسِ"
    assert found[1].text == "٢٠ كانُونِ الأَوَّلِ ٢٠٢٠"


def test_day_month_without_year_takes_nearest_year() -> None:
    assert values("في 15 آب", SUN) == ["2020-08-15"]
    assert values("في 5 كانون الثاني", SUN) == ["2021-01-05"]


def test_parse_datetime_line_with_city() -> None:
    assert parse_datetime_line("2020.12.20 | 13:48 دمشق") == ("2020-12-20T13:48:00+02:00", "دمشق")


def test_damascus_permanent_utc3() -> None:
    # Syria moved to permanent UTC+3 in October 2022; the installed tzdata knows it.
    expected = dt.datetime(2023, 7, 1, 13, 48, tzinfo=ZoneInfo("Asia/Damascus")).isoformat()
    assert expected.endswith("+03:00")
    assert parse_datetime_line("2023.07.01 | 13:48 دمشق") == (expected, "دمشق")
    assert localize("2024-01-15T09:00", "دمشق") == "2024-01-15T09:00:00+03:00"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("الأحد 20 كانون الأول 2020", ("2020-12-20", None)),
        ("20/12/2020 - 10:30 م", ("2020-12-20T22:30", None)),
        ("نشر في: الأحد، 20 ديسمبر 2020 01:48 م بتوقيت القاهرة", ("2020-12-20T13:48:00+02:00", "القاهرة")),
        ("آخر تحديث: 2020/12/20 - 09:15 مكة المكرمة", ("2020-12-20T09:15:00+03:00", "مكة المكرمة")),
        ("20-12-2020 13:00 GMT+3", ("2020-12-20T13:00:00+03:00", None)),
    ],
)
def test_parse_datetime_line(line: str, expected: tuple[str, str | None]) -> None:
    assert parse_datetime_line(line) == expected


def test_parse_datetime_line_rejects_prose() -> None:
    assert parse_datetime_line("وقال الرئيس إن الاجتماع سيعقد في 20/12/2020 لمناقشة الأوضاع الاقتصادية") is None
    assert parse_datetime_line("منذ 3 ساعات") is None
    assert parse_datetime_line("") is None


@pytest.mark.parametrize(
    ("name", "zone"),
    [
        ("دمشق", "Asia/Damascus"),
        ("مدينة دمشق", "Asia/Damascus"),
        ("إسطنبول", "Europe/Istanbul"),
        ("عمّان", "Asia/Amman"),
        ("أبوظبي", "Asia/Dubai"),
        ("الدوحة", "Asia/Qatar"),
        ("رام الله", "Asia/Hebron"),
        ("غزة", "Asia/Gaza"),
        ("طهران", "Asia/Tehran"),
        ("واشنطن", "America/New_York"),
        ("أورشليم", None),
    ],
)
def test_zone_for_city(name: str, zone: str | None) -> None:
    assert zone_for_city(name) == zone


def test_localize_unknown_city_or_date_only_unchanged() -> None:
    assert localize("2020-12-20T13:48", None) == "2020-12-20T13:48"
    assert localize("2020-12-20T13:48", "مدينة مجهولة") == "2020-12-20T13:48"
    assert localize("2020-12-20", "دمشق") == "2020-12-20"
    assert localize("2020-07-01T12:00", "لندن") == "2020-07-01T12:00:00+01:00"


def test_speed_of_paragraph_without_dates() -> None:
    text = (
        "قال المتحدث باسم وزارة الخارجية إن الحكومة تعمل على تعزيز التعاون مع الدول المجاورة في مجالات "
        "الطاقة والتجارة والنقل، مشيرا إلى أن المفاوضات التي جرت بين الجانبين كانت بناءة ومثمرة، وأن "
        "هناك توافقا على ضرورة إيجاد حلول سياسية للأزمات الإقليمية بما يضمن الأمن والاستقرار للمنطقة."
    )
    runs = 2000
    began = time.perf_counter()
    for _ in range(runs):
        find_dates(text, SUN)
    per_call = (time.perf_counter() - began) / runs
    assert per_call < 500e-6  # generous bound for slow CI; ~30 µs measured locally


def test_a_day_and_month_without_a_year_is_in_the_past_unless_it_is_soon() -> None:
    assert values("قتل في 15 مايو") == ["2020-05-15"]  # in December: last May, not next
    assert values("يعقد الاجتماع في 5 يناير") == ["2021-01-05"]  # two weeks ahead
