"""A partition's records as Parquet parts, and back: the dataset ``rasad load`` stores.

The rows are the archive's :class:`~rasad.archive.records.Record` — what the one writer stores —
laid out as six tables, one folder each, one file per partition::

    DIR/dataset.json                     the partitions, in input order (what `rasad load` reads)
    DIR/documents/part-….parquet         content hash, source, status, error (failed ones too)
    DIR/articles/part-….parquet          article fields, search text, MinHash signature
    DIR/mentions/part-….parquet          entity mentions
    DIR/caption_mentions/part-….parquet  the names in the photo captions (``caption`` for ``paragraph``)
    DIR/events/part-….parquet            events, each with its actors (a list) and its mention
    DIR/quotes/part-….parquet            quotes

Rows are keyed by ``content_hash`` and kept in document order. A part is written to a temporary
name and renamed; ``documents`` is renamed last, so a partition is finished when its documents
file exists, and a worker killed half-way leaves nothing a rerun would take for finished.
:func:`records` rebuilds the same records, so a load stores exactly what a local ingest stores.
"""

from __future__ import annotations

import os
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from rasad.archive.records import Record

TABLES = ("articles", "mentions", "caption_mentions", "events", "quotes", "documents")  # documents last: the seal
#: tables a dataset written by an older rasad may lack (read as empty)
OPTIONAL = frozenset({"caption_mentions"})

_s, _i, _f = pa.string(), pa.int64(), pa.float64()
#: mentions and quotes: the record's tuples, column by column, as the store inserts them
MENTION = (("paragraph", _i), ("start_offset", _i), ("end_offset", _i), ("text", _s), ("type", _s),
           ("canonical", _s), ("name_en", _s), ("kb_id", _s))
#: a caption's mentions: ``caption`` (the index into the article's captions) for ``paragraph``
CAPTION_MENTION = (("caption", _i), *MENTION[1:])
QUOTE = (("paragraph", _i), ("speaker_text", _s), ("speaker_canonical", _s), ("speaker_country", _s),
         ("speaker_sector", _s), ("text", _s), ("direct", pa.bool_()), ("cue", _s))
ACTOR = (("role", _s), ("position", _i), ("text", _s), ("canonical", _s), ("name_en", _s), ("kb_id", _s),
         ("country", _s), ("sector", _s))
ARTICLE_TEXT = ("title", "published", "day", "dateline", "outlet", "url", "site")
ARTICLE_LISTS = ("credits", "body", "captions", "related")
EVENT = (("type", _s), ("mode", _s), ("cameo", _s), ("date", _s), ("date_precision", _s), ("date_text", _s),
         ("modality", _s))
LOCATION = ("location_text", "location_canonical", "location_country")
QUANTITY = (("quantity_value", _f), ("quantity_unit", _s), ("quantity_item", _s))
EVENT_MENTION = (("paragraph", _i), ("sentence", _s), ("trigger", _s), ("trigger_start", _i), ("trigger_end", _i),
                 ("rule", _s))

KEY = ("content_hash", _s)
SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([KEY, ("source", _s), ("status", _s), ("error", _s)]),
    "articles": pa.schema([KEY, *((k, _s) for k in ARTICLE_TEXT), *((k, pa.list_(_s)) for k in ARTICLE_LISTS),
                           ("search_title", _s), ("search_body", _s), ("search_stems", _s),
                           ("signature", pa.binary())]),
    "mentions": pa.schema([KEY, *MENTION]),
    "caption_mentions": pa.schema([KEY, *CAPTION_MENTION]),
    "events": pa.schema([KEY, *EVENT, *((k, _s) for k in LOCATION), *QUANTITY,
                         ("actors", pa.list_(pa.struct(list(ACTOR)))), *EVENT_MENTION]),
    "quotes": pa.schema([KEY, *QUOTE]),
}


def _names(fields: tuple[tuple[str, Any], ...]) -> list[str]:
    return [name for name, _ in fields]


def rows(records: list[Record]) -> dict[str, list[dict[str, Any]]]:
    """The tables' rows of a partition's records, in document order."""
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for rec in records:
        key = rec.content_hash
        out["documents"].append({"content_hash": key, "source": rec.source,
                                 "status": "failed" if rec.error is not None else "ok", "error": rec.error})
        if rec.error is not None:
            continue
        a, search = rec.article, rec.search
        out["articles"].append({"content_hash": key, **{k: a[k] for k in ARTICLE_TEXT + ARTICLE_LISTS},
                                "search_title": search["title"], "search_body": search["body"],
                                "search_stems": search["stems"], "signature": rec.signature})
        out["mentions"] += [{"content_hash": key, **dict(zip(_names(MENTION), m, strict=True))} for m in rec.mentions]
        out["caption_mentions"] += [{"content_hash": key, **dict(zip(_names(CAPTION_MENTION), m, strict=True))}
                                    for m in rec.caption_mentions]
        out["quotes"] += [{"content_hash": key, **dict(zip(_names(QUOTE), q, strict=True))} for q in rec.quotes]
        for e in rec.events:
            out["events"].append({
                "content_hash": key, **{k: e[k] for k in _names(EVENT)},
                **dict(zip(LOCATION, e["location"], strict=True)),
                **dict(zip(_names(QUANTITY), e["quantity"], strict=True)),
                "actors": [dict(zip(_names(ACTOR), x, strict=True)) for x in e["actors"]],
                **{k: e["mention"][k] for k in _names(EVENT_MENTION)}})
    return out


def records(tables: dict[str, list[dict[str, Any]]]) -> list[Record]:
    """The records back from a partition's tables: ``records(rows(rs))`` holds what ``rs`` holds."""
    by_doc: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for table in ("articles", "mentions", "caption_mentions", "events", "quotes"):
        for row in tables[table]:
            by_doc[row["content_hash"]][table].append(row)
    out = []
    for doc in tables["documents"]:
        key = doc["content_hash"]
        if doc["status"] == "failed":
            out.append(Record(key, doc["source"], error=doc["error"] or "unknown error"))
            continue
        parts = by_doc[key]
        a = parts["articles"][0]
        out.append(Record(
            key, doc["source"],
            article={k: a[k] for k in ARTICLE_TEXT} | {k: list(a[k] or []) for k in ARTICLE_LISTS},
            search={"title": a["search_title"], "body": a["search_body"], "stems": a["search_stems"]},
            signature=a["signature"],
            mentions=[tuple(m[k] for k in _names(MENTION)) for m in parts["mentions"]],
            caption_mentions=[tuple(m[k] for k in _names(CAPTION_MENTION)) for m in parts["caption_mentions"]],
            events=[_event(e) for e in parts["events"]],
            quotes=[tuple(q[k] for k in _names(QUOTE)) for q in parts["quotes"]]))
    return out


def _event(e: dict[str, Any]) -> dict[str, Any]:
    value = e["quantity_value"]
    return {**{k: e[k] for k in _names(EVENT)},
            "location": tuple(e[k] for k in LOCATION),
            "quantity": (int(value) if isinstance(value, float) and value.is_integer() else value,
                         e["quantity_unit"], e["quantity_item"]),
            "actors": [tuple(x[k] for k in _names(ACTOR)) for x in e["actors"] or []],
            "mention": {k: e[k] for k in _names(EVENT_MENTION)}}


# -- files -----------------------------------------------------------------------------------------
def path(out: Path, table: str, name: str) -> Path:
    return out / table / f"{name}.parquet"


def finished(out: Path, name: str) -> bool:
    """Was the partition ``name`` written whole (its documents file, renamed last, exists)?"""
    return path(out, "documents", name).exists()


def write(out: Path, name: str, records: list[Record]) -> None:
    """Write a partition's files, each to a temporary name first, documents last."""
    tables = rows(records)
    tag = f".tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    for table in TABLES:
        final = path(out, table, name)
        final.parent.mkdir(parents=True, exist_ok=True)
        temp = final.with_name(final.name + tag)
        pq.write_table(pa.Table.from_pylist(tables[table], schema=SCHEMAS[table]), temp, compression="zstd")
        os.replace(temp, final)


def read(out: Path, name: str) -> list[Record]:
    """The records of a written partition, in document order."""
    return records({t: pq.read_table(path(out, t, name), schema=SCHEMAS[t]).to_pylist()
                    if t not in OPTIONAL or path(out, t, name).exists() else [] for t in TABLES})
