"""Features of the document around a site: has the document told this word, or an act of this
type, before the site's sentence?

A lead tells its news first and then tells it again, with more detail or in other words; the
annotators code an act once. ``site.told`` gives the site model what it needs to learn that: for
a body site, whether its word (its content stem) or a lexicon trigger of the candidate type occurs
in an earlier sentence of the body; for a title site, whether the body has them at all (the body's
event is coded, the title's telling of it is not: :func:`rasad.stages.dedup.restated`).

What the document told is found once per document (:func:`annotate`) and kept on each of its
paragraphs, where :class:`~rasad.decide.features.WordBound` reads it too (the learned words alone
are weighed before they are sites: :data:`~rasad.decide.features.WORD_BOUND_ROWS`). A paragraph
of no annotated document has no such features.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rasad.arabic.text import Paragraph
from rasad.decide.features import SITE_FEATURES, WORD_BOUND_ROWS, Context, Features, site_feature
from rasad.decide.sites import TriggerWords, content_stem, lexicon_triggers
from rasad.model import Document

TOLD_KEY = "decide.told"


@dataclass(frozen=True, slots=True)
class Told:
    """Where the body first has each content stem and each lexicon trigger type: (paragraph, token)."""

    stems: dict[str, tuple[int, int]]
    types: dict[str, tuple[int, int]]


def annotate(doc: Document) -> Told:
    """What the document's body tells where, kept on every paragraph (once per document)."""
    got: Told | None = doc.paragraphs[0].cache.get(TOLD_KEY) if doc.paragraphs else None
    if got is not None:
        return got
    stems: dict[str, tuple[int, int]] = {}
    types: dict[str, tuple[int, int]] = {}
    for para in sorted((p for p in doc.paragraphs if p.index >= 0), key=lambda p: p.index):
        for i, tok in enumerate(para.tokens):
            s = content_stem(tok.norm)
            if s is not None and s not in stems:
                stems[s] = (para.index, i)
        for i, (_, trig, _) in sorted(lexicon_triggers(para).items()):
            types.setdefault(trig.type, (para.index, i))
    told = Told(stems, types)
    for para in doc.paragraphs:
        para.cache[TOLD_KEY] = told
    return told


#: the article joined to the word, after و, ف or a preposition: "الاجتماع", "وبالاجتماع", "للقاء"
_DEFINITE = re.compile(r"[وف]?(?:[بك]?ال|لل)..")


def _names(told: Told, para: Paragraph, first_tok: int, stem_: str, t: str, i: int) -> tuple[str, ...]:
    """The feature names of a site at token ``i`` of sentence ``(para, first_tok)`` of ``stem_`` for
    ``t``: a definite word told before ("عقد اجتماعا ... وخلال الاجتماع") refers back to it."""
    if para.index < 0:
        return f"title_body_has_stem={stem_ in told.stems}", f"title_body_has_type={t in told.types}|type={t}"
    here = (para.index, first_tok)
    s, k = told.stems.get(stem_), told.types.get(t)
    names = (f"told_stem={s is not None and s < here}", f"told_type={k is not None and k < here}|type={t}")
    if s is not None and s < here and _DEFINITE.match(para.tokens[i].norm):
        return (*names, "told_stem_definite")
    return names


@site_feature("site.told")
def _told(ctx: Context, t: str) -> Features:
    told: Told | None = ctx.para.cache.get(TOLD_KEY)
    if told is None:
        if ctx.doc is None:
            return {}
        told = annotate(ctx.doc)
    return dict.fromkeys(_names(told, ctx.para, ctx.site.first_tok, ctx.site.stem, t, ctx.site.first), 1)


def _word_bound_terms(weights: dict[str, float], words: TriggerWords, para: Paragraph, i: int, stem_: str,
                      sentence: tuple[int, int, int, int], types: tuple[str, ...]) -> list[float]:
    """What ``site.told`` adds to the score of a learned word alone for each of ``types`` (as :func:`_told` gives it)."""
    told: Told | None = para.cache.get(TOLD_KEY)
    if told is None or "site.told" not in SITE_FEATURES:
        return [0.0] * len(types)
    get = weights.get
    return [sum(get(name, 0.0) for name in _names(told, para, sentence[2], stem_, t, i)) for t in types]


WORD_BOUND_ROWS.append(_word_bound_terms)
# site_score adds the terms of site.sentence last: it stays the last family
SITE_FEATURES["site.sentence"] = SITE_FEATURES.pop("site.sentence")
