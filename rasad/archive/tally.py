"""Precomputed counts of events, kept by the archive's one writer in the transaction of the events
they count, so that stats, the timeline and the actor network of a filter read a few thousand
rows of counts instead of joining every matching event's actors.

Each event adds one to a row of ``count_events`` per *ref* it counts under: ``''`` (every event)
and each actor or recipient it names (``COALESCE(kb_id, canonical, text)``, the network's node);
the row is keyed by its date (``''`` for none), type and the set of its actors' countries
(``|RUS|SYR|``). ``count_pairs`` adds the distinct (actor's country, recipient's country) pairs of
the event and ``count_edges`` its distinct (actor, recipient) edges; ``count_names`` holds the
distinct names of the actors stored, to resolve an ``actor`` filter and to name the network's nodes.

A filter is *expressible* when it has no ``text`` and its ``actor`` matches every name of exactly
one ref (or none): then the answers read the counts and are the same as the exact queries of
:mod:`rasad.archive.browse`; otherwise those exact queries answer.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from rasad.archive.query import Filters, _actor_match, _actor_params, _dates

if TYPE_CHECKING:
    from rasad.archive.backend import Backend

#: table -> its key columns (the count is ``n``)
KEYS: dict[str, tuple[str, ...]] = {
    "count_events": ("ref", "type", "date", "countries"),
    "count_pairs": ("ref", "type", "date", "countries", "actor_country", "recipient_country"),
    "count_edges": ("ref", "type", "date", "countries", "source", "target"),
    "count_names": ("ref", "text", "canonical", "kb_id", "name_en", "country", "sector"),
}



def schema(dialect: str) -> list[str]:
    """The tables; on SQLite stored in their key's order (``WITHOUT ROWID``): a count is read where
    its key is, and reading every event's counts is a scan of one b-tree, not a lookup per row."""
    tail = " WITHOUT ROWID" if dialect == "sqlite" else ""
    return [f"CREATE TABLE {table} ({', '.join(f'{c} TEXT NOT NULL' for c in cols)}, n {{int}} NOT NULL, "
            f"PRIMARY KEY ({', '.join(cols)})){tail}" for table, cols in KEYS.items()]

Delta = Counter[tuple[str, tuple[str, ...]]]


def ref_of(a: dict[str, Any]) -> str:
    return str(a["kb_id"] or a["canonical"] or a["text"])


def contribution(event: dict[str, Any], actors: list[dict[str, Any]]) -> list[tuple[str, tuple[str, ...]]]:
    """The count rows one event adds one to (``event``: its date and type; ``actors``: its rows of
    ``event_actors`` with role, text, canonical, kb_id, name_en, country, sector)."""
    date, kind = event["date"] or "", event["type"]
    countries = "|" + "|".join(sorted({a["country"] for a in actors if a["country"] is not None})) + "|"
    who = [a for a in actors if a["role"] == "actor"]
    whom = [a for a in actors if a["role"] == "recipient"]
    pairs = {(x["country"], y["country"]) for x in who for y in whom
             if x["country"] is not None and y["country"] is not None}
    edges = {(ref_of(x), ref_of(y)) for x in who for y in whom}
    out: list[tuple[str, tuple[str, ...]]] = []
    for ref in sorted({""} | {ref_of(a) for a in actors}):
        out.append(("count_events", (ref, kind, date, countries)))
        out += [("count_pairs", (ref, kind, date, countries, *p)) for p in sorted(pairs)]
        out += [("count_edges", (ref, kind, date, countries, *e)) for e in sorted(edges)]
    out += [("count_names", (ref_of(a), *(a[c] or "" for c in KEYS["count_names"][1:]))) for a in actors]
    return out


def of_event(db: Backend, event_id: int) -> list[tuple[str, tuple[str, ...]]]:
    """What a stored event contributes now (nothing if it is not stored)."""
    rows = db.rows("SELECT date, type FROM events WHERE id = ?", [event_id])
    if not rows:
        return []
    actors = db.rows("SELECT role, text, canonical, kb_id, name_en, country, sector FROM event_actors "
                     "WHERE event_id = ?", [event_id])
    return contribution(rows[0], actors)


def add(delta: Delta, rows: list[tuple[str, tuple[str, ...]]], sign: int) -> None:
    for row in rows:
        delta[row] += sign


def flush(db: Backend, delta: Delta) -> None:
    """Add ``delta`` to the counts (in the caller's transaction); rows that fall to zero go."""
    for table, cols in KEYS.items():
        # in key order: two writers into one PostgreSQL database lock the rows they share in one order
        changes = sorted((*key, n) for (t, key), n in delta.items() if t == table and n != 0)
        if not changes:
            continue
        gone = sorted(key for (t, key), n in delta.items() if t == table and n < 0)
        db.executemany(f"INSERT INTO {table} ({', '.join(cols)}, n) VALUES ({', '.join('?' * (len(cols) + 1))}) "
                       f"ON CONFLICT ({', '.join(cols)}) DO UPDATE SET n = {table}.n + excluded.n", changes)
        if gone:
            db.executemany(f"DELETE FROM {table} WHERE n <= 0 AND "
                           + " AND ".join(f"{c} = ?" for c in cols), gone)
    delta.clear()


def backfill(db: Backend) -> None:
    """Count every stored event (the migration that adds the counts, on an existing archive)."""
    actors: dict[int, list[dict[str, Any]]] = {}
    for a in db.rows("SELECT event_id, role, text, canonical, kb_id, name_en, country, sector FROM event_actors"):
        actors.setdefault(a["event_id"], []).append(a)
    delta: Delta = Counter()
    for e in db.rows("SELECT id, date, type FROM events"):
        add(delta, contribution(e, actors.get(e["id"], [])), 1)
    flush(db, delta)


# -- reading ------------------------------------------------------------------------------------------
_NAMES = ("(SELECT ref, text, NULLIF(canonical, '') AS canonical, NULLIF(kb_id, '') AS kb_id, "
          "NULLIF(name_en, '') AS name_en, NULLIF(country, '') AS country, NULLIF(sector, '') AS sector "
          "FROM count_names WHERE n > 0)")


def where(db: Backend, f: Filters) -> tuple[list[str], list[Any]] | None:
    """The WHERE clauses (on a counts table ``e``) of a filter, or None when the counts cannot answer it."""
    if f.text:
        return None
    ref = ""
    if f.actor:
        matched = db.rows(f"SELECT ref, MIN(CASE WHEN {_actor_match('x')} THEN 1 ELSE 0 END) AS whole "
                          f"FROM {_NAMES} x GROUP BY ref HAVING MAX(CASE WHEN {_actor_match('x')} THEN 1 ELSE 0 END) = 1",
                          [*_actor_params(f.actor), *_actor_params(f.actor)])
        if len(matched) > 1 or (matched and not matched[0]["whole"]):
            return None
        ref = matched[0]["ref"] if matched else "\x01"  # nothing matches: no row either
    clauses: list[str] = ["e.n > 0", "e.ref = ?"]
    params: list[Any] = [ref]
    if f.type:
        clauses.append("e.type = ?")
        params.append(f.type.upper())
    if f.since or f.until:
        clauses.append("e.date <> ''")
        _dates("e.date", f, clauses, params)
    if f.country:
        clauses.append(("instr(e.countries, ?)" if db.dialect == "sqlite" else "strpos(e.countries, ?)") + " > 0")
        params.append(f"|{f.country.upper()}|")
    return clauses, params


def span(db: Backend, clauses: list[str], params: list[Any]) -> dict[str, Any]:
    return db.rows(f"SELECT MIN(e.date) AS first, MAX(e.date) AS last FROM count_events e "
                   f"WHERE {' AND '.join(clauses)} AND length(e.date) = 10", params)[0]


def by_period(db: Backend, clauses: list[str], params: list[Any], period_sql: str) -> list[dict[str, Any]]:
    return db.rows(f"SELECT {period_sql} AS period, e.type, CAST(SUM(e.n) AS BIGINT) AS n FROM count_events e "
                   f"WHERE {' AND '.join(clauses)} GROUP BY {period_sql}, e.type ORDER BY period, e.type", params)


def country_pairs(db: Backend, clauses: list[str], params: list[Any], limit: int) -> list[dict[str, Any]]:
    return db.rows("SELECT e.actor_country, e.recipient_country, CAST(SUM(e.n) AS BIGINT) AS n FROM count_pairs e "
                   f"WHERE {' AND '.join(clauses)} GROUP BY e.actor_country, e.recipient_country "
                   "ORDER BY 3 DESC, 1, 2 LIMIT ?", [*params, limit])


def edges(db: Backend, clauses: list[str], params: list[Any], limit: int) -> list[dict[str, Any]]:
    return db.rows("SELECT e.source, e.target, CAST(SUM(e.n) AS BIGINT) AS n FROM count_edges e "
                   f"WHERE {' AND '.join(clauses)} GROUP BY e.source, e.target ORDER BY 3 DESC, 1, 2 LIMIT ?",
                   [*params, limit])


def names(db: Backend, refs: list[str]) -> list[dict[str, Any]]:
    marks = ", ".join("?" * len(refs))
    return db.rows(f"SELECT ref, MIN(canonical) AS canonical, MIN(text) AS text, MIN(name_en) AS name_en, "
                   f"MIN(country) AS country, MIN(sector) AS sector FROM {_NAMES} x WHERE ref IN ({marks}) GROUP BY ref",
                   refs)
