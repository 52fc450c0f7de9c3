"""Article fields of a JSONL record: ``text`` (paragraphs separated by newlines) plus its metadata.

The rules are those of ``gold/GUIDE.md`` ("Article fields of JSONL records"): the title without
an agency section label, ``published`` as given or from the agency date line or the URL, the
dateline and credits from a dateline line, the head of the first paragraph or the byline, and
a body of every line except dateline, credit and chrome lines, 'read also' links and teasers
of other stories appended after the article. Patterns and word lists live in
``data/record.yaml``::

    >>> art = article_from_record(
    ...     "الرياض 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس\\nعقد الرئيس اليمني اجتماعاً.",
    ...     {"title": "عام / الرئيس اليمني يجتمع بمستشاريه"})
    >>> art.title, art.published, art.dateline, art.credits, art.body
    ('الرئيس اليمني يجتمع بمستشاريه', '2015-08-10', 'الرياض', ['واس'], ['عقد الرئيس اليمني اجتماعاً.'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from rasad.datafiles import load_yaml
from rasad.extract.outlets import name_key, outlet_for_name, outlet_for_site, outlet_for_url
from rasad.model import Article

_DATA = Path(__file__).parent / "data" / "record.yaml"
_I = re.IGNORECASE

# A byline or dateline splits into parts at dashes (a tatweel only when spaced), colons, commas,
# slashes, bars, brackets and guillemets: "بدر العتيبي- سبق- القصيم", "عكاظ (جدة)".
_PART_SEP = re.compile(r"\s*(?:[-–—:،,/|()«»{}\[\]\"“”]|\s+ـ+\s*|ـ+\s+)\s*")
_SPACED_TATWEEL = re.compile(r"(?<=\s)ـ+|ـ+(?=\s)")
# "دبي، الإمارات العربية المتحدة (CNN) -- النص" or "واشنطن (رويترز) - النص"
_PAREN_HEAD = re.compile(
    r"^(?P<place>[^()\n:.]{0,60}?)\s*\((?P<agency>[^()]{2,25})\)\s*(?:-{1,2}|[–—ـ]+|:)\s*(?P<rest>.*)$"
)
# "سبق- أبها: النص", "بدر العتيبي- سبق- القصيم: النص"
_COLON_HEAD = re.compile(r"^(?P<head>[^:.!؟\n]{2,60}?)\s*:\s*(?P<rest>\S.*)$")
_URL_YMD = re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?=/|$)")
_URL_COMPACT = re.compile(r"/(?P<y>(?:19|20)\d{2})-?(?P<m>[01]\d)-?(?P<d>[0-3]\d)(?=[/_\-.]|$)")
_LATIN_AGENCY = re.compile(r"^[A-Za-z][A-Za-z .]{1,15}$")
_DIGIT = re.compile(r"\d")
_DATE_FILLER = re.compile(r"(?<!\S)(?:الموافق|هـ|ه|م)(?!\S)")


@dataclass(frozen=True, slots=True)
class RecordPatterns:
    section_label: re.Pattern[str]
    chrome: re.Pattern[str]
    chrome_prefix: re.Pattern[str]
    credit_line: re.Pattern[str]
    closing_credit: re.Pattern[str]
    related: re.Pattern[str]
    related_weak: frozenset[str]
    related_max_chars: int
    related_follow: int
    agencies: frozenset[str]
    labels: frozenset[str]
    titles: frozenset[str]
    places: frozenset[str]
    first_names: frozenset[str]
    teaser_block: int
    teaser_outlets: frozenset[str]
    teaser_min: int
    teaser_max: int
    teaser_cut_min: int
    teaser_min_run: int
    teaser_min_cut: int
    continuation: re.Pattern[str]
    sentence_end: re.Pattern[str]


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


@lru_cache(maxsize=1)
def record_patterns() -> RecordPatterns:
    """The patterns of ``data/record.yaml``, compiled on first use."""
    data = load_yaml(_DATA)
    teasers = data["teasers"]
    related = rf"^(?P<label>{data['related_label']})(?P<sep>{data['related_separator']})(?P<headline>.*)$"
    return RecordPatterns(
        section_label=re.compile(data["section_label"]),
        chrome=re.compile(_alternation(data["chrome_lines"]), _I),
        chrome_prefix=re.compile(rf"^(?:{_alternation(data['chrome_prefixes'])})", _I),
        credit_line=re.compile(_alternation(data["credit_lines"]), _I),
        closing_credit=re.compile(_alternation(data["closing_credit_lines"]), _I),
        related=re.compile(related, _I),
        related_weak=frozenset(name_key(w) for w in data["related_weak_labels"]),
        related_max_chars=int(data["related_max_chars"]),
        related_follow=int(data["related_follow_lines"]),
        agencies=frozenset(name_key(a) for a in data["agencies"]),
        labels=frozenset(name_key(a) for a in data["byline_labels"]),
        titles=frozenset(name_key(a) for a in data["person_titles"]),
        places=frozenset(name_key(a) for a in data["places"]),
        first_names=frozenset(name_key(a) for a in data["first_names"]),
        teaser_block=int(teasers["block"]),
        teaser_outlets=frozenset(teasers.get("block_outlets") or []),
        teaser_min=int(teasers["min_chars"]),
        teaser_max=int(teasers["max_chars"]),
        teaser_cut_min=int(teasers["cut_min_chars"]),
        teaser_min_run=int(teasers["min_run"]),
        teaser_min_cut=int(teasers["min_cut"]),
        continuation=re.compile(rf"^(?:{teasers['continuation']})"),
        sentence_end=re.compile(teasers["sentence_end"]),
    )


# ---- datelines, bylines and credits ------------------------------------------------------------


@dataclass(slots=True)
class Credit:
    """What a dateline, byline or credit line says: a place, agencies, the outlet, people."""

    place: str | None = None
    agencies: list[str] = field(default_factory=list)
    outlet: bool = False
    persons: int = 0
    unknown: list[str] = field(default_factory=list)
    labels: int = 0


def _is_person(key: str, pat: RecordPatterns) -> bool:
    tokens = key.split()
    while tokens and tokens[0] in pat.titles:
        tokens = tokens[1:]
    if not 2 <= len(tokens) <= 5:
        return False
    first = tokens[0]
    return first in pat.first_names or first.startswith(("عبد", "ابو"))


def parse_credit(segment: str, outlet: str | None) -> Credit:
    """Read a dateline or byline: ``"طهران - فرانس برس"`` → place طهران, agency فرانس برس.

    Each part is an agency, the outlet (or another outlet's signature), a byline label
    ("متابعات"), a known place, a person, or unknown; a lone unknown part beside signatures
    or people is the place ("الكويت - الوئام").
    """
    pat = record_patterns()
    credit = Credit()
    for raw in _PART_SEP.split(segment):
        part = raw.strip(" *\u200e\u200f\xa0")
        key = name_key(part)
        if not key or not any(ch.isalpha() for ch in key):
            continue
        bare = key.removeprefix("من ").removeprefix("مكتب ")
        named = outlet_for_name(part) or outlet_for_name(bare)
        if key in pat.agencies:
            credit.agencies.append(part)
        elif named is not None and (named == outlet or bare not in pat.places):
            credit.outlet = True
        elif bare in pat.places:
            credit.place = credit.place or part.removeprefix("من ").strip()
        elif key in pat.labels or (key.split()[0] in pat.labels and len(key.split()) <= 2):
            credit.labels += 1
        elif _is_person(key, pat):
            credit.persons += 1
        else:
            credit.unknown.append(part)
    if credit.place is None and len(credit.unknown) == 1:
        lone = credit.unknown[0]
        if (
            len(lone.split()) <= 3
            and not _DIGIT.search(lone)
            and (credit.agencies or credit.outlet or credit.persons)
        ):
            credit.place = lone
            credit.unknown = []
    return credit


def credit_line(line: str, outlet: str | None) -> Credit | None:
    """A line that only signs the article: "عين اليوم – أبهــا", "فوزية الحربي", "واس - جدة"."""
    pat = record_patterns()
    if len(line) > 70 or len(line.split()) > 9 or pat.sentence_end.search(line.rstrip(": ")):
        return None
    credit = parse_credit(line, outlet)
    if credit.unknown:
        return None
    signed = bool(credit.agencies or credit.outlet or credit.persons)
    if signed or (credit.place and len(_PART_SEP.split(line.strip())) >= 2):
        return credit
    return None


def paragraph_head(line: str, outlet: str | None) -> Credit | None:
    """The dateline at the head of a paragraph: "دبي، الإمارات العربية المتحدة (CNN) –"."""
    pat = record_patterns()
    match = _PAREN_HEAD.match(line)
    if match:
        agency = match["agency"].strip()
        if name_key(agency) in pat.agencies or _LATIN_AGENCY.match(agency):
            place = re.split(r"[،,]", match["place"])[0].strip()
            return Credit(place=place or None, agencies=[agency])
    match = _COLON_HEAD.match(line)
    if match and len(match["head"].split()) <= 8:
        head = match["head"]
        credit = parse_credit(head, outlet)
        parts = [p for p in _PART_SEP.split(head) if p.strip()]
        if len(parts) >= 2 and not credit.unknown and (credit.agencies or credit.outlet):
            return credit
    return None


# ---- dates -------------------------------------------------------------------------------------


def _find_dates(text: str) -> list[tuple[int, int, str | None]]:
    """(start, end, value) of the dates in ``text``, via ``rasad.timex``; value "YYYY-MM-DD" or None."""
    try:
        from rasad.timex import find_dates
    except ImportError:  # timex not installed yet: a small Gregorian fallback
        return _fallback_dates(text)
    return [
        (found.start, found.end, found.value if found.value and len(found.value) == 10 else None)
        for found in find_dates(text, None)
    ]


_MONTHS = {
    name_key(n): i
    for i, names in enumerate(
        [
            "يناير كانون الثاني جانفي",
            "فبراير شباط فيفري",
            "مارس آذار",
            "أبريل إبريل ابريل نيسان أفريل",
            "مايو أيار ماي",
            "يونيو حزيران جوان",
            "يوليو تموز جويلية",
            "أغسطس اغسطس آب أوت",
            "سبتمبر أيلول",
            "أكتوبر اكتوبر تشرين الأول",
            "نوفمبر تشرين الثاني",
            "ديسمبر كانون الأول",
        ],
        start=1,
    )
    for n in names.split()
}
_FALLBACK_DATE = re.compile(r"(?P<d>\d{1,2})\s+(?P<m>[\u0621-\u064A]+)\s+(?P<y>\d{4})")


def _fallback_dates(text: str) -> list[tuple[int, int, str | None]]:
    out: list[tuple[int, int, str | None]] = []
    for match in _FALLBACK_DATE.finditer(text):
        month = _MONTHS.get(name_key(match["m"]))
        out.append((match.start(), match.end(), _ymd(match["y"], month, match["d"]) if month else None))
    return out


def _ymd(year: str | int, month: str | int, day: str | int) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _date_line(line: str, outlet: str | None) -> tuple[Credit, str] | None:
    """An agency date line: "الرياض 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس" → (credit, date)."""
    if len(line) > 160:
        return None
    dates = _find_dates(line)
    values = [value for _, _, value in dates if value]
    if not values:
        return None
    pieces, last = [], 0
    for start, end, _ in dates:
        pieces.append(line[last:start])
        last = end
    pieces.append(line[last:])
    residue = " ".join(_DATE_FILLER.sub(" ", " ".join(pieces).replace("ـ", "")).split())
    if not residue or len(residue.split()) > 7 or _DIGIT.search(residue):
        return None
    pat = record_patterns()
    credit = parse_credit(residue, outlet)
    words = residue.split()
    # "مكة المكرمة واس": the agency ends the line without a separator
    for size in (3, 2, 1):
        if len(words) > size and name_key(" ".join(words[-size:])) in pat.agencies:
            place = re.sub(r"\s*\(.*?\)\s*", " ", " ".join(words[:-size])).strip()
            credit = Credit(place=place or None, agencies=[" ".join(words[-size:])])
            break
    if not (credit.agencies or credit.place):
        return None
    return credit, values[-1]


def date_from_url(url: str | None) -> str | None:
    """A date in the URL path: ``/2015/20150726/ln15.htm`` → ``2015-07-26``."""
    if not url:
        return None
    try:
        path = unquote(urlsplit(url).path)
    except ValueError:
        return None
    for pattern in (_URL_YMD, _URL_COMPACT):
        for match in pattern.finditer(path):
            value = _ymd(match["y"], match["m"], match["d"])
            if value:
                return value
    return None


# ---- lines -------------------------------------------------------------------------------------


def clean_title(title: Any) -> str | None:
    """The record's title, trimmed, without a section label: ``"عام / العنوان"`` → ``"العنوان"``."""
    if not isinstance(title, str):
        return None
    title = record_patterns().section_label.sub("", title.strip(), count=1).strip()
    return title or None


def _related_headline(line: str) -> str | None:
    """The headline of a 'read also' line, ``""`` for a bare label, None for any other line."""
    pat = record_patterns()
    if len(line) > pat.related_max_chars:
        return None
    match = pat.related.match(line)
    if not match:
        return None
    if name_key(match["label"]) in pat.related_weak and not re.search(r"\.\.|\||/", match["sep"]):
        return None
    return match["headline"].strip().strip("()").strip()


def _is_headline(line: str) -> bool:
    pat = record_patterns()
    return len(line) <= pat.related_max_chars and not pat.sentence_end.search(line)


def _teaser_start(lines: list[str], outlet: str | None) -> int:
    """Index of the first teaser among the trailing lines (``len(lines)`` if there are none)."""
    pat = record_patterns()

    def lead_like(line: str) -> bool:
        return pat.teaser_min <= len(line) <= pat.teaser_max and not pat.continuation.match(line)

    def cut(line: str) -> bool:
        return len(line) >= pat.teaser_cut_min and not pat.sentence_end.search(line)

    n, run = len(lines), 0
    while run < min(n - 1, pat.teaser_block) and lead_like(lines[n - 1 - run]):
        run += 1
    cuts = sum(cut(line) for line in lines[n - run :])
    if outlet in pat.teaser_outlets:
        return n - run if run == pat.teaser_block or (run and cuts) else n
    return n - run if run >= pat.teaser_min_run and cuts >= pat.teaser_min_cut else n


# ---- the record ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Head:
    dateline: str | None = None
    credits: list[str] = field(default_factory=list)
    published: str | None = None

    def take(self, credit: Credit) -> None:
        if self.dateline is None and credit.place:
            self.dateline = _SPACED_TATWEEL.sub("", credit.place).strip() or None
        for agency in credit.agencies:
            if agency not in self.credits:
                self.credits.append(agency)


def article_from_record(text: str, meta: dict[str, Any]) -> Article:
    """The article of a JSONL record: ``text`` plus ``url``, ``title``, ``published``, ``byline``.

    ``fetched`` is never a publication date.
    """
    pat = record_patterns()
    url = meta.get("url") if isinstance(meta.get("url"), str) else None
    outlet = outlet_for_url(url) or outlet_for_site(meta.get("site"))
    head = _Head()
    lines = []
    for raw in (text or "").splitlines():
        line = pat.chrome_prefix.sub("", raw.strip()).strip()
        if line and not pat.chrome.fullmatch(line):
            lines.append(line)

    # dateline, date and credit lines at the top
    while lines:
        dated = _date_line(lines[0], outlet)
        credit = dated[0] if dated else credit_line(lines[0], outlet)
        if credit is None:
            break
        head.take(credit)
        if dated and head.published is None:
            head.published = dated[1]
        lines.pop(0)
    # author and agency credit lines at the bottom
    while len(lines) > 1 and (
        pat.credit_line.fullmatch(lines[-1])
        or pat.closing_credit.fullmatch(lines[-1])
        or credit_line(lines[-1], outlet)
    ):
        lines.pop()

    body: list[str] = []
    related: list[str] = []
    follow = 0
    for line in lines:
        if follow and _is_headline(line):
            related.append(line)
            follow -= 1
            continue
        follow = 0
        headline = _related_headline(line)
        if headline == "":
            follow = pat.related_follow
        elif headline is not None:
            related.append(headline)
        elif not (len(line) <= 300 and pat.credit_line.fullmatch(line)):
            body.append(line)
    body = body[: _teaser_start(body, outlet)]

    if body:
        credit = paragraph_head(body[0], outlet)
        if credit is not None:
            head.take(credit)
    byline = meta.get("byline")
    if isinstance(byline, str) and byline.strip():
        head.take(parse_credit(byline, outlet))

    published = meta.get("published")
    if not (isinstance(published, str) and published.strip()):
        published = head.published or date_from_url(url)
    return Article(
        title=clean_title(meta.get("title")),
        published=published.strip() if published else None,
        dateline=head.dateline,
        credits=head.credits,
        outlet=outlet,
        body=body,
        captions=[],
        related=related,
    )
