"""The web app in a real browser: Debian's Chromium, headless, driven by Playwright, against a real
uvicorn server on a free localhost port serving an archive of the bundled samples.

Screenshots of each page go to ``$RASAD_SCREENSHOTS`` (default: the test's temporary directory).
The tests skip only when there is no Chromium at /usr/bin/chromium (the test command installs it).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_support import NEW_EVENT, running_server, sample_archive

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium (apt-get install chromium)")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    path = sample_archive(tmp_path_factory.mktemp("web-browser"))
    url = f"sqlite:///{path}"
    with running_server(url) as base:
        yield base, url


@pytest.fixture
def page(browser, server, tmp_path: Path):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.base = server[0]
    pg.shots = Path(os.environ.get("RASAD_SCREENSHOTS") or tmp_path)
    pg.shots.mkdir(parents=True, exist_ok=True)
    yield pg
    context.close()
    assert errors == []  # no script error, no resource the CSP refused


def test_the_explorer_loads_right_to_left_with_events_charts_and_the_font(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("tr.event").count() >= 20
    assert page.locator("svg.timeline rect[data-type]").count() > 0
    assert page.locator("svg.network line.edge").count() > 0
    page.wait_for_function("document.fonts.status === 'loaded'")
    assert page.evaluate("document.fonts.check('16px \"Noto Naskh Arabic\"', 'رصد')")
    assert page.evaluate("[...document.fonts].some(f => f.family.includes('Noto Naskh Arabic') && f.status === 'loaded')")
    page.screenshot(path=str(page.shots / "explorer.png"), full_page=False)


def test_clicking_an_event_opens_the_reader_with_its_sentence_highlighted(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/?country=RUS")
    first = page.locator("tr.event a.open").first
    sentence = first.inner_text().strip()
    first.click()
    page.wait_for_url("**/articles/**")
    marked = page.locator("span.sent.hl")
    assert marked.count() > 0
    assert marked.first.is_visible()
    shown = "".join(marked.all_inner_texts())
    assert shown.strip() == sentence
    assert page.evaluate("getComputedStyle(document.querySelector('span.sent.hl')).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.screenshot(path=str(page.shots / "reader.png"))
    # another event of the article, from the list beside the text
    others = page.locator("a.show-event")
    if others.count() > 1:
        target = others.nth(1)
        ident = target.get_attribute("data-event")
        target.click()
        assert page.locator(f"span.sent.s-{ident}.hl").count() > 0
        assert page.locator("span.sent.hl").count() == page.locator(f"span.sent.s-{ident}").count()


def test_the_font_buttons_change_the_article_size(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/articles/2")
    size = lambda: page.evaluate("parseFloat(getComputedStyle(document.getElementById('article')).fontSize)")  # noqa: E731
    before = size()
    page.click("#font-up")
    page.click("#font-up")
    assert size() == before + 4
    page.click("#font-down")
    assert size() == before + 2
    page.reload()
    assert size() == before + 2  # kept for the next article


def test_the_english_toggle_switches_labels_names_and_direction(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/")
    assert "مستكشف الأحداث" in page.locator("h1").inner_text()
    page.click("#lang-toggle")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("h1").inner_text() == "Event explorer"
    assert "Faisal Mekdad" in page.locator("table.events").inner_text()
    page.screenshot(path=str(page.shots / "explorer-en.png"))
    page.goto(page.base + "/quotes")  # the choice is kept
    assert page.locator("html").get_attribute("lang") == "en"
    page.click("#lang-toggle")
    page.wait_for_function("document.documentElement.lang === 'ar'")


def test_the_actor_page_shows_offices_and_events(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/actors/faisal-mekdad")
    assert page.locator("h1.actor-name").inner_text() == "فيصل المقداد"
    assert page.locator("section.offices li").count() >= 1
    assert page.locator("tr.event").count() >= 1
    page.screenshot(path=str(page.shots / "actor.png"))
    page.locator("table.events a.actor").first.click()
    page.wait_for_url("**/actors/**")
    assert page.locator("h1.actor-name").inner_text()


def test_search_finds_an_article(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/search")
    page.fill("#search-box", "للمقداد")
    page.press("#search-box", "Enter")
    page.wait_for_url("**/search?q=**")
    results = page.locator("li.result a")
    assert results.count() >= 1
    assert "[المقداد]" in page.locator("li.result .snippet").first.inner_text()
    results.first.click()
    page.wait_for_url("**/articles/**")
    assert page.locator("#article h1.title").inner_text()
    page.goto(page.base + "/quotes")
    assert page.locator("table.quotes tbody tr").count() >= 5


def test_the_live_page_shows_an_event_another_process_stores(page, server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from rasad.archive.ingest import ingest

    page.goto(page.base + "/live")
    page.wait_for_function("document.getElementById('live-status').classList.contains('connected')")
    rows = page.locator("tr.event").count()
    record = tmp_path / "new.jsonl"
    record.write_text(json.dumps(NEW_EVENT, ensure_ascii=False) + "\n", encoding="utf-8")
    ingest([record], server[1], jobs=1)  # the store is the channel: a writer elsewhere, as `rasad watch`
    page.wait_for_selector("tr.event.fresh", timeout=20_000)
    assert page.locator("tr.event").count() > rows
    assert "2030" in page.locator("tr.event.fresh").first.inner_text()
    page.screenshot(path=str(page.shots / "live.png"))


def test_the_api_documentation_renders_offline(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base + "/api/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    assert page.locator(".opblock").count() >= 12
    assert "/api/events" in page.locator("#swagger-ui").inner_text()


def test_rasad_watch_feeds_the_live_page(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The issue's loop end to end: `rasad watch` (a real subprocess) and `rasad serve` on one archive; a
    page dropped into the watched folder shows as a fresh event on the open live page."""
    import signal

    pytest.importorskip("watchfiles")
    from watch_support import Watch, drop

    db = sample_archive(tmp_path)
    folder = tmp_path / "inbox"
    folder.mkdir()
    watch = Watch(folder, db, tmp_path / "watch.log")
    try:
        with running_server(f"sqlite:///{db}") as base:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(base + "/live")
            page.wait_for_function("document.getElementById('live-status').classList.contains('connected')")
            rows = page.locator("tr.event").count()
            watch.wait_for(lambda: "rasad watch: watching" in watch.text(), "watch to start")
            drop(folder, "new.jsonl", json.dumps(NEW_EVENT, ensure_ascii=False) + "\n")
            page.wait_for_selector("tr.event.fresh", timeout=120_000)
            assert page.locator("tr.event").count() > rows
            assert "2030" in page.locator("tr.event.fresh").first.inner_text()
            context.close()
            assert errors == []
    finally:
        code, out = watch.stop(signal.SIGTERM)
    assert code == 0, watch.text()
    assert "1 stored" in out and "0 failed" in out
