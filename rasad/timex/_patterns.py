"""The compiled regular expressions of rasad.timex, built once from the vocabulary at import.

Everything matches *normalised* text (see :mod:`rasad.arabic.normalize`). Each rule is one
compiled pattern (``COMPILED``) tried only at tokens that can start it (``STARTERS``), in the order
of ``RULES`` (more specific first). Sub-groups carry a rule-specific prefix so that names stay
unique and readable across rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rasad.timex import _data as D

L = "\u0621-\u064a"
NB = rf"(?![{L}])"  # end of an Arabic word
ART = r"(?:ال|(?<=ل)ل)"  # article, also after proclitic ل (للعام = ل + العام)


def alt(words: Iterable[str], *, lead: bool = False) -> str:
    """Non-capturing alternation of normalised phrases, longest first; spaces match whitespace runs."""
    parts = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        body = re.escape(word).replace(r"\ ", r"\s+")
        if lead and word.startswith("ال"):
            body = ART + body[2:]
        parts.append(body)
    return "(?:" + "|".join(parts) + ")"


GM = alt(D.GREG_MONTHS)
HM = alt(D.HIJRI_MONTHS)
WD = alt(D.WEEKDAYS, lead=True)
WDB = alt(D.WEEKDAYS_BARE)
ORD = alt(D.ORDINALS)
CARD = alt(D.CARDINALS)
PAST, CUR, NXT = alt(D.PAST), alt(D.CURRENT), alt(D.NEXT)
QUAL = f"(?:{PAST}|{CUR}|{NXT})"
PARTS = alt(D.PARTS_OF_DAY)
EDGE = alt(D.PERIOD_EDGES)
YW = alt(D.YEAR_WORDS)
UNIT = alt(D.UNITS)
VAGUE = alt(D.VAGUE, lead=True)
PREP_BEHIND = "(?:" + "|".join(f"(?<={re.escape(w)}\\s)" for w in sorted(D.YEAR_PREPOSITIONS)) + ")"

DAYNUM = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)"
YEAR4 = r"(?:1[89]|20)\d\d"
YEAR = YEAR4 + r"(?!\d|[٫,.]\d)"
MIL = rf"(?:\s*م{NB}|\s+ميلادي(?:ه)?{NB})?"
HYEAR = r"1[345]\d\d(?!\d)"
HMARK = rf"(?:\s*ه{NB}|\s+(?:هجري(?:ه)?|للهجره){NB})?"
NODATE = r"(?![\d]|[./\-]\d)"
WDPRE = rf"(?:(?:يوم\s+)?{WD}{NB}\s*[،,]?\s*(?:الموافق\s+)?)?"
YEARQ = r"(?:عام|العام|سنه)"


def month(p: str) -> str:
    """A Gregorian month, possibly doubled as in ``أيار/ مايو`` or ``أيار (مايو)``."""
    return rf"(?P<{p}m>{GM}){NB}(?:\s*[/\\(\-–]\s*(?P<{p}m2>{GM}){NB}(?:\s*\))?)?"


def day(p: str) -> str:
    """A day of the month as digits or an ordinal word."""
    return rf"(?:(?P<{p}d>{DAYNUM})|(?P<{p}o>{ORD}){NB})"


def clock(p: str) -> str:
    """An optional attached clock time ``HH:MM`` with an optional am/pm word."""
    return (
        rf"(?:\s*[-|،,–]?\s*(?:الساعه\s*)?(?P<{p}t>(?:[01]?\d|2[0-3]):[0-5]\d)(?::[0-5]\d)?(?!\d)"
        rf"(?:\s*(?P<{p}ap>صباحا|صباح|مساء|مساءا|ظهرا|ليلا|فجرا|عصرا|ص|م){NB})?)?"
    )


RULES: dict[str, str] = {
    "hijri": (
        rf"{WDPRE}(?:{day('h')}\s+(?:من\s+)?(?:شهر\s+)?(?P<hm>{HM}){NB}"
        rf"(?:\s*(?:من\s+)?(?:{YEARQ}\s+)?(?P<hy>{HYEAR}){HMARK})?"
        rf"|(?:شهر\s+)?(?P<hm2>{HM}){NB}\s*(?:من\s+)?(?:{YEARQ}\s+)?(?P<hy2>{HYEAR}){HMARK})"
    ),
    "ndmy": (
        rf"{WDPRE}(?<![\d./\-])(?P<nd>\d\d?)(?P<ns>[/.\-])(?P<nm>\d\d?)(?P=ns)(?P<ny>{YEAR}){NODATE}"
        rf"{MIL}{clock('n')}"
    ),
    "ymd": (
        rf"(?<![\d./\-])(?P<cy>{YEAR4})(?P<cs>[/.\-])(?P<cm>1[0-2]|0?[1-9])(?P=cs)"
        rf"(?P<cd>3[01]|[12]\d|0?[1-9]){NODATE}{clock('c')}"
    ),
    "dmy": (
        rf"{WDPRE}{day('a')}\s+(?:من\s+)?(?:شهر\s+)?{month('a')}"
        rf"(?:\s*[،,]?\s*(?:من\s+)?(?:{YEARQ}\s+)?(?P<ay>{YEAR}){MIL}|\s+(?P<aq>{QUAL}){NB}"
        rf"|\s+من\s+(?:العام|السنه)\s+(?P<ayq>{QUAL}){NB}|\s+من\s+(?P<ayt>هذا\s+العام|هذه\s+السنه){NB})?"
        rf"{clock('a')}"
    ),
    "my": (
        rf"(?:{EDGE}\s+)?(?P<bs>شهر\s+)?{month('b')}"
        rf"(?:\s*[،,]?\s*(?:من\s+)?(?:{YEARQ}\s+)?(?P<by>{YEAR}){MIL}|\s+(?P<bq>{QUAL}){NB})?"
    ),
    "rel": (
        rf"(?:(?P<rp>{PARTS}|يوم)\s+)?(?P<rw>امس\s+الاول|اول\s+(?:من\s+)?امس|امس(?!\s+الحاجه)"
        rf"|{ART}بارحه|{ART}ليله\s+(?:الماضيه|المنصرمه|الفائته)|غدا|غد|{ART}غد|بعد\s+غد"
        rf"|{ART}يوم(?!\s+(?!{WD}{NB})ال[{L}])(?!\s+(?:نفسه|ذاته|عينه|ذلك)))"
        rf"{NB}(?:(?:\s+|\s*[،,]\s*)(?:\(\s*(?P<rdw>{WD}){NB}\s*\)|(?P<rdw2>{WD}){NB}))?{clock('r')}"
    ),
    "ago": (
        rf"(?P<gdir>قبل|منذ|بعد)\s+(?:(?:نحو|حوالي|قرابه|زهاء)\s+)?"
        rf"(?:(?P<gn>\d{{1,3}})\s*|(?P<gc>{CARD}){NB}\s+)?(?P<gu>{UNIT}){NB}"
        rf"(?!\s*(?:\d|{WD}{NB}|ال[{L}]|من{NB}|علي{NB}))"
    ),
    "mrel": (
        rf"(?:(?:{day('m')}|{EDGE}{NB})\s+(?:من\s+)?)?"
        rf"(?:{ART}شهر\s+(?P<mq>{QUAL})|(?P<mt>هذا)\s+الشهر){NB}"
    ),
    "wrel": rf"(?:{EDGE}\s+)?(?:{ART}اسبوع\s+(?P<kq>{QUAL})|(?P<kt>هذا)\s+الاسبوع){NB}",
    "yrel": (
        rf"(?:{EDGE}\s+)?(?:{ART}(?:عام|سنه)\s+(?P<yq>{QUAL})|(?P<yt>هذا\s+العام|هذه\s+السنه)){NB}"
        rf"(?!\s*[،,]?\s*\d)"
    ),
    "year": rf"(?:{EDGE}\s+)?{YW}\s+(?:الميلادي\s+)?(?P<yy>{YEAR}){MIL}",
    "yearp": (
        rf"(?:{PREP_BEHIND}(?:{EDGE}\s+)?|{EDGE}\s+)(?P<yy2>{YEAR})(?!\s*%)(?=(?:\s*(?P<yrest>[{L}]+))?){MIL}"
    ),
    "vague": VAGUE + NB,
    "wd": (
        rf"(?:(?:(?P<wp>{PARTS}|يوم)\s+(?:يوم\s+)?)(?:(?P<wb>{WDB})|(?P<wn>{WD})){NB}|(?P<wn2>{WD}){NB})"
        rf"(?!\s+عشر)(?:\s+(?P<wq>{PAST}|{NXT}){NB})?{clock('w')}"
    ),
}

COMPILED: dict[str, re.Pattern[str]] = {
    name: re.compile(rf"(?<![{L}\d])(?P<pro>[وف]?[بلك]?)(?P<{name}>{body})") for name, body in RULES.items()
}
# Pre-check: a four-digit year-like number, a numeric date, or a keyword word.
DIGIT_HINT = re.compile(r"(?:1[3-9]|20)\d\d|\d[/.\-]\d")
WORDS = re.compile(rf"[{L}]+")
CLOCK = re.compile(
    rf"(?<!\d)(?P<xt>(?:[01]?\d|2[0-3]):[0-5]\d)(?::[0-5]\d)?(?!\d)"
    rf"(?:\s*(?P<xap>صباحا|صباح|مساء|مساءا|ظهرا|ليلا|فجرا|عصرا|ص|م){NB})?"
)


def _first_words(phrases: Iterable[str]) -> set[str]:
    return {p.split(" ")[0] for p in phrases}


ANCHORS: frozenset[str] = frozenset(
    _first_words(D.GREG_MONTHS)
    | _first_words(D.HIJRI_MONTHS)
    | set(D.WEEKDAYS)
    | D.PAST
    | D.CURRENT
    | D.NEXT
    | {w for w in D.UNITS if D.UNITS[w][0] in ("day", "week", "month", "year")}
    | {w for v in D.VAGUE for w in v.split(" ") if w not in ("في", "خلال", "قبل", "منذ")}
    | {"امس", "البارحه", "غدا", "غد", "الغد", "اليوم", "الليله", "الشهر", "الاسبوع", "العام", "السنه"}
) - {"وقت", "الايام", "عده"}


def _starters() -> dict[str, tuple[str, ...]]:
    """First word of a rule (with any proclitic) → the rules that may start there, in RULES order."""
    table: dict[str, set[str]] = {}

    def add(words: Iterable[str], *rules: str) -> None:
        for word in _first_words(words):
            table.setdefault(word, set()).update(rules)

    add(D.WEEKDAYS, "hijri", "ndmy", "dmy", "wd")
    add(["يوم"], "hijri", "ndmy", "dmy", "rel", "wd")
    add(D.ORDINALS, "hijri", "dmy", "mrel")
    add(D.GREG_MONTHS, "my")
    add(D.HIJRI_MONTHS, "hijri")
    add(["شهر"], "hijri", "my")
    add(D.PERIOD_EDGES, "my", "mrel", "wrel", "yrel", "year", "yearp")
    add(D.PARTS_OF_DAY, "rel", "wd")
    add(["امس", "اول", "البارحه", "الليله", "غدا", "غد", "الغد", "اليوم"], "rel")
    add(["بعد"], "rel", "ago")
    add(["قبل", "منذ"], "ago")
    add(D.VAGUE, "vague")
    add(["هذا", "هذه"], "mrel", "wrel", "yrel")
    add(["الشهر"], "mrel")
    add(["الاسبوع"], "wrel")
    add(["العام", "السنه"], "yrel", "year")
    add(D.YEAR_WORDS, "year")
    order = list(RULES)
    out: dict[str, tuple[str, ...]] = {}
    for word, rules in table.items():
        ordered = tuple(sorted(rules, key=order.index))
        for clitic in ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"):
            out[clitic + word] = tuple(sorted({*out.get(clitic + word, ()), *ordered}, key=order.index))
            if clitic.endswith("ل") and word.startswith("ال"):
                out[clitic + word[1:]] = tuple(
                    sorted({*out.get(clitic + word[1:], ()), *ordered}, key=order.index)
                )
    return out


STARTERS: dict[str, tuple[str, ...]] = _starters()
DIGIT_RULES: tuple[str, ...] = ("hijri", "ndmy", "ymd", "dmy", "mrel", "yearp")
TOKEN = re.compile(rf"[{L}]+|\d+")
