"""Article fields of raw HTML pages: publication time, outlet, title, credits and dateline.

Every page here is a few lines written for the test, in the shapes real news pages use.
"""

from __future__ import annotations

import datetime as dt

import pytest

from rasad.extract.html import article_from_html
from rasad.extract.published import iso_from_text, iso_published
from rasad.model import Document, RawDoc
from rasad.stages.extract import extract

LEAD = "قال وزير الخارجية إن المحادثات التي جرت أمس في العاصمة كانت مثمرة وبناءة، وإن الجانبين اتفقا على مواصلتها."
SECOND = "وأضاف الوزير في مؤتمر صحفي أن اللجنة المشتركة ستجتمع الشهر المقبل لبحث الملفات العالقة بين البلدين."
HEADLINE = "وزير الخارجية: المحادثات كانت مثمرة"


def page(head: str = "", top: str = "", lead: str = LEAD, title: str | None = None) -> str:
    """A news page: site chrome, a headline, ``top`` (date and byline lines), two paragraphs."""
    return f"""<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{title or HEADLINE}</title>{head}</head><body>
<nav class="main-menu"><ul><li><a href="/">الرئيسية</a></li><li><a href="/p">سياسة</a></li></ul></nav>
<div class="ticker">عاجل: 12 يناير 2019 انفجار في مكان آخر</div>
<article><h1>{HEADLINE}</h1>{top}<div class="article-body"><p>{lead}</p><p>{SECOND}</p></div></article>
<aside class="related"><h3>اقرأ أيضا</h3><ul><li><a href="/x">خبر آخر عن موضوع مختلف تماما</a></li></ul></aside>
<footer class="site-footer"><p>جميع الحقوق محفوظة 2024</p></footer></body></html>"""


def html_article(html: str, url: str | None = None):  # type: ignore[no-untyped-def]
    return article_from_html(html, url)[0]


# ---- publication time --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "top", "published"),
    [
        ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",'
         ' "headline": "x", "datePublished": "2020-08-24T11:23:13+03:00"}</script>', "", "2020-08-24T11:23:13+03:00"),
        ('<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "x"},'
         ' {"@type": "NewsArticle", "datePublished": "2020-08-24T11:23:13+0300"}]}</script>', "", "2020-08-24T11:23:13+03:00"),
        ('<meta property="article:published_time" content="2020-06-03T03:01+0400">', "", "2020-06-03T03:01:00+04:00"),
        ('<meta itemprop="datePublished" content="2020-06-03">', "", "2020-06-03"),
        ("", '<time datetime="2020-12-01T02:00:00+03:00">١ ديسمبر ٢٠٢٠</time>', "2020-12-01T02:00:00+03:00"),
        ('<meta name="pubdate" content="الأربعاء، 07 أكتوبر 2020 - 12:09 م">', "", "2020-10-07"),
    ],
    ids=["json-ld", "json-ld-graph-offset-without-colon", "article-published-time", "itemprop-day", "time-element", "arabic-in-meta"],
)
def test_published_from_structured_data(head: str, top: str, published: str) -> None:
    assert html_article(page(head, top)).published == published


@pytest.mark.parametrize(
    ("top", "published"),
    [
        ('<div class="meta"><span class="date">نشر في: الاثنين، 24 آب 2020 - 12:03 م</span></div>', "2020-08-24"),
        ('<div class="meta"><span>الخميس 03 ديسمبر 2020 | 04:38 مساءً</span></div>', "2020-12-03"),
        ('<p class="date">24 جانفي 2021</p>', "2021-01-24"),
        ('<p class="date">10 تشرين الأول 2020</p>', "2020-10-10"),
        ('<p>آخر تحديث: 2020/08/24 10:30</p>', "2020-08-24"),
    ],
    ids=["levantine-labelled", "egyptian-pm", "maghrebi", "levantine", "last-updated"],
)
def test_published_from_a_visible_arabic_date_line(top: str, published: str) -> None:
    # no outlet, no zone: a local time without an offset keeps only its day, never a naive time
    assert html_article(page(top=top)).published == published


def test_a_local_time_takes_the_offset_of_the_outlets_city() -> None:
    html = page('<link rel="canonical" href="https://www.youm7.com/story/2020/8/24/x/1">',
                '<span class="date">الاثنين، 24 أغسطس 2020 10:30 ص</span>')
    article = html_article(html)
    assert (article.outlet, article.published) == ("اليوم السابع", "2020-08-24T10:30:00+02:00")


def test_a_utc_time_is_shown_in_the_outlets_zone() -> None:
    html = page('<meta property="og:url" content="https://www.albayan.ae/world/1.2">'
                '<meta property="article:published_time" content="2020-12-24T23:59:50Z">')
    assert html_article(html).published == "2020-12-25T03:59:50+04:00"


def test_a_labelled_publication_line_wins_over_the_last_update_and_the_ticker() -> None:
    top = "<p>آخر تحديث: 25 ديسمبر 2020</p><p>تاريخ النشر: 24 ديسمبر 2020</p>"
    assert html_article(page(top=top)).published == "2020-12-24"


def test_a_page_without_any_date_has_none() -> None:
    assert html_article(page()).published is None


@pytest.mark.parametrize(
    ("value", "zone", "expected"),
    [
        ("2020-08-24T10:30:00+0200", None, "2020-08-24T10:30:00+02:00"),
        ("2020-08-24 10:30", "Africa/Cairo", "2020-08-24T10:30:00+02:00"),
        ("2020-08-24 10:30", None, "2020-08-24"),
        ("2020-08-24T10:30:00.123Z", None, "2020-08-24T10:30:00+00:00"),
        ("Mon, 24 Aug 2020 10:30:00 +0200", None, "2020-08-24T10:30:00+02:00"),
        ("24/08/2020", None, "2020-08-24"),
        ("1970-01-01", None, None),
        ("2999-01-01", None, None),
        ("قبل ساعة", None, None),
    ],
)
def test_machine_times_become_the_contract_form(value: str, zone: str | None, expected: str | None) -> None:
    assert iso_published(value, zone, today=dt.date(2024, 1, 1)) == expected


def test_an_arabic_line_with_its_own_city_keeps_that_offset() -> None:
    line = "السبت 10 أكتوبر 2020 - 09:03 صباحاً بتوقيت القاهرة"
    assert iso_from_text(line, "Asia/Riyadh") == "2020-10-10T09:03:00+02:00"


# ---- outlet and title --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "url", "outlet"),
    [
        ('<link rel="canonical" href="https://www.alyaum.com/articles/1/x"><meta property="og:site_name" content="alyaum">', None, "اليوم"),
        ('<meta property="og:url" content="https://arabic.sputniknews.com/world/1/">', None, "سبوتنيك عربي"),
        ('<meta property="og:site_name" content="Sputnik_Ar">', "https://www.aawsat.com/home/article/1", "الشرق الأوسط"),
        ('<meta property="og:site_name" content="صحيفة سبق">', None, "سبق"),
        ('<meta property="og:site_name" content="بيروت أوبزرفر">', None, "بيروت أوبزرفر"),
        ('<meta property="og:site_name" content="alyaumnews">', None, None),
    ],
    ids=["canonical", "og-url", "record-url", "site-name-alias", "unknown-arabic-site-name", "latin-handle"],
)
def test_outlet(head: str, url: str | None, outlet: str | None) -> None:
    assert html_article(page(head), url).outlet == outlet


def test_the_title_loses_the_site_name_and_the_site_name_gives_the_outlet() -> None:
    article = html_article(page(title=f"{HEADLINE} - المدينة نيوز"))
    assert (article.title, article.outlet) == (HEADLINE, "المدينة نيوز")


def test_the_title_keeps_its_quotation_marks() -> None:
    headline = "طهران تدفن «زادة».. وتتهم المعارضة باغتياله"
    html = page('<meta property="og:title" content="طهران تدفن زادة وتتهم المعارضة باغتياله">'
                '<meta property="og:site_name" content="اليوم">').replace(f"<h1>{HEADLINE}</h1>", f"<h1>{headline}</h1>")
    assert html_article(html).title == headline


def test_a_known_outlets_name_is_cut_from_the_title() -> None:
    html = page('<link rel="canonical" href="https://www.youm7.com/story/1">', title=f"{HEADLINE} | اليوم السابع")
    html = html.replace(f"<h1>{HEADLINE}</h1>", "")
    assert html_article(html).title == HEADLINE


# ---- credits and dateline ----------------------------------------------------------------------


def test_dateline_and_agency_at_the_head_of_the_first_paragraph() -> None:
    article = html_article(page(lead="القاهرة (رويترز) - " + LEAD))
    assert (article.dateline, article.credits) == ("القاهرة", ["رويترز"])
    assert article.body[0].startswith("القاهرة (رويترز) - ")  # the dateline stays in its paragraph


def test_a_byline_outside_the_main_text_gives_place_and_agency() -> None:
    top = '<div class="article-source">بيروت - فرانس برس</div>'
    article = html_article(page(top=top))
    assert (article.dateline, article.credits) == ("بيروت", ["فرانس برس"])


def test_an_author_byline_with_a_place_gives_the_dateline_not_the_person() -> None:
    top = '<div class="author">حسام أبو العلا - القاهرة</div>'
    article = html_article(page(top=top))
    assert (article.dateline, article.credits) == ("القاهرة", [])


def test_an_agency_tag_in_the_json_ld_author() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "رويترز"}}</script>'
    assert html_article(page(head)).credits == ["رويترز"]


def test_body_keeps_the_article_and_drops_the_chrome() -> None:
    article = html_article(page())
    assert article.body == [LEAD, SECOND]


# ---- the extract stage gives what article_from_html gives ----------------------------------------


def test_the_extract_stage_reports_the_html_article() -> None:
    html = page('<link rel="canonical" href="https://www.youm7.com/story/2020/8/24/x/1">',
                '<span class="date">الاثنين، 24 أغسطس 2020 10:30 ص</span><div class="source">القاهرة - أ ش أ</div>',
                title=f"{HEADLINE} - اليوم السابع")
    expected = html_article(html)
    doc = extract(Document(source="p.html", raw=RawDoc(source="p.html", kind="html", text=html)))
    assert doc.article == expected
    assert (expected.title, expected.outlet, expected.published) == (HEADLINE, "اليوم السابع", "2020-08-24T10:30:00+02:00")
    assert expected.dateline == "القاهرة"


def test_a_lead_set_apart_from_the_body_is_kept() -> None:
    lead = "أعلنت وزارة الصحة اليوم الثلاثاء تسجيل 30 حالة جديدة بالفيروس، ليرتفع إجمالي عدد الحالات المسجلة في البلاد."
    html = page(f'<meta property="og:description" content="{lead[:60]}">').replace(
        '<div class="article-body">', f'<div class="article__announce"><div class="lead-text">{lead}</div></div><div class="article-body">'
    )
    assert html_article(html).body == [lead, LEAD, SECOND]


def test_a_site_slogan_in_the_description_is_no_lead() -> None:
    slogan = "موقع إخباري يتناول الشؤون المحلية والعربية والدولية على مدار الساعة"
    html = page(f'<meta name="description" content="{slogan}">').replace("<article>", f"<div class='slogan'>{slogan}</div><article>")
    assert html_article(html).body == [LEAD, SECOND]
