"""The archive's commands: ``rasad ingest``, the queries (``events``, ``actors``, ``quotes``,
``articles``, ``search``, ``stats``) and ``export``. A thin shell over :mod:`rasad.archive`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated, Any

import typer

from rasad.output import echo_error

DB_HELP = "The archive: sqlite:///FILE.db or postgresql://USER@HOST/NAME (default: $RASAD_DB, else rasad.db in the user data directory)."


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"


DbOption = Annotated[str | None, typer.Option("--db", help=DB_HELP, metavar="URL")]
FormatOption = Annotated[QueryFormat, typer.Option("--format", "-f", help="table, csv or jsonl.")]
ActorOption = Annotated[str | None, typer.Option("--actor", help="Arabic or English name or KB id: روسيا, Russia, sergey-lavrov.")]
CountryOption = Annotated[str | None, typer.Option("--country", help="ISO 3166 alpha-3 code (SYR) or PLOVER code (IGO).")]
TypeOption = Annotated[str | None, typer.Option("--type", help="PLOVER event type: AID, CONSULT, ACCUSE...")]
SinceOption = Annotated[str | None, typer.Option("--since", help="YYYY[-MM[-DD]], inclusive.")]
UntilOption = Annotated[str | None, typer.Option("--until", help="YYYY[-MM[-DD]], inclusive.")]
TextOption = Annotated[str | None, typer.Option("--text", help="Words the sentence, quote or article holds.")]
LimitOption = Annotated[int, typer.Option("--limit", help="At most this many rows (0: all).")]


@contextmanager
def opened(url: str | None) -> Iterator[Any]:
    """The archive, or a one-line error and exit status 2."""
    from rasad.archive.store import Archive
    from rasad.errors import RasadError

    try:
        archive = Archive.open(url)
    except RasadError as exc:
        echo_error(f"rasad: {exc}")
        raise typer.Exit(2) from None
    with archive:
        yield archive


def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (walked recursively) or - for stdin.", metavar="PATH")],
    db: DbOption = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (default: all cores).")] = 0,
    reprocess: Annotated[bool, typer.Option("--reprocess", help="Process again the documents stored by another rasad version.")] = False,
    ner: Annotated[bool, typer.Option("--ner/--no-ner", help="Use the statistical name tagger too (see rasad extract).")] = True,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Documents per transaction.", min=1)] = 64,
    cluster: Annotated[str | None, typer.Option("--cluster", help="Run on Dask: local:N worker processes, or a scheduler tcp://HOST:8786 (see docs/scale.md).", metavar="SPEC")] = None,
    out: Annotated[str | None, typer.Option("--out", help="With --cluster: the Parquet dataset's folder (kept; without --db it is only written, for rasad load).", metavar="PARQUET_DIR")] = None,
    part_size: Annotated[int, typer.Option("--part-size", help="With --cluster: documents per partition (a Dask task, a Parquet part).", min=1)] = 100,
) -> None:
    """Process news pages and store them in the archive (SQLite or PostgreSQL).

    Idempotent: a document whose content is already stored is skipped. Each batch is one
    transaction, so a killed ingest can be run again to finish the job. A document that cannot be
    read or processed is stored as failed with its reason, reported as 'rasad: SOURCE: reason',
    and the batch goes on. Exit status: 0 if at least one document is in the archive, 1 if every
    one failed or none was found, 2 if the archive cannot be opened.
    """
    if cluster is not None:
        from rasad.cluster.commands import ingest_on_cluster

        ingest_on_cluster(paths, cluster, out, db, {"ner": ner}, part_size, reprocess)
    if out is not None:
        echo_error("rasad: --out goes with --cluster (the Parquet dataset of a cluster run)")
        raise typer.Exit(2)
    from rasad.archive.backend import default_url
    from rasad.archive.ingest import ingest as run
    from rasad.archive.progress import IngestDisplay, summary_lines
    from rasad.errors import RasadError
    from rasad.output import setup_logging

    setup_logging()
    url = db or default_url()
    try:
        with IngestDisplay() as show:
            show.count(paths)
            summary = run(paths, url, jobs=jobs or None, reprocess=reprocess, options={"ner": ner}, on_document=show,
                      batch_size=batch_size)
    except RasadError as exc:
        echo_error(f"rasad: {exc}")
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        echo_error("rasad: ingest interrupted; the batches stored so far are kept: run the same command again to finish")
        raise typer.Exit(130) from None
    except Exception as exc:  # the database went away, the disk is full: say so, keep what is stored
        text = " ".join(str(exc).split())[:200]
        echo_error(f"rasad: {_shown_url(url)}: the archive failed ({exc.__class__.__name__}: {text}); the batches "
                   "stored before are kept: run the same command again to finish")
        raise typer.Exit(2) from None
    for line in summary_lines(summary, _shown_url(url)):
        typer.echo(line)
    ok = summary.stored + summary.reprocessed + summary.already - summary.failed
    raise typer.Exit(0 if ok > 0 else 1)


def _shown_url(url: str) -> str:
    from rasad.archive.backend import safe_url

    return safe_url(url)


def _query(url: str | None, run: Callable[[Any], list[dict[str, Any]]], columns: list[str], fmt: QueryFormat,
           title: str, view: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
           table_columns: list[str] | None = None) -> None:
    from rasad.archive.views import write_rows

    with opened(url) as archive:
        rows = run(archive.db)
    write_rows([view(r) for r in rows] if view else rows, columns, fmt.value, title, table_columns=table_columns)


def _filters(**kwargs: Any) -> Any:
    from rasad.archive.query import Filters

    return Filters(**kwargs)


def events(
    db: DbOption = None, fmt: FormatOption = QueryFormat.table, actor: ActorOption = None, country: CountryOption = None,
    type_: TypeOption = None, since: SinceOption = None, until: UntilOption = None, text: TextOption = None,
    limit: LimitOption = 50,
) -> None:
    """Events in the archive, newest first: type, actors, date, place, how many articles and sources
    reported each, and the sentence of its first report."""
    from rasad.archive import query
    from rasad.archive.views import EVENT_COLUMNS, EVENT_TABLE, event_view

    f = _filters(actor=actor, country=country, type=type_, since=since, until=until, text=text, limit=limit)
    _query(db, lambda d: query.events(d, f), EVENT_COLUMNS, fmt, "events", event_view, EVENT_TABLE)


def actors(
    db: DbOption = None, fmt: FormatOption = QueryFormat.table, actor: ActorOption = None, country: CountryOption = None,
    type_: TypeOption = None, since: SinceOption = None, until: UntilOption = None, text: TextOption = None,
    limit: LimitOption = 50,
) -> None:
    """Actors and recipients of the events in the archive, with their number of events per type."""
    from rasad.archive import query
    from rasad.archive.views import ACTOR_COLUMNS

    f = _filters(actor=actor, country=country, type=type_, since=since, until=until, text=text, limit=limit)
    _query(db, lambda d: query.actors(d, f), ACTOR_COLUMNS, fmt, "actors")


def quotes(
    db: DbOption = None, fmt: FormatOption = QueryFormat.table, actor: ActorOption = None, country: CountryOption = None,
    since: SinceOption = None, until: UntilOption = None, text: TextOption = None, limit: LimitOption = 50,
) -> None:
    """Quotes in the archive with their speakers, newest first (--actor filters by speaker)."""
    from rasad.archive import query
    from rasad.archive.views import QUOTE_COLUMNS, quote_view

    f = _filters(actor=actor, country=country, since=since, until=until, text=text, limit=limit)
    _query(db, lambda d: query.quotes(d, f), QUOTE_COLUMNS, fmt, "quotes", quote_view)


def articles(
    db: DbOption = None, fmt: FormatOption = QueryFormat.table, actor: ActorOption = None, country: CountryOption = None,
    type_: TypeOption = None, since: SinceOption = None, until: UntilOption = None, text: TextOption = None,
    limit: LimitOption = 50,
) -> None:
    """Articles in the archive, newest first, with their number of events and the size of their story
    (syndicated copies of one story form one cluster)."""
    from rasad.archive import query
    from rasad.archive.views import ARTICLE_COLUMNS

    f = _filters(actor=actor, country=country, type=type_, since=since, until=until, text=text, limit=limit)
    _query(db, lambda d: query.articles(d, f), ARTICLE_COLUMNS, fmt, "articles")


def search(
    words: Annotated[str, typer.Argument(help="Words to find, in any clitic form, with or without harakat: المقداد finds والمقداد.", metavar="QUERY")],
    db: DbOption = None, fmt: FormatOption = QueryFormat.table, actor: ActorOption = None, country: CountryOption = None,
    type_: TypeOption = None, since: SinceOption = None, until: UntilOption = None, limit: LimitOption = 20,
) -> None:
    """Full-text search of the archived articles, best first, with the matching words [marked] in a snippet."""
    from rasad.archive import query
    from rasad.archive.views import SEARCH_COLUMNS

    f = _filters(actor=actor, country=country, type=type_, since=since, until=until, limit=limit)
    _query(db, lambda d: query.search(d, words, f), SEARCH_COLUMNS, fmt, f"search: {words}")


def stats(
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """What the archive holds: documents (stored, failed), articles, stories, events per type and per month."""
    from rasad.archive import query

    with opened(db) as archive:
        data = query.stats(archive.db)
    if fmt == "json":
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"rasad stats {_shown_url(archive.url)}", show_header=False)
    for key in ("articles", "stories", "events", "event_mentions", "quotes"):
        table.add_row(key, str(data[key]))
    for status, n in sorted(data["documents"].items()):
        table.add_row(f"documents {status}", str(n))
    for name in ("events_per_type", "events_per_month"):
        table.add_row(name.replace("_", " "), "; ".join(f"{k} {v}" for k, v in data[name].items()))
    console.print(table)


class ExportKind(StrEnum):
    events = "events"
    mentions = "mentions"
    articles = "articles"


class ExportFormat(StrEnum):
    csv = "csv"
    tsv = "tsv"
    parquet = "parquet"
    jsonl = "jsonl"
    plover = "plover"


def export(
    kind: Annotated[ExportKind, typer.Argument(help="events (one row per event), mentions (per report of an event) or articles.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv, tsv, parquet, jsonl or plover (PLOVER JSON records, events only).")] = ExportFormat.csv,
    out: Annotated[str | None, typer.Option("--out", "-o", help="Write to this file (default: standard output; parquet needs a file).")] = None,
    db: DbOption = None, actor: ActorOption = None, country: CountryOption = None, type_: TypeOption = None,
    since: SinceOption = None, until: UntilOption = None, text: TextOption = None, limit: LimitOption = 0,
) -> None:
    """Export the archive as event data: one row per event with ids, date, type, actors (Arabic and
    English names, KB ids, countries, sectors), place, quantity, sentence, num_articles and num_sources."""
    import sys

    from rasad.archive.export import export as run
    from rasad.errors import RasadError

    if fmt is ExportFormat.parquet and out is None:
        echo_error("rasad: export --format parquet needs a file: add --out FILE.parquet")
        raise typer.Exit(2)
    f = _filters(actor=actor, country=country, type=type_, since=since, until=until, text=text, limit=limit)
    with opened(db) as archive:
        try:
            if out is None:
                n = run(archive.db, kind.value, fmt.value, sys.stdout, f)
            elif fmt is ExportFormat.parquet:
                with open(out, "wb") as binary:
                    n = run(archive.db, kind.value, fmt.value, binary, f)
            else:
                with open(out, "w", encoding="utf-8", newline="") as text_file:
                    n = run(archive.db, kind.value, fmt.value, text_file, f)
        except (RasadError, OSError) as exc:
            echo_error(f"rasad: {exc}")
            raise typer.Exit(2) from None
    if out is not None:
        echo_error(f"rasad: wrote {n} {kind.value} to {out}")


def register(app: typer.Typer) -> None:
    """Add the archive's commands to the ``rasad`` app."""
    app.command()(ingest)
    for fn in (events, actors, quotes, articles, search, stats, export):
        app.command(fn.__name__)(fn)
