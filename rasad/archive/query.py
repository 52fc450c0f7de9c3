"""Reading the archive: events, actors, quotes, articles, full-text search and statistics.

Every query takes the same :class:`Filters` and returns plain rows (dicts), which
:mod:`rasad.archive.views` prints as a table, CSV or JSONL. The SQL runs unchanged on SQLite and
PostgreSQL; only the full-text match comes from the backend.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from rasad.archive.backend import Backend
from rasad.archive.textsearch import query_stems, snippet


@dataclass(slots=True)
class Filters:
    """``actor``: Arabic or English name or KB id (``روسيا``, ``Russia``, ``russia``, ``لافروف``);
    ``country``: ISO alpha-3 or PLOVER code; ``type``: PLOVER event type; ``since``/``until``:
    ``YYYY[-MM[-DD]]``, inclusive, a date overlapping the bound counts; ``text``: words the sentence
    (or quote, or article) holds; ``limit``: at most this many rows (0: all)."""

    actor: str | None = None
    country: str | None = None
    type: str | None = None
    since: str | None = None
    until: str | None = None
    text: str | None = None
    limit: int = 50


def _dates(column: str, f: Filters, where: list[str], params: list[Any]) -> None:
    if f.since:
        where.append(f"{column} >= substr(?, 1, length({column}))")
        params.append(f.since)
    if f.until:
        where.append(f"substr({column}, 1, length(?)) <= ?")
        params += [f.until, f.until]


def _actor_match(alias: str) -> str:
    return (f"({alias}.canonical = ? OR {alias}.text = ? OR {alias}.kb_id = ? OR lower({alias}.name_en) = lower(?) "
            f"OR (' ' || {alias}.canonical || ' ') LIKE ?)")


def _actor_params(actor: str) -> list[Any]:
    return [actor, actor, actor, actor, f"% {actor} %"]


def _limit(sql: str, params: list[Any], f: Filters) -> str:
    if f.limit > 0:
        params.append(f.limit)
        return sql + " LIMIT ?"
    return sql


def events(db: Backend, f: Filters) -> list[dict[str, Any]]:
    """Events, newest first, each with its actors, recipients and the sentence of its first report."""
    where, params = _event_where(f)
    sql = _limit("SELECT e.* FROM events e WHERE " + " AND ".join(where)
                 + " ORDER BY CASE WHEN e.date IS NULL THEN 1 ELSE 0 END, e.date DESC, e.id", params, f)
    rows = db.rows(sql, params)
    _attach(db, rows)
    return rows


def _event_where(f: Filters) -> tuple[list[str], list[Any]]:
    """The WHERE clauses (on ``events e``) and parameters of the filters."""
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    if f.type:
        where.append("e.type = ?")
        params.append(f.type.upper())
    _dates("e.date", f, where, params)
    if f.actor:
        where.append(f"EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = e.id AND {_actor_match('x')})")
        params += _actor_params(f.actor)
    if f.country:
        # IN, not a correlated EXISTS: SQLite would search the country's rows once per event
        where.append("e.id IN (SELECT x.event_id FROM event_actors x WHERE x.country = ?)")
        params.append(f.country.upper())
    if f.text:
        where.append("EXISTS (SELECT 1 FROM event_mentions m WHERE m.event_id = e.id AND m.sentence LIKE ?)")
        params.append(f"%{f.text}%")
    return where, params


def _attach(db: Backend, rows: list[dict[str, Any]]) -> None:
    """Actors, recipients and first report of each event row."""
    if not rows:
        return
    ids = [r["id"] for r in rows]
    marks = ", ".join("?" * len(ids))
    actors: dict[int, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: {"actor": [], "recipient": []})
    for a in db.rows(f"SELECT * FROM event_actors WHERE event_id IN ({marks}) ORDER BY event_id, role, position", ids):
        actors[a["event_id"]][a["role"]].append(a)
    first: dict[int, dict[str, Any]] = {}
    for m in db.rows(
        "SELECT m.*, a.url, a.outlet, d.source FROM event_mentions m JOIN articles a ON a.id = m.article_id "
        f"JOIN documents d ON d.id = m.article_id WHERE m.event_id IN ({marks}) "
        "ORDER BY m.event_id, CASE WHEN m.published IS NULL THEN 1 ELSE 0 END, m.published, m.article_id, m.paragraph", ids,
    ):
        first.setdefault(m["event_id"], m)
    for r in rows:
        r["actors"] = actors[r["id"]]["actor"]
        r["recipients"] = actors[r["id"]]["recipient"]
        r["first"] = first.get(r["id"], {})


def actor_name(a: dict[str, Any]) -> str:
    """``فيصل المقداد`` for a named actor; ``المسؤولين الروس (RUS GOV)`` for a group without a name."""
    if a.get("canonical"):
        return str(a["canonical"])
    code = " ".join(x for x in (a.get("country"), a.get("sector")) if x)
    return f"{a['text']} ({code})" if code else str(a["text"])


def actors(db: Backend, f: Filters) -> list[dict[str, Any]]:
    """Actors and recipients of the matching events, with their count of events per type."""
    rows = events(db, Filters(f.actor, f.country, f.type, f.since, f.until, f.text, limit=0))
    table: dict[tuple[str, str], dict[str, Any]] = {}
    for e in rows:
        for role in ("actors", "recipients"):
            for a in e[role]:
                key = (a["kb_id"] or actor_name(a), a["country"] or "")
                entry = table.setdefault(key, {"actor": actor_name(a), "name_en": a["name_en"], "kb_id": a["kb_id"],
                                               "country": a["country"], "sector": a["sector"], "events": 0,
                                               "as_actor": 0, "as_recipient": 0, "types": Counter()})
                entry["events"] += 1
                entry["as_actor" if role == "actors" else "as_recipient"] += 1
                entry["types"][e["type"]] += 1
    out = sorted(table.values(), key=lambda r: (-r["events"], r["actor"]))
    for r in out:
        r["types"] = "; ".join(f"{t} {n}" for t, n in r["types"].most_common())
    return out[: f.limit] if f.limit > 0 else out


def quote_filter(f: Filters, params: list[Any]) -> list[str]:
    """The conditions on quotes (alias ``q``, their article ``a``) of the filters' speaker, speaker's
    country, dates and words of the quote."""
    where: list[str] = []
    if f.actor:
        where.append("(q.speaker_canonical = ? OR q.speaker_text = ? OR (' ' || q.speaker_canonical || ' ') LIKE ?)")
        params += [f.actor, f.actor, f"% {f.actor} %"]
    if f.country:
        where.append("q.speaker_country = ?")
        params.append(f.country.upper())
    _dates("a.day", f, where, params)
    if f.text:
        where.append("q.text LIKE ?")
        params.append(f"%{f.text}%")
    return where


def quotes(db: Backend, f: Filters) -> list[dict[str, Any]]:
    """Quotes with their speaker, article date and source."""
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    where += quote_filter(f, params)
    sql = _limit("SELECT q.speaker_text, q.speaker_canonical, q.speaker_country, q.speaker_sector, q.text, q.direct, "
                 "q.cue, a.published, a.outlet, a.url, d.source FROM quotes q JOIN articles a ON a.id = q.article_id "
                 "JOIN documents d ON d.id = q.article_id WHERE " + " AND ".join(where)
                 + " ORDER BY CASE WHEN a.day IS NULL THEN 1 ELSE 0 END, a.day DESC, q.id", params, f)
    return db.rows(sql, params)


def article_filter(f: Filters, params: list[Any]) -> list[str]:
    """The conditions on articles (alias ``a``) of the filters' dates, actor (a name mentioned in
    the article or a photo caption), country and type (of an event it reports); the text filter is the caller's."""
    where: list[str] = []
    _dates("a.day", f, where, params)
    if f.actor:
        where.append(f"(EXISTS (SELECT 1 FROM mentions x WHERE x.article_id = a.id AND {_actor_match('x')}) "
                     f"OR EXISTS (SELECT 1 FROM caption_mentions x WHERE x.article_id = a.id AND {_actor_match('x')}))")
        params += _actor_params(f.actor) * 2
    if f.country:
        where.append("EXISTS (SELECT 1 FROM event_mentions m JOIN event_actors x ON x.event_id = m.event_id "
                     "WHERE m.article_id = a.id AND x.country = ?)")
        params.append(f.country.upper())
    if f.type:
        where.append("EXISTS (SELECT 1 FROM event_mentions m JOIN events e ON e.id = m.event_id "
                     "WHERE m.article_id = a.id AND e.type = ?)")
        params.append(f.type.upper())
    return where


def articles(db: Backend, f: Filters, ids: list[int] | None = None) -> list[dict[str, Any]]:
    """Articles, newest first, with their number of events and the size of their story cluster."""
    params: list[Any] = []
    where = ["1 = 1", *article_filter(f, params)]
    if f.text:
        terms = query_stems(f.text)
        if terms:
            sql, p = db.search_sql(terms)
            where.append(f"a.id IN (SELECT article_id FROM ({sql}) hits)")
            params += p
    if ids is not None:
        where.append(f"a.id IN ({', '.join('?' * len(ids))})" if ids else "1 = 0")
        params += ids
    sql = _limit(
        "SELECT a.id, a.published, a.outlet, a.site, a.title, a.url, a.story_id, a.body, d.source, "
        "(SELECT COUNT(*) FROM event_mentions m WHERE m.article_id = a.id) AS events, "
        "(SELECT COUNT(*) FROM articles s WHERE s.story_id = a.story_id) AS story_size "
        "FROM articles a JOIN documents d ON d.id = a.id WHERE " + " AND ".join(where)
        + " ORDER BY CASE WHEN a.day IS NULL THEN 1 ELSE 0 END, a.published DESC, a.id", params, f)
    return db.rows(sql, params)


def search(db: Backend, query: str, f: Filters) -> list[dict[str, Any]]:
    """Articles holding every word of ``query`` (in any clitic form, with or without harakat), best
    first, each with a snippet whose matching words are marked ``[like this]``."""
    terms = query_stems(query)
    if not terms:
        return []
    sql, params = db.search_sql(terms)
    ranked = [r["article_id"] for r in db.rows(sql, params)]
    within = Filters(since=f.since, until=f.until, actor=f.actor, country=f.country, type=f.type, limit=0)
    out: list[dict[str, Any]] = []
    for i in range(0, len(ranked), 500):  # the filters apply to the best first, 500 at a time
        chunk = ranked[i : i + 500]
        order = {a: n for n, a in enumerate(chunk)}
        rows = sorted(articles(db, within, ids=chunk), key=lambda r: order[r["id"]])
        for r in rows:
            body = json.loads(r.pop("body"))
            r["snippet"] = snippet([r["title"] or "", *body], terms)
            out.append(r)
            if 0 < f.limit <= len(out):
                return out
    return out


def stats(db: Backend) -> dict[str, Any]:
    """Documents by status, articles, stories, events per type and per month."""
    return {
        "documents": {r["status"]: r["n"] for r in db.rows("SELECT status, COUNT(*) AS n FROM documents GROUP BY status")},
        "articles": db.scalar("SELECT COUNT(*) FROM articles"),
        "stories": db.scalar("SELECT COUNT(DISTINCT story_id) FROM articles"),
        "events": db.scalar("SELECT COUNT(*) FROM events"),
        "event_mentions": db.scalar("SELECT COUNT(*) FROM event_mentions"),
        "quotes": db.scalar("SELECT COUNT(*) FROM quotes"),
        "events_per_type": {r["type"]: r["n"] for r in db.rows(
            "SELECT type, COUNT(*) AS n FROM events GROUP BY type ORDER BY n DESC, type")},
        "events_per_month": {r["month"] or "unknown": r["n"] for r in db.rows(
            "SELECT substr(date, 1, 7) AS month, COUNT(*) AS n FROM events GROUP BY substr(date, 1, 7) ORDER BY month")},
    }
