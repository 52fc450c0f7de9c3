"""``rasad export events|mentions|articles``: the archive as event data (POLECAT and GDELT as models).

One row per event (``events``), per report of an event (``mentions``, GDELT's mentions table) or
per article. Lists stay lists in Parquet and JSONL and are ``"; "``-joined in CSV/TSV; ``plover``
writes one PLOVER JSON record a line for each event.
"""

from __future__ import annotations

import csv
import json
from typing import IO, Any

from rasad.archive.backend import Backend
from rasad.archive.query import Filters, actor_name, events
from rasad.errors import RasadError
from rasad.read.text import safe_text

KINDS = ("events", "mentions", "articles")
FORMATS = ("csv", "tsv", "parquet", "jsonl", "plover")


def event_rows(db: Backend, f: Filters) -> list[dict[str, Any]]:
    """One flat row per event: ids, date and where it came from, type, actors, place, quantity, the
    sentence, and how many articles and sources reported it."""
    out = []
    for e in events(db, f):
        first = e["first"]
        row: dict[str, Any] = {
            "event_id": e["event_key"], "date": e["date"], "date_precision": e["date_precision"],
            "date_text": e["date_text"], "type": e["type"], "mode": e["mode"], "cameo": e["cameo"],
            "modality": e["modality"],
        }
        for role, actors in (("actor", e["actors"]), ("recipient", e["recipients"])):
            row[f"{role}_name"] = [actor_name(a) for a in actors]
            row[f"{role}_name_en"] = [a["name_en"] or "" for a in actors]
            row[f"{role}_kb_id"] = [a["kb_id"] or "" for a in actors]
            row[f"{role}_country"] = [a["country"] or "" for a in actors]
            row[f"{role}_sector"] = [a["sector"] or "" for a in actors]
        row.update({
            "location_text": e["location_text"], "location_canonical": e["location_canonical"],
            "location_country": e["location_country"], "latitude": None, "longitude": None,
            "quantity_value": e["quantity_value"], "quantity_unit": e["quantity_unit"], "quantity_item": e["quantity_item"],
            "sentence": first.get("sentence"), "trigger": first.get("trigger"),
            "num_articles": e["num_articles"], "num_sources": e["num_sources"],
            "first_report": e["first_report"], "latest_report": e["latest_report"],
            "source_url": first.get("url"), "source": first.get("source"), "outlet": first.get("outlet") or first.get("site"),
            "published": first.get("published"),
        })
        out.append(row)
    return out


def _article_days(f: Filters) -> tuple[str, list[Any]]:
    """The SQL condition (and its parameters) on an article's day of ``--since`` / ``--until``."""
    where, params = "", list[Any]()
    if f.since:
        where += " AND a.day >= ?"
        params.append(f.since)
    if f.until:
        where += " AND substr(a.day, 1, length(?)) <= ?"
        params += [f.until, f.until]
    return where, params


def mention_rows(db: Backend, f: Filters) -> list[dict[str, Any]]:
    """One row per report of an event: which article, where in it, and the evidence."""
    where, params = _article_days(f)
    sql = ("SELECT e.event_key AS event_id, e.type, d.source, a.url, a.outlet, a.site, a.published, m.paragraph, "
           "m.sentence, m.trigger, m.trigger_start, m.trigger_end, m.rule FROM event_mentions m "
           "JOIN events e ON e.id = m.event_id JOIN articles a ON a.id = m.article_id JOIN documents d ON d.id = a.id "
           f"WHERE 1 = 1{where} ORDER BY e.id, a.published, a.id")
    if f.limit > 0:
        sql += " LIMIT ?"
        params.append(f.limit)
    return db.rows(sql, params)


def article_rows(db: Backend, f: Filters) -> list[dict[str, Any]]:
    where, params = _article_days(f)
    sql = ("SELECT a.id, d.content_hash, d.source, a.url, a.outlet, a.site, a.published, a.title, a.dateline, "
           "a.credits, a.body, a.story_id, (SELECT COUNT(*) FROM event_mentions m WHERE m.article_id = a.id) AS events "
           f"FROM articles a JOIN documents d ON d.id = a.id WHERE 1 = 1{where} ORDER BY a.id")
    if f.limit > 0:
        sql += " LIMIT ?"
        params.append(f.limit)
    rows = db.rows(sql, params)
    for r in rows:
        r["credits"] = json.loads(r["credits"])
        r["body"] = "\n\n".join(json.loads(r["body"]))
    return rows


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """A PLOVER JSON record: event, mode and context; the actor and recipient with their countries
    and sectors; the date; the location; the text it was coded from and its source."""
    def parties(role: str) -> list[dict[str, Any]]:
        return [{"name": n, "name_en": en or None, "id": i or None, "country": c or None, "sector": s or None}
                for n, en, i, c, s in zip(row[f"{role}_name"], row[f"{role}_name_en"], row[f"{role}_kb_id"],
                                          row[f"{role}_country"], row[f"{role}_sector"], strict=True)]

    return {
        "id": row["event_id"], "date": row["date"], "date_resolution": row["date_precision"],
        "event": row["type"], "mode": row["mode"], "context": [], "modality": row["modality"],
        "actor": parties("actor"), "recipient": parties("recipient"),
        "location": ({"name": row["location_canonical"] or row["location_text"], "country": row["location_country"],
                      "lat": row["latitude"], "lon": row["longitude"]} if row["location_text"] else None),
        "quantity": ({"value": row["quantity_value"], "unit": row["quantity_unit"], "item": row["quantity_item"]}
                     if row["quantity_value"] is not None else None),
        "text": row["sentence"], "cameo": row["cameo"],
        "source": {"url": row["source_url"], "outlet": row["outlet"], "published": row["published"]},
        "num_articles": row["num_articles"], "num_sources": row["num_sources"],
    }


def export(db: Backend, kind: str, fmt: str, out: IO[Any], f: Filters) -> int:
    """Write ``kind`` rows in ``fmt`` to ``out`` (a binary stream for parquet); returns the row count."""
    if kind not in KINDS or fmt not in FORMATS:
        raise RasadError(f"cannot export {kind} as {fmt}: give one of {', '.join(KINDS)} as one of {', '.join(FORMATS)}")
    if fmt == "plover" and kind != "events":
        raise RasadError(f"plover records are events: export events --format plover, not {kind}")
    rows = {"events": event_rows, "mentions": mention_rows, "articles": article_rows}[kind](db, f)
    if fmt == "plover":
        for row in rows:
            out.write(safe_text(json.dumps(plover_record(row), ensure_ascii=False)) + "\n")
    elif fmt == "jsonl":
        for row in rows:
            out.write(safe_text(json.dumps(row, ensure_ascii=False, default=str)) + "\n")
    elif fmt == "parquet":
        _parquet(rows, out)
    else:
        _delimited(rows, out, "\t" if fmt == "tsv" else ",")
    return len(rows)


def _delimited(rows: list[dict[str, Any]], out: IO[str], delimiter: str) -> None:
    if not rows:
        return
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(list(rows[0]))
    for row in rows:
        writer.writerow([_cell(v) for v in row.values()])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return safe_text(str(value))


def _parquet(rows: list[dict[str, Any]], out: IO[bytes]) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise RasadError("Parquet needs pyarrow: pip install 'rasad[parquet]'") from None
    table = pa.Table.from_pylist(rows) if rows else pa.table({})
    pq.write_table(table, out)
