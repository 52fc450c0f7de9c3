"""HTML pages without a charset declaration are decoded by their content, in every encoding the
README names; pages in other scripts are still refused by name."""

from __future__ import annotations

import pytest

from rasad.errors import InputError
from rasad.read.decode import _arabic_score, decode_bytes, decode_html_bytes

PARAGRAPH = "قال وزير الخارجية إن المحادثات كانت مثمرة، وإن الجانبين اتفقا على لقاء آخر في القاهرة."
# markup-heavy on purpose: most bytes are ASCII, as on every real page
PAGE = (
    "<!doctype html><html><head><title>المحادثات مثمرة</title>"
    '<link rel="stylesheet" href="/static/site.css"><script>window.dataLayer = window.dataLayer || [];'
    "function gtag(){dataLayer.push(arguments);}</script></head><body>"
    '<nav class="menu"><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>'
    f"<article><h1>المحادثات مثمرة</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article>"
    '<footer class="site-footer">Copyright 2024. All rights reserved.</footer></body></html>'
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1256", "iso8859_6"])
def test_an_undeclared_html_page_is_decoded_by_content(encoding: str) -> None:
    assert decode_html_bytes(PAGE.encode(encoding), "page.html") == PAGE


def test_a_latin1_declaration_on_a_windows_1256_page_is_passed_over() -> None:
    page = PAGE.replace("<head>", '<head><meta charset="iso-8859-1">')
    assert decode_html_bytes(page.encode("cp1256"), "page.html") == page


def test_the_arabic_score_counts_the_non_ascii_bytes() -> None:
    data = PAGE.encode("cp1256")
    assert _arabic_score(data, data.decode("cp1256")) is not None
    greek = ("<p>" + "Ωμέγα κείμενο για δοκιμή " * 20 + "</p>").encode("iso-8859-7")
    assert _arabic_score(greek, greek.decode("cp1256")) is None


@pytest.mark.parametrize(("text", "encoding"), [("Ωμέγα κείμενο για δοκιμή", "iso-8859-7"), ("Привет, как дела", "cp1251")])
def test_pages_in_other_scripts_are_still_refused(text: str, encoding: str) -> None:
    page = f"<html><body><p>{text * 30}</p></body></html>"
    with pytest.raises(InputError) as info:
        decode_html_bytes(page.encode(encoding), "other.html")
    assert "unknown encoding" in str(info.value)
    with pytest.raises(InputError):
        decode_bytes(page.encode(encoding), "other.txt")
