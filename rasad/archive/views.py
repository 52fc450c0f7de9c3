"""Printing query results: a table on the terminal, CSV, or JSONL — the same rows, the same columns."""

from __future__ import annotations

import csv
import json
import sys
from typing import IO, Any

from rasad.archive.query import actor_name
from rasad.read.text import safe_text

EVENT_COLUMNS = ["event", "date", "type", "mode", "actor", "recipient", "location", "quantity", "modality",
                 "num_articles", "num_sources", "sentence", "source"]
ACTOR_COLUMNS = ["actor", "name_en", "kb_id", "country", "sector", "events", "as_actor", "as_recipient", "types"]
QUOTE_COLUMNS = ["published", "speaker", "country", "cue", "direct", "text", "source"]
ARTICLE_COLUMNS = ["id", "published", "outlet", "title", "events", "story_size", "source"]
SEARCH_COLUMNS = ["id", "published", "outlet", "title", "snippet", "source"]
#: what a terminal table of events shows (CSV and JSONL have every column)
EVENT_TABLE = ["date", "type", "actor", "recipient", "quantity", "num_sources", "sentence"]


def event_view(e: dict[str, Any]) -> dict[str, Any]:
    """An event row as the ``events`` command shows it: one line of names, not nested lists."""
    first = e.get("first") or {}
    qty = " ".join(str(x) for x in (_number(e["quantity_value"]), e["quantity_unit"], e["quantity_item"]) if x is not None)
    return {
        "event": e["event_key"][:12], "date": e["date"], "type": e["type"], "mode": e["mode"],
        "actor": "; ".join(actor_name(a) for a in e["actors"]),
        "recipient": "; ".join(actor_name(a) for a in e["recipients"]),
        "location": e["location_canonical"] or e["location_text"], "quantity": qty or None,
        "modality": e["modality"], "num_articles": e["num_articles"], "num_sources": e["num_sources"],
        "sentence": first.get("sentence"), "source": first.get("url") or first.get("source"),
    }


def quote_view(q: dict[str, Any]) -> dict[str, Any]:
    return {"published": q["published"], "speaker": q["speaker_canonical"] or q["speaker_text"],
            "country": q["speaker_country"], "cue": q["cue"], "direct": bool(q["direct"]), "text": q["text"],
            "source": q["url"] or q["source"]}


def _number(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def write_rows(rows: list[dict[str, Any]], columns: list[str], fmt: str, title: str = "",
               stream: IO[str] | None = None, table_columns: list[str] | None = None) -> None:
    """``fmt``: ``table`` (rich; ``table_columns`` when given, for a terminal's width), ``csv`` or
    ``tsv`` (header line first) or ``jsonl`` (one object a line)."""
    out = stream or sys.stdout
    if fmt == "jsonl":
        for r in rows:
            out.write(safe_text(json.dumps({c: r.get(c) for c in columns}, ensure_ascii=False, default=str)) + "\n")
    elif fmt in ("csv", "tsv"):
        writer = csv.writer(out, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow(["" if r.get(c) is None else safe_text(str(r.get(c))) for c in columns])
    else:
        from rich.console import Console
        from rich.table import Table

        columns = table_columns or columns
        table = Table(title=title or None, show_lines=True, expand=True)
        for c in columns:
            table.add_column(c, overflow="fold", ratio=4 if c in ("sentence", "snippet", "text", "title") else 1)
        for r in rows:
            table.add_row(*("" if r.get(c) is None else safe_text(str(r.get(c))) for c in columns))
        Console(file=out).print(table)
        if not rows:
            Console(file=out).print("(nothing matches)")
    out.flush()
