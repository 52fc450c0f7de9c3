"""Article fields of JSONL records (rasad.extract.record) against the dev gold and literal cases."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

import pytest

from rasad.extract.outlets import outlet_for_url
from rasad.extract.record import article_from_record, clean_title, date_from_url, parse_credit

SHARED = Path(os.environ.get("RASAD_SHARED") or Path(__file__).resolve().parents[2] / "shared")
GOLD = SHARED / "gold"

# score.py's norm(), copied so the test runs without ../shared/tools on the path
_DIACRITICS = re.compile(r"[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def norm(text: str | None) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text).translate(_ALEF).translate(_DIGITS)
    text = _PUNCT.sub(" ", text).replace("_", " ")
    return " ".join(text.split())


def _dev_cases() -> list[str]:
    if not (GOLD / "dev").is_dir():
        return []
    return sorted(p.stem for p in (GOLD / "dev").glob("*.json") if p.stem.startswith(("snn-", "ant-")))


@pytest.mark.parametrize("case", _dev_cases() or ["missing"])
def test_dev_gold(case: str) -> None:
    if case == "missing":
        pytest.skip("../shared not found (set RASAD_SHARED)")
    record = json.loads((GOLD / "inputs" / f"{case}.jsonl").read_text(encoding="utf-8").splitlines()[0])
    gold = json.loads((GOLD / "dev" / f"{case}.json").read_text(encoding="utf-8"))["article"]
    text = record.pop("text")
    art = article_from_record(text, record)
    assert norm(art.title) == norm(gold["title"])
    assert art.published == gold["published"] or (
        gold["published"] and len(gold["published"]) <= 10 and (art.published or "")[:10] == gold["published"]
    )
    assert norm(art.dateline) == norm(gold["dateline"])
    assert [norm(p) for p in art.body if norm(p)] == [norm(p) for p in gold["body"] if norm(p)]
    assert [norm(r) for r in art.related] == [norm(r) for r in gold["related"]]
    assert art.outlet == gold["outlet"]
    assert art.credits == gold["credits"]


# ---- literal cases ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("عام / 13 طالبة بمكة المكرمة يجتزن اختبار التسريع", "13 طالبة بمكة المكرمة يجتزن اختبار التسريع"),
        ("  سياسي / الرئيس اليمني يجتمع بمستشاريه ", "الرئيس اليمني يجتمع بمستشاريه"),
        ("اقتصادي / النفط يرتفع", "النفط يرتفع"),
        ("السودان: محاولات يائسة لن تنال من المملكة", "السودان: محاولات يائسة لن تنال من المملكة"),
        ("2015 / 2016 عام التحول", "2015 / 2016 عام التحول"),
    ],
)
def test_title_section_label(title: str, expected: str) -> None:
    assert clean_title(title) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://www.al-jazirah.com/2015/20150726/ln15.htm", "2015-07-26"),
        ("http://www.okaz.com.sa/new/Issues/20150806/Con20150806787810.htm", "2015-08-06"),
        ("http://www.aleqt.com/2015/07/27/article_976566.html", "2015-07-27"),
        ("http://www.france24.com/ar/20180411-سوريا-إيران", "2018-04-11"),
        ("http://www.alyaum.com/article/4079975", None),
        ("http://www.spa.gov.sa/details.php?id=1386713", None),
        ("http://example.com/2015/13/45/x", None),
        (None, None),
    ],
)
def test_date_from_url(url: str | None, expected: str | None) -> None:
    assert date_from_url(url) == expected


def test_agency_date_line() -> None:
    text = " الرياض 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس\n عقد الرئيس اليمني اجتماعاً.\n // انتهى //\n 17:14 ت م "
    art = article_from_record(
        text, {"url": "http://www.spa.gov.sa/details.php?id=1", "fetched": "2015-08-11 01:00:00"}
    )
    assert (art.published, art.dateline, art.credits) == ("2015-08-10", "الرياض", ["واس"])
    assert art.body == ["عقد الرئيس اليمني اجتماعاً."]
    assert art.outlet == "وكالة الأنباء السعودية"


def test_published_as_given_and_never_fetched() -> None:
    meta = {"published": "2018-08-08T18:12:45+00:00", "url": "https://arabic.cnn.com/a/2018/08/07/x"}
    assert article_from_record("نص.", meta).published == "2018-08-08T18:12:45+00:00"
    assert article_from_record("نص.", {"fetched": "2015-07-31 04:07:48"}).published is None


def test_read_also_goes_to_related() -> None:
    text = "\n".join(
        [
            "قال الوزير إن المحادثات مستمرة.",
            "اقرأ أيضا: الوزير يلتقي نظيره الروسي",
            "قد يهمك| ترامب يتحدث عن القمة",
            "اقرأ أيضاً:",
            "دميرتاش: المرشح الذي يخوض معركته من خلف القضبان",
            "وأضاف الوزير أن الجولة المقبلة ستعقد في جنيف.",
            "أيضا، أوردت تقارير إخبارية أجواء مشابهة في الجزائر.",
        ]
    )
    art = article_from_record(text, {})
    assert art.related == [
        "الوزير يلتقي نظيره الروسي",
        "ترامب يتحدث عن القمة",
        "دميرتاش: المرشح الذي يخوض معركته من خلف القضبان",
    ]
    assert art.body == [
        "قال الوزير إن المحادثات مستمرة.",
        "وأضاف الوزير أن الجولة المقبلة ستعقد في جنيف.",
        "أيضا، أوردت تقارير إخبارية أجواء مشابهة في الجزائر.",
    ]


@pytest.mark.parametrize(
    ("byline", "place", "agencies"),
    [
        ("طهران - فرانس برس", "طهران", ["فرانس برس"]),
        ("أبوظبي - سكاي نيوز عربية", "أبوظبي", []),
        ("العربية.نت - إسلام سيف", None, []),
        ("اليمن - إسلام سيف", "اليمن", []),
        ("واس - الرياض", "الرياض", ["واس"]),
        ("فهيم الحامد (جدة)", "جدة", []),
        ("طاهر هاني", None, []),
    ],
)
def test_byline(byline: str, place: str | None, agencies: list[str]) -> None:
    credit = parse_credit(byline, None)
    assert (credit.place, credit.agencies) == (place, agencies)


def test_byline_gives_dateline_not_outlet_credit() -> None:
    meta = {"byline": "أبوظبي - سكاي نيوز عربية", "url": "https://www.skynewsarabia.com/middle-east/1"}
    art = article_from_record("سلمت بعثة السعودية رسالة عاجلة.", meta)
    assert (art.dateline, art.credits, art.outlet) == ("أبوظبي", [], "سكاي نيوز عربية")


@pytest.mark.parametrize(
    ("first", "dateline", "credits", "kept"),
    [
        ("دبي، الإمارات العربية المتحدة (CNN) – شددت روسيا على حق المملكة.", "دبي", ["CNN"], True),
        ("بدر العتيبي- سبق- القصيم: أصدرت المحكمة العامة حكماً.", "القصيم", [], True),
        ("سبق- أبها: دان رئيس غرفة أبها الحادث.", "أبها", [], True),
        ("عين اليوم – أبهــا", "أبها", [], False),
        ("حنان الحامدي – عين اليوم", None, [], False),
    ],
)
def test_dateline_heads(first: str, dateline: str | None, credits: list[str], kept: bool) -> None:
    art = article_from_record(f"{first}\nوأوضح المتحدث أن التحقيق جار.", {})
    assert norm(art.dateline) == norm(dateline)
    assert art.credits == credits
    assert (art.body[0] == first) is kept


def test_chrome_and_credit_lines_dropped() -> None:
    text = "\n".join(
        [
            "شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك قصفت المدفعية مواقع المتسللين.",
            "وأكد المصدر استمرار العمليات.",
            "مقالات أخرى للكاتبأوباما : النصر أخيراً !",
            "رابط الخبر بصحيفة الوئام: مواطن يقتل شقيقه",
            "...المزيد",
        ]
    )
    art = article_from_record(text, {})
    assert art.body == ["قصفت المدفعية مواقع المتسللين.", "وأكد المصدر استمرار العمليات."]


def _lead(text: str) -> str:
    return (text + " " + "تفاصيل الخبر " * 20)[:200].strip() + "."


def test_cnn_teasers_dropped() -> None:
    article = [
        "دبي، الإمارات العربية المتحدة (CNN) – شددت روسيا على حق المملكة السيادي في التعامل مع القضايا.",
        "وشددت روسيا على رفضها لعملية تسييس القضايا المتعلقة بحقوق الإنسان.",
    ]
    teasers = [
        _lead("في أول تعليق لها بعد الإعلان عن البدء بمراحل العلاج، أكدت زوجة الرئيس السوري")[:-1]
        + " صفحة الرئا",
        _lead("أكد وزير الخارجية السعودي، عادل الجبير، أن كندا ارتكبت خطأ"),
        _lead("أعلنت الرئاسة السورية عن بدء زوجة الرئيس السوري المرحلة الأولى للعلاج"),
        _lead("أعلن فهد التميمي، الملحق الصحي السعودي، أن بلاده أوقفت برامج العلاج"),
        _lead("عبّرت وزارة الخارجية المصرية، مساء الثلاثاء، عن تضامنها مع المملكة"),
    ]
    meta = {"url": "https://arabic.cnn.com/middle-east/article/2018/08/08/x"}
    assert article_from_record("\n".join(article + teasers), meta).body == article
    # the same leads in another outlet's record, none cut off: kept
    kept = article + teasers[1:]
    assert article_from_record("\n".join(kept), {"url": "http://www.alyaum.com/article/1"}).body == kept


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("http://www.okaz.com.sa/new/Issues/20150806/x.htm", "عكاظ"),
        ("http://sabq.org/6HCgde", "سبق"),
        ("https://www.bbc.com/arabic/world-1", "بي بي سي عربي"),
        ("https://www.bbc.com/news/world-1", None),
        ("http://www.bbc.co.uk/arabic/middleeast-43449930", "بي بي سي عربي"),
        ("https://arabic.cnn.com/middle-east/x", "سي إن إن بالعربية"),
        ("https://edition.cnn.com/x", None),
        ("https://www.aljazeera.net/news/x", "الجزيرة نت"),
        ("not a url", None),
    ],
)
def test_outlet_for_url(url: str, outlet: str | None) -> None:
    assert outlet_for_url(url) == outlet
