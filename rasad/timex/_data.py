"""Load the calendar vocabulary (``data.yaml``) and the city table (``cities.yaml``), normalised.

Every key is passed through :func:`rasad.arabic.normalize.normalize` and its internal whitespace
collapsed to one space, so lookups take normalised text with collapsed spaces.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rasad.arabic.normalize import normalize
from rasad.datafiles import load_yaml

_DIR = Path(__file__).parent
_SPACES = re.compile(r"\s+")


def norm_key(text: str) -> str:
    """Normalised lookup key: orthographic folding plus single spaces."""
    return _SPACES.sub(" ", normalize(text)).strip()


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(_DIR / name)
    return data


def _table(groups: dict[Any, list[str]]) -> dict[str, int]:
    """``{value: [names]}`` → ``{normalised name: int(value)}``."""
    return {norm_key(name): int(value) for value, names in groups.items() for name in names}


def _words(items: list[str]) -> frozenset[str]:
    return frozenset(norm_key(w) for w in items)


def _compose(spec: dict[str, Any], *, ordinal: bool) -> dict[str, int]:
    """Numbers 1..31 from units, teens and tens (see the comment in ``data.yaml``)."""
    units = {int(k): [norm_key(w) for w in v] for k, v in spec["units"].items()}
    tens = {int(k): [norm_key(w) for w in v] for k, v in spec["tens"].items()}
    one = [norm_key(w) for w in spec["compound_one"]]
    teen = [norm_key(w) for w in spec["teen"]]
    out: dict[str, int] = {}

    def put(value: int, forms: list[str]) -> None:
        for form in forms:
            out.setdefault(form, value)

    for value, forms in units.items():
        put(value, forms)
    if ordinal:
        put(11, [f"{o} {t}" for o in one for t in teen])
    for value in range(2 if ordinal else 3, 10):
        put(10 + value, [f"{u} {t}" for u in units[value] for t in teen])
    for value in (int(k) for k in spec.get("teens", {})):
        put(value, [norm_key(w) for w in spec["teens"][value]])
    for ten, ten_forms in tens.items():
        put(ten, ten_forms)
        put(ten + 1, [f"{o} و{t}" for o in one for t in ten_forms])
        if ten == 20:
            for value in range(2, 10):
                put(20 + value, [f"{u} و{t}" for u in units[value] for t in ten_forms])
    return out


_RAW = _load("data.yaml")
_REL = _RAW["relative"]

GREG_MONTHS: dict[str, int] = _table(_RAW["gregorian_months"])
AMBIGUOUS_MONTHS: frozenset[str] = _words(_RAW["ambiguous_months"])
HIJRI_MONTHS: dict[str, int] = _table(_RAW["hijri_months"])
WEEKDAYS: dict[str, int] = _table(_RAW["weekdays"])
WEEKDAYS_BARE: dict[str, int] = _table(_RAW["weekdays_bare"])
ORDINALS: dict[str, int] = _compose(_RAW["ordinals"], ordinal=True)
CARDINALS: dict[str, int] = _compose(_RAW["cardinals"], ordinal=False)

PAST: frozenset[str] = _words(_REL["past"])
CURRENT: frozenset[str] = _words(_REL["current"])
NEXT: frozenset[str] = _words(_REL["next"])
PARTS_OF_DAY: frozenset[str] = _words(_REL["parts_of_day"])
PERIOD_EDGES: frozenset[str] = _words(_REL["period_edges"])
YEAR_PREPOSITIONS: frozenset[str] = _words(_REL["year_prepositions"])
YEAR_WORDS: frozenset[str] = _words(_REL["year_words"])
VAGUE: frozenset[str] = _words(_REL["vague"])
UNITS: dict[str, tuple[str, str]] = {
    norm_key(word): (unit, kind)
    for unit, forms in _REL["units"].items()
    for kind, words in forms.items()
    for word in words
}
GENERAL_NOUNS: frozenset[str] = _words(_RAW["general_nouns"])
QUANTITY_WORDS: frozenset[str] = _words(_RAW["quantity_words"])
DATELINE_LABELS: frozenset[str] = _words(_RAW["dateline_labels"])

CITIES: dict[str, str] = {
    norm_key(name): zone for zone, names in _load("cities.yaml").items() for name in names
}
