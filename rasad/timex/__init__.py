"""Arabic date and time expressions: find them in paragraphs, parse page date lines, localise.

Public API::

    find_dates(text, ref) -> list[Found]          # every date expression of a paragraph
    parse_datetime_line(line) -> (iso, city) | None
    zone_for_city(name) -> IANA zone | None
    localize(naive_iso, city) -> iso with the city's UTC offset

Vocabulary (months, Hijri months, weekdays, ordinals, cardinals, relative words) lives in
``data.yaml``; the city → time zone table in ``cities.yaml``. All matching happens on normalised
text (:mod:`rasad.arabic.normalize`) and offsets are mapped back to the original string.

Rules for ambiguous cases (implemented by the handlers in ``_find``):

* a bare weekday (``الثلاثاء``, ``يوم الثلاثاء``, ``(الجمعة)``) is the most recent such day on or
  before the reference; ``الماضي`` → strictly before; ``المقبل``/``القادم`` → strictly after;
* ``أمس``/``أمس الأول``/``اليوم``/``غدا`` followed by a weekday that disagrees with the arithmetic:
  the weekday wins (most recent such day strictly before ref for past adverbs, on or before for
  اليوم, strictly after for غدا);
* ``اليوم`` is "today" unless it is followed by another ``ال`` word that is not a weekday
  (``اليوم الوطني``, ``اليوم التالي``), by نفسه/ذاته/ذلك, is quoted (``«اليوم»``, the Saudi daily),
  or follows صحيفة/جريدة/لـ/ذلك/تلك;
* week-level expressions (``الأسبوع الماضي``, ``قبل أسبوعين``) give the month when the seven days
  around the target all fall in one month, else None;
* day and month without a year (``20 كانون الأول``) take the year that puts the date nearest to
  the reference; ``الماضي``/``المقبل`` after a month pick the latest before / first after ref;
* a Hijri month without a day gives the Gregorian month that holds its 15th day;
* vague expressions (``قبل أسابيع``, ``مؤخرا``, ``قبل ساعات``) and any relative expression
  without a reference date have value None.
"""

from __future__ import annotations

from rasad.timex._find import Found, find_dates
from rasad.timex._line import localize, parse_datetime_line, zone_for_city

__all__ = ["Found", "find_dates", "localize", "parse_datetime_line", "zone_for_city"]
