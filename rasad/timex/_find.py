"""find_dates: scan a paragraph with the master regex and resolve each match against a reference date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from rasad.arabic.normalize import normalize, normalize_with_map
from rasad.timex import _data as D
from rasad.timex import _resolve as R
from rasad.timex._patterns import ANCHORS, COMPILED, DIGIT_HINT, DIGIT_RULES, STARTERS, TOKEN, WORDS


@dataclass(frozen=True, slots=True)
class Found:
    """One date expression; offsets index the ORIGINAL text."""

    start: int
    end: int
    text: str
    value: str | None  # "YYYY-MM-DD" | "YYYY-MM" | "YYYY" | None (vague or unresolvable)
    rule: str
    time: str | None = None  # "HH:MM" when a clock time is attached


Match = re.Match[str]
Result = tuple[str | None, str] | None  # (value, rule); None rejects the match
_SP = re.compile(r"\s+")
_DIACRITIC = re.compile(r"[\u064B-\u065F\u0670\u0640]")
_CLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
_ANCHORS = frozenset(
    {c + a for c in _CLITICS for a in ANCHORS}
    | {c + a[1:] for c in _CLITICS if c.endswith("ل") for a in ANCHORS if a.startswith("ال")}
)
_CLOCK_PREFIX = {"ndmy": "n", "ymd": "c", "dmy": "a", "rel": "r", "wd": "w"}
_NEWSPAPER_BEFORE = frozenset({"صحيفه", "جريده", "ل", "ذلك", "تلك"})
_QUOTES = "«\"“'”»"


def _c(text: str) -> str:
    return _SP.sub(" ", text)


def _key(text: str) -> str:
    """A matched keyword as a table key (undo the للـ contraction: لعام → العام)."""
    text = _c(text)
    return "ا" + text if text.startswith("ل") and not text.startswith("ال") else text


def _direction(word: str) -> int:
    word = _c(word)
    return -1 if word in D.PAST else 1 if word in D.NEXT else 0


def _day(m: Match, p: str) -> int | None:
    if digits := m.group(p + "d"):
        return int(digits)
    word = m.group(p + "o")
    return D.ORDINALS.get(_c(word)) if word else None


def _prev_word(norm: str, start: int) -> str:
    words = norm[max(0, start - 30) : start].split()
    return words[-1] if words else ""


def _hijri(m: Match, ref: dt.date | None, norm: str) -> Result:
    if m["hm"]:
        month, day = D.HIJRI_MONTHS[_c(m["hm"])], _day(m, "h") or 0
        if m["hy"]:
            return R.hijri_to_iso(int(m["hy"]), month, day), "hijri"
        return (R.hijri_closest(ref, month, day) if ref else None), "hijri"
    return R.hijri_month_value(int(m["hy2"]), D.HIJRI_MONTHS[_c(m["hm2"])]), "hijri-month"


def _ndmy(m: Match, ref: dt.date | None, norm: str) -> Result:
    day, month = int(m["nd"]), int(m["nm"])
    if month > 12 >= day:  # month/day/year, rare but unambiguous
        day, month = month, day
    date = R.safe_date(int(m["ny"]), month, day)
    return (date.isoformat(), "numeric-dmy") if date else None


def _ymd(m: Match, ref: dt.date | None, norm: str) -> Result:
    date = R.safe_date(int(m["cy"]), int(m["cm"]), int(m["cd"]))
    return (date.isoformat(), "numeric-ymd") if date else None


def _dmy(m: Match, ref: dt.date | None, norm: str) -> Result:
    month, day = D.GREG_MONTHS[_c(m["am"])], _day(m, "a")
    if day is None:
        return None
    if m["ay"]:
        date = R.safe_date(int(m["ay"]), month, day)
        return (date.isoformat(), "absolute-dmy") if date else None
    if ref is None:
        return None, "relative-month-day" if m["aq"] or m["ayq"] or m["ayt"] else "day-month"
    if m["aq"]:
        return R.directed_date(ref, month, day, _dir_name(_direction(m["aq"]))), "relative-month-day"
    if m["ayq"] or m["ayt"]:
        date = R.safe_date(ref.year + (_direction(m["ayq"]) if m["ayq"] else 0), month, day)
        return (date.isoformat() if date else None), "relative-month-day"
    date = R.closest_date(ref, month, day)
    return (date.isoformat() if date else None), "day-month"


def _dir_name(k: int) -> str:
    return ("past", "current", "next")[k + 1]


def _my(m: Match, ref: dt.date | None, norm: str) -> Result:
    name = _c(m["bm"])
    month = D.GREG_MONTHS[name]
    if m["by"]:
        return R.ym(int(m["by"]), month), "absolute-my"
    if m["bq"] and name not in D.AMBIGUOUS_MONTHS:
        value = R.directed_date(ref, month, None, _dir_name(_direction(m["bq"]))) if ref else None
        return value, "relative-month"
    if m["bs"]:
        date = R.closest_date(ref, month, 15) if ref else None
        return (date.isoformat()[:7] if date else None), "month-name"
    return None


_REL_OFFSETS = {"امس": -1, "البارحه": -1, "غدا": 1, "غد": 1, "الغد": 1, "بعد غد": 2, "اليوم": 0}


def _rel(m: Match, ref: dt.date | None, norm: str) -> Result:
    word = _key(m["rw"])
    offset = _REL_OFFSETS.get(word, -2 if "امس" in word else -1)  # أمس الأول / الليلة الماضية
    if word in ("غد", "الغد") and not m["rp"]:
        return None
    if word == "اليوم" and not _today_is_adverb(m, norm):
        return None
    if ref is None:
        return None, "relative-day"
    weekday = m["rdw"] or m["rdw2"]
    date = ref + offset * R.DAY
    if weekday and date.weekday() != (wd := D.WEEKDAYS[_key(weekday)]):
        # The weekday name wins over the arithmetic (أمس الأول الخميس, said on a Sunday).
        date = (R.weekday_before(ref, wd) if offset < 0 else R.weekday_after(ref, wd) if offset > 0
                else R.weekday_on_or_before(ref, wd))
    return date.isoformat(), "relative-day"


def _today_is_adverb(m: Match, norm: str) -> bool:
    """اليوم is "today" unless it names the Saudi daily (quoted, after صحيفة/لـ) or "that day"."""
    start = m.start("rel")
    before = norm[start - 1] if start else " "
    after = norm[m.end("rel")] if m.end("rel") < len(norm) else " "
    if before in _QUOTES or (after in _QUOTES and m["rdw"] is None and m["rdw2"] is None):
        return False
    return m["rp"] is not None or _prev_word(norm, start) not in _NEWSPAPER_BEFORE


def _ago(m: Match, ref: dt.date | None, norm: str) -> Result:
    unit, kind = D.UNITS[_c(m["gu"])]
    if m["gn"]:
        n: int | None = int(m["gn"])
    elif m["gc"]:
        n = D.CARDINALS.get(_c(m["gc"]))
    else:
        n = {"one": 1, "dual": 2}.get(kind)
    if n is None or unit in ("hour", "moment") or ref is None:
        return None, "relative-vague" if n is None or unit in ("hour", "moment") else "relative-offset"
    n *= 1 if m["gdir"] == "بعد" else -1
    if unit == "day":
        return (ref + n * R.DAY).isoformat(), "relative-offset"
    if unit == "week":
        return R.week_value(ref + 7 * n * R.DAY), "relative-offset"
    if unit == "month":
        return R.ym(*R.shift_month(ref.year, ref.month, n)), "relative-offset"
    return str(ref.year + n), "relative-offset"


def _mrel(m: Match, ref: dt.date | None, norm: str) -> Result:
    day = _day(m, "m")
    rule = "relative-month-day" if day else "relative-month"
    if ref is None:
        return None, rule
    year, month = R.shift_month(ref.year, ref.month, _direction(m["mq"]) if m["mq"] else 0)
    if day:
        date = R.safe_date(year, month, day)
        return (date.isoformat() if date else None), rule
    return R.ym(year, month), rule


def _wrel(m: Match, ref: dt.date | None, norm: str) -> Result:
    k = _direction(m["kq"]) if m["kq"] else 0
    return (R.week_value(ref + 7 * k * R.DAY) if ref else None), "relative-week"


def _yrel(m: Match, ref: dt.date | None, norm: str) -> Result:
    if _prev_word(norm, m.start("yrel")) in D.GENERAL_NOUNS:  # الأمين العام الحالي
        return None
    k = _direction(m["yq"]) if m["yq"] else 0
    return (str(ref.year + k) if ref else None), "relative-year"


def _year(m: Match, ref: dt.date | None, norm: str) -> Result:
    return m["yy"], "year"


def _yearp(m: Match, ref: dt.date | None, norm: str) -> Result:
    rest = m["yrest"]
    if rest and (rest in D.QUANTITY_WORDS or rest[1:] in D.QUANTITY_WORDS):
        return None  # في 2020 طن: a quantity
    return m["yy2"], "year"


def _vague(m: Match, ref: dt.date | None, norm: str) -> Result:
    return None, "relative-vague"


def _wd(m: Match, ref: dt.date | None, norm: str) -> Result:
    if m["wb"]:
        wd = D.WEEKDAYS_BARE[_c(m["wb"])]
    else:
        wd = D.WEEKDAYS[_key(m["wn"] or m["wn2"])]
        if m["wn2"] and _prev_word(norm, m.start("wd")) in ("بين", "كلا", "هذين"):
            return None  # الاثنين = "the two"
    k = _direction(m["wq"]) if m["wq"] else 0
    rule = ("weekday-past", "weekday", "weekday-next")[k + 1]
    if ref is None:
        return None, rule
    date = (R.weekday_before(ref, wd) if k < 0 else R.weekday_after(ref, wd) if k > 0
            else R.weekday_on_or_before(ref, wd))
    return date.isoformat(), rule


HANDLERS: dict[str, Callable[[Match, dt.date | None, str], Result]] = {
    "hijri": _hijri, "ndmy": _ndmy, "ymd": _ymd, "dmy": _dmy, "my": _my, "rel": _rel, "ago": _ago,
    "mrel": _mrel, "wrel": _wrel, "yrel": _yrel, "year": _year, "yearp": _yearp, "vague": _vague,
    "wd": _wd,
}


def _handle(name: str, m: Match, ref: dt.date | None, norm: str) -> Result:
    try:
        return HANDLERS[name](m, ref, norm)
    except OverflowError:  # a reference date at the edge of the calendar
        return None


def may_have_dates(norm: str) -> bool:
    """Cheap pre-check on normalised text: a year-like number, a numeric date or a keyword."""
    return DIGIT_HINT.search(norm) is not None or not _ANCHORS.isdisjoint(WORDS.findall(norm))


def _clock(m: Match, name: str) -> str | None:
    p = _CLOCK_PREFIX.get(name)
    if p is None or not m.group(p + "t"):
        return None
    return R.clock_value(m.group(p + "t"), m.group(p + "ap"))


def _span(m: Match, name: str, text: str, offsets: list[int] | None) -> tuple[int, int]:
    start, end = m.span(name)
    if m["pro"].endswith("ل") and m.string.startswith("ل", start) and not m.string.startswith("ال", start):
        start -= 1  # keep the contracted article: للعام
    if offsets is None:
        return start, end
    start, end = offsets[start], offsets[end - 1] + 1
    while end < len(text) and _DIACRITIC.match(text, end):
        end += 1
    return start, end


def find_dates(text: str, ref: dt.date | None) -> list[Found]:
    """All date expressions of a paragraph, resolved against ``ref`` (the publication date).

    ``find_dates("وصل أمس الخميس", date(2015, 7, 26))`` → one :class:`Found` with value
    ``"2015-07-23"``. Relative expressions get value None when ``ref`` is None.
    """
    norm = normalize(text)
    if not may_have_dates(norm):
        return []
    offsets = None if len(norm) == len(text) else normalize_with_map(text)[1]
    out: list[Found] = []
    pos = 0
    for token in TOKEN.finditer(norm):
        word, at = token.group(), token.start()
        rules = DIGIT_RULES if word[0].isdigit() else STARTERS.get(word)
        if at < pos or not rules:
            continue
        for name in rules:
            m = COMPILED[name].match(norm, at)
            if m is None or (result := _handle(name, m, ref, norm)) is None:
                continue
            start, end = _span(m, name, text, offsets)
            out.append(Found(start, end, text[start:end], result[0], result[1], _clock(m, name)))
            pos = m.end()
            break
    return out
