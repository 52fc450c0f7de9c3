"""Date lines of article pages ("2020.12.20 | 13:48 دمشق") and city time zones."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rasad.arabic.normalize import normalize
from rasad.timex import _data as D
from rasad.timex._find import Found, find_dates
from rasad.timex._patterns import CLOCK
from rasad.timex._resolve import clock_value

MAX_LINE = 160
MAX_LEFTOVER_WORDS = 3
_ABSOLUTE = frozenset({"numeric-dmy", "numeric-ymd", "absolute-dmy", "hijri"})
_WORD = re.compile(r"(?:[^\W\d_]|[\u064B-\u065F\u0670\u0640])+")  # letters with their diacritics
_EXPLICIT_OFFSET = re.compile(
    r"(?:GMT|UTC|غرينتش|جرينتش|ت\.غ)\s*(?P<sign>[+\-])\s*(?P<h>\d{1,2})(?::?(?P<m>\d\d))?", re.IGNORECASE
)
_IGNORED_LATIN = frozenset({"gmt", "utc", "am", "pm"})
_MADINA = "مدينه "


def zone_for_city(name: str) -> str | None:
    """IANA zone of a city written in Arabic: ``zone_for_city("مدينة دمشق")`` → ``"Asia/Damascus"``."""
    key = D.norm_key(name)
    if key.startswith(_MADINA) and key not in D.CITIES:
        key = key[len(_MADINA) :]
    if key in D.CITIES:
        return D.CITIES[key]
    if key[:1] in ("ب", "و", "ف") and key[1:] in D.CITIES:  # بدمشق
        return D.CITIES[key[1:]]
    return None


def localize(naive_iso: str, city: str | None) -> str:
    """Add the UTC offset of ``city``'s zone at that instant to a naive ISO date-time.

    ``localize("2020-12-20T13:48", "دمشق")`` → ``"2020-12-20T13:48:00+02:00"``. Dates without a
    time, already-aware values and unknown cities come back unchanged (no offset is invented).
    """
    zone = zone_for_city(city) if city else None
    if zone is None or "T" not in naive_iso:
        return naive_iso
    moment = dt.datetime.fromisoformat(naive_iso)
    if moment.tzinfo is not None:
        return naive_iso
    try:
        return moment.replace(tzinfo=ZoneInfo(zone)).isoformat()
    except ZoneInfoNotFoundError:
        return naive_iso


def _find_city(words: list[str]) -> tuple[str | None, set[int]]:
    """The first city among ``words`` (bigrams before unigrams) and the indices it covers."""
    for i in range(len(words)):
        for size in (3, 2, 1):
            chunk = " ".join(words[i : i + size])
            if i + size <= len(words) and zone_for_city(chunk):
                return chunk, set(range(i, i + size))
    return None, set()


def _explicit_offset(text: str) -> dt.timezone | None:
    m = _EXPLICIT_OFFSET.search(text)
    if not m or int(m["h"]) > 14:
        return None
    delta = dt.timedelta(hours=int(m["h"]), minutes=int(m["m"] or 0))
    return dt.timezone(-delta if m["sign"] == "-" else delta)


def _pick(found: list[Found]) -> Found | None:
    full = [f for f in found if f.rule in _ABSOLUTE and f.value and len(f.value) == 10]
    gregorian = [f for f in full if f.rule != "hijri"]
    return (gregorian or full)[0] if full else None


def _is_label(word: str) -> bool:
    key = normalize(word)
    return (key in D.DATELINE_LABELS or key in D.WEEKDAYS or key in D.WEEKDAYS_BARE
            or word.lower() in _IGNORED_LATIN)


def parse_datetime_line(line: str) -> tuple[str, str | None] | None:
    """A page's date line → ``(ISO string, city or None)``; None when it is not a date line.

    ``"2020.12.20 | 13:48 دمشق"`` → ``("2020-12-20T13:48:00+02:00", "دمشق")``;
    ``"20/12/2020 - 10:30 م"`` → ``("2020-12-20T22:30", None)`` (no zone known: naive, no offset).
    """
    if len(line) > MAX_LINE:
        return None
    found = find_dates(line, None)
    best = _pick(found)
    if best is None or best.value is None:
        return None
    rest = list(line)
    for f in found:
        rest[f.start : f.end] = " " * (f.end - f.start)
    rest_text = "".join(rest)
    clock = best.time
    if clock is None and (cm := CLOCK.search(normalize(rest_text))):
        clock = clock_value(cm["xt"], cm["xap"])
    words = _WORD.findall(_EXPLICIT_OFFSET.sub(" ", rest_text))
    city, used = _find_city(words)
    leftover = [w for i, w in enumerate(words) if i not in used and not _is_label(w)]
    if len(leftover) > MAX_LEFTOVER_WORDS:
        return None
    if clock is None:
        return best.value, city
    naive = f"{best.value}T{clock}"
    offset = _explicit_offset(line)
    if offset is not None:
        return dt.datetime.fromisoformat(naive).replace(tzinfo=offset).isoformat(), city
    return localize(naive, city), city
