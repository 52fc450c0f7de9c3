"""Amounts of an event: ``100 ألف طن من القمح`` → 100000 طن القمح, ``مقتل سبعة عسكريين`` → 7,
``ألفي جندي`` → 2000, ``عشرات المدنيين`` → at least 10. Units and number words are data
(``lexicon/quantities.yaml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rasad.arabic.normalize import normalize
from rasad.lexicon import load_lexicon
from rasad.model import Quantity

_WORD = re.compile(r"\d[\d,.]*|[\u0621-\u064A\u0671-\u06D3]+")
_CLAUSE_CHARS = 300  # how far into the clause an amount is looked for
_PROCLITICS = "وبل"  # بثلاثة، وخمسة، لـ100


@dataclass(frozen=True, slots=True)
class _Words:
    units: frozenset[str]
    numbers: dict[str, int]
    scales: dict[str, int]
    vague: dict[str, int]
    teen: frozenset[str]  # عشر، عشرة after a unit word


@lru_cache(maxsize=1)
def _words() -> _Words:
    data = load_lexicon("quantities.yaml")

    def table(key: str) -> dict[str, int]:
        return {normalize(str(w)): int(v) for w, v in data[key].items()}

    return _Words(frozenset(normalize(u) for u in data["units"]), table("numbers"), table("scales"), table("vague"),
                  frozenset(normalize(w) for w in data["teen"]))


def quantity(clause: str) -> Quantity | None:
    """The first amount with a known unit in ``clause``: ``100 ألف طن من القمح`` → 100000 طن القمح,
    ``قتل خمسة وعشرون شخصا`` → 25 شخصا."""
    words = _words()
    found = [(m.group(), norm) for m in _WORD.finditer(clause[:_CLAUSE_CHARS]) if (norm := normalize(m.group()))]
    norms = [w for _, w in found]
    for n in range(len(found)):
        parsed = _number_at(norms, n, words)
        if parsed is None:
            continue
        value, j = parsed
        if j + 1 < len(found) and found[j][1] == "من" and _unit(found[j + 1][1], words):
            j += 1  # "مئات الآلاف من المدنيين"
        if j < len(found) and _unit(found[j][1], words):
            item = found[j + 2][0] if j + 2 < len(found) and found[j + 1][1] == "من" else None
            number: int | float = int(value) if float(value).is_integer() else value
            return Quantity(number, found[j][0], item)
    return None


def _unit(norm: str, words: _Words) -> bool:
    """Is the word a unit of amount, with or without its article (``المدنيين``)?"""
    bare = _bare(norm, words.units)
    return bare in words.units or (bare.startswith("ال") and bare[2:] in words.units)


def _bare(norm: str, known: frozenset[str] | dict[str, int]) -> str:
    """A word without one proclitic (و ب ل) when only the bare form is known: ``بثلاثة`` → ``ثلاثة``."""
    if norm not in known and len(norm) > 3 and norm[0] in _PROCLITICS and norm[1:] in known:
        return norm[1:]
    return norm


def _number_at(norms: list[str], n: int, words: _Words) -> tuple[float, int] | None:
    """The number that starts at word ``n`` and the index of the word after it, or None."""
    first = norms[n]
    if first[0].isdigit():
        try:
            value = float(first.replace(",", ""))
        except ValueError:
            return None
        j = n + 1
    else:
        head = _bare(first, words.numbers)
        if head in words.vague and head not in words.numbers:  # "عشرات المدنيين", "مئات الآلاف"
            value, j = float(words.vague[head]), n + 1
            if j < len(norms) and norms[j] in words.vague:
                value, j = value * words.vague[norms[j]], j + 1
            return value, j
        if head not in words.numbers:
            return None
        value, j = float(words.numbers[head]), n + 1
        if value < 10 and j < len(norms) and norms[j] in words.teen:  # "ثلاثة عشر"
            value, j = value + 10, j + 1
        elif value < 10 and j < len(norms) and norms[j][:1] == "و" and words.numbers.get(norms[j][1:], 0) in range(20, 100, 10):
            value, j = value + words.numbers[norms[j][1:]], j + 1  # "خمسة وعشرون"
    if j < len(norms) and norms[j] in words.scales and value < 1000:  # "ثلاثة آلاف", "100 ألف"
        value, j = value * words.scales[norms[j]], j + 1
    return value, j
