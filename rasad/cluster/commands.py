"""The commands of :mod:`rasad.cluster`: ``rasad load``, ``rasad watch``, and what ``rasad ingest
--cluster`` does. A thin shell over :mod:`rasad.cluster.run`, :mod:`~rasad.cluster.load` and
:mod:`~rasad.cluster.watch`."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from rasad.archive.commands import DbOption
from rasad.output import echo_error


def ingest_on_cluster(paths: list[str], cluster: str, out: str | None, db: str | None, options: dict[str, Any],
                      part_size: int, reprocess: bool) -> None:
    """``rasad ingest --cluster``: the Parquet dataset, then (with ``--db``, or without ``--out``) its load."""
    from rasad.cluster.run import run, summary_lines
    from rasad.errors import RasadError
    from rasad.output import setup_logging

    setup_logging()
    if reprocess:
        echo_error("rasad: --reprocess does not go with --cluster; run rasad ingest --reprocess on one machine")
        raise typer.Exit(2)
    if out is None and not cluster.startswith("local:"):
        echo_error(f"rasad: --cluster {cluster}: give --out DIR, a folder every worker can write")
        raise typer.Exit(2)
    folder = Path(out) if out is not None else Path(tempfile.mkdtemp(prefix="rasad-cluster-"))

    started = time.monotonic()

    def show(summary: Any, part: Any) -> None:
        if db is None and out is not None:  # else the load reports them
            for source, reason in part.failures:
                echo_error(f"rasad: {source}: {reason}")
        if summary.done % max(1, summary.parts // 20) == 0 and summary.done < summary.parts:
            rate = summary.read / max(time.monotonic() - started - summary.startup, 1e-9)  # since the first task
            echo_error(f"rasad: ingest --cluster: {summary.done}/{summary.parts} partitions, {summary.read} pages, "
                       f"{summary.failed} failed, {rate:.1f} pages/s")

    try:
        summary = run(paths, folder, cluster, options, part_size, on_part=show)
    except RasadError as exc:
        echo_error(f"rasad: {exc}")
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        echo_error(f"rasad: ingest interrupted; the parts written to {folder} are kept: run the same command "
                   f"again{'' if out else ' with --out ' + str(folder)} to finish")
        raise typer.Exit(130) from None
    for line in summary_lines(summary, folder):
        typer.echo(line)
    if out is not None and db is None:
        typer.echo(f"  load it into the archive with: rasad load {folder}")
        raise typer.Exit(1 if summary.broken or summary.written == summary.failed else 0)
    stored = _load(folder, db)
    if out is None and not summary.broken:
        shutil.rmtree(folder, ignore_errors=True)
    raise typer.Exit(1 if summary.broken or stored == 0 else 0)


def _load(folder: Path, db: str | None) -> int:
    """Load the dataset, print the summary; returns the documents in the archive from it (not failed)."""
    from rasad.archive.backend import default_url, safe_url
    from rasad.archive.progress import IngestDisplay
    from rasad.cluster.load import load, summary_lines
    from rasad.errors import RasadError

    url = db or default_url()
    try:
        with IngestDisplay() as show:
            summary = load(folder, url, on_document=show)
    except RasadError as exc:
        echo_error(f"rasad: {exc}")
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        echo_error(f"rasad: load interrupted; the parts stored so far are kept: run rasad load {folder} again to finish")
        raise typer.Exit(130) from None
    except Exception as exc:  # the database went away, the disk is full
        text = " ".join(str(exc).split())[:200]
        echo_error(f"rasad: {safe_url(url)}: the archive failed ({exc.__class__.__name__}: {text}); the parts stored "
                   f"before are kept: run rasad load {folder} again to finish")
        raise typer.Exit(2) from None
    for line in summary_lines(summary, safe_url(url)):
        typer.echo(line)
    return summary.stored + summary.already - summary.failed


def load(
    folder: Annotated[str, typer.Argument(help="The --out folder of rasad ingest --cluster.", metavar="PARQUET_DIR")],
    db: DbOption = None,
) -> None:
    """Store a Parquet dataset made by rasad ingest --cluster in the archive.

    Parts are stored in input order, one transaction per part, with the syndicated copies and the
    events merged as rasad ingest merges them. Idempotent: a document whose content is already
    stored is skipped, so a killed load is finished by running it again. Exit status: 0 if at least
    one document is in the archive, 1 if none, 2 if the dataset or the archive cannot be opened.
    """
    from rasad.cluster.load import missing
    from rasad.output import setup_logging

    setup_logging()
    stored = _load(Path(folder), db)
    absent = missing(Path(folder))
    if absent:
        echo_error(f"rasad: {folder}: {len(absent)} partitions of the dataset are not written (their tasks failed "
                   "or did not run): run rasad ingest --cluster --out again to write them")
    raise typer.Exit(0 if stored > 0 else 1)


def watch(
    folder: Annotated[str, typer.Argument(help="The folder to watch (recursively).", metavar="DIR")],
    db: DbOption = None,
    poll: Annotated[bool, typer.Option("--poll", help="Poll the folder instead of OS events (network file systems).")] = False,
    ner: Annotated[bool, typer.Option("--ner/--no-ner", help="Use the statistical name tagger too (see rasad extract).")] = True,
) -> None:
    """Ingest the pages that appear or change in a folder, as they arrive, until stopped (Ctrl-C).

    What the folder holds at start is ingested first. Each new document is stored at once in its
    own transaction, so rasad serve and the queries see its events while watch runs. A file that
    cannot be read or processed is stored as failed and reported as 'rasad: SOURCE: reason'; a file
    already stored (same content) is not processed again, across restarts too.
    """
    from rasad.archive.backend import default_url
    from rasad.cluster.watch import watch as run
    from rasad.errors import RasadError
    from rasad.output import setup_logging

    setup_logging()
    try:
        counts = run(folder, db or default_url(), {"ner": ner}, poll=poll, report=echo_error)
    except RasadError as exc:
        echo_error(f"rasad: {exc}")
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        raise typer.Exit(0) from None
    typer.echo(f"rasad watch: {counts.read} read, {counts.stored} stored, {counts.already} already stored, "
               f"{counts.empty} empty, {counts.failed} failed, {counts.events} events")


def register(app: typer.Typer) -> None:
    """Add ``load`` and ``watch`` to the ``rasad`` app (``ingest --cluster`` is in rasad.archive.commands)."""
    app.command()(load)
    app.command()(watch)
