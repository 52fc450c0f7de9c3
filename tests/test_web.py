"""The web app's API and pages through FastAPI's TestClient, on an archive of the bundled samples
(and the API's pages on PostgreSQL too)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_support import NEW_EVENT, SAMPLES, sample_archive

from rasad.archive import browse, query
from rasad.archive.backend import connect
from rasad.archive.ingest import ingest
from rasad.errors import RasadError
from rasad.web.api import Ingested
from rasad.web.app import create_app

TOKEN = "s3cret-token-for-tests"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{sample_archive(tmp_path)}"


@pytest.fixture
def client(db_url: str) -> TestClient:
    return TestClient(create_app(db_url, token=TOKEN))


def _all_pages(client: TestClient, path: str, **params: object) -> list[dict]:
    rows: list[dict] = []
    cursor = None
    for _ in range(1000):
        page = client.get(path, params={**params, **({"next": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        body = page.json()
        rows += body["rows"]
        cursor = body["next"]
        if cursor is None:
            return rows
    raise AssertionError("the cursor never ended")


def check_event_pages(client: TestClient, url: str) -> None:
    rows = _all_pages(client, "/api/events", limit=7)
    db = connect(url)
    try:
        total = db.scalar("SELECT COUNT(*) FROM events")
        assert total > 14  # more than two pages
        assert len(rows) == total and len({r["id"] for r in rows}) == total  # every event once
        dates = [r["date"] for r in rows if r["date"]]
        assert dates == sorted(dates, reverse=True)  # newest first
        assert all(r["date"] is None for r in rows[len(dates):])  # undated last
        russia = query.events(db, query.Filters(actor="روسيا", limit=0))
        kind = russia[0]["type"]
        cli = {e["id"] for e in query.events(db, query.Filters(actor="روسيا", type=kind, limit=0))}
    finally:
        db.close()
    filtered = _all_pages(client, "/api/events", actor="روسيا", type=kind.lower(), limit=1)
    assert {r["id"] for r in filtered} == cli and cli  # the CLI's filters, the CLI's rows
    assert all(r["type"] == kind and r["first"]["sentence"] for r in filtered)


def test_event_pages_follow_the_cursor_through_every_event_once(client: TestClient, db_url: str) -> None:
    check_event_pages(client, db_url)


def test_the_api_reads_postgresql_as_it_reads_sqlite(archive_url: str) -> None:
    ingest([SAMPLES], archive_url, jobs=1)
    client = TestClient(create_app(archive_url))
    check_event_pages(client, archive_url)
    [article] = [a for a in _all_pages(client, "/api/articles", limit=5) if a["title"] == "روسيا ترسل شحنة قمح جديدة إلى سوريا"]
    assert client.get(f"/api/articles/{article['id']}").json()["events"]
    assert client.get("/api/actors/faisal-mekdad").json()["events"]["rows"]
    assert client.get("/api/search", params={"q": "المقداد"}).json()["rows"]
    weeks = client.get("/api/stats").json()["timeline"]["series"]
    assert weeks and all(browse.week_of(s["period"]) == s["period"] for s in weeks)
    for path in ("/api/actors", "/api/quotes", "/api/documents", "/api/articles"):
        rows = _all_pages(client, path, limit=6)
        assert len(rows) > 6 and len({json.dumps(r, sort_keys=True, default=str) for r in rows}) == len(rows), path
    assert client.get("/api/network").json()["edges"]
    assert client.get("/", headers={"accept": "text/html"}).text.count('<tr class="event"') == 50


def test_an_article_comes_with_its_entities_events_and_quotes_at_their_offsets(client: TestClient) -> None:
    [wheat] = [a for a in _all_pages(client, "/api/articles", limit=50) if a["title"] == "روسيا ترسل شحنة قمح جديدة إلى سوريا"]
    a = client.get(f"/api/articles/{wheat['id']}").json()
    assert "samples/archive.jsonl#" in a["source"]

    def text(paragraph: int) -> str:
        return a["title"] if paragraph == -1 else a["body"][paragraph]

    assert a["entities"] and all(text(m["paragraph"])[m["start"]:m["end"]] == m["text"] for m in a["entities"])
    assert {"روسيا", "سوريا"} <= {m["canonical"] for m in a["entities"]}
    assert a["events"]
    for e in a["events"]:
        m = e["mention"]
        assert text(m["paragraph"])[m["sentence_start"]:m["sentence_end"]] == m["sentence"]
        if m["trigger_start"] is not None:
            assert text(m["paragraph"])[m["trigger_start"]:m["trigger_end"]] == m["trigger"]
    assert [s["source"] if "source" in s else s["id"] for s in a["story"]]  # the syndicated copy
    assert a["story"][0]["id"] != a["id"]
    assert a["events"][0]["num_sources"] >= 1
    one = client.get(f"/api/events/{a['events'][0]['id']}").json()
    assert {m["article_id"] for m in one["mentions"]} >= {a["id"]} and len(one["mentions"]) == one["num_articles"]


def test_an_actor_has_names_offices_and_events_over_time(client: TestClient) -> None:
    a = client.get("/api/actors/faisal-mekdad").json()
    assert a["name"] == "فيصل المقداد" and a["name_en"] == "Faisal Mekdad" and a["country"] == "SYR"
    assert "المقداد" in a["names"]
    assert any(o["role"] == "foreign-minister" and o["country"] == "SYR" and o["start"] for o in a["offices"])
    assert a["events"]["rows"] and all(
        any(x["kb_id"] == "faisal-mekdad" for x in e["actors"] + e["recipients"]) for e in a["events"]["rows"])
    assert sum(c["n"] for c in a["events_per_month"]) == len(_all_pages(client, "/api/events", actor="faisal-mekdad"))
    assert a["latest_quotes"] and all(q["speaker_canonical"] == "فيصل المقداد" for q in a["latest_quotes"])
    assert a["quotes"] == len(a["latest_quotes"])  # fewer than a page of them in the samples
    assert client.get("/api/actors/nobody-at-all").status_code == 404
    # a name with a slash reaches the actor route (its own 404), not the router's
    for path in ("/api/actors/", "/actors/"):
        slashed = client.get(path + "%D8%A3/%D8%A8")
        assert slashed.status_code == 404 and "no actor أ/ب" in slashed.text, slashed.text
    listed = client.get("/api/actors", params={"limit": 3}).json()
    assert listed["rows"][0]["ref"] == "faisal-mekdad" and listed["next"]
    everyone = _all_pages(client, "/api/actors", limit=4)
    assert len({r["ref"] for r in everyone}) == len(everyone)
    assert [r["events"] for r in everyone] == sorted((r["events"] for r in everyone), reverse=True)


def test_quotes_search_stats_network_and_documents(client: TestClient, db_url: str) -> None:
    quotes = _all_pages(client, "/api/quotes", limit=5)
    db = connect(db_url)
    try:
        assert len(quotes) == db.scalar("SELECT COUNT(*) FROM quotes")
        events = db.scalar("SELECT COUNT(*) FROM events")
    finally:
        db.close()
    said = client.get("/api/quotes", params={"actor": "فيصل المقداد"}).json()["rows"]
    assert said and all(q["speaker_canonical"] == "فيصل المقداد" for q in said)
    found = client.get("/api/search", params={"q": "المقداد", "limit": 1}).json()
    assert "[المقداد]" in found["rows"][0]["snippet"] and found["next"]
    second = client.get("/api/search", params={"q": "المقداد", "limit": 1, "next": found["next"]}).json()
    assert second["rows"][0]["id"] != found["rows"][0]["id"]
    stats = client.get("/api/stats", params={"period": "week"}).json()
    placed = sum(s["n"] for s in stats["timeline"]["series"]) + sum(stats["timeline"]["not_placed"].values())
    assert placed == stats["events"] == events
    assert all(browse.week_of(s["period"]) == s["period"] for s in stats["timeline"]["series"])  # Mondays
    months = client.get("/api/stats", params={"period": "month"}).json()["timeline"]
    assert sum(s["n"] for s in months["series"]) + sum(months["not_placed"].values()) == events
    assert all(len(s["period"]) == 7 for s in months["series"])
    assert any(p["actor_country"] == "RUS" and p["recipient_country"] == "SYR" for p in stats["country_pairs"])
    graph = client.get("/api/network").json()
    refs = {n["ref"] for n in graph["nodes"]}
    assert graph["edges"] and all(e["source"] in refs and e["target"] in refs and e["n"] >= 1 for e in graph["edges"])
    docs = _all_pages(client, "/api/documents", limit=8)
    assert len(docs) == 21 and all(d["status"] == "ok" for d in docs)
    assert client.get(f"/api/documents/{docs[0]['id']}").json()["article_id"] == docs[0]["id"]


def test_csv_streams_every_event_of_the_filter(client: TestClient, db_url: str) -> None:
    response = client.get("/api/events", params={"format": "csv", "country": "SYR"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    db = connect(db_url)
    try:
        expected = query.events(db, query.Filters(country="SYR", limit=0))
    finally:
        db.close()
    assert sorted(int(r["id"]) for r in rows) == sorted(e["id"] for e in expected)
    assert all(r["sentence"] for r in rows)


def test_errors_are_json_with_a_message_and_the_right_status(client: TestClient) -> None:
    cases = {
        "/api/events?next=not-a-cursor": 400, "/api/events?limit=0": 422, "/api/events?limit=5000": 422,
        "/api/events?since=yesterday": 422, "/api/articles/999999": 404, "/api/events/999999": 404,
        "/api/nothing-here": 404, "/api/search": 422, "/api/events?format=xml": 422,
    }
    for path, status in cases.items():
        r = client.get(path)
        assert r.status_code == status, path
        body = r.json()
        assert body["status"] == status and len(body["error"]) > 10, path
    assert "limit" in client.get("/api/events?limit=0").json()["error"]
    assert client.delete("/api/events").status_code == 405
    page = client.get("/articles/999999", headers={"accept": "text/html"})
    assert page.status_code == 404 and "no article 999999" in page.text


def test_uploads_need_the_token_and_respect_the_size_limit(db_url: str) -> None:
    client = TestClient(create_app(db_url, token=TOKEN, max_upload=50_000))
    body = {"documents": [NEW_EVENT]}
    assert client.post("/api/documents", json=body).status_code == 401
    wrong = client.post("/api/documents", json=body, headers={"Authorization": "Bearer wrong"})
    assert wrong.status_code == 401 and "wrong" in wrong.json()["error"]
    auth = {"Authorization": f"Bearer {TOKEN}"}
    big = client.post("/api/documents", json={"documents": [{"text": "ك" * 60_000}]}, headers=auth)
    assert big.status_code == 413 and "limit" in big.json()["error"]
    bad = client.post("/api/documents", content=b"{not json", headers={**auth, "content-type": "application/json"})
    assert bad.status_code == 422 and "documents" in bad.json()["error"]
    assert client.post("/api/documents", json={"documents": []}, headers=auth).status_code == 422
    before = client.get("/api/stats").json()["events"]  # counts are kept until the archive changes
    done = client.post("/api/documents", json=body, headers=auth)
    assert done.status_code == 201, done.text
    assert done.json()["stored"] == 1 and done.json()["failed"] == 0
    Ingested.model_validate(done.json())  # as the OpenAPI spec documents it
    again = client.post("/api/documents", json=body, headers=auth).json()
    assert again["stored"] == 0 and again["already_stored"] == 1
    found = client.get("/api/events", params={"since": "2030"}).json()["rows"]
    assert found and found[0]["type"] == "CONSULT"
    assert client.get("/api/stats").json()["events"] == before + len(found)
    broken = client.post("/api/documents", json={"documents": [{"text": 5}]}, headers=auth).json()
    assert broken["failed"] == 1 and broken["failures"][0]["reason"]
    blank = client.post("/api/documents", json={"documents": [{"text": " "}]}, headers=auth).json()
    assert (blank["empty"], blank["failed"], blank["failures"]) == (1, 0, [])  # nothing to read is no failure
    no_token = TestClient(create_app(db_url, token=""))
    refused = no_token.post("/api/documents", json=body)
    assert refused.status_code == 403 and "RASAD_TOKEN" in refused.json()["error"]


def test_beyond_localhost_every_request_needs_the_token_unless_public_read(db_url: str) -> None:
    with pytest.raises(RasadError, match="RASAD_TOKEN"):
        create_app(db_url, host="0.0.0.0", token="")
    guarded = TestClient(create_app(db_url, host="0.0.0.0", token=TOKEN))
    assert guarded.get("/api/events").status_code == 401
    assert guarded.get("/api/events", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    page = guarded.get(f"/?token={TOKEN}", headers={"accept": "text/html"})
    assert page.status_code == 200 and "rasad_token" in page.headers["set-cookie"]
    assert guarded.get("/api/stats").status_code == 200  # the cookie it set
    public = TestClient(create_app(db_url, host="0.0.0.0", token=TOKEN, public_read=True))
    assert public.get("/api/events").status_code == 200
    assert public.post("/api/documents", json={"documents": [NEW_EVENT]}).status_code == 401


def test_article_text_is_escaped_and_pages_send_a_content_security_policy(db_url: str) -> None:
    client = TestClient(create_app(db_url, token=TOKEN))
    evil = {"id": "evil", "title": '<script>alert(1)</script> لافروف "><img src=x onerror=alert(2)>',
            "text": '<script>alert(1)</script> لافروف "><img src=x onerror=alert(2)>\n\n'
                    'موسكو - استقبل وزير الخارجية الروسي سيرغي لافروف "><img src=x onerror=alert(3)> '
                    'نظيره السوري فيصل المقداد في موسكو يوم الثلاثاء.',
            "published": "2031-01-07T10:00:00+03:00"}
    stored = client.post("/api/documents", json={"documents": [evil]}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert stored.status_code == 201 and stored.json()["failed"] == 0
    [doc] = [d for d in client.get("/api/documents").json()["rows"] if "evil" not in d["source"] and d["title"]][:1]
    article = client.get(f"/articles/{doc['id']}", headers={"accept": "text/html"})
    assert article.status_code == 200
    assert "<script>alert" not in article.text and "<img src=x" not in article.text
    assert "&lt;img src=x onerror=alert(" in article.text
    assert "default-src 'self'" in article.headers["content-security-policy"]
    assert "script-src 'self'" in article.headers["content-security-policy"]
    for path in ("/", "/quotes", f"/search?q={evil['title']}", "/live"):
        html = client.get(path, headers={"accept": "text/html"}).text
        assert "<script>alert" not in html and "<img src=x" not in html, path


def test_pages_are_arabic_right_to_left_with_an_english_toggle(client: TestClient) -> None:
    html = client.get("/", headers={"accept": "text/html"}).text
    assert '<html dir="rtl" lang="ar">' in html and "مستكشف الأحداث" in html
    assert 'rel="alternate" type="application/json" href="/api/events?' in html
    assert html.count('<tr class="event"') == 50  # a page of the table
    english = client.get("/?lang=en", headers={"accept": "text/html"})
    assert '<html dir="ltr" lang="en">' in english.text and "Event explorer" in english.text
    assert "Faisal Mekdad" in english.text
    assert english.cookies.get("lang") == "en"
    article, event = next((a["id"], e["id"]) for a in _all_pages(client, "/api/articles", limit=50)
                          for e in client.get(f"/api/articles/{a['id']}").json()["events"][:1])
    reader = client.get(f"/articles/{article}?event={event}", headers={"accept": "text/html"}).text
    assert f'class="sent s-{event} hl" id="ev-{event}"' in reader
    assert 'href="/actors/russia"' in reader or 'href="/actors/' in reader
    assert client.get("/api/docs").text.count("/static/vendor/swagger-ui-dist/") == 2  # no CDN


def test_the_stream_sends_events_another_process_stores(db_url: str) -> None:
    client = TestClient(create_app(db_url))
    db = connect(db_url)
    latest = int(db.scalar("SELECT MAX(id) FROM events"))
    db.close()
    ingest([_jsonl(Path(db_url.removeprefix("sqlite:///")).parent, NEW_EVENT)], db_url, jobs=1)  # as `rasad watch` would
    with client.stream("GET", "/api/stream", params={"after": latest, "max_seconds": 1, "poll": 0.2}) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        text = "".join(r.iter_text())
    messages = [m for m in text.split("\n\n") if "event: event" in m]
    assert messages
    data = json.loads(messages[0].split("data: ", 1)[1])
    assert data["id"] > latest and data["date"].startswith("2030") and f"id: {data['id']}" in messages[0]


def _jsonl(directory: Path, record: dict) -> Path:
    path = directory / "new.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_the_shipped_front_end_files_are_those_of_the_lockfile() -> None:
    from rasad.web import assets

    assert assets.check() == []
    lock = json.loads((assets.FRONTEND / "package-lock.json").read_text(encoding="utf-8"))
    manifest = json.loads(assets.MANIFEST.read_text(encoding="utf-8"))
    for name in assets.FILES:
        assert manifest[name]["version"] == lock["packages"][f"node_modules/{name}"]["version"]
        assert (assets.VENDOR / manifest[name]["dir"] / "LICENSE").is_file()


def test_the_reader_links_the_names_in_photo_captions(client: TestClient) -> None:
    [amman] = [a for a in _all_pages(client, "/api/articles", limit=50) if a["source"].endswith("amman-talks.txt")]
    a = client.get(f"/api/articles/{amman['id']}").json()
    assert any(m["kb_id"] == "ayman-safadi" for m in a["caption_entities"])
    reader = client.get(f"/articles/{amman['id']}", headers={"accept": "text/html"}).text
    captions = reader[reader.index('<ul class="captions">'):]
    assert 'href="/actors/ayman-safadi"' in captions[:captions.index("</ul>")]
