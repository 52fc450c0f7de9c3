"""The ``rasad`` command line: a thin shell over :mod:`rasad.pipeline`."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from rasad import __version__
from rasad.kb.commands import kb_app

app = typer.Typer(
    help="rasad: Arabic news pages → clean articles, entities, PLOVER events and quotes.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(kb_app, name="kb")


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
    paths: Annotated[list[str], typer.Argument(help="Files, directories (walked recursively) or - for stdin.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="jsonl: one JSON object a line; json: an array; pretty: a readable view.")] = Format.jsonl,
    only: Annotated[Only | None, typer.Option("--only", help="'article': extraction only, skip the NLP stages.")] = None,
) -> None:
    """Extract article, entities, events and quotes from news pages.

    Output is one document per input document, in input order. A document that cannot be read
    is reported on stderr as 'rasad: SOURCE: reason' (and as {"source", "error"} in the output);
    the batch goes on. Exit status: 0 if at least one document was processed, 1 if every one failed.
    """
    from rasad.errors import RasadError
    from rasad.pipeline import Pipeline

    try:
        pipeline = Pipeline(only=only.value if only else None)
    except RasadError as exc:
        typer.echo(f"rasad: {exc}", err=True)
        raise typer.Exit(2) from None
    ok = failed = 0
    array: list[dict] = []
    pretty = None
    if fmt is Format.pretty:
        from rasad.pretty import PrettyPrinter

        pretty = PrettyPrinter()
    for doc in pipeline.run(paths):
        if doc.error is not None:
            failed += 1
            typer.echo(f"rasad: {doc.source}: {doc.error}", err=True)
        else:
            ok += 1
        data = doc.to_dict()
        if fmt is Format.jsonl:
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        elif fmt is Format.json:
            array.append(data)
        elif pretty is not None and doc.error is None:
            pretty.show(doc)
    if fmt is Format.json:
        sys.stdout.write(json.dumps(array, ensure_ascii=False, indent=1) + "\n")
    sys.stdout.flush()
    if ok == 0:
        raise typer.Exit(1)


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


if __name__ == "__main__":
    app()
