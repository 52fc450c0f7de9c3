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


#: PLOVER's quad category of each event type (1 verbal cooperation, 2 material cooperation, 3 verbal
#: conflict, 4 material conflict), as the manual's section of each type gives it. (Its table of
#: numeric quads puts SANCTION under verbal conflict; its SANCTION section and its summary of
#: event categories, material conflict.)
QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
        "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4,
        "COERCE": 4, "ASSAULT": 4}
CODEBOOK = "plover-2.0"


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """A PLOVER JSON record with the field names of the PLOVER manual's "Data Fields" chapter: ``id``,
    ``date``, ``actor`` and ``recipient`` as lists of entity objects (``code`` the country,
    ``sector``, ``entity_text``, ``identifier_id`` the KB id, ``identifier_text`` its English name),
    ``event``, ``mode`` and ``context`` as lists, ``quad_code``, ``event_loc`` (a location object:
    ``extracted_place``, ``resolved_place``, ``country_code``, ``lat``/``lon``), ``event_text`` (the
    sentence) and ``cite_info`` (URL, publication, language, coder, codebook). Fields the manual
    does not name, as it allows, keep what rasad adds: ``date_resolution`` (``2020-12`` is a month,
    not a guessed day), ``modality``, ``quantity``, ``cameo``, ``num_articles``, ``num_sources``,
    ``first_report``, ``latest_report``. Unknown is null (or ``[]``), never an empty string."""
    from rasad import __version__

    def entities(role: str) -> list[dict[str, Any]]:
        return [{"code": c or None, "sector": s or None, "entity_text": n, "identifier_id": i or None,
                 "identifier_text": en or None}
                for n, en, i, c, s in zip(row[f"{role}_name"], row[f"{role}_name_en"], row[f"{role}_kb_id"],
                                          row[f"{role}_country"], row[f"{role}_sector"], strict=True)]

    place = row["location_text"] or row["location_canonical"]
    return {
        "id": row["event_id"], "date": row["date"], "date_resolution": row["date_precision"],
        "actor": entities("actor"), "recipient": entities("recipient"),
        "event": [row["type"]], "mode": [row["mode"]] if row["mode"] else [], "context": [],
        "quad_code": QUAD.get(row["type"]),
        "event_loc": ({"extracted_place": row["location_text"], "resolved_place": row["location_canonical"],
                       "country_code": row["location_country"], "lat": row["latitude"], "lon": row["longitude"]}
                      if place else None),
        "event_text": [row["sentence"]] if row["sentence"] else [],
        "cite_info": {"url": row["source_url"], "publication": row["outlet"], "language": "ar",
                      "coder": f"rasad {__version__}", "codebook": CODEBOOK},
        "modality": row["modality"], "cameo": row["cameo"],
        "quantity": ({"value": row["quantity_value"], "unit": row["quantity_unit"], "item": row["quantity_item"]}
                     if row["quantity_value"] is not None else None),
        "published": row["published"], "num_articles": row["num_articles"], "num_sources": row["num_sources"],
        "first_report": row["first_report"], "latest_report": row["latest_report"],
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
