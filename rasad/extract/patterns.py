"""The line patterns of ``data/page.yaml``, loaded once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rasad.arabic.normalize import normalize
from rasad.datafiles import load_yaml

_PUNCT = re.compile(r"[^\w\s+\-©]")


def line_key(line: str) -> str:
    """A line folded for lookups: ``"اقرأ أيضاً:"`` → ``"اقرا ايضا"``."""
    return " ".join(_PUNCT.sub(" ", normalize(line).lower()).split())


@dataclass(frozen=True, slots=True)
class PagePatterns:
    chrome: frozenset[str]
    stop: frozenset[str]
    related: re.Pattern[str]
    footer: re.Pattern[str]
    agencies: frozenset[str]
    credit_tail: re.Pattern[str]


@lru_cache(maxsize=1)
def page_patterns() -> PagePatterns:
    data = load_yaml(Path(__file__).parent / "data" / "page.yaml")
    related = sorted({line_key(p) for p in data["related_prefixes"]}, key=len, reverse=True)
    # 'read also' label at the start of the line, then a colon or dash, then the headline
    related_re = re.compile(
        r"^\s*(?:" + "|".join(_loose(p) for p in related) + r")\s*[:：\-ـ–]+\s*(?P<headline>.+)$"
    )
    footer_re = re.compile("|".join(re.escape(line_key(p)) for p in data["footer_patterns"]))
    agencies = frozenset(line_key(a) for a in data["agencies"])
    # '... ـ رويترز' or '... - (أ ف ب)' at the end of a line
    credit_tail = re.compile(r"^(?P<text>.*?\S)\s*[ـ\-–—|/]+\s*\(?(?P<credit>[^ـ\-–—|/()]{2,30}?)\)?\s*$")
    return PagePatterns(
        chrome=frozenset(line_key(c) for c in data["chrome_lines"]),
        stop=frozenset(line_key(s) for s in data["stop_lines"]),
        related=related_re,
        footer=footer_re,
        agencies=agencies,
        credit_tail=credit_tail,
    )


def _loose(key: str) -> str:
    """A regex for a folded label that matches the raw line (hamzas, tanween, spacing)."""
    letters = {"ا": "[اأإآ]", "ي": "[يى]", "ه": "[هة]"}
    out = []
    for ch in key:
        if ch == " ":
            out.append(r"\s+")
        else:
            out.append(letters.get(ch, re.escape(ch)) + "[\u064B-\u0652]*")
    return "".join(out)
