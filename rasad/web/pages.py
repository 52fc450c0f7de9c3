"""The pages: server-rendered HTML (Jinja2, autoescaped) at stable URLs, each with its JSON twin
under ``/api/`` (linked from the page as ``<link rel="alternate" type="application/json">``).

The language is Arabic (``dir="rtl"``) unless ``?lang=en`` or the ``lang`` cookie it sets says
English: labels and actor names change, the articles' text stays as written.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from rasad.archive import browse, query
from rasad.archive.query import Filters
from rasad.web import api, charts, counts, render
from rasad.web.app import HERE, ApiError

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals.update(label=render.label, name_of=render.name_of, actors_html=render.actors_html,
                             actor_href=render.actor_href, colour=charts.colour)


def language(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in ("ar", "en"):
        return asked
    return "en" if request.cookies.get("lang") == "en" else "ar"


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    lang = language(request)
    other = dict(request.query_params)
    other["lang"] = "ar" if lang == "en" else "en"
    other.pop("token", None)
    response = templates.TemplateResponse(request, name, {
        "lang": lang, "dir": "ltr" if lang == "en" else "rtl", "toggle": "?" + urlencode(other),
        "t": lambda key: render.label(key, lang), **context}, status_code=status)
    if request.query_params.get("lang") in ("ar", "en"):
        response.set_cookie("lang", lang, samesite="strict")
    return response


def error_page(request: Request, status: int, message: str) -> Response:
    return page(request, "error.html", {"status": status, "message": message, "api": None}, status)


def _query_string(request: Request, **change: Any) -> str:
    params = {k: v for k, v in request.query_params.items() if k not in ("token", "lang", "next")}
    params.update({k: v for k, v in change.items() if v is not None})
    return urlencode(params)


@router.get("/", response_class=HTMLResponse)
def explorer(request: Request, db: api.Db, f: api.Filtered, cursor: api.Cursor = None) -> Response:
    rows, key = browse.event_page(db, f, api.decode_cursor(cursor))
    lang = language(request)
    qs = _query_string(request)
    timeline = counts.timeline_of(db, f)
    return page(request, "explorer.html", {
        "f": f, "events": [api.event_json(r) for r in rows],
        "next": ("/?" + _query_string(request, next=api.encode_cursor(key))) if key else None,
        "first_page": "/?" + qs if cursor else None,
        "timeline": charts.timeline_svg(timeline["series"], lang), "period": timeline["period"],
        "network": charts.network_svg(counts.network_of(db, f, counts.EXPLORER_EDGES), lang),
        "csv": "/api/events?" + _query_string(request, format="csv", limit=None),
        "api": "/api/events?" + qs, "types": [r["type"] for r in db.rows(
            "SELECT DISTINCT type FROM events ORDER BY type")],
    })


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def reader(request: Request, db: api.Db, article_id: api.Ident,
           event: Annotated[int | None, Query(ge=0, le=2**63 - 1)] = None) -> Response:
    a = browse.article(db, article_id)
    if a is None:
        raise ApiError(404, f"no article {article_id} in the archive")
    lang = language(request)
    title, body, captions = render.article_paragraphs(a, event, lang)
    events = [api.event_json(e) | {"mention": e["mention"]} for e in a["events"]]
    return page(request, "reader.html", {"a": a, "title": title, "body": body, "captions": captions, "events": events, "highlight": event,
                                         "api": f"/api/articles/{article_id}"})


@router.get("/actors/{ref:path}", response_class=HTMLResponse)
def actor(request: Request, db: api.Db, ref: Annotated[str, PathParam(min_length=1, max_length=200)],
          cursor: api.Cursor = None) -> Response:
    a = api.actor_json(db, ref, 50, cursor)
    lang = language(request)
    series = [{"period": c["month"] or "?", "type": c["type"], "n": c["n"]} for c in a["events_per_month"]]
    return page(request, "actor.html", {
        "a": a, "timeline": charts.timeline_svg(series, lang),
        "next": f"?next={a['events']['next']}" if a["events"]["next"] else None,
        "api": "/api/actors/" + render.actor_href(ref).removeprefix("/actors/")})


@router.get("/quotes", response_class=HTMLResponse)
def quotes(request: Request, db: api.Db, f: api.Filtered, cursor: api.Cursor = None) -> Response:
    rows, key = browse.quote_page(db, f, api.decode_cursor(cursor))
    return page(request, "quotes.html", {
        "f": f, "quotes": rows, "api": "/api/quotes?" + _query_string(request),
        "next": ("/quotes?" + _query_string(request, next=api.encode_cursor(key))) if key else None})


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, db: api.Db, q: Annotated[str, Query(max_length=200)] = "",
           limit: api.Limit = 20) -> Response:
    rows = query.search(db, q, Filters(limit=limit)) if q.strip() else []
    return page(request, "search.html", {"q": q, "results": rows, "api": "/api/search?" + urlencode({"q": q})})


@router.get("/live", response_class=HTMLResponse)
def live(request: Request, db: api.Db) -> Response:
    latest = browse.latest_event_id(db)
    rows = browse.latest_events(db, 30)
    return page(request, "live.html", {"events": [api.event_json(r) for r in rows], "after": latest,
                                       "api": f"/api/stream?after={latest}"})

