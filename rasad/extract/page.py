"""Article from a flattened page: classify every line, keep the article's.

A flattened page is what a scraper leaves of a web page: the headline, a date line, image file
names, captions with photo credits, a dateline, font-size widgets, body paragraphs, 'read also'
links and footers, one per line. Each line gets one label; the article is read off the labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rasad.extract.patterns import line_key, page_patterns
from rasad.extract.record import Credit, credit_line, paragraph_head
from rasad.model import Article

IMAGE = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|bmp)(?:\?\S*)?$", re.IGNORECASE)
_LATIN_ONLY = re.compile(r"^[\x00-\x7f]{1,20}$")
_SENTENCE_END = re.compile(r"[.!?؟:\"”»…]\s*$")
_DATELINE = re.compile(r"^(?P<place>[^\d:،,.]{2,30}?)\s*[ـ\-–—]+\s*(?P<credit>[^\d:،,.]{2,30})$")
_SPACED_TATWEEL = re.compile(r"(?<=\s)ـ+|ـ+(?=\s)")
_OUTLET_QUOTED = re.compile(r"[\"“«](?P<name>[^\"”»]{2,40})[\"”»]")


@dataclass(slots=True)
class PageParts(Article):
    """The article's parts as the line classifier finds them, and the raw date line."""

    date_line: str | None = None


def _words(line: str) -> int:
    return len(line.split())


def is_paragraph(line: str) -> bool:
    """A body-like line: a sentence or several, not a headline or a widget."""
    n = _words(line)
    return n >= 25 or (n >= 6 and bool(_SENTENCE_END.search(line)))


def is_headline(line: str) -> bool:
    n = _words(line)
    return 3 <= n <= 30 and not line.rstrip().endswith(".")


_TITLE_END = re.compile(r"[.!?؟:\"”»…]+\s*$")
_INNER_SENTENCE = re.compile(r"[.!?؟](?:\s|$)")
TITLE_MAX_WORDS = 20
TITLE_LOOKAHEAD = 6


def _punctuated_title(line: str, following: list[str], date_parser) -> bool:  # type: ignore[no-untyped-def]
    """A headline ending in ``؟ ! . … : "`` ("هل تنجح مفاوضات جنيف؟"): short, one sentence, and
    followed within a few lines by what follows a title (the date line, an image, a dateline, the
    title again) — so a short first paragraph of a page without a title stays body."""
    if not (3 <= _words(line) <= TITLE_MAX_WORDS and _TITLE_END.search(line)):
        return False
    if _INNER_SENTENCE.search(_TITLE_END.sub("", line)):
        return False
    for nxt in following[:TITLE_LOOKAHEAD]:
        if nxt == line or IMAGE.match(nxt) or _DATELINE.match(nxt):
            return True
        if date_parser is not None and date_parser(nxt):
            return True
    return False


def classify_page(text: str, date_parser=None, learned: frozenset[str] = frozenset()) -> PageParts:  # type: ignore[no-untyped-def]
    """Split a flattened page into the parts of an article.

    ``date_parser(line)`` returns a non-None value when ``line`` is the page's date line;
    ``learned`` holds the line keys of the site's chrome learned from the batch.
    """
    pats = page_patterns()
    lines = [raw.strip() for raw in text.splitlines()]
    lines = [line for line in lines if line]
    parts = PageParts()
    pending: list[str] = []  # short lines seen after the body started: subheadings or trailing chrome
    after_image = False
    for index, line in enumerate(lines):
        key = line_key(line)
        if key in pats.stop:
            break
        if key in pats.chrome or (_LATIN_ONLY.match(line) and not any(c.isdigit() for c in line)):
            after_image = False
            continue
        if IMAGE.match(line):
            after_image = True
            continue
        related = pats.related.match(line)
        if related:
            parts.related.append(related.group("headline").strip())
            continue
        if pats.footer.search(key):
            parts.outlet = parts.outlet or _outlet_from_footer(line)
            continue
        if parts.date_line is None and not parts.body and date_parser is not None and date_parser(line):
            parts.date_line = line
            continue
        if after_image and not is_paragraph(line):
            after_image = False
            _caption(parts, line, pats)
            continue
        after_image = False
        if key in learned and not _DATELINE.match(line):  # the site's chrome, learned from the batch
            continue
        if not parts.body:
            dateline = _DATELINE.match(line)
            if (
                dateline and parts.dateline is None and _words(line) <= 6
                and line_key(dateline.group("credit")) in pats.agencies
            ):  # "إسطنبول ـ وكالات" is a dateline even where a title would be
                parts.dateline = dateline.group("place").strip()
                parts.credits.insert(0, dateline.group("credit").strip())
                continue
            if parts.title is None and (
                (is_headline(line) and not is_paragraph(line))
                or _punctuated_title(line, lines[index + 1 :], date_parser)
            ):
                parts.title = line
                continue
            if line == parts.title:
                continue
            credit = credit_line(line.strip("()[] "), parts.outlet)
            if credit is not None and (credit.place or credit.agencies):
                _take_credit(parts, credit)  # "القاهرة - رويترز", "حسام أبو العلا - القاهرة" above the body
                continue
            dateline = _DATELINE.match(line)
            if dateline and parts.dateline is None and _words(line) <= 6:
                parts.dateline = dateline.group("place").strip()
                parts.credits.insert(0, dateline.group("credit").strip())
                continue
            if is_paragraph(line):
                parts.body.append(line)
            continue
        if is_paragraph(line):
            parts.body.extend(pending)
            pending.clear()
            parts.body.append(line)
        elif line != parts.title:
            pending.append(line)
    if parts.body and parts.dateline is None:
        head = paragraph_head(parts.body[0], parts.outlet)  # "القاهرة (رويترز) - قال ..." stays in the body
        if head is not None:
            _take_credit(parts, head)
    return parts


def _take_credit(parts: PageParts, credit: Credit) -> None:
    """The place and agencies of a dateline or credit line; its agencies come before photo credits."""
    if parts.dateline is None and credit.place:
        parts.dateline = _SPACED_TATWEEL.sub("", credit.place).strip() or None
    new = [agency for agency in credit.agencies if agency not in parts.credits]
    parts.credits[:0] = new


def _caption(parts: PageParts, line: str, pats) -> None:  # type: ignore[no-untyped-def]
    tail = pats.credit_tail.match(line)
    if tail and line_key(tail.group("credit")) in pats.agencies:
        parts.captions.append(tail.group("text").strip())
        parts.credits.append(tail.group("credit").strip())
    else:
        parts.captions.append(line)


def _outlet_from_footer(line: str) -> str | None:
    m = _OUTLET_QUOTED.search(line)
    return m.group("name").strip() if m else None


def article_from_page(text: str, date_parser=None, learned: frozenset[str] = frozenset()) -> tuple[Article, str | None]:  # type: ignore[no-untyped-def]
    """The Article of a flattened page, and its raw date line (for the published time)."""
    parts = classify_page(text, date_parser, learned)
    article = Article(
        title=parts.title,
        dateline=parts.dateline,
        credits=list(dict.fromkeys(parts.credits)),
        outlet=parts.outlet,
        body=parts.body,
        captions=parts.captions,
        related=parts.related,
    )
    return article, parts.date_line
