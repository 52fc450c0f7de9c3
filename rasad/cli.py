"""The ``rasad`` command line: a thin shell over :mod:`rasad.pipeline`."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from rasad import __version__
from rasad.archive.commands import register as register_archive
from rasad.cluster.commands import register as register_cluster
from rasad.kb.commands import kb_app
from rasad.output import echo_error, setup_logging
from rasad.pipeline import TIME_BUDGET

# An argument's help says what it takes; typer would add a Python type ("<list[str]>") to it.
typer.core.TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign,assignment]

app = typer.Typer(
    help="rasad: Arabic news pages → clean articles, entities, PLOVER events and quotes.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,  # click's help: paragraphs rewrapped to the terminal, no '<bool>' type column
    pretty_exceptions_enable=False,
)
app.add_typer(kb_app, name="kb")
lexicon_app = typer.Typer(
    help="Validate the lexicons: word lists and triggers, shipped and from the user directory.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(lexicon_app, name="lexicon")


class Format(StrEnum):
    jsonl = "jsonl"
    json = "json"
    pretty = "pretty"


class Only(StrEnum):
    article = "article"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rasad {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """rasad: Arabic news pages → clean articles, entities, PLOVER events and quotes."""


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (walked recursively) or - for stdin.", metavar="PATH")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="jsonl: one JSON object a line; json: an array; pretty: a readable view.")] = Format.jsonl,
    only: Annotated[Only | None, typer.Option("--only", help="'article': extraction only, skip the NLP stages.")] = None,
    ner: Annotated[bool, typer.Option("--ner/--no-ner", help="Find people outside the KB with the statistical tagger too (--no-ner: ~18% faster; see docs/ner.md).")] = True,
    time_budget: Annotated[float, typer.Option("--time-budget", metavar="SECONDS", help="Seconds one document may take; past it, the document becomes an error record (0: no limit).")] = TIME_BUDGET,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: one per core; 1: this process only). The output is the same, in input order.")] = None,
) -> None:
    """Extract article, entities, events and quotes from news pages.

    Output is one document per input document, in input order. A document that cannot be read or
    processed is reported on stderr as 'rasad: SOURCE: reason' (and as {"source", "error"} in the
    output); the batch goes on. Exit status: 0 if at least one document was processed, 1 if every
    one failed or none was found, 2 for a usage error.
    """
    from rasad.errors import RasadError
    from rasad.output import DocumentWriter
    from rasad.pipeline import Pipeline
    from rasad.pool import default_jobs

    setup_logging()
    try:
        pipeline = Pipeline(only=only.value if only else None, ner=ner, time_budget=time_budget or None)
    except RasadError as exc:
        echo_error(f"rasad: {exc}")
        raise typer.Exit(2) from None
    writer = DocumentWriter(sys.stdout, fmt.value)
    try:
        for doc in pipeline.run(paths, jobs=jobs or default_jobs()):
            writer.write(doc)
        writer.close()
    except BrokenPipeError:  # `rasad extract ... | head`: the reader has gone, stop quietly
        _quiet_stdout()
        raise typer.Exit(writer.status) from None
    raise typer.Exit(writer.status)


def _quiet_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


@app.command()
def explain(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (walked recursively) or - for stdin.")],
) -> None:
    """Explain each event and quote: trigger, lexicon rule, CAMEO code, how actors and dates were coded.

    A document that cannot be read is reported on stderr as 'rasad: SOURCE: reason'. Exit status:
    0 if at least one document was explained, 1 if every one failed, 2 if a data file is broken.
    """
    from rasad.explain import explain_command

    raise typer.Exit(explain_command(paths))


@app.command("eval")
def eval_(
    gold_dir: Annotated[Path | None, typer.Argument(help="A directory of gold *.json files (docs/eval.md).")] = None,
    conll: Annotated[Path | None, typer.Option("--conll", help="Grade the name tagger on a CoNLL file (token TAG a line) instead.")] = None,
    run: Annotated[str | None, typer.Option("--run", help="A command to grade instead of rasad itself; {inputs} becomes the gold inputs.")] = None,
    predictions: Annotated[Path | None, typer.Option("--predictions", help="A JSONL file of output to grade.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the figures as JSON to this file.")] = None,
) -> None:
    """Grade rasad's output against gold files: article fields, entities and linking, events, quotes.

    The same measures as ../shared/tools/score.py. Without --run or --predictions, rasad runs
    in-process on the gold inputs.
    """
    from rich.console import Console
    from rich.table import Table

    from rasad.errors import RasadError
    from rasad.eval import (
        evaluate,
        gold_inputs,
        load_gold,
        predictions_from_command,
        predictions_from_lines,
        predictions_in_process,
    )

    if conll is not None:
        _eval_conll(conll, json_out)
        return
    if gold_dir is None:
        typer.echo("rasad: give a gold directory, or --conll FILE", err=True)
        raise typer.Exit(2)
    try:
        gold = load_gold(gold_dir)
        if predictions is not None:
            preds = predictions_from_lines(predictions.read_text(encoding="utf-8").splitlines())
        elif run:
            preds = predictions_from_command(run, gold_inputs(gold_dir, gold))
        else:
            preds = predictions_in_process(gold_inputs(gold_dir, gold))
    except UnicodeDecodeError as exc:
        echo_error(f"rasad: {predictions or gold_dir}: not UTF-8 text (bad byte at {exc.start})")
        raise typer.Exit(2) from None
    except (RasadError, OSError, ValueError) as exc:
        echo_error(f"rasad: {exc}")
        raise typer.Exit(2) from None
    report = evaluate(gold, preds)
    table = Table(title=f"rasad eval {gold_dir} ({len(gold)} gold files)")
    for col in ("measure", "P", "R", "F1 / acc", "counts"):
        table.add_column(col)
    for row in report.rows():
        table.add_row(*row)
    console = Console()
    console.print(table)
    summary = report.summary()
    typer.echo("summary " + " ".join(f"{k}={v}" for k, v in summary.items()))
    if report.missing:
        console.print(f"no prediction for {len(report.missing)} gold file(s): {', '.join(report.missing[:8])}")
    if json_out is not None:
        json_out.write_text(json.dumps({"summary": summary, "rows": report.rows()}, ensure_ascii=False, indent=1), encoding="utf-8")


def _eval_conll(path: Path, json_out: Path | None) -> None:
    from rich.console import Console
    from rich.table import Table

    from rasad.eval.conll import grade_tagger

    try:
        scores = grade_tagger(path)
    except UnicodeDecodeError as exc:
        echo_error(f"rasad: {path}: not UTF-8 text (bad byte at {exc.start}); give a CoNLL file, 'token TAG' a line")
        raise typer.Exit(2) from None
    except (OSError, ValueError) as exc:
        echo_error(f"rasad: {path}: {getattr(exc, 'strerror', None) or exc}")
        raise typer.Exit(2) from None
    table = Table(title=f"rasad eval --conll {path}")
    for col in ("class", "P", "R", "F1", "gold", "predicted", "right"):
        table.add_column(col)
    for cls, row in scores.items():
        table.add_row(cls, f"{row['p']:.3f}", f"{row['r']:.3f}", f"{row['f1']:.3f}",
                      str(row["gold"]), str(row["predicted"]), str(row["right"]))
    Console().print(table)
    typer.echo("summary " + " ".join(f"{cls}_f1={row['f1']:.3f}" for cls, row in scores.items()))
    if json_out is not None:
        json_out.write_text(json.dumps(scores, indent=1), encoding="utf-8")


@app.command("ner")
def ner(
    conll: Annotated[Path, typer.Option("--conll", help="A file of tokens, one a line, blank line between sentences.")],
    model: Annotated[Path | None, typer.Option("--model", help="A CRF model file (default: the shipped one).")] = None,
) -> None:
    """Tag names (PER, ORG, LOC) with the statistical tagger: prints 'token TAG' a line, blank lines kept."""
    from rasad.errors import RasadError
    from rasad.ner.tagger import MODEL, default_tagger

    try:
        tagger = default_tagger(str(model or MODEL))
        write = sys.stdout.write
        for line in tagger.tag_conll(conll):
            write(line + "\n")
    except UnicodeDecodeError as exc:
        echo_error(f"rasad: {conll}: not UTF-8 text (bad byte at {exc.start}); give tokens, one a line")
        raise typer.Exit(2) from None
    except (RasadError, OSError, ValueError) as exc:
        echo_error(f"rasad: {exc}")
        raise typer.Exit(2) from None


@app.command("train-ner")
def train_ner(
    out: Annotated[Path, typer.Option("--out", help="Where to write the model; its metadata goes next to it (.json).")],
    heldout: Annotated[Path | None, typer.Option("--heldout", help="Also write the held-out ANERcorp split here (CoNLL).")] = None,
    seed: Annotated[int, typer.Option("--seed")] = 13,
    c1: Annotated[float, typer.Option("--c1", help="L1 regularisation.")] = 0.1,
    c2: Annotated[float, typer.Option("--c2", help="L2 regularisation.")] = 0.01,
    iterations: Annotated[int, typer.Option("--iterations")] = 200,
    newsfane: Annotated[bool, typer.Option("--newsfane/--anercorp-only", help="Add NewsFANE Gold to ANERcorp.")] = True,
) -> None:
    """Train the CRF name tagger on ANERcorp (+ NewsFANE) from $RASAD_SHARED/ner; print held-out scores as JSON."""
    from rasad.ner.train import ANERCORP, train_command

    if not ANERCORP.is_file():
        typer.echo(f"rasad: {ANERCORP}: ANERcorp not found; set RASAD_SHARED to the shared data directory", err=True)
        raise typer.Exit(2)
    summary = train_command(out, heldout, seed, c1, c2, iterations, newsfane)
    typer.echo(json.dumps(summary, ensure_ascii=False))


@app.command("train-events")
def train_events(
    gold: Annotated[list[Path] | None, typer.Argument(help="Gold directories (default: $RASAD_SHARED/gold/train and gold/dev).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Where to write the model (default: the package's models/events.json).")] = None,
    cv: Annotated[int, typer.Option("--cv", help="Cross-validate with K folds by document first and print the figures (0: no).")] = 0,
    c: Annotated[float, typer.Option("--c", help="Inverse regularisation strength of the logistic models (0.5 chosen by CV: docs/events.md).")] = 0.5,
    gsr: Annotated[list[Path] | None, typer.Option("--gsr", help="GSR sentence files (JSONL) for violence and protest (default: $RASAD_SHARED/gsr/assault.jsonl and protest.jsonl).")] = None,
    no_gsr: Annotated[bool, typer.Option("--no-gsr", help="No GSR sentences: violence and protest stay with the occurrence rules.")] = False,
) -> None:
    """Train the event models (which trigger is an event, its type, actor and recipient; violence
    and protest from the GSR's sentences) on annotated documents; with --cv, print cross-validated
    figures next to those of the rules alone."""
    from rasad.decide.commands import train_events_command
    from rasad.errors import RasadError

    try:
        summary = train_events_command(gold or [], out, cv, c, [] if no_gsr else gsr)
    except RasadError as exc:
        echo_error(f"rasad: {exc}")
        raise typer.Exit(2) from None
    typer.echo(json.dumps(summary, ensure_ascii=False))


@app.command("train-clusters")
def train_clusters(
    corpus: Annotated[list[Path] | None, typer.Argument(help="JSONL files of news (title, text), gzipped or not (default: $RASAD_SHARED/corpus/*.jsonl.gz).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Where to write the clusters (default: the package's clusters/clusters.tsv.gz).")] = None,
    min_count: Annotated[int, typer.Option("--min-count", help="Words seen fewer times get no cluster.")] = 5,
    dim: Annotated[int, typer.Option("--dim", help="Size of the word2vec vectors.")] = 100,
    epochs: Annotated[int, typer.Option("--epochs")] = 5,
    seed: Annotated[int, typer.Option("--seed")] = 13,
) -> None:
    """Learn word clusters (word2vec + nested k-means, 64/256/1,024) from unannotated news: features
    of the event models and the name tagger for words their training data never held (docs/clusters.md)."""
    from rasad.clusters import SHIPPED
    from rasad.clusters.train import train_clusters as train
    from rasad.datafiles import SHARED
    from rasad.errors import RasadError

    paths = corpus or sorted((SHARED / "corpus").glob("*.jsonl.gz"))
    if not paths:
        echo_error("rasad: no corpus files given and none in $RASAD_SHARED/corpus")
        raise typer.Exit(2)
    try:
        summary = train(paths, out or SHIPPED, dim=dim, min_count=min_count, epochs=epochs, seed=seed)
    except (RasadError, OSError) as exc:
        echo_error(f"rasad: {exc}")
        raise typer.Exit(2) from None
    typer.echo(json.dumps(summary, ensure_ascii=False))


register_archive(app)  # ingest, events, actors, quotes, articles, search, stats, export (rasad.archive)
register_cluster(app)  # load, watch (rasad.cluster)


@app.command()
def serve(
    db: Annotated[str | None, typer.Option("--db", help="The archive: sqlite:///FILE.db or postgresql://USER@HOST/NAME (default: $RASAD_DB, else rasad.db in the user data directory).", metavar="URL")] = None,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on; beyond loopback every request needs $RASAD_TOKEN unless --public-read.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.", min=0, max=65535)] = 8000,
    public_read: Annotated[bool, typer.Option("--public-read", help="Let anyone who reaches the server read the archive (uploads still need the token).")] = False,
) -> None:
    """Serve the web app and its JSON API over the archive: the event explorer, the article reader,
    actor pages, quotes, search and live coverage (docs/web.md). Uploads (POST /api/documents) need
    RASAD_TOKEN."""
    from rasad.errors import RasadError

    try:
        from rasad.web.app import serve as run
    except ImportError as exc:  # a partial install
        echo_error(f"rasad: serve needs the web dependencies ({exc}); pip install rasad again")
        raise typer.Exit(2) from None
    try:
        run(db, host, port, public_read)
    except RasadError as exc:
        echo_error(f"rasad: {exc}")
        raise typer.Exit(2) from None


@lexicon_app.command("check")
def lexicon_check(
    dirs: Annotated[
        list[Path] | None, typer.Argument(help="Directories of user lexicon files (default: the user lexicon directory).")
    ] = None,
) -> None:
    """Validate the shipped lexicon files plus the user directory (or the given directories).

    Each file is read, extended by the user files, and checked against its schema (see
    docs/events.md). Prints the files checked; the first problem is one line naming the file and
    the key. Exit status: 0 when every file is valid, 1 otherwise.
    """
    from rasad.errors import RasadError
    from rasad.lexicon import check_lexicons, user_dir

    chosen = tuple(dirs) if dirs else (user_dir(),)
    try:
        files = check_lexicons(chosen)
    except RasadError as exc:
        echo_error(f"rasad: {exc}")
        raise typer.Exit(1) from None
    user = [f for f in files if f.parent != files[0].parent]
    typer.echo(f"{len(files)} lexicon files valid: {len(files) - len(user)} shipped, {len(user)} from "
               f"{', '.join(map(str, chosen))}")
    for f in user:
        typer.echo(f"  {f}")


if __name__ == "__main__":
    app()
