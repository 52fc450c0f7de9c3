"""Publication times as pages state them → the contract's ISO 8601 form.

Pages write times in many ways: ``2020-08-24T10:30:00+0200``, ``2020-08-24 10:30``,
``2020-08-24T08:30:00Z``, ``Mon, 24 Aug 2020 10:30:00 +0200``, ``24/08/2020``, or an Arabic
line (``الاثنين، 24 آب 2020 - 12:03 م``). The contract wants ``YYYY-MM-DD`` or
``YYYY-MM-DDThh:mm:ss±hh:mm`` with the offset of the page's city::

    >>> iso_published("2020-08-24T10:30:00+0200", None)
    '2020-08-24T10:30:00+02:00'
    >>> iso_published("2020-08-24 10:30", "Africa/Cairo")
    '2020-08-24T10:30:00+02:00'
    >>> iso_published("2020-08-24T08:30:00Z", "Africa/Cairo")
    '2020-08-24T10:30:00+02:00'
    >>> iso_published("2020-08-24 10:30", None)   # no zone known: the day, never a naive time
    '2020-08-24'
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rasad import timex

# the earliest and latest years a news page's publication time may have
FIRST_YEAR = 1990
_AHEAD = dt.timedelta(days=2)  # clocks and time zones: a page may seem to come from tomorrow

_ISO_LIKE = re.compile(
    r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"(?:[T\s]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<tz>Z|UTC|GMT|[+\-]\d{2}(?::?\d{2})?)?$",
    re.IGNORECASE,
)
_DMY = re.compile(r"^(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})$")


def iso_published(value: str | None, zone: str | None, today: dt.date | None = None) -> str | None:
    """The contract's form of a machine-written time (ISO-like, RFC 2822 or day/month/year).

    A time without an offset takes the offset of ``zone`` (an IANA name, the outlet's city) at
    that instant; without a zone only the day is kept. A UTC time is shown in ``zone`` when one is
    known (the same instant, as the page's city reads it). Implausible years give None.
    """
    if not value or not value.strip():
        return None
    moment = _machine_time(value.strip())
    if moment is None:
        return None
    return _contract_form(moment, zone, today)


def iso_from_text(line: str, zone: str | None, today: dt.date | None = None) -> str | None:
    """The time an Arabic date line states: ``"نشر في: 24 أغسطس 2020 - 10:30 ص"`` → ``2020-08-24T10:30:00+03:00``

    (with zone ``Asia/Riyadh``). The line's own city (``بتوقيت القاهرة``) wins over ``zone``.
    """
    parsed = timex.parse_datetime_line(line)
    if parsed is None:
        return None
    return iso_published(parsed[0], zone, today)


def _machine_time(value: str) -> dt.datetime | dt.date | None:
    match = _ISO_LIKE.match(value)
    if match:
        return _from_parts(match)
    match = _DMY.match(value)
    if match:
        return _date(match["y"], match["m"], match["d"])
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def _date(y: str, m: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def _from_parts(match: re.Match[str]) -> dt.datetime | dt.date | None:
    day = _date(match["y"], match["m"], match["d"])
    if day is None or match["H"] is None:
        return day
    try:
        clock = dt.time(int(match["H"]), int(match["M"]), int(match["S"] or 0))
    except ValueError:
        return day
    return dt.datetime.combine(day, clock, tzinfo=_offset(match["tz"]))


def _offset(text: str | None) -> dt.tzinfo | None:
    if not text:
        return None
    if text.upper() in ("Z", "UTC", "GMT"):
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 14 or minutes > 59:
        return None
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def _contract_form(moment: dt.datetime | dt.date, zone: str | None, today: dt.date | None) -> str | None:
    day = moment.date() if isinstance(moment, dt.datetime) else moment
    latest = (today or dt.date.today()) + _AHEAD
    if day.year < FIRST_YEAR or day > latest:
        return None
    if not isinstance(moment, dt.datetime):
        return day.isoformat()
    tz = _zone(zone)
    if moment.tzinfo is None:
        if tz is None:
            return day.isoformat()
        moment = moment.replace(tzinfo=tz)
    elif tz is not None and moment.utcoffset() == dt.timedelta(0):
        moment = moment.astimezone(tz)  # CMSs store UTC; the page's city reads it in its own time
    return moment.replace(microsecond=0).isoformat()


def _zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
