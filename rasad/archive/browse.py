"""Browsing the archive page by page, as the web app does: keyset pages of events, articles, quotes
and documents; one article, event or actor with everything stored about it; timelines, country
pairs and the actor network of a filter.

It reads the same tables through the same :class:`~rasad.archive.query.Filters` as the CLI's
queries (:mod:`rasad.archive.query`). Pages are keyset pages, not OFFSET: the next page starts
after the last row's sort key, so page 2,000 of 100,000 events costs what page 1 costs.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date as Date
from datetime import timedelta
from typing import Any

from rasad.archive import tally
from rasad.archive.backend import Backend
from rasad.archive.query import (
    Filters,
    _actor_match,
    _actor_params,
    _attach,
    _event_where,
    actor_name,
    article_filter,
    quote_filter,
)

#: The sort key a page ends on: (the sort column's value, the row's id).
Key = tuple[Any, int]


def _after(column: str, id_column: str, after: Key | None, where: list[str], params: list[Any]) -> None:
    """Rows after ``after`` in the order ``column DESC NULLS LAST, id DESC``."""
    if after is None:
        return
    value, row_id = after
    if value is None:
        where.append(f"({column} IS NULL AND {id_column} < ?)")
        params.append(row_id)
    else:
        where.append(f"({column} < ? OR ({column} = ? AND {id_column} < ?) OR {column} IS NULL)")
        params += [value, value, row_id]


def _page(db: Backend, sql: str, where: list[str], params: list[Any], order: str, limit: int,
          key: tuple[str, str]) -> tuple[list[dict[str, Any]], Key | None]:
    rows = db.rows(f"{sql} WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ?", [*params, limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, ((rows[-1][key[0]], int(rows[-1][key[1]])) if more and rows else None)


def event_page(db: Backend, f: Filters, after: Key | None = None) -> tuple[list[dict[str, Any]], Key | None]:
    """Events, newest first (undated last, then newest stored first), each with its actors and first
    report; and the key to pass as ``after`` for the next page (None on the last)."""
    where, params = _event_where(f)
    _after("e.date", "e.id", after, where, params)
    rows, key = _page(db, "SELECT e.* FROM events e", where, params, _desc(db, "e.date") + ", e.id DESC",
                      f.limit, ("date", "id"))
    _attach(db, rows)
    return rows, key


def _desc(db: Backend, column: str) -> str:
    # SQLite puts NULLs last in DESC already, and spelling it out would keep it from the index
    return f"{column} DESC" if db.dialect == "sqlite" else f"{column} DESC NULLS LAST"


def article_page(db: Backend, f: Filters, after: Key | None = None) -> tuple[list[dict[str, Any]], Key | None]:
    """Articles, newest first, with their number of events and the size of their story cluster."""
    from rasad.archive.query import articles

    # the filters of `rasad articles`, on the ids of one keyset page
    ids_where: list[str] = ["1 = 1"]
    params: list[Any] = []
    _after("a.published", "a.id", after, ids_where, params)
    rows, key = _page(db, "SELECT a.id, a.published FROM articles a", ids_where + _article_filter(f, params),
                      params, _desc(db, "a.published") + ", a.id DESC", f.limit, ("published", "id"))
    full = {r["id"]: r for r in articles(db, Filters(limit=0), ids=[r["id"] for r in rows])}
    out = [full[r["id"]] for r in rows]
    for r in out:
        r.pop("body", None)
    return out, key


def _article_filter(f: Filters, params: list[Any]) -> list[str]:
    where = article_filter(f, params)
    if f.text:
        where.append("a.title LIKE ?")
        params.append(f"%{f.text}%")
    return where


def quote_page(db: Backend, f: Filters, after: Key | None = None,
               speaker: str | None = None) -> tuple[list[dict[str, Any]], Key | None]:
    """Quotes, newest article first, with speaker, article id, date and source; ``speaker``: only
    those whose speaker's canonical name is exactly this (an actor page's, by its index)."""
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    if speaker is not None:
        where.append("q.speaker_canonical = ?")
        params.append(speaker)
    where += quote_filter(f, params)
    _after("a.published", "q.id", after, where, params)
    return _page(db, "SELECT q.id, q.article_id, q.paragraph, q.speaker_text, q.speaker_canonical, q.speaker_country, "
                 "q.speaker_sector, q.text, q.direct, q.cue, a.published, a.title, a.outlet, a.url "
                 "FROM quotes q JOIN articles a ON a.id = q.article_id", where, params,
                 _desc(db, "a.published") + ", q.id DESC", f.limit, ("published", "id"))


def document_page(db: Backend, limit: int, after: Key | None = None,
                  status: str | None = None) -> tuple[list[dict[str, Any]], Key | None]:
    """Stored documents, last stored first: id, source, status, the reason of a failed one."""
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    if status:
        where.append("d.status = ?")
        params.append(status)
    if after is not None:
        where.append("d.id < ?")
        params.append(after[1])
    return _page(db, "SELECT d.id, d.source, d.status, d.error, d.pipeline_version, d.ingested_at, "
                 "a.title, a.published FROM documents d LEFT JOIN articles a ON a.id = d.id", where, params,
                 "d.id DESC", limit, ("id", "id"))


def document(db: Backend, doc_id: int) -> dict[str, Any] | None:
    rows = db.rows("SELECT d.id, d.source, d.status, d.error, d.pipeline_version, d.ingested_at, "
                   "a.id AS article_id FROM documents d LEFT JOIN articles a ON a.id = d.id WHERE d.id = ?", [doc_id])
    return rows[0] if rows else None


# -- one thing with everything about it ---------------------------------------------------------------
def article(db: Backend, article_id: int) -> dict[str, Any] | None:
    """An article with its paragraphs, entities (paragraph, offsets), the names in its captions
    (caption, offsets), events (paragraph, sentence and
    trigger offsets), quotes, the other articles of its story cluster and related articles."""
    rows = db.rows("SELECT a.*, d.source FROM articles a JOIN documents d ON d.id = a.id WHERE a.id = ?", [article_id])
    if not rows:
        return None
    a = rows[0]
    a.pop("signature", None)
    for field in ("credits", "body", "captions", "related"):
        a[field] = json.loads(a[field])
    a["entities"] = db.rows("SELECT paragraph, start_offset AS start, end_offset AS end, text, type, canonical, "
                            "name_en, kb_id FROM mentions WHERE article_id = ? ORDER BY paragraph, start_offset",
                            [article_id])
    a["caption_entities"] = db.rows("SELECT caption, start_offset AS start, end_offset AS end, text, type, canonical, "
                                    "name_en, kb_id FROM caption_mentions WHERE article_id = ? ORDER BY caption, "
                                    "start_offset", [article_id])
    for m in (*a["entities"], *a["caption_entities"]):
        m["ref"] = actor_ref(m)
    mentions = db.rows("SELECT m.event_id, m.paragraph, m.sentence, m.trigger, m.trigger_start, m.trigger_end, m.rule "
                       "FROM event_mentions m WHERE m.article_id = ? ORDER BY m.paragraph, m.trigger_start",
                       [article_id])
    events = {e["id"]: e for e in db.rows(
        f"SELECT * FROM events WHERE id IN ({', '.join('?' * len(mentions)) or 'NULL'})", [m["event_id"] for m in mentions])}
    _attach(db, list(events.values()))
    a["events"] = []
    for m in mentions:
        e = dict(events[m["event_id"]])
        e.pop("first", None)
        e.pop("match_key", None)
        text = paragraph_text(a, m["paragraph"])
        start = text.find(m["sentence"]) if m["sentence"] else -1
        m["sentence_start"] = start if start >= 0 else None
        m["sentence_end"] = start + len(m["sentence"]) if start >= 0 else None
        a["events"].append({**e, "mention": m})
    a["quotes"] = db.rows("SELECT id, paragraph, speaker_text, speaker_canonical, speaker_country, speaker_sector, "
                          "text, direct, cue FROM quotes WHERE article_id = ? ORDER BY paragraph, id", [article_id])
    a["story"] = db.rows("SELECT a.id, a.title, a.outlet, a.site, a.url, a.published FROM articles a "
                         "WHERE a.story_id = ? AND a.id <> ? ORDER BY a.published, a.id", [a["story_id"], article_id])
    a["related_articles"] = related(db, article_id, a["story_id"])
    return a


def paragraph_text(a: dict[str, Any], index: int) -> str:
    """Paragraph ``index`` of an article (-1: the title), as the offsets count it."""
    if index == -1:
        return str(a.get("title") or "")
    body = a["body"]
    return str(body[index]) if 0 <= index < len(body) else ""


def related(db: Backend, article_id: int, story_id: int, limit: int = 5, recent: int = 200) -> list[dict[str, Any]]:
    """Articles of other stories sharing the most KB entities with this one, among the ``recent``
    latest articles of each of its entities (so an entity in 50,000 articles costs what one in 50 does)."""
    shared: Counter[int] = Counter()
    for kb_id in [r["kb_id"] for r in db.rows(
            "SELECT DISTINCT kb_id FROM mentions WHERE article_id = ? AND kb_id IS NOT NULL", [article_id])]:
        for r in db.rows("SELECT DISTINCT article_id FROM mentions WHERE kb_id = ? AND article_id <> ? "
                         "ORDER BY article_id DESC LIMIT ?", [kb_id, article_id, recent]):
            shared[r["article_id"]] += 1
    if not shared:
        return []
    ranked = sorted(shared, key=lambda a: (-shared[a], -a))[: limit * 4]
    rows = db.rows(f"SELECT id, title, outlet, published FROM articles WHERE id IN ({', '.join('?' * len(ranked))}) "
                   "AND story_id <> ?", [*ranked, story_id])
    by_id = {r["id"]: r for r in rows}
    return [{**by_id[a], "shared": shared[a]} for a in ranked if a in by_id][:limit]


def event(db: Backend, event_id: int) -> dict[str, Any] | None:
    """An event with its actors, recipients and every report of it (article, sentence, trigger)."""
    rows = db.rows("SELECT * FROM events WHERE id = ?", [event_id])
    if not rows:
        return None
    e = rows[0]
    e.pop("match_key", None)
    _attach(db, [e])
    e["mentions"] = db.rows(
        "SELECT m.article_id, m.paragraph, m.sentence, m.trigger, m.trigger_start, m.trigger_end, m.rule, m.site, "
        "m.published, a.title, a.outlet, a.url FROM event_mentions m JOIN articles a ON a.id = m.article_id "
        "WHERE m.event_id = ? ORDER BY m.published, m.article_id", [event_id])
    return e


def actor_ref(a: dict[str, Any]) -> str:
    """What an actor page's URL names: the KB id, else the canonical name, else the text."""
    return str(a.get("kb_id") or a.get("canonical") or a.get("text") or "")


def actor(db: Backend, ref: str) -> dict[str, Any] | None:
    """An actor (``ref``: KB id, canonical name or text): the names it goes by in the archive, the
    KB's aliases and offices with their dates, its events per type and month, and its roles."""
    # a KB id is looked up by its index; a name as the CLI's --actor matches it
    by_id = db.scalar("SELECT 1 FROM event_actors WHERE kb_id = ? LIMIT 1", [ref]) is not None
    match, match_params = ("x.kb_id = ?", [ref]) if by_id else (_actor_match("x"), _actor_params(ref))
    rows = db.rows(f"SELECT x.text, x.canonical, x.name_en, x.kb_id, x.country, x.sector, x.role, COUNT(*) AS n "
                   f"FROM event_actors x WHERE {match} "
                   "GROUP BY x.text, x.canonical, x.name_en, x.kb_id, x.country, x.sector, x.role ORDER BY n DESC",
                   match_params)
    speaker = next((r["canonical"] for r in rows if r["canonical"]), ref)  # as quotes name their speakers
    said = db.scalar("SELECT COUNT(*) FROM quotes WHERE speaker_canonical = ?", [speaker])
    mentioned: list[dict[str, Any]] = []
    if not rows:  # never an actor: an entity the articles name, or a speaker
        mentioned = (db.rows("SELECT canonical, name_en, kb_id, type, text FROM mentions WHERE kb_id = ? LIMIT 1", [ref])
                     or db.rows("SELECT canonical, name_en, kb_id, type, text FROM mentions WHERE canonical = ? LIMIT 1",
                                [ref]))
    if not rows and not said and not mentioned:
        return None
    first = rows[0] if rows else mentioned[0] if mentioned else {"canonical": speaker}
    names = Counter[str]()
    for r in rows:
        names[r["text"]] += r["n"]
    out: dict[str, Any] = {
        "ref": ref, "name": actor_name(first), "canonical": first.get("canonical"), "text": first.get("text"),
        "name_en": first.get("name_en"), "kb_id": first.get("kb_id"),
        "country": first.get("country"), "sector": first.get("sector"),
        "names": [n for n, _ in names.most_common()],
        "as_actor": sum(r["n"] for r in rows if r["role"] == "actor"),
        "as_recipient": sum(r["n"] for r in rows if r["role"] == "recipient"),
        "speaker": speaker, "quotes": int(said or 0), "aliases": [], "offices": [],
    }
    kb_id = out["kb_id"]
    if kb_id:
        from rasad.kb.load import load_kb

        entry = load_kb().entries.get(kb_id)
        if entry is not None:
            out["aliases"] = list(entry.aliases)
            out["kind"] = entry.kind
            out["offices"] = [{"role": o.role, "country": o.country, "sector": o.sector, "start": o.start, "end": o.end}
                              for o in entry.offices]
            out["name_en"] = out["name_en"] or entry.name_en
    counts = db.rows(f"SELECT substr(e.date, 1, 7) AS month, e.type, COUNT(DISTINCT e.id) AS n FROM events e "
                     f"JOIN event_actors x ON x.event_id = e.id WHERE {match} "
                     "GROUP BY substr(e.date, 1, 7), e.type ORDER BY month, e.type", match_params)
    out["events_per_month"] = [{"month": c["month"], "type": c["type"], "n": c["n"]} for c in counts]
    per_type = Counter[str]()
    for c in counts:
        per_type[c["type"]] += c["n"]
    out["events_per_type"] = dict(per_type.most_common())
    return out


def actor_page(db: Backend, f: Filters, after: Key | None = None) -> tuple[list[dict[str, Any]], Key | None]:
    """Actors and recipients of the matching events, most events first, with their ``ref``."""
    where, params = _event_where(Filters(None, f.country, f.type, f.since, f.until, f.text))
    ref = "COALESCE(x.kb_id, x.canonical, x.text)"
    if f.actor:
        where.append(_actor_match("x"))
        params += _actor_params(f.actor)
    having = ""
    if after is not None:  # keyset on (events DESC, ref ASC): the key's id slot holds the count
        having = f"HAVING COUNT(DISTINCT e.id) < ? OR (COUNT(DISTINCT e.id) = ? AND {ref} > ?)"
        params += [after[1], after[1], after[0]]
    rows = db.rows(
        f"SELECT {ref} AS ref, MIN(x.canonical) AS canonical, MIN(x.text) AS text, MIN(x.name_en) AS name_en, "
        "MIN(x.kb_id) AS kb_id, MIN(x.country) AS country, MIN(x.sector) AS sector, COUNT(DISTINCT e.id) AS events, "
        "SUM(CASE WHEN x.role = 'actor' THEN 1 ELSE 0 END) AS as_actor, "
        "SUM(CASE WHEN x.role = 'recipient' THEN 1 ELSE 0 END) AS as_recipient "
        f"FROM event_actors x JOIN events e ON e.id = x.event_id WHERE {' AND '.join(where)} "
        f"GROUP BY {ref} {having} ORDER BY events DESC, ref LIMIT ?", [*params, f.limit + 1])
    more = len(rows) > f.limit
    rows = rows[: f.limit]
    for r in rows:
        r["actor"] = actor_name(r)
    return rows, ((rows[-1]["ref"], int(rows[-1]["events"])) if more and rows else None)


# -- counts over time and between actors ------------------------------------------------------------
def week_of(day: str) -> str | None:
    """The Monday of ``day``'s ISO week (``2021-03-18`` → ``2021-03-15``); None for a month or year."""
    if len(day) != 10:
        return None
    try:
        d = Date.fromisoformat(day)
    except ValueError:
        return None
    return (d - timedelta(days=d.weekday())).isoformat()


def timeline(db: Backend, f: Filters, period: str = "week", exact: bool = False) -> dict[str, Any]:
    """Events per ``period`` (``day``, ``week`` — periods named by their Monday — or ``month``) and
    type, for the matching events; events dated only to a month or a year are counted apart.
    ``auto``: weeks, or months when the events span more than :data:`AUTO_WEEKS` weeks (first to last day).
    Read from the precomputed counts when they can answer (:mod:`rasad.archive.tally`), unless ``exact``."""
    counted = None if exact else tally.where(db, f)
    where, params = counted or _event_where(f)
    if period == "auto":
        span = tally.span(db, where, params) if counted else db.rows(
            f"SELECT MIN(e.date) AS first, MAX(e.date) AS last FROM events e WHERE {' AND '.join(where)} "
            "AND length(e.date) = 10", params)[0]
        weeks = 0
        if span["first"] and span["last"]:
            try:
                weeks = (Date.fromisoformat(span["last"]) - Date.fromisoformat(span["first"])).days // 7
            except ValueError:
                weeks = AUTO_WEEKS + 1
        period = "month" if weeks > AUTO_WEEKS else "week"
    rows = tally.by_period(db, where, params, _period(db, period)) if counted else db.rows(
        f"SELECT {_period(db, period)} AS period, e.type, COUNT(*) AS n FROM events e "
        f"WHERE {' AND '.join(where)} GROUP BY {_period(db, period)}, e.type ORDER BY period, e.type", params)
    vague: Counter[str] = Counter()
    series = []
    for r in rows:
        if r["period"] is None:
            vague[r["type"]] += r["n"]
        else:
            series.append({"period": r["period"], "type": r["type"], "n": r["n"]})
    return {"period": period, "series": series, "not_placed": dict(sorted(vague.items()))}


def _period(db: Backend, period: str) -> str:
    """The SQL of an event's day, week (its Monday) or month; NULL when its date is less precise."""
    if period == "month":
        return "CASE WHEN length(e.date) >= 7 THEN substr(e.date, 1, 7) END"
    if period == "day":
        return "CASE WHEN length(e.date) = 10 THEN e.date END"
    if db.dialect == "postgresql":
        return "CASE WHEN length(e.date) = 10 THEN to_char(date_trunc('week', e.date::date), 'YYYY-MM-DD') END"
    return "CASE WHEN length(e.date) = 10 THEN date(e.date, '-6 days', 'weekday 1') END"


AUTO_WEEKS = 104  #: beyond two years of weeks, the explorer's timeline shows months


def country_pairs(db: Backend, f: Filters, limit: int = 50, exact: bool = False) -> list[dict[str, Any]]:
    """Events per (actor's country, recipient's country) pair, most first."""
    counted = None if exact else tally.where(db, f)
    if counted:
        return tally.country_pairs(db, *counted, limit)
    where, params = _event_where(f)
    return db.rows(
        "SELECT x.country AS actor_country, y.country AS recipient_country, COUNT(DISTINCT e.id) AS n FROM events e "
        "JOIN event_actors x ON x.event_id = e.id AND x.role = 'actor' "
        "JOIN event_actors y ON y.event_id = e.id AND y.role = 'recipient' "
        f"WHERE x.country IS NOT NULL AND y.country IS NOT NULL AND {' AND '.join(where)} "
        "GROUP BY x.country, y.country ORDER BY n DESC, actor_country, recipient_country LIMIT ?", [*params, limit])


def network(db: Backend, f: Filters, limit: int = 40, exact: bool = False) -> dict[str, Any]:
    """Who acted on whom: the ``limit`` heaviest (actor, recipient) edges, weight = events, and their nodes."""
    counted = None if exact else tally.where(db, f)
    where, params = _event_where(f)
    ref_x, ref_y = "COALESCE(x.kb_id, x.canonical, x.text)", "COALESCE(y.kb_id, y.canonical, y.text)"
    edges = tally.edges(db, *counted, limit) if counted else db.rows(
        f"SELECT {ref_x} AS source, {ref_y} AS target, COUNT(DISTINCT e.id) AS n FROM events e "
        "JOIN event_actors x ON x.event_id = e.id AND x.role = 'actor' "
        "JOIN event_actors y ON y.event_id = e.id AND y.role = 'recipient' "
        f"WHERE {' AND '.join(where)} GROUP BY {ref_x}, {ref_y} ORDER BY n DESC, source, target LIMIT ?",
        [*params, limit])
    refs = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    nodes: list[dict[str, Any]] = []
    if refs:
        marks = ", ".join("?" * len(refs))
        named = {r["ref"]: r for r in (tally.names(db, refs) if counted else db.rows(
            f"SELECT COALESCE(kb_id, canonical, text) AS ref, MIN(canonical) AS canonical, MIN(text) AS text, "
            f"MIN(name_en) AS name_en, MIN(country) AS country, MIN(sector) AS sector FROM event_actors "
            f"WHERE COALESCE(kb_id, canonical, text) IN ({marks}) GROUP BY COALESCE(kb_id, canonical, text)", refs))}
        weight = Counter[str]()
        for e in edges:
            weight[e["source"]] += e["n"]
            weight[e["target"]] += e["n"]
        for ref in refs:
            r = named.get(ref, {"text": ref})
            nodes.append({"ref": ref, "name": actor_name(r), "canonical": r.get("canonical"), "text": r.get("text"),
                          "name_en": r.get("name_en"), "country": r.get("country"), "sector": r.get("sector"),
                          "events": weight[ref]})
    return {"nodes": nodes, "edges": edges}


def newer_events(db: Backend, after_id: int, limit: int = 50) -> list[dict[str, Any]]:
    """Events stored after event id ``after_id``, oldest first (what the live page has not shown yet)."""
    rows = db.rows("SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?", [after_id, limit])
    _attach(db, rows)
    return rows


def latest_event_id(db: Backend) -> int:
    return int(db.scalar("SELECT MAX(id) FROM events") or 0)


def latest_events(db: Backend, limit: int = 30) -> list[dict[str, Any]]:
    """The last ``limit`` events stored, last first."""
    rows = db.rows("SELECT * FROM events ORDER BY id DESC LIMIT ?", [limit])
    _attach(db, rows)
    return rows
