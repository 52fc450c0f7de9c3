"""The data model of the document contract (``CONTRACT.md``).

One :class:`Document` flows through the pipeline; each stage fills in part of it. ``to_dict()``
gives exactly the contract's JSON: fields that exist only for the pipeline's own use (token
analyses, internal KB references) live in underscore-free attributes marked ``repr=False`` and are
never serialised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class RawDoc:
    """Bytes or text as read, before any extraction.

    ``kind`` is ``"page"`` (a flattened page), ``"html"`` (a raw page) or ``"text"`` (article
    text of a JSONL record, paragraphs separated by newlines). ``meta`` carries the record fields
    of ``CONTRACT.md`` (``url``, ``title``, ``published``, ``byline``, ``fetched``, ``id``).
    """

    source: str
    kind: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Article:
    title: str | None = None
    published: str | None = None
    dateline: str | None = None
    credits: list[str] = field(default_factory=list)
    outlet: str | None = None
    body: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "published": self.published,
            "dateline": self.dateline,
            "credits": list(self.credits),
            "outlet": self.outlet,
            "body": list(self.body),
            "captions": list(self.captions),
            "related": list(self.related),
        }


@dataclass(slots=True)
class Mention:
    """A named entity in the title (paragraph -1) or a body paragraph."""

    text: str
    type: str
    canonical: str | None
    name_en: str | None
    id: str | None
    paragraph: int
    start: int
    end: int
    # not in the contract: what the pipeline knows about the entity for actor coding
    country: str | None = field(default=None, repr=False)
    sector: str | None = field(default=None, repr=False)
    rule: str = field(default="kb", repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "type": self.type,
            "canonical": self.canonical,
            "name_en": self.name_en,
            "id": self.id,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
        }


@dataclass(slots=True)
class Actor:
    text: str
    canonical: str | None = None
    country: str | None = None
    sector: str | None = None
    # not in the contract: how the actor was coded, for `rasad explain` ("kb person faisal-mekdad, ...")
    how: str = field(default="", repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "canonical": self.canonical, "country": self.country, "sector": self.sector}


@dataclass(slots=True)
class Location:
    text: str
    canonical: str | None = None
    country: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "canonical": self.canonical, "country": self.country}


@dataclass(slots=True)
class Quantity:
    value: float | int
    unit: str | None = None
    item: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit, "item": self.item}


@dataclass(slots=True)
class Event:
    type: str
    mode: str | None
    actor: list[Actor]
    recipient: list[Actor]
    date: str | None
    location: Location | None
    quantity: Quantity | None
    modality: str
    paragraph: int
    sentence: str
    trigger: str
    rule: str
    cameo: str | None = None  # CAMEO event code (rasad.cameo), for GDELT users

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "mode": self.mode,
            "actor": [a.to_dict() for a in self.actor],
            "recipient": [a.to_dict() for a in self.recipient],
            "date": self.date,
            "location": self.location.to_dict() if self.location else None,
            "quantity": self.quantity.to_dict() if self.quantity else None,
            "modality": self.modality,
            "paragraph": self.paragraph,
            "sentence": self.sentence,
            "trigger": self.trigger,
            "rule": self.rule,
            "cameo": self.cameo,
        }


@dataclass(slots=True)
class Quote:
    speaker: Actor
    text: str
    direct: bool
    cue: str
    paragraph: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker.to_dict(),
            "text": self.text,
            "direct": self.direct,
            "cue": self.cue,
            "paragraph": self.paragraph,
        }


@dataclass(slots=True)
class TimeExpr:
    """A date expression found in a paragraph, resolved against a reference date.

    ``value`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (as precise as the text allows) or None
    when the expression is too vague ("قبل أسابيع").
    """

    text: str
    paragraph: int
    start: int
    end: int
    value: str | None
    rule: str = ""


@dataclass(slots=True)
class Document:
    """Everything rasad knows about one input document; ``to_dict()`` is the contract's JSON."""

    source: str
    article: Article = field(default_factory=Article)
    entities: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    error: str | None = None
    # names in the photo captions (``paragraph`` is the index into ``article.captions``), linked in
    # the article's context; apart from ``entities``, which are the title's and body's (CONTRACT.md)
    caption_entities: list[Mention] = field(default_factory=list)
    raw: RawDoc | None = field(default=None, repr=False)
    # shared analyses, computed once by the `arabic` stage (see rasad.arabic.text)
    paragraphs: list[Any] = field(default_factory=list, repr=False)
    times: list[TimeExpr] = field(default_factory=list, repr=False)
    reference_date: str | None = field(default=None, repr=False)
    # violence and protest words the events stage did not code, with why: (paragraph, sentence,
    # trigger, reason), for ``rasad explain`` (not part of the contract)
    skipped: list[tuple[int, str, str, str]] = field(default_factory=list, repr=False)
    # what the event models made of each candidate site (rasad.decide.coder.Decision), kept only
    # when ``rasad explain`` asks for it (not part of the contract)
    decisions: list[Any] = field(default_factory=list, repr=False)

    def times_in(self, paragraph: int, start: int, end: int) -> list[TimeExpr]:
        """The time expressions of ``paragraph`` that start in ``[start, end)`` (a sentence)."""
        return [t for t in self.times if t.paragraph == paragraph and start <= t.start < end]

    def to_dict(self) -> dict[str, Any]:
        if self.error is not None:
            return {"source": self.source, "error": self.error}
        return {
            "source": self.source,
            "article": self.article.to_dict(),
            "entities": [m.to_dict() for m in self.entities],
            "events": [e.to_dict() for e in self.events],
            "quotes": [q.to_dict() for q in self.quotes],
            "caption_entities": [_caption_mention(m) for m in self.caption_entities],
        }


def _caption_mention(m: Mention) -> dict[str, Any]:
    """A caption's mention as JSON: ``caption`` (the index into ``article.captions``) where a body
    mention has ``paragraph``; offsets into that caption."""
    return {("caption" if k == "paragraph" else k): v for k, v in m.to_dict().items()}
