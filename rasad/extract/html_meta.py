"""What an HTML page says about itself: its URL, site name, titles, times and bylines.

Read once from the parsed page (lxml, which trafilatura already needs): JSON-LD, ``<meta>``
(``og:``, ``article:``, ``itemprop``, Dublin Core and CMS names), ``<link rel=canonical>``,
``<time datetime>``, the ``<h1>``, and the short visible lines that state a date
(``نشر في: الاثنين 24 أغسطس 2020 - 10:30 ص``, ``آخر تحديث: ...``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import html as lxml_html

# <meta> keys (property, name or itemprop, lower case) by what they hold, best first
PUBLISHED_KEYS = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "article.published", "published_time", "publish-date", "publishdate", "pubdate", "publication_date",
    "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.created",
    "date", "datecreated",
)
MODIFIED_KEYS = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified")
SITE_KEYS = ("og:site_name", "application-name", "al:android:app_name", "al:ios:app_name", "twitter:site")
TITLE_KEYS = ("og:title", "twitter:title", "headline")
AUTHOR_KEYS = ("author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author")
_ARTICLE_TYPES = ("article", "newsarticle", "reportagenews", "blogposting", "analysisnewsarticle", "report")
# parts of a page whose dates and bylines are not the article's
_SKIP_TAGS = frozenset({"script", "style", "noscript", "nav", "footer", "aside", "form", "select", "button", "svg"})
_SKIP_CLASS = re.compile(
    r"menu|navbar|footer|related|comment|ticker|breaking|sidebar|widget|most-?read|popular|newsletter|share",
    re.IGNORECASE,
)
_CODE_TAGS = frozenset({"script", "style", "noscript", "template"})
_BYLINE_CLASS = re.compile(r"author|byline|writer|reporter|source|agency|editor", re.IGNORECASE)
_LINE_TAGS = frozenset({"time", "span", "div", "p", "li", "small", "em", "strong", "b", "i", "font", "td",
                        "h2", "h3", "h4", "h5", "h6", "address", "abbr"})
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
MAX_LINE = 120


@dataclass(slots=True)
class VisibleLine:
    """A short line of the page's text, where it stands relative to the headline."""

    text: str
    after_h1: bool


@dataclass(slots=True)
class PageMeta:
    """The page's own statements about itself, each list best first."""

    urls: list[str] = field(default_factory=list)
    site_names: list[str] = field(default_factory=list)
    h1: str | None = None
    titles: list[str] = field(default_factory=list)  # og:title, JSON-LD headline, twitter:title
    document_title: str | None = None  # <title>
    published: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    date_lines: list[VisibleLine] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)  # og:description, description
    tree: Any = None
    h1_line: int | None = None  # the source line of the headline


def parse_page(html: str) -> Any | None:
    """The lxml tree of a page, or None when lxml cannot read it."""
    try:
        return lxml_html.document_fromstring(_XML_DECL.sub("", html, count=1))
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return None


def read_meta(tree: Any) -> PageMeta:
    """Everything the page states about itself (an empty PageMeta for an unreadable page)."""
    meta = PageMeta()
    if tree is None:
        return meta
    tags = _meta_tags(tree)
    for key in ("canonical", "og:url", "twitter:url"):
        meta.urls += tags.get(key, [])
    for item in _jsonld_items(tree):
        _take_jsonld(meta, item)
    for key in PUBLISHED_KEYS:
        meta.published += tags.get(key, [])
    for key in MODIFIED_KEYS:
        meta.modified += tags.get(key, [])
    for key in SITE_KEYS:
        meta.site_names += [v for v in tags.get(key, []) if not v.startswith("@")]
    for key in TITLE_KEYS:
        meta.titles += tags.get(key, [])
    for key in AUTHOR_KEYS:
        meta.bylines += [v for v in tags.get(key, []) if "://" not in v]
    for key in ("og:description", "description", "twitter:description"):
        meta.descriptions += tags.get(key, [])
    meta.published += _time_elements(tree)
    meta.tree = tree
    title = tree.find(".//title")
    meta.document_title = _text(title) or None if title is not None else None
    h1 = _first_h1(tree)
    meta.h1 = _text(h1) or None if h1 is not None else None
    meta.h1_line = h1.sourceline if h1 is not None else None
    meta.date_lines, visible_bylines = _visible_lines(tree, h1)
    meta.bylines += visible_bylines
    for name in ("urls", "site_names", "titles", "published", "modified", "bylines", "descriptions"):
        setattr(meta, name, list(dict.fromkeys(v for v in getattr(meta, name) if v)))
    return meta


def _text(element: Any) -> str:
    """The visible text of an element, as the page shows it (without scripts and styles)."""
    pieces: list[str] = []

    def walk(node: Any) -> None:
        if node.tag in _CODE_TAGS:
            return
        pieces.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str):  # not a comment
                walk(child)
            pieces.append(child.tail or "")

    walk(element)
    return _SPACE.sub(" ", "".join(pieces)).strip()


def _meta_tags(tree: Any) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for element in tree.iter("meta", "link"):
        if element.tag == "link":
            if (element.get("rel") or "").lower() == "canonical" and element.get("href"):
                tags.setdefault("canonical", []).append(element.get("href").strip())
            continue
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        value = element.get("content")
        if key and value and value.strip():
            tags.setdefault(key.strip().lower(), []).append(_SPACE.sub(" ", value).strip())
    return tags


def _jsonld_items(tree: Any) -> Iterator[dict[str, Any]]:
    """JSON-LD objects of the page, article types first, ``@graph`` flattened."""
    items: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            data = json.loads(script.text.strip().rstrip(";"))
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                items.append(item)
                stack += item.get("@graph") or []
            elif isinstance(item, list):
                stack += item
    yield from sorted(items, key=lambda item: not _is_article(item))


def _is_article(item: dict[str, Any]) -> bool:
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds)


def _names(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    out = []
    for v in values:
        name = v.get("name") if isinstance(v, dict) else v
        if isinstance(name, str) and name.strip() and "://" not in name:
            out.append(_SPACE.sub(" ", name).strip())
    return out


def _take_jsonld(meta: PageMeta, item: dict[str, Any]) -> None:
    article = _is_article(item)
    for key, target in (("datePublished", meta.published), ("dateCreated", meta.published),
                        ("dateModified", meta.modified)):
        value = item.get(key)
        if isinstance(value, str) and (article or key != "dateCreated"):
            target.append(value.strip())
    if article:
        meta.titles += _names(item.get("headline"))
        meta.site_names += _names(item.get("publisher"))
        meta.bylines += _names(item.get("author"))
        for key in ("url", "mainEntityOfPage"):
            value = item.get(key)
            value = value.get("@id") if isinstance(value, dict) else value
            if isinstance(value, str) and value.startswith("http"):
                meta.urls.append(value)
    elif isinstance(item.get("@type"), str) and item["@type"].lower() in ("organization", "newsmediaorganization"):
        meta.site_names += _names(item.get("name"))


def _time_elements(tree: Any) -> list[str]:
    """``datetime`` of ``<time>`` elements and ``itemprop=datePublished`` elements, marked ones first."""
    marked, plain = [], []
    for element in tree.iter("time", "span", "div", "p"):
        prop = (element.get("itemprop") or "").lower()
        value = element.get("datetime") or (element.get("content") if prop else None)
        if prop == "datepublished" and not value:
            value = _text(element)
        if not value:
            continue
        hint = " ".join([prop, element.get("class") or "", element.get("pubdate") or ""]).lower()
        if prop == "datepublished" or "publish" in hint or element.get("pubdate") is not None:
            marked.append(value.strip())
        elif element.tag == "time" and not _in_skipped(element) and "modif" not in hint and "updat" not in hint:
            plain.append(value.strip())
    return marked + plain[:1]


def _first_h1(tree: Any) -> Any | None:
    for scope in (".//article//h1", ".//main//h1", ".//h1"):
        for element in tree.iterfind(scope):
            if _text(element) and not _in_skipped(element):
                return element
    return None


def _in_skipped(element: Any) -> bool:
    node = element
    while node is not None:
        if not isinstance(node.tag, str) or node.tag in _SKIP_TAGS:
            return True
        if _SKIP_CLASS.search((node.get("class") or "") + " " + (node.get("id") or "")):
            return True
        node = node.getparent()
    return False


def _visible_lines(tree: Any, h1: Any | None) -> tuple[list[VisibleLine], list[str]]:
    """Short lines with a digit (date lines) and byline-classed lines, in document order."""
    body = tree.find("body")
    if body is None:
        return [], []
    dates: list[VisibleLine] = []
    bylines: list[str] = []
    seen: set[str] = set()
    after_h1 = h1 is None
    for element in body.iter():
        if element is h1:
            after_h1 = True
            continue
        if not isinstance(element.tag, str) or element.tag not in _LINE_TAGS:
            continue
        text = _text(element)
        if not 2 <= len(text) <= MAX_LINE or text in seen or _in_skipped(element):
            continue
        seen.add(text)
        if _DIGIT.search(text):
            dates.append(VisibleLine(text, after_h1))
        hint = (element.get("class") or "") + " " + (element.get("id") or "") + " " + (element.get("itemprop") or "")
        if _BYLINE_CLASS.search(hint) and len(text) <= 80:
            bylines.append(text)
    return dates, bylines


def lead_paragraph(meta: PageMeta, body_head: str) -> str | None:
    """The article's lead paragraph as the page shows it, when the page's description opens it.

    Sites often set the lead apart from the body (``<div class="article__announce-text">``), and
    main-text extraction then drops it; the description (``og:description``) names it. None
    when no element of the page opens with the description, or that element holds ``body_head``.
    """
    if meta.tree is None:
        return None
    for description in meta.descriptions:
        key = _SPACE.sub(" ", description).strip().rstrip(".…")[:40]
        if len(key) < 30:
            continue
        best = None
        for element in meta.tree.iter("p", "div", "h2", "section"):
            raw = element.text_content()
            if key[:15] not in raw or len(raw) > 3000:
                continue
            text = _text(element)
            if meta.h1_line and (element.sourceline or 0) < meta.h1_line:
                continue  # above the headline: a site's slogan, not the article's lead
            if text.startswith(key) and not _in_skipped(element) and (best is None or len(text) <= len(best)):
                best = text
        if best and (not body_head or body_head[:40] not in best) and len(best.split()) >= 6:
            return best
    return None
