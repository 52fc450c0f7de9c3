"""The JSON API under ``/api/``: every page's twin, in datasette's conventions.

Lists answer ``{"rows": [...], "next": CURSOR|null}``: pass ``next`` back for the following page
(an opaque keyset cursor, so a deep page costs what the first does). The filters are the CLI's:
``actor``, ``country``, ``type``, ``since``, ``until`` and ``q`` (the CLI's ``--text``).
``format=csv`` on events streams every matching event as CSV, page by page.
"""

from __future__ import annotations

import asyncio
import base64
import csv
import io
import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from rasad.archive import browse, query
from rasad.archive.backend import Backend, connect
from rasad.archive.query import Filters
from rasad.archive.views import EVENT_COLUMNS, event_view
from rasad.web import counts
from rasad.web.app import MAX_DOCUMENTS, ApiError, database


class ErrorBody(BaseModel):
    """Every error: what went wrong and what to do, and the HTTP status."""

    error: str
    status: int


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": what} for code, what in (
        (400, "a bad cursor or parameter"), (401, "the token is missing or wrong"),
        (403, "uploads are disabled (no RASAD_TOKEN)"), (404, "no such item"),
        (422, "a parameter of the wrong type or out of range"), (503, "the archive cannot be read"))}

router = APIRouter(prefix="/api", responses=ERRORS)
Db = Annotated[Backend, Depends(database)]
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
Limit = Annotated[int, Query(ge=1, le=500, description="Rows in a page.")]
Cursor = Annotated[str | None, Query(alias="next", max_length=2000, description="The `next` of the previous page.")]
Actor = Annotated[str | None, Query(max_length=200, description="Arabic or English name or KB id: روسيا, Russia, sergey-lavrov.")]
Country = Annotated[str | None, Query(max_length=8, pattern=r"^[A-Za-z]{3}$", description="ISO alpha-3 or PLOVER code: SYR, IGO.")]
EventType = Annotated[str | None, Query(max_length=20, pattern=r"^[A-Za-z_]+$", description="PLOVER event type: AID, CONSULT...")]
Since = Annotated[str | None, Query(pattern=DATE, description="YYYY[-MM[-DD]], inclusive.")]
Until = Annotated[str | None, Query(pattern=DATE, description="YYYY[-MM[-DD]], inclusive.")]
Ident = Annotated[int, PathParam(ge=0, le=2**63 - 1, description="The row's id.")]
Text = Annotated[str | None, Query(max_length=200, description="Words the sentence, quote or title holds.")]


class Page(BaseModel):
    rows: list[dict[str, Any]]
    next: str | None = Field(description="Pass as `next` for the following page; null on the last.")


def encode_cursor(key: browse.Key | None) -> str | None:
    if key is None:
        return None
    return base64.urlsafe_b64encode(json.dumps(list(key), ensure_ascii=False).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> browse.Key | None:
    """The key of an opaque cursor; a 400 error for one this server did not make."""
    if cursor is None:
        return None
    try:
        value, row_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(row_id, int) or isinstance(row_id, bool) or not (value is None or isinstance(value, str | int)):
            raise ValueError(cursor)
        if not -(2**63) <= row_id < 2**63:
            raise ValueError(cursor)
    except (ValueError, TypeError, UnicodeDecodeError):
        raise ApiError(400, "next: not a cursor this server made; pass the 'next' of the previous page") from None
    return value, row_id


def filters(actor: Actor = None, country: Country = None, type: EventType = None, since: Since = None,
            until: Until = None, q: Text = None, limit: Limit = 50) -> Filters:
    """The query string's filters, as the CLI's."""
    return Filters(actor=actor or None, country=country or None, type=type or None, since=since, until=until,
                   text=q or None, limit=limit)


Filtered = Annotated[Filters, Depends(filters)]


def event_json(e: dict[str, Any]) -> dict[str, Any]:
    """An event row for the API: its columns, actors and recipients with their page's ``ref``, and its first report."""
    out = {k: v for k, v in e.items() if k not in ("match_key", "first", "actors", "recipients")}
    for role in ("actors", "recipients"):
        out[role] = [{**{k: v for k, v in a.items() if k not in ("event_id", "role")}, "ref": browse.actor_ref(a),
                      "name": query.actor_name(a)} for a in e.get(role, [])]
    first = e.get("first") or {}
    out["first"] = {k: first.get(k) for k in ("article_id", "paragraph", "sentence", "trigger", "trigger_start",
                                              "trigger_end", "published", "url", "outlet")} if first else None
    return out


def _not_found(what: str, key: Any) -> ApiError:
    return ApiError(404, f"no {what} {key} in the archive")


# -- events ------------------------------------------------------------------------------------------
@router.get("/events", response_model=Page, summary="Events, newest first, filtered as `rasad events`",
            responses={200: {"content": {"text/csv": {}}, "description": "a page, or CSV with format=csv"}})
def events(request: Request, db: Db, f: Filtered, cursor: Cursor = None,
           format: Literal["json", "csv"] = "json") -> Any:
    if format == "csv":
        return StreamingResponse(_events_csv(request.app.state.settings.url, f), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="events.csv"'})
    rows, key = browse.event_page(db, f, decode_cursor(cursor))
    return {"rows": [event_json(r) for r in rows], "next": encode_cursor(key)}


def _events_csv(url: str, f: Filters) -> Iterator[str]:
    """Every matching event as CSV (the columns of ``rasad events --format csv``), 500 rows at a time."""
    db = connect(url)
    try:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["id", *EVENT_COLUMNS])
        yield buffer.getvalue()
        key: browse.Key | None = None
        page = Filters(f.actor, f.country, f.type, f.since, f.until, f.text, limit=500)
        while True:
            rows, key = browse.event_page(db, page, key)
            buffer.seek(0)
            buffer.truncate()
            for r in rows:
                view = event_view(r)
                writer.writerow([r["id"], *("" if view.get(c) is None else view[c] for c in EVENT_COLUMNS)])
            yield buffer.getvalue()
            if key is None:
                break
    finally:
        db.close()


@router.get("/events/{event_id}", summary="One event with its actors and every report of it")
def event(db: Db, event_id: Ident) -> dict[str, Any]:
    e = browse.event(db, event_id)
    if e is None:
        raise _not_found("event", event_id)
    out = event_json(e)
    out["mentions"] = e["mentions"]
    return out


# -- articles and documents ------------------------------------------------------------------------
@router.get("/articles", response_model=Page, summary="Articles, newest first (q: words of the title)")
def articles(db: Db, f: Filtered, cursor: Cursor = None) -> Any:
    rows, key = browse.article_page(db, f, decode_cursor(cursor))
    return {"rows": rows, "next": encode_cursor(key)}


@router.get("/articles/{article_id}", summary="One article with its entities, events and quotes and their offsets")
def article(db: Db, article_id: Ident) -> dict[str, Any]:
    a = browse.article(db, article_id)
    if a is None:
        raise _not_found("article", article_id)
    a["events"] = [{**event_json(e), "mention": e["mention"]} for e in a["events"]]
    return a


@router.get("/documents", response_model=Page, summary="Stored documents, last stored first")
def documents(db: Db, limit: Limit = 50, cursor: Cursor = None,
              status: Literal["ok", "failed", "empty"] | None = None) -> Any:
    rows, key = browse.document_page(db, limit, decode_cursor(cursor), status)
    return {"rows": rows, "next": encode_cursor(key)}


@router.get("/documents/{document_id}", summary="One stored document: its source, status and the reason it failed")
def document(db: Db, document_id: Ident) -> dict[str, Any]:
    d = browse.document(db, document_id)
    if d is None:
        raise _not_found("document", document_id)
    return d


class Upload(BaseModel):
    """Pages to ingest: each a record as in a JSONL input (``html``, ``page`` or ``text``, and
    optionally ``id``, ``url``, ``title``, ``published``, ``byline``)."""

    documents: list[dict[str, Any]] = Field(min_length=1, max_length=MAX_DOCUMENTS)


class Ingested(BaseModel):
    """What ``rasad ingest`` did with the upload; ``empty``: documents with nothing to read (stored with
    the status ``empty``, not failures); ``failures``: each failed document's source and reason."""

    read: int
    stored: int
    already_stored: int
    reprocessed: int
    empty: int
    failed: int
    seconds: float
    failures: list[dict[str, str]]


_writer = threading.Lock()  # one writer at a time from this server


@router.post("/documents", response_model=Ingested, status_code=201,
             summary="Ingest pages (needs the token: Authorization: Bearer $RASAD_TOKEN)",
             responses={413: {"model": ErrorBody, "description": "the upload is too large"}},
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": Upload.model_json_schema()}}}})
async def upload(request: Request) -> Any:
    settings = request.app.state.settings
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > settings.max_upload:
        raise ApiError(413, f"the upload is {int(declared)} bytes, over the limit of {settings.max_upload}; "
                       "send fewer pages at a time")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > settings.max_upload:
            raise ApiError(413, f"the upload is over the limit of {settings.max_upload} bytes; send fewer pages at a time")
    try:
        data = Upload.model_validate_json(bytes(body))
    except ValueError as exc:
        first = exc.errors()[0] if hasattr(exc, "errors") and exc.errors() else {"msg": str(exc)}
        raise ApiError(422, "the body must be JSON: {\"documents\": [{\"text\": ...}, ...]} "
                       f"({first.get('msg', 'invalid')})") from None
    summary = await run_in_threadpool(_ingest, settings.url, data.documents)
    return JSONResponse({**summary.as_dict(), "failures": [{"source": s, "reason": r} for s, r in summary.failures]},
                        status_code=201 if summary.stored else 200)


def _ingest(url: str, documents: list[dict[str, Any]]) -> Any:
    """Through `rasad ingest` itself: the records go to a JSONL file named for the upload."""
    import tempfile
    from pathlib import Path

    from rasad.archive.ingest import ingest

    with tempfile.TemporaryDirectory(prefix="rasad-upload-") as tmp:
        path = Path(tmp) / f"upload-{time.strftime('%Y%m%dT%H%M%S')}.jsonl"
        path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents), encoding="utf-8")
        with _writer:
            return ingest([path], url, jobs=1)


# -- actors, quotes, search, stats ---------------------------------------------------------------------
@router.get("/actors", response_model=Page, summary="Actors and recipients, most events first")
def actors(db: Db, f: Filtered, cursor: Cursor = None) -> Any:
    rows, key = browse.actor_page(db, f, decode_cursor(cursor))
    return {"rows": rows, "next": encode_cursor(key)}


@router.get("/actors/{ref:path}", summary="One actor: names, aliases, offices with dates, events per type and month")
def actor(db: Db, ref: Annotated[str, PathParam(min_length=1, max_length=200)], limit: Limit = 20,
          cursor: Cursor = None) -> dict[str, Any]:
    return actor_json(db, ref, limit, cursor)


def actor_json(db: Backend, ref: str, limit: int = 20, cursor: str | None = None) -> dict[str, Any]:
    """An actor with a page of its events (``events``: rows and next) and its latest quotes."""
    a = browse.actor(db, ref)
    if a is None:
        raise _not_found("actor", ref)
    rows, key = browse.event_page(db, Filters(actor=ref, limit=limit), decode_cursor(cursor))
    a["events"] = {"rows": [event_json(r) for r in rows], "next": encode_cursor(key)}
    said, _ = browse.quote_page(db, Filters(limit=20), speaker=a["speaker"])
    a["latest_quotes"] = [{**q, "direct": bool(q["direct"])} for q in said]
    return a


@router.get("/quotes", response_model=Page, summary="Quotes with their speakers (actor: the speaker)")
def quotes(db: Db, f: Filtered, cursor: Cursor = None) -> Any:
    rows, key = browse.quote_page(db, f, decode_cursor(cursor))
    for r in rows:
        r["direct"] = bool(r["direct"])
    return {"rows": rows, "next": encode_cursor(key)}


@router.get("/search", response_model=Page, summary="Full-text search of the articles, best first")
def search(db: Db, q: Annotated[str, Query(min_length=1, max_length=200, description="Words to find.")],
           actor: Actor = None, country: Country = None, type: EventType = None, since: Since = None,
           until: Until = None, limit: Limit = 20, cursor: Cursor = None) -> Any:
    start = 0
    if cursor is not None:
        _, start = decode_cursor(cursor) or (None, 0)
        if start < 0:
            raise ApiError(400, "next: not a cursor this server made; pass the 'next' of the previous page")
    f = Filters(actor=actor, country=country, type=type, since=since, until=until, limit=start + limit + 1)
    found = query.search(db, q, f)
    rows = found[start : start + limit]
    return {"rows": rows, "next": encode_cursor(("search", start + limit)) if len(found) > start + limit else None}


@router.get("/stats", summary="Counts, and events per day, week or month by type and by country pair")
def stats(db: Db, f: Filtered, period: Literal["day", "week", "month"] = "week") -> dict[str, Any]:
    return counts.stats_of(db, f, period)


@router.get("/network", summary="Who acted on whom: the heaviest actor → recipient edges (weight: events)")
def network(db: Db, f: Filtered) -> dict[str, Any]:
    return counts.network_of(db, f, min(f.limit, 100))


# -- live -------------------------------------------------------------------------------------------
@router.get("/stream", summary="Server-sent events: each event stored after `after` (an event id), as it comes",
            responses={200: {"content": {"text/event-stream": {}}, "description": "an endless text/event-stream"}})
async def stream(request: Request, after: Annotated[int | None, Query(ge=0, lt=2**63)] = None,
                 poll: Annotated[float, Query(ge=0.2, le=60)] = 2.0,
                 max_seconds: Annotated[float, Query(gt=0, le=3600)] = 600) -> StreamingResponse:
    url = request.app.state.settings.url
    last_id = request.headers.get("last-event-id")
    start = int(last_id) if last_id and last_id.isdigit() else after

    async def events() -> AsyncIterator[str]:
        last = start if start is not None else await run_in_threadpool(_latest, url)
        yield f"retry: 3000\nevent: hello\ndata: {json.dumps({'after': last})}\n\n"
        deadline = time.monotonic() + max_seconds
        quiet = 0.0
        while time.monotonic() < deadline and not await request.is_disconnected():
            rows = await run_in_threadpool(_newer, url, last)
            for r in rows:
                last = r["id"]
                yield f"id: {last}\nevent: event\ndata: {json.dumps(event_json(r), ensure_ascii=False, default=str)}\n\n"
            quiet = 0.0 if rows else quiet + poll
            if quiet >= 15:
                yield ": still here\n\n"
                quiet = 0.0
            await asyncio.sleep(poll)

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def _latest(url: str) -> int:
    db = connect(url)
    try:
        return browse.latest_event_id(db)
    finally:
        db.close()


def _newer(url: str, after: int) -> list[dict[str, Any]]:
    db = connect(url)
    try:
        return browse.newer_events(db, after)
    finally:
        db.close()
