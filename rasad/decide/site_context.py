"""What is around a site's word: the names it is part of or stands before, and the events the
rules coded elsewhere in its sentence.

``site.name``: a learned trigger word is sometimes a word of a name or place (``وإيران`` in a list
of states, a trigger word inside an organisation's name) or the noun that introduces a place
(``مدينة``, ``بمحافظة`` before a place name): the annotators once coded a phrase that began with
it, and the site model, which saw it rarely, cannot tell these uses apart. The family gives it
what the entities stage found: whether the site's first word lies inside a knowledge-base match (by
its category: an entity's name, a nationality adjective, a title, a set phrase) or a mention of
the entities stage (by its type, the name tagger's too), and whether a name (by type) begins right
after it.

``site.rivals``: a sentence the annotators code one act in often has a second trigger word (the
act's purpose, its background, a word of its report); the rules' events of the sentence tell
where its act is. The family fires, for the candidate type, whether the rules coded an event of
another type elsewhere in the sentence (before or after the site), one of the same type elsewhere
in it, and how many they coded there.

The weights are learned; no word is listed. What each paragraph holds is indexed once per
document (:func:`annotate`) and kept on the paragraph, where
:class:`~rasad.decide.features.WordBound` reads it too (:data:`~rasad.decide.features.WORD_BOUND_ROWS`).
"""

from __future__ import annotations

from rasad.arabic.text import Paragraph
from rasad.decide.features import SITE_FEATURES, Context, Features, register_site_families
from rasad.decide.sites import TriggerWords, trigger_span
from rasad.model import Document

NAMES_KEY = "decide.names"
RIVALS_KEY = "decide.rivals"

# what a paragraph's token is part of, and what begins at it: token → tags
_Tags = tuple[dict[int, tuple[str, ...]], dict[int, tuple[str, ...]]]
# the rules' events of a paragraph: (sentence start, trigger token, type)
_Rivals = tuple[tuple[int, int, str], ...]


def _index(para: Paragraph, doc: Document) -> _Tags:
    inside: dict[int, set[str]] = {}
    begins: dict[int, set[str]] = {}
    spans: list[tuple[int, int, str]] = [(h.first, h.last, f"kb.{h.category}") for h in para.hits]
    tokens = para.tokens
    for m in doc.entities:
        if m.paragraph != para.index:
            continue
        got = [i for i, t in enumerate(tokens) if t.start < m.end and m.start < t.end]
        if got:
            spans.append((got[0], got[-1] + 1, f"name.{m.type}"))
    for first, last, tag in spans:
        for i in range(first, last):
            inside.setdefault(i, set()).add(tag)
        begins.setdefault(first, set()).add(tag)
    return ({i: tuple(sorted(v)) for i, v in inside.items()}, {i: tuple(sorted(v)) for i, v in begins.items()})


def _rivals(para: Paragraph, doc: Document) -> _Rivals:
    """Where the rules' events of ``para`` are (as the site finder places them)."""
    out = []
    for e in doc.events:
        if e.paragraph != para.index or (span := trigger_span(para, e)) is None:
            continue
        i = span[0]
        out.append((para.sentence_at(para.tokens[i].start)[0], i, e.type))
    return tuple(sorted(set(out)))


def annotate(doc: Document) -> None:
    """Index the names and the rules' events of each paragraph of ``doc`` (once per document; not
    at all when neither family is registered)."""
    if "site.name" not in SITE_FEATURES and "site.rivals" not in SITE_FEATURES:
        return
    for para in doc.paragraphs:
        if NAMES_KEY not in para.cache:
            para.cache[NAMES_KEY] = _index(para, doc)
        if RIVALS_KEY not in para.cache:
            para.cache[RIVALS_KEY] = _rivals(para, doc)


def _names(tags: _Tags, i: int, t: str) -> list[str]:
    """The ``site.name`` features of a site whose first word is token ``i``, for type ``t``."""
    inside, begins = tags
    out: list[str] = []
    for tag in inside.get(i, ()):
        out += (f"in={tag}", f"in={tag}|type={t}")
    for tag in begins.get(i + 1, ()):
        if tag.startswith("name.") or tag == "kb.entity":
            out.append(f"before={tag}|type={t}")
    return out


def _rival_names(rivals: _Rivals, s_start: int, i: int, t: str) -> list[str]:
    """The ``site.rivals`` features of a site at token ``i`` of the sentence starting at ``s_start``."""
    here = [(k, typ) for s, k, typ in rivals if s == s_start and k != i]
    if not here:
        return ["rivals=0"]
    out = [f"rivals={min(len(here), 2)}"]
    if any(typ == t for _, typ in here):
        out.append(f"rival_same|type={t}")
    other = [k for k, typ in here if typ != t]
    if other:
        out.append(f"rival_other|{'before' if min(other) < i else 'after'}|type={t}")
    return out


def _cached(ctx: Context, key: str) -> object:
    got = ctx.para.cache.get(key)
    if got is None and ctx.doc is not None:
        annotate(ctx.doc)
        got = ctx.para.cache.get(key)
    return got


def _name(ctx: Context, t: str) -> Features:
    tags = _cached(ctx, NAMES_KEY)
    return {} if tags is None else dict.fromkeys(_names(tags, ctx.site.first, t), 1)  # type: ignore[arg-type]


def _rival(ctx: Context, t: str) -> Features:
    rivals = _cached(ctx, RIVALS_KEY)
    return {} if rivals is None else dict.fromkeys(_rival_names(rivals, ctx.site.s_start, ctx.site.first, t), 1)  # type: ignore[arg-type]


def _word_bound_terms(weights: dict[str, float], words: TriggerWords, para: Paragraph, i: int, stem_: str,
                      sentence: tuple[int, int, int, int], types: tuple[str, ...]) -> list[float]:
    """What ``site.name`` and ``site.rivals`` add to the score of a learned word alone for each of
    ``types`` (as :func:`_name` and :func:`_rival` give it)."""
    out = [0.0] * len(types)
    get = weights.get
    tags: _Tags | None = para.cache.get(NAMES_KEY)
    if tags is not None and "site.name" in SITE_FEATURES:
        out = [z + sum(get(name, 0.0) for name in _names(tags, i, t)) for z, t in zip(out, types, strict=True)]
    rivals: _Rivals | None = para.cache.get(RIVALS_KEY)
    if rivals is not None and "site.rivals" in SITE_FEATURES:
        out = [z + sum(get(name, 0.0) for name in _rival_names(rivals, sentence[0], i, t)) for z, t in zip(out, types, strict=True)]
    return out


FAMILIES = ('site.name', 'site.rivals')


def register(families: tuple[str, ...] = FAMILIES) -> None:
    """Register the families (a model trained with them needs them registered where it is applied):
    :mod:`rasad.decide.features` registers those cross-validation kept; ``bench/site_cv.py`` all."""
    register_site_families({"site.name": _name, "site.rivals": _rival}, families, _word_bound_terms)
