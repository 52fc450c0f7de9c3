"""PLOVER → CAMEO: the CAMEO event code of a rasad event, from ``lexicon/cameo.yaml``.

``cameo_code("CONSULT", "visit")`` → ``"042"`` (make a visit); ``cameo_root("AID", "humanitarian")``
→ ``"07"``. A mode the table does not list falls back to the type's own code (its root's "not
specified" code, e.g. ``"130"`` for THREATEN). An optional lexicon ``rule`` id refines a few
entries whose mode is too coarse (``support.sign`` → 057 "sign formal agreement",
``reject.veto`` → 129). The table is read once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasad.datafiles import load_yaml
from rasad.errors import DataError

CAMEO_FILE = Path(__file__).parent / "lexicon" / "cameo.yaml"
_CODE = re.compile(r"^(0[1-9]|1[0-9]|20)[0-9]{1,2}$")


@dataclass(slots=True, frozen=True)
class CameoCode:
    """One answer of the table: the code, its CAMEO name, the table's note and what matched."""

    code: str
    name: str
    note: str | None
    via: str  # "rule", "mode" or "type"

    @property
    def root(self) -> str:
        """The CAMEO root code: the first two digits (``"2041"`` → ``"20"``)."""
        return self.code[:2]


@dataclass(slots=True, frozen=True)
class _Entry:
    code: str
    note: str | None


@dataclass(slots=True)
class CameoTable:
    """The parsed ``cameo.yaml``: per PLOVER type a default, per-mode and per-rule entries."""

    types: dict[str, _Entry]
    modes: dict[tuple[str, str], _Entry]
    rules: dict[tuple[str, str], _Entry]
    names: dict[str, str]
    roots: dict[str, str]

    def lookup(self, event_type: str, mode: str | None, rule: str | None = None) -> CameoCode:
        """The most precise entry for an event; KeyError for a type the table does not know."""
        if event_type not in self.types:
            raise KeyError(f"no CAMEO mapping for PLOVER type {event_type!r} (add it to {CAMEO_FILE.name})")
        entry, via = self.types[event_type], "type"
        if mode is not None and (event_type, mode) in self.modes:
            entry, via = self.modes[(event_type, mode)], "mode"
        if rule is not None and (event_type, rule) in self.rules:
            entry, via = self.rules[(event_type, rule)], "rule"
        return CameoCode(entry.code, self.name(entry.code), entry.note, via)

    def name(self, code: str) -> str:
        """The CAMEO name of a code, or of its root when the code is not in the table's names."""
        return self.names.get(code) or self.roots.get(code[:2], "")


def _entry(value: Any, where: str) -> _Entry:
    if isinstance(value, str):
        value = {"code": value}
    if not isinstance(value, dict) or not isinstance(value.get("code"), str) or not _CODE.match(value["code"]):
        raise DataError(f"{CAMEO_FILE}: {where}: expected {{code: \"NNN\"}} with a quoted CAMEO code 01x-20x, got {value!r}")
    note = value.get("note")
    return _Entry(value["code"], str(note) if note else None)


def parse_table(data: Any) -> CameoTable:
    """Build the table from the YAML's data (a DataError names what is wrong)."""
    if not isinstance(data, dict) or not isinstance(data.get("types"), dict):
        raise DataError(f"{CAMEO_FILE}: expected a mapping with 'types:'")
    table = CameoTable({}, {}, {}, {}, {})
    for type_name, spec in data["types"].items():
        if not isinstance(spec, dict):
            raise DataError(f"{CAMEO_FILE}: types.{type_name}: expected a mapping")
        table.types[str(type_name)] = _entry({"code": spec.get("code"), "note": spec.get("note")}, f"types.{type_name}")
        for key, table_part in (("modes", table.modes), ("rules", table.rules)):
            for name, value in (spec.get(key) or {}).items():
                table_part[(str(type_name), str(name))] = _entry(value, f"types.{type_name}.{key}.{name}")
    table.names = {str(k): str(v) for k, v in (data.get("names") or {}).items()}
    table.roots = {str(k): str(v) for k, v in (data.get("roots") or {}).items()}
    return table


@lru_cache(maxsize=1)
def table() -> CameoTable:
    """The table of ``lexicon/cameo.yaml``, read once."""
    return parse_table(load_yaml(CAMEO_FILE))


def cameo_lookup(event_type: str, mode: str | None, rule: str | None = None) -> CameoCode:
    """Code, name, note and what matched (``rule``, ``mode`` or ``type``) for an event."""
    return table().lookup(event_type, mode, rule)


def cameo_code(event_type: str, mode: str | None, rule: str | None = None) -> str:
    """The CAMEO event code of a PLOVER type and mode: ``("AID", "humanitarian")`` → ``"073"``.

    An unlisted mode falls back to the type's code; an unknown type raises KeyError.
    """
    return table().lookup(event_type, mode, rule).code


def cameo_root(event_type: str, mode: str | None, rule: str | None = None) -> str:
    """The two-digit CAMEO root code ("01".."20"): ``("ASSAULT", "unconventional")`` → ``"20"``."""
    return cameo_code(event_type, mode, rule)[:2]


def cameo_name(code: str) -> str:
    """The CAMEO name of a code: ``"042"`` → ``"Make a visit"`` (the root's name if unlisted)."""
    return table().name(code)
