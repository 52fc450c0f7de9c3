"""The modality of a site's clause: is its act told as done?

A planned, purposive, conditional, cancelled or refused act is no event the annotators code
(``../shared/gold/GUIDE.md``), and the site model read many as done. ``site.framing`` looks at the
four words before a trigger; ``site.modality`` looks at its whole clause — the words before it back
to the last comma, colon or semicolon of its sentence (at most :data:`REACH` words) — for the
lexicon's cue lists (``cues.yaml``: ``future``, ``negation``, ``hypothetical``, ``claimed``,
``purpose``, ``called_off``; ``occurrence.yaml``: ``expected``), one- and two-word entries, and
at the trigger itself for the purposive ``ل`` on a present verb (``ليعلن``, ``لتنفيذ`` is no verb).
Each class found fires ``clause=CLASS`` and ``clause=CLASS|type=T``, and whether it is near (the
four words before, as ``site.framing`` sees) or far. The weights are learned.

:class:`~rasad.decide.features.WordBound` gets the family's terms through
:data:`~rasad.decide.features.WORD_BOUND_ROWS` (the clause is found once per token and kept on the
paragraph).
"""

from __future__ import annotations

from functools import lru_cache

from rasad.arabic.text import Paragraph, clitic_variants
from rasad.decide.features import SITE_FEATURES, Context, Features, para_memo, register_site_families
from rasad.decide.sites import TriggerWords
from rasad.lexicon import phrase_list

REACH = 12  # words before the trigger a clause cue may be
_LISTS = (("cues.yaml", "future"), ("cues.yaml", "negation"), ("cues.yaml", "hypothetical"),
          ("cues.yaml", "claimed"), ("cues.yaml", "purpose"), ("cues.yaml", "called_off"),
          ("occurrence.yaml", "expected"))
_BREAKS = ("،", ",", ":", "؛", ";")


@lru_cache(maxsize=1)
def _cues() -> tuple[dict[str, tuple[str, ...]], dict[tuple[str, str], tuple[str, ...]]]:
    """One-word cues → their classes, and two-word cues → theirs."""
    one: dict[str, set[str]] = {}
    two: dict[tuple[str, str], set[str]] = {}
    for file, key in _LISTS:
        for form in phrase_list(file, key):
            if len(form) == 1:
                one.setdefault(form[0], set()).add(key)
            elif len(form) == 2:
                two.setdefault((form[0], form[1]), set()).add(key)
    return ({w: tuple(sorted(c)) for w, c in one.items()}, {w: tuple(sorted(c)) for w, c in two.items()})


def _clause(para: Paragraph, i: int, first_tok: int) -> tuple[tuple[str, str], ...]:
    """The cue classes of the clause before token ``i`` with how near each is (``near``: in the
    four words before), and ``purpose_prefix`` when the word itself is a purposive ``ل`` + present verb."""
    memo = para_memo(para)
    key = ("site.modality", i)
    got = memo.get(key)
    if got is not None:
        return got  # type: ignore[no-any-return]
    one, two = _cues()
    tokens, text = para.tokens, para.text
    found: dict[str, str] = {}
    k = i - 1
    while k >= max(first_tok, i - REACH):
        if any(b in text[tokens[k].end : tokens[k + 1].start] for b in _BREAKS):
            break
        norm = tokens[k].norm
        near = "near" if i - k <= 4 else "far"
        classes = one.get(norm) or one.get(clitic_variants(norm)[-1]) or ()
        if k > first_tok:
            classes = (*classes, *two.get((tokens[k - 1].norm, norm), ()))
        for c in classes:
            if found.get(c) != "near":
                found[c] = near
        k -= 1
    word = tokens[i].norm
    out = tuple(sorted(found.items()))
    if len(word) >= 5 and word[0] == "ل" and word[1] in "يتن" and not word.startswith("لل"):
        out = (*out, ("purpose_prefix", "near"))
    memo[key] = out
    return out


def _names(para: Paragraph, i: int, first_tok: int, t: str) -> list[str]:
    out: list[str] = []
    for c, near in _clause(para, i, first_tok):
        out += (f"clause={c}", f"clause={c}|type={t}", f"clause={c}|{near}")
    return out


def _modality(ctx: Context, t: str) -> Features:
    return dict.fromkeys(_names(ctx.para, ctx.site.first, ctx.site.first_tok, t), 1)


def _word_bound_terms(weights: dict[str, float], words: TriggerWords, para: Paragraph, i: int, stem_: str,
                      sentence: tuple[int, int, int, int], types: tuple[str, ...]) -> list[float]:
    """What ``site.modality`` adds to the score of a learned word alone for each of ``types``."""
    if "site.modality" not in SITE_FEATURES:
        return [0.0] * len(types)
    get = weights.get
    return [sum(get(name, 0.0) for name in _names(para, i, sentence[2], t)) for t in types]


FAMILIES = ('site.modality',)


def register(families: tuple[str, ...] = FAMILIES) -> None:
    """Register the families (a model trained with them needs them registered where it is applied):
    :mod:`rasad.decide.features` registers those cross-validation kept; ``bench/site_cv.py`` all."""
    register_site_families({"site.modality": _modality}, families, _word_bound_terms)
