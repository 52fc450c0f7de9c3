"""Calendar arithmetic for resolving expressions against a reference date."""

from __future__ import annotations

import datetime as dt

from hijridate import Gregorian, Hijri

DAY = dt.timedelta(days=1)


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """``date(year, month, day)`` or None when the day does not exist."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def weekday_on_or_before(ref: dt.date, weekday: int) -> dt.date:
    """The most recent ``weekday`` (Monday = 0) on or before ``ref``."""
    return ref - dt.timedelta(days=(ref.weekday() - weekday) % 7)


def weekday_before(ref: dt.date, weekday: int) -> dt.date:
    """The most recent ``weekday`` strictly before ``ref``."""
    return ref - dt.timedelta(days=(ref.weekday() - weekday - 1) % 7 + 1)


def weekday_after(ref: dt.date, weekday: int) -> dt.date:
    """The first ``weekday`` strictly after ``ref``."""
    return ref + dt.timedelta(days=(weekday - ref.weekday() - 1) % 7 + 1)


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    """``(year, month)`` moved by ``by`` months."""
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


FUTURE_DAYS = 90  # how far ahead a day/month without a year may point (news mostly tells the past)


def closest_date(ref: dt.date, month: int, day: int) -> dt.date | None:
    """The ``day``/``month`` nearest to ``ref``, in the past unless the next one is less than
    ``FUTURE_DAYS`` ahead: "15 مايو" in an article of 20 December is last May, "5 يناير" next January."""
    options = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := safe_date(y, month, day))]
    past = [d for d in options if d <= ref]
    ahead = [d for d in options if d > ref and (d - ref).days <= FUTURE_DAYS]
    candidates = ([max(past)] if past else []) + ([min(ahead)] if ahead else [])
    return min(candidates, key=lambda d: abs(d - ref)) if candidates else (min(options) if options else None)


def directed_date(ref: dt.date, month: int, day: int | None, direction: str) -> str | None:
    """Month (and day) qualified by الماضي / الجاري / المقبل, as ISO (day) or YYYY-MM (no day).

    past: the latest such date strictly before ``ref`` (month-level: strictly before ref's month);
    current: ref's year; next: the first one strictly after ``ref`` (or after ref's month).
    """
    if direction == "current":
        years = [ref.year]
    elif direction == "past":
        years = [ref.year, ref.year - 1]
    else:
        years = [ref.year, ref.year + 1]
    for year in years:
        if day is None:
            key = (year, month)
            ok = direction == "current" or (key < (ref.year, ref.month) if direction == "past"
                                             else key > (ref.year, ref.month))
            if ok:
                return ym(year, month)
            continue
        date = safe_date(year, month, day)
        if date and (direction == "current" or (date < ref if direction == "past" else date > ref)):
            return date.isoformat()
    return None


def week_value(center: dt.date) -> str | None:
    """Week-level expressions: the month when the 7 days around ``center`` share it, else None."""
    first, last = center - 3 * DAY, center + 3 * DAY
    return ym(first.year, first.month) if (first.year, first.month) == (last.year, last.month) else None


def hijri_to_iso(year: int, month: int, day: int) -> str | None:
    """Umm al-Qura Hijri date → ISO Gregorian; None outside hijridate's range or for a bad day."""
    try:
        return Hijri(year, month, day).to_gregorian().isoformat()
    except (ValueError, OverflowError):
        return None


def hijri_month_value(year: int, month: int) -> str | None:
    """A Hijri month as the Gregorian month holding its 15th day (months straddle two)."""
    iso = hijri_to_iso(year, month, 15)
    return iso[:7] if iso else None


def hijri_closest(ref: dt.date, month: int, day: int) -> str | None:
    """Hijri day/month without a year: the occurrence nearest to ``ref``."""
    try:
        hy = Gregorian(ref.year, ref.month, ref.day).to_hijri().year
    except (ValueError, OverflowError):
        return None
    options = [iso for y in (hy - 1, hy, hy + 1) if (iso := hijri_to_iso(y, month, day))]
    if not options:
        return None
    return min(options, key=lambda iso: abs(dt.date.fromisoformat(iso) - ref))


def clock_value(hhmm: str, marker: str | None) -> str:
    """``"10:30", "م"`` → ``"22:30"``: apply an Arabic am/pm word to a clock time."""
    hour, minute = (int(x) for x in hhmm.split(":"))
    low, high = _PM_HOURS.get(marker or "", (0, 0))
    if low <= hour < high:
        hour += 12
    elif hour == 12 and marker in _MIDNIGHT_WORDS:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


_PM_HOURS = {"م": (0, 12), "مساء": (0, 12), "مساءا": (0, 12), "عصرا": (0, 12), "ظهرا": (0, 6), "ليلا": (6, 12)}
_MIDNIGHT_WORDS = frozenset({"ص", "صباحا", "صباح", "فجرا", "ليلا"})
