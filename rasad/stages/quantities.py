"""Amounts of an event: ``100 ألف طن من القمح`` → 100000 طن القمح; units are data
(``lexicon/quantities.yaml``)."""

from __future__ import annotations

import re
from functools import lru_cache

from rasad.arabic.normalize import normalize
from rasad.lexicon import load_lexicon
from rasad.model import Quantity

_MULTIPLIERS = {"الف": 1_000, "آلاف": 1_000, "الاف": 1_000, "مليون": 1_000_000, "ملايين": 1_000_000, "مليار": 1_000_000_000}
_QUANTITY = re.compile(
    r"(?P<num>\d[\d,.]*)\s*(?P<mult>ألف|آلاف|مليون|ملايين|مليار)?\s*(?P<unit>[\u0621-\u064A]+)(?:\s+من\s+(?P<item>[\u0621-\u064A]+))?"
)


@lru_cache(maxsize=1)
def _units() -> frozenset[str]:
    return frozenset(normalize(u) for u in load_lexicon("quantities.yaml")["units"])


def quantity(clause: str) -> Quantity | None:
    """The first amount with a known unit: ``100 ألف طن من القمح`` → 100000 طن القمح."""
    units = _units()
    m = next((m for m in _QUANTITY.finditer(clause[:300]) if normalize(m.group("unit")) in units), None)
    if not m:
        return None
    try:
        value = float(m.group("num").replace(",", ""))
    except ValueError:
        return None
    mult = m.group("mult")
    if mult:
        value *= _MULTIPLIERS.get(mult.replace("أ", "ا"), 1)
    number: int | float = int(value) if value.is_integer() else value
    return Quantity(number, m.group("unit"), m.group("item"))
