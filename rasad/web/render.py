"""Turning archive rows into safe HTML: an article's paragraphs with entities linked and event
sentences marked in place, names in the page's language, and the labels of both languages.

Everything that comes from an article goes through :func:`markupsafe.escape`; the only markup is
what this module writes around it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

#: label: (Arabic, English)
LABELS: dict[str, tuple[str, str]] = {
    "site": ("رصد", "rasad"),
    "explorer": ("مستكشف الأحداث", "Event explorer"),
    "live": ("التغطية الحية", "Live coverage"),
    "quotes": ("التصريحات", "Quotes"),
    "search": ("بحث", "Search"),
    "actors": ("الفاعلون", "Actors"),
    "actor": ("الفاعل", "Actor"),
    "recipient": ("المتلقي", "Recipient"),
    "date": ("التاريخ", "Date"),
    "type": ("النوع", "Type"),
    "country": ("الدولة", "Country"),
    "since": ("من", "Since"),
    "until": ("إلى", "Until"),
    "words": ("كلمات", "Words"),
    "filter": ("تصفية", "Filter"),
    "sources": ("المصادر", "Sources"),
    "sentence": ("الجملة", "Sentence"),
    "events": ("الأحداث", "Events"),
    "timeline": ("الأحداث أسبوعياً حسب النوع", "Events per week by type"),
    "timeline_month": ("الأحداث شهرياً حسب النوع", "Events per month by type"),
    "network": ("شبكة الفاعلين", "Actor network"),
    "export": ("تصدير CSV", "Export CSV"),
    "next": ("التالي", "Next"),
    "first_page": ("الصفحة الأولى", "First page"),
    "nothing": ("لا نتائج", "Nothing matches"),
    "language": ("English", "العربية"),
    "font_up": ("تكبير الخط", "Larger text"),
    "font_down": ("تصغير الخط", "Smaller text"),
    "story": ("المصادر الأخرى للخبر", "Other sources of this story"),
    "related": ("مقالات ذات صلة", "Related articles"),
    "read_also": ("اقرأ أيضاً", "Read also"),
    "speaker": ("المتحدث", "Speaker"),
    "quote": ("التصريح", "Quote"),
    "article": ("المقال", "Article"),
    "names": ("الأسماء", "Names"),
    "aliases": ("أسماء أخرى", "Aliases"),
    "offices": ("المناصب", "Offices"),
    "per_month": ("الأحداث شهرياً", "Events per month"),
    "as_actor": ("فاعلاً", "as actor"),
    "as_recipient": ("متلقياً", "as recipient"),
    "said": ("ما قاله", "What was said"),
    "results": ("النتائج", "Results"),
    "newest": ("أحدث الأحداث", "Newest events"),
    "waiting": ("بانتظار أحداث جديدة…", "Waiting for new events…"),
    "api": ("واجهة JSON", "JSON API"),
    "entities": ("الكيانات", "Entities"),
    "error": ("خطأ", "Error"),
    "all": ("الكل", "All"),
}


def label(key: str, lang: str) -> str:
    ar, en = LABELS.get(key, (key, key))
    return en if lang == "en" else ar


def actor_href(ref: str) -> str:
    return "/actors/" + quote(ref, safe="")


def name_of(a: dict[str, Any], lang: str) -> str:
    """An actor's name in the page's language: the English name in English when known."""
    if lang == "en" and a.get("name_en"):
        return str(a["name_en"])
    if a.get("canonical"):
        return str(a["canonical"])
    code = " ".join(x for x in (a.get("country"), a.get("sector")) if x)
    text = str(a.get("text") or a.get("name") or a.get("ref") or "")
    return f"{text} ({code})" if code else text


def actors_html(actors: list[dict[str, Any]], lang: str) -> Markup:
    """Actors as links to their pages, ``; ``-separated."""
    return Markup("; ").join(
        Markup('<a class="actor" href="{}">{}</a>').format(actor_href(a["ref"]), name_of(a, lang))
        if a.get("ref") else escape(name_of(a, lang)) for a in actors)


@dataclass(slots=True)
class Span:
    start: int
    end: int
    event_id: int | None = None  # a sentence, or a trigger, of this event
    trigger: bool = False
    entity: dict[str, Any] | None = None


def paragraph_html(text: str, spans: list[Span], highlight: int | None, lang: str, anchored: set[int]) -> Markup:
    """``text`` with entities as links to their actor pages, each event's sentence in a span of class
    ``s-ID`` (``hl`` too for ``highlight``), its trigger in bold. ``anchored``: events whose first
    span already got its ``id="ev-ID"`` (one anchor per event in the page)."""
    n = len(text)
    spans = [s for s in spans if 0 <= s.start < s.end <= n]
    cuts = sorted({0, n, *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        inside = [s for s in spans if s.start <= a and b <= s.end]
        events = sorted({s.event_id for s in inside if s.event_id is not None and not s.trigger})
        triggered = any(s.trigger for s in inside)
        entity = next((s.entity for s in inside if s.entity is not None), None)
        piece: Markup = escape(text[a:b])
        if triggered:
            piece = Markup('<b class="trigger">{}</b>').format(piece)
        if entity is not None:
            title = entity.get("name_en") if lang == "en" and entity.get("name_en") else entity.get("canonical") or ""
            cls = f"ent ent-{entity.get('type') or 'X'}"
            if entity.get("ref") and (entity.get("kb_id") or entity.get("canonical")):
                piece = Markup('<a class="{}" href="{}" title="{}">{}</a>').format(
                    cls, actor_href(entity["ref"]), title, piece)
            else:
                piece = Markup('<span class="{}" title="{}">{}</span>').format(cls, title, piece)
        if events:
            classes = " ".join(f"s-{e}" for e in events) + (" hl" if highlight in events else "")
            new = [e for e in events if e not in anchored]
            anchored.update(new)
            ident = Markup(' id="ev-{}"').format(new[0]) if new else Markup("")
            piece = Markup('<span class="sent {}"{} data-events="{}">{}</span>').format(
                classes, ident, " ".join(map(str, events)), piece)
        out.append(str(piece))
    return Markup("".join(out))


def article_paragraphs(a: dict[str, Any], highlight: int | None, lang: str) -> tuple[Markup, list[Markup], list[Markup]]:
    """The title, the body paragraphs and the captions of an article from
    :func:`rasad.archive.browse.article`, marked up (its names as links to their actors)."""
    spans: dict[int, list[Span]] = {}
    for m in a["entities"]:
        spans.setdefault(m["paragraph"], []).append(Span(m["start"], m["end"], entity=m))
    for e in a["events"]:
        m = e["mention"]
        if m.get("sentence_start") is not None:
            spans.setdefault(m["paragraph"], []).append(Span(m["sentence_start"], m["sentence_end"], e["id"]))
        if m.get("trigger_start") is not None and m.get("trigger_end") is not None:
            spans.setdefault(m["paragraph"], []).append(Span(m["trigger_start"], m["trigger_end"], e["id"], trigger=True))
    anchored: set[int] = set()
    title = paragraph_html(a.get("title") or "", spans.get(-1, []), highlight, lang, anchored)
    body = [paragraph_html(p, spans.get(i, []), highlight, lang, anchored) for i, p in enumerate(a["body"])]
    in_captions: dict[int, list[Span]] = {}
    for m in a.get("caption_entities", ()):
        in_captions.setdefault(m["caption"], []).append(Span(m["start"], m["end"], entity=m))
    captions = [paragraph_html(c, in_captions.get(i, []), None, lang, anchored) for i, c in enumerate(a["captions"])]
    return title, body, captions
