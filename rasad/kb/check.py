"""Validate knowledge-base files: the shipped data, the user's directory, or a file about to be added.

``check_kb([Path("~/kb")])`` reads the shipped files then each directory in load order (later
ids win, as in :func:`rasad.kb.load.load_kb`) and returns every :class:`Problem` found: schema
errors per entry, then checks across the merged KB (office roles known in ``titles.yaml``,
capitals and canonical ids that exist, adjectives that are not names, two people in one
single-holder office at the same time, one name on two entries of the same type).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rasad.arabic.normalize import normalize
from rasad.datafiles import load_yaml
from rasad.errors import DataError
from rasad.kb.load import DATA_DIR, FILES

ERROR, WARNING = "error", "warning"

PLACE_TYPES = {"GPE", "LOC"}
# the kinds of place the shipped data uses; a new kind is only a warning
PLACE_KINDS = {
    "airbase", "airport", "base", "camp", "capital", "city", "continent", "country-part", "crossing",
    "district", "governorate", "island", "islands", "mountain", "ocean", "palace", "park", "port",
    "province", "region", "republic", "river", "sea", "site", "state", "strait", "town", "waterway",
}  # fmt: skip
SECTORS = {
    "GOV", "MIL", "COP", "SPY", "REB", "OPP", "PTY", "LEG", "JUD", "JRN", "CVL", "REF", "BUS", "REL",
    "SOC", "UAF", "UNK", "PRM", "EDU", "IGO",
}  # fmt: skip
NON_STATE = {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC", "WST"}  # PLOVER codes + rasad's WST
# Roles one person holds at a time for a given state. Deputies, ministers of state, advisers,
# spokespersons, envoys, ambassadors, governors, MPs, speakers (two chambers), vice-presidents
# (Iran has several) and intelligence chiefs (several agencies) are plural and left out.
SINGLE_HOLDER = {
    "president", "first-vice-president", "prime-minister", "head-of-state", "king", "emir",
    "sultan", "crown-prince", "deputy-crown-prince", "supreme-leader", "chancellor", "pope",
    "central-bank-governor", "chief-justice", "grand-mufti", "grand-imam", "national-security-adviser",
    "security-council-secretary", "regional-president", "regional-prime-minister",
}  # fmt: skip
PLURAL_MINISTERS = {"minister", "minister-of-state", "interim-prime-minister"}

KEYS = {
    "countries": ({"id", "name", "iso3"}, {"name_en", "aliases", "adjectives", "capital"}),
    "places": ({"id", "name", "type", "kind"}, {"name_en", "country", "aliases", "adjectives", "tz"}),
    "organisations": ({"id", "name"}, {"name_en", "aliases", "adjectives", "country", "sector"}),
    "people": ({"id", "name"}, {"name_en", "aliases", "surnames", "country", "sector", "offices"}),
    "titles": (
        {"title", "role"},
        {"forms", "sector", "country", "honorific", "rank", "sector_from", "requires_country", "note"},
    ),
    "phrases": ({"phrase"}, {"aliases", "country", "sector", "canonical"}),
}
ENTRY_TYPE = {"countries": "GPE", "organisations": "ORG", "people": "PER"}  # places carry a type
OFFICE_KEYS = {"role", "country", "sector", "from", "to"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CODE = re.compile(r"^[A-Z]{3}$")
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding: ``level`` is ``error`` or ``warning``; ``id`` is the entry's id or title."""

    level: str
    file: str
    id: str
    message: str


@dataclass(frozen=True, slots=True)
class Source:
    """A KB file to check: its path, its kind (one of ``FILES``) and whether rasad ships it."""

    path: Path
    kind: str
    shipped: bool = False


def kind_of(path: Path) -> str | None:
    """The kind of a KB file from its name: ``people-2024.yaml`` → ``people``; else None."""
    return next((kind for kind in FILES if path.name.startswith(kind)), None)


def sources(directory: Path, shipped: bool = False) -> list[Source]:
    """The KB files of ``directory`` in the order :func:`rasad.kb.load.load_dir` reads them."""
    return [Source(p, kind, shipped) for kind in FILES for p in sorted(directory.glob(f"{kind}*.yaml"))]


def check_kb(dirs: Iterable[Path] = (), shipped: bool = True) -> list[Problem]:
    """Check the shipped KB (unless ``shipped`` is false) plus the files of ``dirs``."""
    srcs = sources(DATA_DIR, shipped=True) if shipped else []
    lists = [Source(p, "homographs", True) for p in sorted(DATA_DIR.glob("homographs*.yaml"))] if shipped else []
    problems: list[Problem] = []
    for directory in dirs:
        if directory.is_dir():
            srcs.extend(sources(directory))
            lists.extend(Source(p, "homographs") for p in sorted(directory.glob("homographs*.yaml")))
        else:
            problems.append(Problem(ERROR, str(directory), "-", "not a directory"))
    return problems + check_sources(srcs, lists)


def check_sources(srcs: Sequence[Source], homographs: Sequence[Source] = ()) -> list[Problem]:
    """Check the given files, read in order (a later id replaces an earlier one), and the
    homograph lists against them."""
    checker = _Checker()
    for src in srcs:
        checker.check_file(src)
    checker.check_merged()
    for src in homographs:
        checker.check_homographs(src)
    return checker.problems


def date_bounds(value: str) -> tuple[date, date] | None:
    """The first and last day an ISO date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) can mean; None if
    it is not one: ``"2020-02"`` → (2020-02-01, 2020-02-29)."""
    m = ISO_DATE.match(value)
    if not m:
        return None
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            first = date(year, int(month), 1)
            nxt = date(year + 1, 1, 1) if first.month == 12 else date(year, first.month + 1, 1)
            return first, date.fromordinal(nxt.toordinal() - 1)
        exact = date(year, int(month), int(day))
    except ValueError:
        return None
    return exact, exact


@dataclass(slots=True)
class _Office:
    entry: str
    src: Source
    start: tuple[date, date] | None  # bounds; None = unknown start
    end: tuple[date, date] | None  # None = still in office
    text: str


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.entries: dict[str, tuple[Source, dict[str, Any]]] = {}  # merged, later wins
        self.shipped_ids: dict[str, Source] = {}
        self.user_ids: dict[str, Source] = {}
        self.roles: set[str] = set()
        self.phrases: list[tuple[Source, dict[str, Any]]] = []

    def add(self, level: str, src: Source, ident: str, message: str) -> None:
        self.problems.append(Problem(level, str(src.path), ident, message))

    def error(self, src: Source, ident: str, message: str) -> None:
        self.add(ERROR, src, ident, message)

    def warn(self, src: Source, ident: str, message: str) -> None:
        self.add(WARNING, src, ident, message)

    # -- one file ----------------------------------------------------------------------------
    def check_file(self, src: Source) -> None:
        try:
            items = load_yaml(src.path)
        except DataError as exc:
            self.error(src, "-", " ".join(str(exc).removeprefix(f"{src.path}: ").split()))
            return
        if items is None:
            return
        if not isinstance(items, list):
            self.error(src, "-", "a KB file must be a YAML list of mappings")
            return
        in_file: set[str] = set()
        for n, item in enumerate(items, 1):
            if not isinstance(item, dict):
                self.error(src, f"#{n}", "an item is not a mapping (key: value lines)")
                continue
            ident = str(item.get("id") or item.get("title") or item.get("phrase") or f"#{n}")
            self.check_keys(src, ident, item)
            if src.kind == "titles":
                self.check_title(src, ident, item)
            elif src.kind == "phrases":
                self.check_common(src, ident, item, name_key="phrase")
                self.phrases.append((src, item))
            elif "id" in item:
                if ident in in_file:
                    self.error(src, ident, "the id appears twice in this file")
                in_file.add(ident)
                self.check_entry(src, ident, item)

    def check_homographs(self, src: Source) -> None:
        """A homograph list: mappings with a ``name``; an ``entry`` must be a KB id."""
        try:
            items = load_yaml(src.path)
        except DataError as exc:
            self.error(src, "-", " ".join(str(exc).removeprefix(f"{src.path}: ").split()))
            return
        if not isinstance(items, list):
            self.error(src, "-", "a homograph list must be a YAML list of mappings")
            return
        for n, item in enumerate(items, 1):
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                self.error(src, f"#{n}", "a homograph needs a `name` (the one-word name as written)")
            elif item.get("entry") is not None and str(item["entry"]) not in self.entries:
                self.error(src, str(item["name"]), f"entry {item['entry']!r} is not a KB id")

    def check_keys(self, src: Source, ident: str, item: dict[str, Any]) -> None:
        required, optional = KEYS[src.kind]
        for key in sorted(required - item.keys()):
            self.error(src, ident, f"missing required key '{key}'")
        for key in sorted(item.keys() - required - optional):
            self.warn(src, ident, f"unknown key '{key}' (ignored)")

    def check_common(self, src: Source, ident: str, item: dict[str, Any], name_key: str = "name") -> None:
        if name_key in item and not (isinstance(item[name_key], str) and item[name_key].strip()):
            self.error(src, ident, f"'{name_key}' must be a non-empty string")
        for key in ("aliases", "surnames", "adjectives", "forms"):
            value = item.get(key)
            if value is not None and (not isinstance(value, list) or _strings(value) != value):
                self.error(src, ident, f"'{key}' must be a list of non-empty strings")
        self.check_code(src, ident, item.get("country"), "country")
        sector = item.get("sector")
        if sector is not None and sector not in SECTORS:
            self.error(src, ident, f"unknown sector {sector!r}; use one of {' '.join(sorted(SECTORS))}")

    def check_code(self, src: Source, ident: str, code: Any, key: str) -> None:
        if code is not None and not (isinstance(code, str) and CODE.match(code)):
            self.error(src, ident, f"'{key}' {code!r} is not an ISO3/PLOVER code (3 capital letters)")

    def check_title(self, src: Source, ident: str, item: dict[str, Any]) -> None:
        self.check_common(src, ident, item, name_key="title")
        role = item.get("role")
        if role is not None:
            if isinstance(role, str) and SLUG.match(role):
                self.roles.add(role)
            else:
                self.error(src, ident, f"role {role!r} must be a lowercase slug like 'foreign-minister'")
        elif not item.get("honorific"):
            self.warn(src, ident, "a title with no role should be 'honorific: true'")

    def check_entry(self, src: Source, ident: str, item: dict[str, Any]) -> None:
        if not SLUG.match(ident):
            self.error(src, ident, "ids are lowercase ASCII slugs: letters, digits and single hyphens")
        if src.shipped:
            if ident in self.shipped_ids:
                self.error(src, ident, f"id already used in {self.shipped_ids[ident].path.name}")
            self.shipped_ids[ident] = src
        else:
            earlier = self.user_ids.get(ident)
            if earlier is not None and earlier.path != src.path:
                self.warn(src, ident, f"id also defined in {earlier.path}; this one wins")
            self.user_ids[ident] = src
        self.entries[ident] = (src, item)
        self.check_common(src, ident, item)
        if "name_en" not in item:  # an explicit null says no English name is known (generated files)
            self.warn(src, ident, "no 'name_en'")
        if src.kind == "countries":
            self.check_code(src, ident, item.get("iso3"), "iso3")
        elif src.kind == "places":
            if "type" in item and item["type"] not in PLACE_TYPES:
                self.error(src, ident, f"type {item['type']!r} must be GPE or LOC")
            kind = item.get("kind")
            if "kind" in item and not (isinstance(kind, str) and kind):
                self.error(src, ident, "'kind' must be a non-empty string such as 'city'")
            elif isinstance(kind, str) and kind not in PLACE_KINDS:
                self.warn(src, ident, f"new place kind {kind!r}; known: {', '.join(sorted(PLACE_KINDS))}")
        elif src.kind == "people":
            self.check_offices(src, ident, item.get("offices"))

    def check_offices(self, src: Source, ident: str, offices: Any) -> None:
        if offices is None:
            return
        if not isinstance(offices, list) or not all(isinstance(o, dict) for o in offices):
            self.error(src, ident, "'offices' must be a list of mappings {role, country, sector, from, to}")
            return
        for office in offices:
            if not (isinstance(office.get("role"), str) and office["role"]):
                self.error(src, ident, f"an office has no role: {office}")
            for key in sorted(office.keys() - OFFICE_KEYS):
                self.warn(src, ident, f"unknown office key '{key}' (ignored)")
            self.check_code(src, ident, office.get("country"), "office country")
            if office.get("sector") is not None and office["sector"] not in SECTORS:
                self.error(src, ident, f"unknown office sector {office['sector']!r}")
            for key in ("from", "to"):
                value = office.get(key)
                if value is not None and not isinstance(value, str):
                    self.warn(src, ident, f"office '{key}: {value}' should be a quoted string")
                if value is not None and date_bounds(str(value)) is None:
                    self.error(src, ident, f"office '{key}: {value}' is not YYYY, YYYY-MM or YYYY-MM-DD")
            start, end = (str(office[k]) if office.get(k) is not None else None for k in ("from", "to"))
            if start and end and start[: len(end)] > end[: len(start)]:
                self.error(src, ident, f"office {office.get('role')}: 'from' {start} is after 'to' {end}")

    # -- the merged KB -------------------------------------------------------------------------
    def check_merged(self) -> None:
        names: dict[str, str] = {}  # normalised name → an id bearing it
        by_type: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)  # → (id, name)
        codes = set(NON_STATE)
        for ident, (src, item) in self.entries.items():
            etype = ENTRY_TYPE.get(src.kind) or str(item.get("type", "GPE"))
            if src.kind == "countries" and isinstance(item.get("iso3"), str):
                codes.add(item["iso3"])
            for norm, name in {_norm(n): n for n in _names(item)}.items():
                names.setdefault(norm, ident)
                by_type[(etype, norm)].append((ident, name))
        self.check_references(codes)
        for ident, (src, item) in self.entries.items():
            for adjective in _strings(item.get("adjectives")):
                other = names.get(_norm(adjective))
                if other is not None:
                    self.error(src, ident, f"adjective {adjective!r} is also a name of {other}")
        for (etype, _), bearers in by_type.items():
            if len(bearers) > 1:
                (last, name), others = bearers[-1], ", ".join(i for i, _ in bearers[:-1])
                self.warn(self.entries[last][0], last, f"{etype} name {name!r} also names {others}")
        self.check_overlaps()

    def check_references(self, codes: set[str]) -> None:
        for ident, (src, item) in self.entries.items():
            for code in {item.get("country"), *(o.get("country") for o in _offices(item))}:
                if isinstance(code, str) and CODE.match(code) and code not in codes:
                    self.warn(src, ident, f"country code {code} is no country's iso3 nor a PLOVER code")
            for office in _offices(item):
                role = office.get("role")
                if isinstance(role, str) and role and role not in self.roles:
                    self.error(src, ident, f"office role {role!r} is not a role of any title in titles*.yaml")
            capital = item.get("capital") if src.kind == "countries" else None
            if capital is not None:
                target = self.entries.get(str(capital))
                if target is None or target[0].kind != "places":
                    self.error(src, ident, f"capital {capital!r} is not the id of a place")
        for src, item in self.phrases:
            canonical = item.get("canonical")
            if canonical is not None and str(canonical) not in self.entries:
                self.error(src, str(item.get("phrase")), f"canonical {canonical!r} is not a KB id")

    def check_overlaps(self) -> None:
        # rival governments (Yemen's in Aden, the Houthis' in Sanaa) differ by sector: no overlap
        groups: dict[tuple[str, str, str], list[_Office]] = defaultdict(list)
        for ident, (src, item) in self.entries.items():
            for office in _offices(item):
                role, country = office.get("role"), office.get("country")
                if not (isinstance(role, str) and isinstance(country, str) and single_holder(role)):
                    continue
                if country in NON_STATE:  # several IGOs share one code: their heads are not rivals
                    continue
                start, end = (office.get(k) for k in ("from", "to"))
                sb = date_bounds(str(start)) if start is not None else None
                eb = date_bounds(str(end)) if end is not None else None
                if (start is not None and sb is None) or (end is not None and eb is None):
                    continue  # a bad date, reported already
                text = f"{start or '?'} – {end or 'now'}"
                key = (role, country, str(office.get("sector")))
                groups[key].append(_Office(ident, src, sb, eb, text))
        for (role, country, _), offices in groups.items():
            for i, b in enumerate(offices):
                for a in offices[:i]:
                    if a.entry != b.entry and _overlap(a, b):
                        self.error(
                            b.src, b.entry, f"{role} of {country} {b.text} overlaps {a.entry} {a.text}"
                        )


def single_holder(role: str) -> bool:
    """Is ``role`` held by one person at a time in a state? ``foreign-minister`` yes, ``minister-of-state`` no."""
    if role in SINGLE_HOLDER:
        return True
    return (
        role.endswith("-minister")
        and role not in PLURAL_MINISTERS
        and not role.startswith(("deputy-", "assistant-"))
    )


def _overlap(a: _Office, b: _Office) -> bool:
    """Do the two terms certainly overlap? The latest each could start is before the earliest the
    other could end; a handover on one day (``to`` = successor's ``from``) is no overlap."""

    def latest_start(o: _Office) -> date:
        return o.start[1] if o.start else date.min

    def earliest_end(o: _Office) -> date:
        return o.end[0] if o.end else date.max

    return latest_start(a) < earliest_end(b) and latest_start(b) < earliest_end(a)


def _norm(name: str) -> str:
    return " ".join(normalize(name).split())


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str) and v.strip()] if isinstance(value, list) else []


def _names(item: dict[str, Any]) -> list[str]:
    name = item.get("name")
    return ([name] if isinstance(name, str) else []) + _strings(item.get("aliases"))


def _offices(item: dict[str, Any]) -> list[dict[str, Any]]:
    offices = item.get("offices")
    return [o for o in offices if isinstance(o, dict)] if isinstance(offices, list) else []
