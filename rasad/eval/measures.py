"""The measures of rasad's gold format: text folding, matching of actors, events and quotes.

They follow ``../shared/tools/score.py`` exactly, so that ``rasad eval`` and the project's grader
print the same figures for the same output (a test holds them together).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

_DIACRITICS = re.compile(r"[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

Json = dict[str, Any]


def norm(text: str | None) -> str:
    """Fold Arabic orthographic variants, digits, punctuation and spacing."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text).translate(_ALEF).translate(_DIGITS)
    return " ".join(_PUNCT.sub(" ", text).replace("_", " ").split())


def strip_al(word: str) -> str:
    for prefix in ("وال", "بال", "لل", "ال", "و"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :]
    return word


def tokens(text: str | None) -> list[str]:
    """``"والمقداد"`` → ``["مقداد"]``: folded words without the article or conjunction."""
    return [strip_al(w) for w in norm(text).split()]


def key(text: str | None) -> str:
    return " ".join(tokens(text))


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


@dataclass
class Ratio:
    ok: int = 0
    n: int = 0

    def add(self, ok: bool) -> None:
        self.ok += bool(ok)
        self.n += 1

    @property
    def value(self) -> float:
        return self.ok / self.n if self.n else 0.0


def multiset_prf(gold: list[str], pred: list[str]) -> tuple[int, int, int]:
    left = list(pred)
    tp = 0
    for g in gold:
        if g in left:
            left.remove(g)
            tp += 1
    return tp, len(pred) - tp, len(gold) - tp


def same_actor(a: Json, b: Json) -> bool:
    """Same state when both have one; else a shared name; else mostly the same words."""
    ca, cb = a.get("country"), b.get("country")
    if ca and cb:
        return bool(ca.upper() == cb.upper())
    na = {key(a.get(f)) for f in ("canonical", "text") if a.get(f)}
    nb = {key(b.get(f)) for f in ("canonical", "text") if b.get(f)}
    if na & nb:
        return True
    ta, tb = set(tokens(a.get("canonical") or a.get("text"))), set(tokens(b.get("canonical") or b.get("text")))
    return bool(ta and tb) and len(ta & tb) / min(len(ta), len(tb)) >= 0.6


def _overlap(gold_side: list[Json], pred_side: list[Json]) -> bool:
    return any(same_actor(g, p) for g in gold_side for p in pred_side)


def event_match(g: Json, p: Json) -> bool:
    """Same PLOVER type, and the parties overlap on both sides (in either direction)."""
    if g.get("type") != p.get("type"):
        return False
    gs, gt = g.get("actor") or [], g.get("recipient") or []
    ps, pt = p.get("actor") or [], p.get("recipient") or []
    if not gt or not pt:
        return _overlap(gs, ps) or _overlap(gs + gt, ps + pt)
    return (_overlap(gs, ps) and _overlap(gt, pt)) or (_overlap(gs, pt) and _overlap(gt, ps))


def directed(g: Json, p: Json) -> bool:
    return _overlap(g.get("actor") or [], p.get("actor") or [])


def date_ok(g: Json, p: Json) -> bool:
    gd, pd = str(g.get("date") or ""), str(p.get("date") or "")
    if not gd:
        return True
    return bool(pd) and (pd == gd or pd.startswith(gd) or (gd.startswith(pd) and len(pd) >= 7))


def quote_match(g: Json, p: Json) -> bool:
    if not same_actor(g.get("speaker") or {}, p.get("speaker") or {}):
        return False
    gt, pt = set(tokens(g.get("text"))), set(tokens(p.get("text")))
    return bool(gt and pt) and len(gt & pt) / len(gt | pt) >= 0.5


def greedy(gold: list[Json], pred: list[Json], match: Callable[[Json, Json], bool]) -> list[tuple[Json, Json]]:
    """Pair each gold item with the first unused prediction it matches."""
    pairs, used = [], set()
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and match(g, p):
                used.add(i)
                pairs.append((g, p))
                break
    return pairs


def matched_events(gold: list[Json], pred: list[Json]) -> tuple[set[int], set[int]]:
    """The ``id``s of the gold and of the predicted events :func:`greedy` pairs by :func:`event_match`."""
    pairs = greedy(gold, pred, event_match)
    return {id(g) for g, _ in pairs}, {id(p) for _, p in pairs}


def same_time(gold: str | None, pred: str | None) -> bool:
    """A date matches as a date; a time must be the same instant, so its UTC offset counts."""
    if not gold or not pred:
        return not gold and not pred
    if len(gold) <= 10:
        return pred[:10] == gold
    try:
        g, p = datetime.fromisoformat(gold), datetime.fromisoformat(pred)
    except ValueError:
        return False
    return p.tzinfo is not None and g == p
