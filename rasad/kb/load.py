"""Load the knowledge base: the data files shipped in ``rasad/kb/data`` plus the user's own.

User files (YAML in ``$RASAD_KB_DIR`` or ``~/.local/share/rasad/kb``) use the same schemas; an
entry whose ``id`` exists already replaces the shipped one, a new id extends the KB.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasad import datafiles
from rasad.datafiles import load_yaml
from rasad.errors import DataError

DATA_DIR = Path(__file__).parent / "data"
FILES = ("countries", "places", "organisations", "people", "titles", "phrases")


@dataclass(slots=True)
class Office:
    role: str
    country: str | None
    sector: str | None
    start: str | None
    end: str | None

    def held_on(self, day: str | None) -> bool:
        """Was the office held on ``day`` (ISO date, possibly partial)? Unknown day: the latest."""
        if day is None:
            return self.end is None
        return (self.start is None or self.start[: len(day)] <= day) and (self.end is None or day <= self.end)


@dataclass(slots=True)
class Entry:
    """One entity of the KB: a country, place, organisation or person."""

    id: str
    type: str  # PER ORG GPE LOC
    name: str
    name_en: str | None = None
    kind: str = ""  # country, city, province, ... for places; person; org
    country: str | None = None
    sector: str | None = None
    aliases: list[str] = field(default_factory=list)
    surnames: list[str] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)
    capital: str | None = None
    tz: str | None = None


@dataclass(slots=True)
class Title:
    title: str
    forms: list[str]
    role: str | None
    sector: str | None
    country: str | None = None
    honorific: bool = False


@dataclass(slots=True)
class Phrase:
    phrase: str
    aliases: list[str]
    country: str | None
    sector: str | None
    canonical: str | None = None


@dataclass(slots=True)
class KnowledgeBase:
    entries: dict[str, Entry] = field(default_factory=dict)
    titles: list[Title] = field(default_factory=list)
    phrases: list[Phrase] = field(default_factory=list)
    by_iso3: dict[str, Entry] = field(default_factory=dict)
    by_office: dict[tuple[str, str | None], list[tuple[Office, Entry]]] = field(default_factory=dict)

    def index(self) -> None:
        """Build the lookups (by ISO code, by office); call after loading or changing entries."""
        self.by_iso3 = {e.country: e for e in self.entries.values() if e.kind == "country" and e.country}
        self.by_office = {}
        for e in self.entries.values():
            for o in e.offices:
                self.by_office.setdefault((o.role, o.country), []).append((o, e))

    def holders(self, role: str, country: str | None, day: str | None) -> list[Entry]:
        """People who held ``role`` for ``country`` on ``day``: ``("foreign-minister", "SYR", "2019")``."""
        return [e for o, e in self.by_office.get((role, country), ()) if o.held_on(day)]


@lru_cache(maxsize=1)
def load_homographs() -> dict[str, str]:
    """One-word KB names that are also common words (normalised name → why), from
    ``homographs*.yaml`` in the shipped data and the user directory (``kb/build.py`` makes the
    shipped list from corpus counts). Such a name counts as an entity only with evidence."""
    from rasad.arabic.normalize import normalize

    out: dict[str, str] = {}
    for directory in (DATA_DIR, user_dir()):
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("homographs*.yaml")):
            for item in _read(path):
                if "name" not in item:
                    raise DataError(f"{path}: an entry lacks the key 'name' ({item!r:.120})")
                out[normalize(str(item["name"]))] = str(item.get("reason") or "")
    return out


def user_dir() -> Path:
    """The user KB directory: ``$RASAD_KB_DIR``, else ``~/.local/share/rasad/kb``."""
    return datafiles.user_dir("kb", "RASAD_KB_DIR")


def _read(path: Path) -> list[dict[str, Any]]:
    items = load_yaml(path) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise DataError(f"{path}: a KB file must be a YAML list of mappings")
    return items


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def _entry(item: dict[str, Any], kind: str, path: Path) -> Entry:
    try:
        ident, name = str(item["id"]), str(item["name"])
    except KeyError as exc:
        raise DataError(f"{path}: an entry lacks the key {exc} ({item!r:.120})") from None
    if kind == "countries":
        etype, country, sector, ekind = "GPE", item.get("iso3"), "GOV", "country"
    elif kind == "places":
        etype, country, sector, ekind = item.get("type", "GPE"), item.get("country"), None, item.get("kind", "")
    elif kind == "organisations":
        etype, country, sector, ekind = "ORG", item.get("country"), item.get("sector"), "org"
    else:
        etype, country, sector, ekind = "PER", item.get("country"), item.get("sector"), "person"
    offices = [
        Office(str(o.get("role")), o.get("country"), o.get("sector"), _str(o.get("from")), _str(o.get("to")))
        for o in item.get("offices") or []
    ]
    return Entry(
        id=ident, type=str(etype), name=name, name_en=item.get("name_en"), kind=str(ekind),
        country=country, sector=sector, aliases=[str(a) for a in item.get("aliases") or []],
        surnames=[str(s) for s in item.get("surnames") or []],
        adjectives=[str(a) for a in item.get("adjectives") or []], offices=offices,
        capital=item.get("capital"), tz=item.get("tz"),
    )


def load_dir(kb: KnowledgeBase, directory: Path) -> None:
    """Add (or replace by id) the entries of the YAML files in ``directory``."""
    for kind in FILES:
        for path in sorted(directory.glob(f"{kind}*.yaml")):
            items = _read(path)
            if kind == "titles":
                kb.titles.extend(
                    Title(str(i["title"]), [str(f) for f in i.get("forms") or []], i.get("role"),
                          i.get("sector"), i.get("country"), bool(i.get("honorific")))
                    for i in items
                )
            elif kind == "phrases":
                kb.phrases.extend(
                    Phrase(str(i["phrase"]), [str(a) for a in i.get("aliases") or []], i.get("country"),
                           i.get("sector"), i.get("canonical"))
                    for i in items
                )
            else:
                for item in items:
                    entry = _entry(item, kind, path)
                    kb.entries[entry.id] = entry


def kb_files(extra: tuple[str, ...] = ()) -> list[Path]:
    """The files ``load_kb(extra)`` reads, in reading order."""
    dirs = [DATA_DIR, user_dir(), *map(Path, extra)]
    return [p for d in dirs if d.is_dir() for kind in FILES for p in sorted(d.glob(f"{kind}*.yaml"))]


def kb_key(extra: tuple[str, ...] = ()) -> str:
    """The fingerprint of the KB's files (the key of its parsed copy in ``rasad.kb.cache``)."""
    from rasad.kb.cache import fingerprint

    # the code that parses and indexes the files is part of the key: a change to it makes a new copy
    here = Path(__file__).parent
    code = [here / "load.py", here / "matcher.py", here.parent / "arabic" / "normalize.py", here.parent / "arabic" / "text.py"]
    return fingerprint([*code, *kb_files(extra)])


@lru_cache(maxsize=4)
def load_kb(extra: tuple[str, ...] = ()) -> KnowledgeBase:
    """The shipped KB, then the user directory, then any ``extra`` directories, later winning.

    A parsed copy is kept on disk (``rasad.kb.cache``) and used while no file has changed.
    """
    from rasad.kb import cache

    key = kb_key(extra)
    kb = cache.load("kb", key)
    if isinstance(kb, KnowledgeBase):
        return kb
    kb = KnowledgeBase()
    dirs = [DATA_DIR, user_dir(), *map(Path, extra)]
    for directory in dirs:
        if directory.is_dir():
            load_dir(kb, directory)
    kb.index()
    cache.store("kb", key, kb)
    return kb
