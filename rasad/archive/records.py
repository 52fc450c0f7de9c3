"""What the archive stores of one document, computed where the document is processed.

A pool worker runs the pipeline and turns the :class:`~rasad.model.Document` into a
:class:`Record`: plain, picklable rows (article, entity mentions, events with their actors and
evidence, quotes), the normalised and stemmed text for full-text search, and the MinHash signature
of the body. The one writer then only inserts rows; nothing CPU-heavy happens there.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from rasad.archive.textsearch import normalized_words, stems
from rasad.dedup import signature
from rasad.errors import InputError
from rasad.extract.chrome import site_key
from rasad.model import Actor, Document, Event, Mention, RawDoc
from rasad.read.text import safe_text

#: The record fields that make two inputs the same document (``fetched`` is when, not what).
HASHED_META = ("id", "url", "title", "published", "byline", "site")


def content_hash(item: RawDoc | InputError) -> str:
    """The key of a document in the archive: sha256 of its kind, text and record fields.

    The same page read from another path is the same document; an unreadable input is keyed by its
    source and reason, so it is stored once as a failed document.
    """
    h = hashlib.sha256()
    if isinstance(item, InputError):
        h.update(f"error\0{item.source}\0{item.reason}".encode("utf-8", "replace"))
        return h.hexdigest()
    meta = {k: item.meta[k] for k in HASHED_META if k in item.meta}
    h.update(item.kind.encode())
    h.update(b"\0")
    h.update(item.text.encode("utf-8", "replace"))
    h.update(b"\0")
    h.update(json.dumps(meta, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8", "replace"))
    return h.hexdigest()


@dataclass(slots=True)
class Record:
    """One document ready for the writer; ``error`` set (and nothing else) for a failed or empty one."""

    content_hash: str
    source: str
    error: str | None = None
    article: dict[str, Any] = field(default_factory=dict)
    search: dict[str, str] = field(default_factory=dict)  # title, body (normalised), stems
    signature: bytes | None = None
    mentions: list[tuple[Any, ...]] = field(default_factory=list)
    caption_mentions: list[tuple[Any, ...]] = field(default_factory=list)  # (caption, start, end, ...)
    events: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[tuple[Any, ...]] = field(default_factory=list)
    # not stored: what processing it cost, for the ingest's summary and bench/ingest.py
    cpu: float = 0.0  # CPU seconds in the pipeline
    peak_kb: int = 0  # peak RSS of the process that processed it


#: How :mod:`rasad.read` says that an input holds nothing to read — an empty file, a corpus record
#: whose text is blank. That is the page's state, not a failure of rasad: the archive keeps such a
#: document with the status ``empty`` (and the reason), counted apart from the failed ones.
EMPTY_REASONS = ("empty input:", "the record has no 'html', 'page' or 'text' field with content")


def status(rec: Record) -> str:
    """``ok``, ``empty`` (:data:`EMPTY_REASONS`) or ``failed``: the document's status in the archive."""
    if rec.error is None:
        return "ok"
    return "empty" if rec.error.startswith(EMPTY_REASONS) else "failed"


def failed_record(key: str, source: str, reason: str) -> Record:
    return Record(key, safe_text(source), error=safe_text(reason) or "unknown error")


def build_record(key: str, raw: RawDoc, doc: Document) -> Record:
    """The rows of a processed document (``raw`` gives the URL and site, which the pipeline drops)."""
    if doc.error is not None:
        return failed_record(key, doc.source, doc.error)
    a = doc.article
    url = raw.meta.get("url") if isinstance(raw.meta.get("url"), str) else None
    site = a.outlet or _host(url) or site_key(raw)
    article = {
        "title": a.title, "published": a.published, "day": (a.published or "")[:10] or None,
        "dateline": a.dateline, "outlet": a.outlet, "url": url, "site": site,
        "credits": a.credits, "body": a.body, "captions": a.captions, "related": a.related,
    }
    body_norm = " ".join(normalized_words(" ".join(a.body)))
    search = {"title": " ".join(normalized_words(a.title or "")), "body": body_norm,
              "stems": stems((a.title or "") + "\n" + "\n".join(a.body))}
    ids: dict[str, tuple[str | None, str | None]] = {
        m.canonical: (m.id, m.name_en) for m in doc.entities if m.canonical and m.id}
    quotes = [(q.paragraph, q.speaker.text, q.speaker.canonical, q.speaker.country, q.speaker.sector,
               q.text, q.direct, q.cue) for q in doc.quotes]
    return Record(key, doc.source, article=article, search=search, signature=signature(body_norm),
                  mentions=_mention_rows(doc.entities), caption_mentions=_mention_rows(doc.caption_entities), events=[_event(e, doc, ids) for e in doc.events], quotes=quotes)


def _mention_rows(mentions: list[Mention]) -> list[tuple[Any, ...]]:
    """The rows of entity mentions (a caption's: its index where a body mention has its paragraph)."""
    return [(m.paragraph, m.start, m.end, m.text, m.type, m.canonical, m.name_en, m.id) for m in mentions]


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _paragraph_text(doc: Document, index: int) -> str:
    if index == -1:
        return doc.article.title or ""
    return doc.article.body[index] if 0 <= index < len(doc.article.body) else ""


def _event(e: Event, doc: Document, ids: dict[str, tuple[str | None, str | None]]) -> dict[str, Any]:
    """An event's row, its actors, and its mention (where this article reports it)."""
    text = _paragraph_text(doc, e.paragraph)
    s_start = max(text.find(e.sentence), 0) if e.sentence else 0
    t_rel = e.sentence.find(e.trigger) if e.sentence and e.trigger else -1
    t_start = s_start + t_rel if t_rel >= 0 else None
    date_text = None
    if e.date:
        for t in doc.times_in(e.paragraph, s_start, s_start + len(e.sentence or text)):
            if t.value == e.date:
                date_text = t.text
                break
    loc = e.location
    qty = e.quantity
    return {
        "type": e.type, "mode": e.mode, "cameo": e.cameo, "date": e.date,
        "date_precision": {10: "day", 7: "month", 4: "year"}.get(len(e.date or "")),
        "date_text": date_text, "modality": e.modality,
        "location": (loc.text, loc.canonical, loc.country) if loc else (None, None, None),
        "quantity": (qty.value, qty.unit, qty.item) if qty else (None, None, None),
        "actors": [_actor("actor", i, x, ids) for i, x in enumerate(e.actor)]
        + [_actor("recipient", i, x, ids) for i, x in enumerate(e.recipient)],
        "mention": {"paragraph": e.paragraph, "sentence": e.sentence, "trigger": e.trigger,
                    "trigger_start": t_start, "trigger_end": t_start + len(e.trigger) if t_start is not None else None,
                    "rule": e.rule},
    }


def _actor(role: str, position: int, x: Actor, ids: dict[str, tuple[str | None, str | None]]) -> tuple[Any, ...]:
    kb_id, name_en = ids.get(x.canonical or "", (None, None))
    return (role, position, x.text, x.canonical, name_en, kb_id, x.country, x.sector)


def actor_key(actor: tuple[Any, ...]) -> str:
    """What makes two actors the same in two articles: the KB id, else the canonical name, else
    country and sector (``"SYR/GOV"`` for ``المسؤولين السوريين``)."""
    _, _, _, canonical, _, kb_id, country, sector = actor
    if kb_id:
        return f"id:{kb_id}"
    if canonical:
        return "name:" + " ".join(normalized_words(canonical))
    return f"cs:{country or '-'}/{sector or '-'}"


def match_key(event: dict[str, Any], story: str) -> str:
    """What two reports of one event share: sha1 of its type, mode, modality, actors, recipients and
    place, and its month (``2020-12`` for ``2020-12-18`` and for ``2020-12``) or year when only the
    year is known. :func:`compatible` then decides between the events of one match key.

    An event without a date merges only within its story cluster (``story``, the content hash of the
    story's first article): two undated 'meetings' of the same people in unrelated articles need not
    be one meeting.
    """
    roles: dict[str, list[str]] = {"actor": [], "recipient": []}
    for a in event["actors"]:
        roles[a[0]].append(actor_key(a))
    place = event["location"][1] or event["location"][0]
    date = event["date"]
    when = f"story:{story}" if not date else date[:7] if len(date) >= 7 else f"year:{date}"
    parts = [event["type"], event["mode"] or "", event["modality"], "|".join(sorted(set(roles["actor"]))),
             "|".join(sorted(set(roles["recipient"]))), when, " ".join(normalized_words(place)) if place else ""]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


def event_key(match: str, date: str | None, ordinal: int = 0) -> str:
    """The event's id: sha1 of its match key, the date of its first report, and how many events of
    that match key the archive held before it (``2020-12`` can be a third event when reports of
    two different days of December came first)."""
    return hashlib.sha1(f"{match}\x1f{date or ''}\x1f{ordinal}".encode()).hexdigest()


def compatible(stored: str | None, new: str | None) -> bool:
    """Can two reports' dates be one event's? The same date, or a month and a day of that month
    (``2020-12`` and ``2020-12-18``); two days or two years must be equal."""
    if stored == new:
        return True
    if not stored or not new:
        return False
    short, long = sorted((stored, new), key=len)
    return len(short) == 7 and len(long) == 10 and long.startswith(short)
