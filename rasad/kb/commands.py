"""``rasad kb``: look up, extend and validate the knowledge base.

``rasad kb show لافروف`` prints an entry with its dated offices; ``rasad kb add people-mine.yaml``
validates a user file and copies it into the user KB directory; ``rasad kb check`` validates the
shipped KB and the user's files (see :mod:`rasad.kb.check`).
"""

from __future__ import annotations

import json
import shutil
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from rasad.arabic.normalize import normalize
from rasad.kb.check import ERROR, WARNING, Problem, Source, check_kb, check_sources, kind_of, sources
from rasad.kb.load import DATA_DIR, FILES, Entry, KnowledgeBase, load_kb, user_dir

kb_app = typer.Typer(
    help="Look up, extend and validate the knowledge base (entities, offices, titles, phrases).",
    no_args_is_help=True,
    add_completion=False,
)


class Kind(StrEnum):
    """What a KB file holds: the prefix of its name (``FILES``)."""

    countries = "countries"
    places = "places"
    organisations = "organisations"
    people = "people"
    titles = "titles"
    phrases = "phrases"


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"rasad: {message}", err=True)
    return typer.Exit(code)


# -- show --------------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.casefold().replace("-", " ").split()


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def find_entries(kb: KnowledgeBase, query: str) -> list[Entry]:
    """Entries named ``query``: by id, Arabic name, alias or surname (normalised), or English name.

    Exact matches win (``لافروف`` → the surname of ``sergey-lavrov``); when there are none, an
    entry matches if the query's words occur in a row in one of its names (``Lavrov`` →
    ``Sergey Lavrov``, ``بشار`` → ``بشار الأسد``); failing that, if each Arabic word of the query is
    in its names or one edit from a word of them (``لافروق`` → ``sergey-lavrov``).
    """
    norm = " ".join(normalize(query).split())
    folded = " ".join(query.casefold().split())
    exact = [
        e
        for e in kb.entries.values()
        if e.id == query.strip()
        or norm in {" ".join(normalize(n).split()) for n in (e.name, *e.aliases, *e.surnames)}
        or (e.name_en is not None and e.name_en.casefold() == folded)
    ]
    if exact:
        return exact
    arabic, english = normalize(query).split(), _words(query)
    found = [
        e
        for e in kb.entries.values()
        if any(_contains(normalize(n).split(), arabic) for n in (e.name, *e.aliases))
        or (e.name_en is not None and _contains(_words(e.name_en), english))
    ]
    return found or _near(kb, arabic)


def _near(kb: KnowledgeBase, words: list[str]) -> list[Entry]:
    """Entries whose names hold every word of the query, a word of 5 letters or more allowed one
    edit: the misspelt ``لافروق`` finds Sergey Lavrov (as the entities stage links it)."""
    from rasad.kb.matcher import one_edit

    if not words or not any(len(w) >= 5 for w in words):
        return []

    def close(word: str, name_words: set[str]) -> bool:
        return word in name_words or (len(word) >= 5 and any(one_edit(word, n) for n in name_words))

    out = []
    for e in kb.entries.values():
        name_words = {w for n in (e.name, *e.aliases, *e.surnames) for w in normalize(n).split()}
        if all(close(w, name_words) for w in words):
            out.append(e)
    return out


def entry_dict(entry: Entry, today: str) -> dict[str, Any]:
    """An entry as JSON-ready data; each office says whether it is held on ``today``."""
    return {
        "id": entry.id, "type": entry.type, "kind": entry.kind, "name": entry.name,
        "name_en": entry.name_en, "country": entry.country, "sector": entry.sector,
        "aliases": entry.aliases, "surnames": entry.surnames, "adjectives": entry.adjectives,
        "capital": entry.capital, "tz": entry.tz,
        "offices": [
            {"role": o.role, "country": o.country, "sector": o.sector, "from": o.start, "to": o.end,
             "current": o.held_on(today)}
            for o in entry.offices
        ],
    }  # fmt: skip


def _print_entry(console: Console, data: dict[str, Any]) -> None:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim")
    grid.add_column()
    for key in ("type", "kind", "name", "name_en", "country", "sector", "capital", "tz"):
        if data[key]:
            grid.add_row(key, str(data[key]))
    for key in ("aliases", "surnames", "adjectives"):
        if data[key]:
            grid.add_row(key, "، ".join(data[key]))
    console.print(f"[bold]{data['id']}[/bold]")
    console.print(grid)
    if data["offices"]:
        table = Table("role", "country", "sector", "from", "to", "", title="offices", title_justify="left")
        for o in data["offices"]:
            mark = "[green]✓ today[/green]" if o["current"] else ""
            table.add_row(
                o["role"], o["country"] or "—", o["sector"] or "—", o["from"] or "?", o["to"] or "—", mark
            )
        console.print(table)
    console.print()


@kb_app.command()
def show(
    name: Annotated[str, typer.Argument(help="An id, Arabic name, alias or surname, or English name.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the entries as a JSON array.")] = False,
) -> None:
    """Show the KB entries named NAME, with their dated offices (the one held today marked)."""
    entries = find_entries(load_kb(), name)
    if not entries:
        raise _fail(f"no KB entry matches {name}")
    today = date.today().isoformat()
    data = [entry_dict(e, today) for e in entries]
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return
    console = Console()
    for item in data:
        _print_entry(console, item)


# -- add ---------------------------------------------------------------------------------------------


def _target_name(path: Path, kind: str) -> str:
    """The name the file takes in the user directory: it must start with its kind and end in .yaml."""
    stem = path.stem if path.name.startswith(kind) else f"{kind}-{path.stem}"
    return f"{stem}.yaml"


def _entry_ids(path: Path) -> list[str]:
    from rasad.datafiles import load_yaml

    items = load_yaml(path) or []
    return [str(i["id"]) for i in items if isinstance(i, dict) and "id" in i]


def _count(path: Path) -> int:
    from rasad.datafiles import load_yaml

    return len(load_yaml(path) or [])


@kb_app.command()
def add(
    file: Annotated[
        Path, typer.Argument(help="A YAML file: people-*.yaml, places-*.yaml, ... (or give --kind).")
    ],
    kind: Annotated[
        Kind | None, typer.Option("--kind", help="What the file holds, if its name does not say.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace a user file of the same name.")] = False,
) -> None:
    """Validate a user KB file and copy it into the user KB directory.

    The directory is $RASAD_KB_DIR, or ~/.local/share/rasad/kb. An entry whose id is shipped
    already replaces the shipped one. Nothing is copied if the file has an error (exit 1).
    """
    if not file.is_file():
        raise _fail(f"{file}: no such file")
    try:
        file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise _fail(f"{file}: not UTF-8 text (bad byte at {exc.start}); save the YAML file as UTF-8") from None
    except OSError as exc:
        raise _fail(f"{file}: cannot read the file ({exc.strerror or exc})") from None
    what = kind.value if kind is not None else kind_of(file)
    if what is None:
        raise _fail(
            f"{file}: cannot tell what the file holds; name it {'/'.join(FILES)}*.yaml or give --kind", 2
        )
    directory = user_dir()
    target = directory / _target_name(file, what)
    if target.exists() and not force and target.resolve() != file.resolve():
        raise _fail(f"{target} exists already; give --force to replace it")
    others = [s for s in sources(directory) if s.path.name != target.name] if directory.is_dir() else []
    srcs = [*sources(DATA_DIR, shipped=True), *others, Source(file, what)]
    mine = [p for p in check_sources(srcs) if p.file == str(file)]
    errors = [p for p in mine if p.level == ERROR]
    if errors:
        more = f" (and {len(errors) - 1} more errors)" if len(errors) > 1 else ""
        entry = "" if errors[0].id == "-" else f"{errors[0].id}: "
        raise _fail(f"{file}: {entry}{errors[0].message}{more}")
    for p in mine:
        typer.echo(f"rasad: warning: {file}: {p.id}: {p.message}", err=True)
    shipped = {i for s in sources(DATA_DIR, shipped=True) for i in _entry_ids(s.path)}
    ids = _entry_ids(file)
    overrides = [i for i in ids if i in shipped]
    if target.resolve() != file.resolve():
        directory.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, target)
    count = len(ids) if what not in ("titles", "phrases") else _count(file)
    noun = "entries" if what not in ("titles", "phrases") else what
    typer.echo(f"added {count} {noun} to {target}; {len(overrides)} override shipped entries"
               + (f": {', '.join(overrides)}" if overrides else ""))  # fmt: skip


# -- check -------------------------------------------------------------------------------------------


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _shown(path: str) -> str:
    return path.replace(str(DATA_DIR), "<shipped>", 1)


def print_problems(problems: list[Problem], console: Console) -> None:
    """A table of problems, errors first."""
    table = Table("level")
    table.add_column("file", overflow="fold")
    table.add_column("id", no_wrap=True)
    table.add_column("message", overflow="fold")
    for p in sorted(problems, key=lambda p: (p.level != ERROR, p.file)):
        style = "red" if p.level == ERROR else "yellow"
        table.add_row(f"[{style}]{p.level}[/{style}]", _shown(p.file), p.id, p.message)
    console.print(table)


@kb_app.command()
def check(
    dirs: Annotated[
        list[Path] | None, typer.Argument(help="Directories of KB files (default: the user KB directory).")
    ] = None,
) -> None:
    """Validate the shipped KB plus the user directory (or the given directories).

    Exit status: 0 when there are no errors (warnings are allowed), 1 otherwise.
    """
    default = [user_dir()] if user_dir().is_dir() else []
    chosen = list(dirs) if dirs else default
    problems = check_kb(chosen)
    console = Console()
    errors = sum(p.level == ERROR for p in problems)
    warnings = sum(p.level == WARNING for p in problems)
    if problems:
        print_problems(problems, console)
    where = ", ".join(["<shipped>", *map(str, chosen)])
    console.print(f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {where}", soft_wrap=True)
    if errors:
        raise typer.Exit(1)
