"""Does a sentence *report* an act of violence or protest, or only talk about one?

Newswire names attacks and demonstrations far more often than it reports one: threats of a strike
(``التهديدات بتوجيه ضربة``), precautions (``تحسبا لأي ضربة``), calls to stop "the killing", lists of
crimes (``السرقة والخطف والقتل``), habits in the present tense, a person's background. An ASSAULT or
PROTEST trigger counts as an event only when nothing frames it as undone or generic, and a verbal
noun (or a present-tense verb, or a verb in a relative clause) only when its sentence gives the
particulars of one act: a time, a place, a toll, or a verb of occurrence (``وقع``, ``شن``,
``أسفر عن``, ``خرج``). The word lists are data: ``lexicon/occurrence.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from rasad.arabic.normalize import normalize
from rasad.arabic.text import Token, clitic_variants
from rasad.lexicon import Trigger, load_lexicon, phrase_list, triggers, word_list

GATED_TYPES = frozenset({"ASSAULT", "PROTEST"})
_DIGITS = re.compile(r"^[\d٠-٩][\d٠-٩,.]*$")
_FRAME_WINDOW = 4  # words before a trigger where a frame (تهديد، منع، تحسبا) governs it
_HEDGE_WINDOW = 6  # words before a trigger where a hedge (يعتقد أن، ربما) governs it
_TOLL_WINDOW = 3  # words between a casualty word and its number


@dataclass(frozen=True, slots=True)
class _Words:
    not_done: frozenset[str]
    background: frozenset[str]
    generic: frozenset[str]
    idioms: frozenset[tuple[str, ...]]
    not_violence: frozenset[str]
    expected: frozenset[str]
    history: frozenset[str]
    relatives: frozenset[str]
    occurrence: frozenset[str]
    casualty: frozenset[str]
    cumulative: frozenset[str]
    numbers: frozenset[str]
    protesters: frozenset[str]
    crowd_acts: frozenset[str]
    crowd_sizes: frozenset[str]
    chants: frozenset[tuple[str, ...]]
    in_protest: frozenset[str]
    passive_verbs: frozenset[str]
    means: frozenset[str]
    means_preps: frozenset[str]
    violence: frozenset[str]
    province_cues: frozenset[str]
    hedges: frozenset[str]
    thousands: frozenset[str]
    so_far: frozenset[tuple[str, ...]]
    auxiliaries: frozenset[str]  # lexicon/grammar.yaml, as the four below
    pluperfect: frozenset[str]
    demonstratives: frozenset[str]
    question: frozenset[str]


# _Words field → its list in lexicon/occurrence.yaml (one-word forms; idioms and chants are phrases)
_LISTS = {
    "not_done": "not_done_frames", "background": "background_frames", "generic": "generic_heads",
    "not_violence": "not_violence", "expected": "expected", "history": "history", "relatives": "relatives",
    "occurrence": "occurrence_words", "casualty": "casualty_words", "cumulative": "cumulative_words",
    "numbers": "number_words", "protesters": "protesters", "crowd_acts": "crowd_acts", "crowd_sizes": "crowd_sizes",
    "in_protest": "in_protest", "passive_verbs": "passive_verbs", "means": "means", "means_preps": "means_prepositions",
    "violence": "violence_words", "province_cues": "province_cues", "hedges": "hedges", "thousands": "thousands",
}


@lru_cache(maxsize=1)
def _words() -> _Words:
    data = load_lexicon("occurrence.yaml")
    lists = {field: frozenset(normalize(w) for w in data[key] if " " not in w) for field, key in _LISTS.items()}
    return _Words(
        **lists,
        idioms=frozenset(tuple(normalize(w).split()[:2]) for w in data["idioms"]),
        chants=frozenset(tuple(normalize(w).split()) for w in data["chants"]),
        so_far=phrase_list("occurrence.yaml", "so_far"),
        auxiliaries=word_list("grammar.yaml", "auxiliaries"), pluperfect=word_list("grammar.yaml", "pluperfect"),
        demonstratives=word_list("grammar.yaml", "demonstratives"), question=word_list("grammar.yaml", "question_words"),
    )


@lru_cache(maxsize=1)
def single_forms() -> dict[str, frozenset[str]]:
    """Each trigger rule's one-word forms, to tell an imperfect تستهدف (يستهدف is a form) from a past تظاهر."""
    out: dict[str, set[str]] = {}
    for first, entries in triggers().items():
        for rest, trig in entries:
            if not rest:
                out.setdefault(trig.rule, set()).add(first)
    return {rule: frozenset(forms) for rule, forms in out.items()}


# the crowd-act test's answers by word list, then by word (it reads every token of every paragraph)
_CROWD_MEMO: dict[frozenset[str], dict[str, bool]] = {}
_MEMO_WORDS = 5_000  # words remembered for one list (a new memo when full: the words hold memory)


def _memo(table: dict[frozenset[str], dict[str, bool]], words: frozenset[str]) -> dict[str, bool]:
    memo = table.get(words)
    if memo is None or len(memo) >= _MEMO_WORDS:
        if len(table) >= 8:  # one list in use; more: the lexicon was loaded again
            table.clear()
        memo = table[words] = {}
    return memo


def _in(tok: Token, words: frozenset[str]) -> bool:
    return any(v in words for v in clitic_variants(tok.norm))


def _bare(tok: Token) -> str:
    """The token without و/ف and ب/ل/ك proclitics (but with its article)."""
    variants = clitic_variants(tok.norm)
    return next((v for v in variants if v.startswith("ال")), variants[-1] if len(variants) > 1 else variants[0])


def _is_verbal_noun(tok: Token) -> bool:
    s = _bare(tok)
    if s.startswith("ال"):
        return True
    # masdar patterns: تفعيل (تفجير، تعذيب), افتعال/إفعال/انفعال (اغتيال، اختطاف، إحراق)
    return len(s) >= 5 and ((s[0] == "ت" and s[-2] == "ي") or (s[0] == "ا" and s[-2] == "ا"))


def _is_imperfect(tok: Token, trig: Trigger) -> bool:
    forms = single_forms().get(trig.rule, frozenset())
    for s in clitic_variants(tok.norm)[:2]:
        if s[:1] == "ي" and s in forms:
            return True
        if s[:1] in "تن" and "ي" + s[1:] in forms:
            return True
    return False


def background_clause(tokens: list[Token], i: int, first: int) -> bool:
    """Is the verb at ``i`` in a relative clause or the pluperfect (``الذي خطف``, ``كان قد خطف``)?"""
    words = _words()
    j = i - 1
    while j >= first and tokens[j].norm in words.auxiliaries:
        if tokens[j].norm in words.pluperfect:
            return True
        j -= 1
    return relative_clause(tokens, i, first) is not None


def passive_means(tokens: list[Token], i: int, k: int, last: int) -> int | None:
    """When the violence verb at ``i`` is an undiacritised passive told with its means (``قتل في
    انفجار``, ``قتلوا بنيران مسلحين``, ``خطف على يد``), the position of the means word, else None."""
    words = _words()
    if not any(v in words.passive_verbs for v in clitic_variants(tokens[i].norm)[:2]):
        return None
    for n in range(k, min(k + 6, last + 1)):
        tok = tokens[n]
        if tok.norm in words.means_preps and n + 1 <= last and _in(tokens[n + 1], words.means):
            return n + 1
        if tok.norm[:1] == "ب" and len(tok.norm) > 3 and (tok.norm[1:] in words.means or tok.norm[1:].removeprefix("ال") in words.means):
            return n
    return None


def relative_clause(tokens: list[Token], i: int, first: int) -> int | None:
    """The relative pronoun's position when the verb at ``i`` opens a relative clause (``التي خطفت``)."""
    words = _words()
    j = i - 1
    while j >= first and tokens[j].norm in words.auxiliaries:
        j -= 1
    return j if j >= first and tokens[j].norm in words.relatives else None


def counted_before(tokens: list[Token], j: int) -> bool:
    """Is the word at ``j`` counted or tolled (``مقتل 3 مسلحين``, ``مقتل مسلحين``)?"""
    words = _words()
    return any(_is_number(t, words) or _in(t, words.casualty) for t in tokens[max(0, j - 2) : j])


def counted(tok: Token) -> bool:
    """A number or a number word: ``ثمانية``, ``20``, ``عشرات``."""
    return _is_number(tok, _words())


def names_violence(tokens: list[Token], first: int, last: int, i: int) -> bool:
    """Does the sentence name a weapon, an attack or armed men besides the trigger at ``i``?"""
    words = _words()
    return any(n != i and _in(tokens[n], words.violence) for n in range(first, last + 1))


def past_act(tok: Token, trig: Trigger) -> bool:
    """A finite past-tense verb (``خطف``, ``قصفت``), not a verbal noun or a present tense."""
    return not _is_verbal_noun(tok) and not _is_imperfect(tok, trig)


def _is_number(tok: Token, words: _Words) -> bool:
    return bool(_DIGITS.match(tok.text)) or _in(tok, words.numbers)


def has_toll(tokens: list[Token], first: int, last: int) -> bool:
    """A casualty word with a number next to it: ``مقتل 18 شخصاً``, ``سقوط نحو 35 قتيلا``; not a
    toll in the background (``على الرغم من مقتل ثلاثة جنود``) nor a war's count since a date."""
    words = _words()
    for j in range(first, last + 1):
        if _in(tokens[j], words.casualty) and not any(_in(t, words.background) for t in tokens[max(first, j - 3) : j]):
            lo, hi = max(first, j - _TOLL_WINDOW), min(last, j + _TOLL_WINDOW)
            if any(_is_number(tokens[n], words) for n in range(lo, hi + 1) if n != j):
                rest = tokens[lo : last + 1]
                return not (any(_in(t, words.cumulative) for t in rest)
                            or any((a.norm, b.norm) in words.so_far for a, b in pairwise(rest)))
    return False


def statistic(tokens: list[Token], first: int, last: int) -> bool:
    """A count of victims "so far" or in thousands: ``13 جنديا قتلوا ... حتى الآن``, ``قتل 16 ألف شخص``."""
    words = _words()
    so_far = any((a.norm, b.norm) in words.so_far for a, b in pairwise(tokens[first : last + 1]))
    for j in range(first, last + 1):
        if _in(tokens[j], words.casualty):
            near = tokens[max(first, j - _TOLL_WINDOW) : min(last, j + _TOLL_WINDOW) + 1]
            if any(_is_number(t, words) for t in near) and (so_far or any(t.norm in words.thousands for t in near)):
                return True
    return False


def unreported(
    tokens: list[Token], i: int, length: int, trig: Trigger, first: int, last: int, *,
    sentence: str, dated: bool, placed: bool, title: bool = False,
) -> str | None:
    """Why the trigger at ``tokens[i:i+length]`` does not report one act, or None when it does.

    ``first``/``last`` bound the sentence's tokens; ``dated`` and ``placed`` say whether the sentence
    has a time expression and a named place."""
    if tokens[first].norm in _words().question or sentence.rstrip(" »\"”").endswith(("؟", "?")):
        return "a question, not a report"
    return (_framed(tokens, i, first) or _not_one_act(tokens, i, length, trig, first, last)
            or _no_particulars(tokens, i, length, trig, first, last, dated=dated, placed=placed, title=title))


def _framed(tokens: list[Token], i: int, first: int) -> str | None:
    """A hedge or a frame shortly before the trigger: ``يعتقد أن``, ``تحسبا لـ``, ``بعد``."""
    words = _words()
    hedge = next((t for t in tokens[max(first, i - _HEDGE_WINDOW) : i] if t.norm in words.hedges), None)
    if hedge is not None:
        return f"'{hedge.text}': a guess, not a report"
    for n in range(max(first, i - _FRAME_WINDOW), i):
        tok = tokens[n]
        if _in(tok, words.not_done):
            return f"'{tok.text}' frames the act as threatened, prevented, planned or generic"
        if _in(tok, words.background) and not (tok.norm == "قبل" and n > 0 and tokens[n - 1].norm == "من"):
            return f"'{tok.text}' makes the act the background of the sentence's news"
    return None


def _not_one_act(tokens: list[Token], i: int, length: int, trig: Trigger, first: int, last: int) -> str | None:
    """The words of the trigger and its neighbours name a kind of act, an aim, an idiom, a place,
    an act told before or one expected, a statistic or a disaster."""
    words = _words()
    head, prev = tokens[i], tokens[i - 1] if i > first else None
    nxt = tokens[i + length] if i + length <= last else None
    if trig.type == "PROTEST" and head.norm[:1] == "ل" and head.norm not in triggers():
        # ل on a protest word is "for, to": what a crowd means to do, not what it did
        return f"'{head.text}': an aim (لقطع الطريق، للتظاهر), not an act"
    heads = ([prev] if prev else []) + ([head] if length > 1 else [])  # and the trigger's own head: "عمليات خطف"
    generic = next((t for t in heads if _in(t, words.generic)), None)
    if generic is not None:
        return f"'{generic.text}': a kind of act, not one act"
    if trig.mode == "boycott" and _bare(head).removeprefix("ال") == "مقاطعه" and (
        head.norm.startswith("بم") or (prev is not None and _in(prev, words.province_cues))
    ):
        return "مقاطعة here is a province, not a boycott"
    if prev is not None and prev.norm in words.demonstratives and (trig.pos == "noun" or _is_verbal_noun(head)):
        return f"'{prev.text} {head.text}' points back to an act already told"
    if length > 1 and _in(head, words.not_done):
        return f"'{head.text}': an attempt or a charge, not an act"
    if i + 1 <= last and any((v, tokens[i + 1].norm) in words.idioms for v in clitic_variants(head.norm)):
        return f"'{head.text} {tokens[i + 1].text}' is an idiom"
    if _bare(head).startswith("ال") and ((nxt is not None and nxt.norm.startswith("وال"))
                                         or (head.norm.startswith("وال") and prev is not None and _bare(prev).startswith("ال"))):
        return "a list of acts named with the article (السرقة والخطف والقتل): a kind, not an occurrence"
    if any(_in(t, words.expected) for t in tokens[i + length : min(last, i + length + 2) + 1]):
        return "an act expected, not done (ضربة وشيكة)"
    if any(_in(t, words.history) for t in tokens[first : last + 1]):
        return "a sentence about past centuries"
    if trig.type == "ASSAULT" and statistic(tokens, first, last):
        return "a count so far or in thousands: the statistic of a war, not one act"
    if trig.type == "ASSAULT" and any(_in(t, words.not_violence) for t in tokens[i + length : min(last, i + length + 8) + 1]):
        return "a disaster or an accident, not violence"
    if trig.mode == "obstruct" and any(_in(t, words.not_violence) for t in tokens[max(first, i - 6) : i]):
        return "a road cut by a disaster, not by protesters (قطعت السيول الطريق)"
    return None


def _no_particulars(
    tokens: list[Token], i: int, length: int, trig: Trigger, first: int, last: int, *,
    dated: bool, placed: bool, title: bool,
) -> str | None:
    """A verbal noun, a present tense or a relative clause whose sentence gives no time, place,
    toll or verb of occurrence: a mention, not a report."""
    words = _words()
    head, prev = tokens[i], tokens[i - 1] if i > first else None
    toll = has_toll(tokens, first, last)
    if _is_imperfect(head, trig) and (relative_clause(tokens, i, first) is not None or not (toll or title)):
        # a headline's present tells a past act; elsewhere, without a toll, a habit or a general statement
        return "a present-tense verb: a habit, a threat or a general statement"
    if dated or placed or toll:
        return None
    if any(_in(t, words.occurrence) for t in tokens[max(first, i - 6) : i] + tokens[i + length : last + 1]):
        return None
    if trig.pos == "noun" or _is_verbal_noun(head):
        return "a verbal noun with no time, place, toll or verb of occurrence in its sentence"
    if prev is not None and _in(prev, words.relatives):
        return "a relative clause with no particulars: the background of a party"
    return None


def has_crowd_act(tokens: list[Token]) -> bool:
    """A cheap test before :func:`crowd_protest`: does a paragraph hold a crowd act at all?"""
    acts = _words().crowd_acts
    return any(_in_first_two(t, acts) for t in tokens)


def _in_first_two(tok: Token, words: frozenset[str]) -> bool:
    """:func:`_crowd_act`, remembered per word."""
    memo = _memo(_CROWD_MEMO, words)
    hit = memo.get(tok.norm)
    if hit is None:
        hit = memo[tok.norm] = _crowd_act(tok, words)
    return hit


def _crowd_act(tok: Token, acts: frozenset[str]) -> bool:
    """A crowd verb, with or without one proclitic (وخرج، فتجمعوا)."""
    return any(v in acts for v in clitic_variants(tok.norm)[:2])


def crowd_protest(tokens: list[Token], first: int, last: int, *, dated: bool) -> tuple[int, int, int | None] | None:
    """A demonstration told by what its crowd did, with no protest word the lexicon codes:
    ``خرج المتظاهرون إلى الشوارع``, ``أغلق المتظاهرون الطريق``, ``تجمع أنصار الحريري ... مرددين
    هتافات``, ``خرج سكان الخرطوم في مظاهرة احتجاجا على``. Returns (act token, its length, the
    protesters' token or None), or None."""
    words = _words()
    acts = [j for j in range(first, last + 1) if _crowd_act(tokens[j], words.crowd_acts)]
    if not acts:
        return None
    told = dated or any(_in(t, words.in_protest) for t in tokens[acts[0] : last + 1])
    for j in acts:
        # verb first: "خرج آلاف المتظاهرين", "خرج المتظاهرون أمس"; subject first: "متظاهرون أغلقوا"
        sized = False
        for n in range(j + 1, min(j + 4, last + 1)):
            if _in(tokens[n], words.protesters):
                if sized or told or not _bare(tokens[n]).startswith("ال"):
                    return j, 1, n
                break
            sized = _in(tokens[n], words.crowd_sizes) or _is_number(tokens[n], words)
            if not sized:
                break
        if j - 1 >= first and _in(tokens[j - 1], words.protesters) and (told or not _bare(tokens[j - 1]).startswith("ال")):
            return j, 1, j - 1
    chanting = any((tokens[n].norm,) in words.chants or (n < last and (tokens[n].norm, tokens[n + 1].norm) in words.chants)
                   for n in range(acts[0], last + 1))
    if chanting or any(_in(t, words.in_protest) for t in tokens[acts[0] : last + 1]):
        return acts[0], 1, None  # a crowd that gathers chanting, or goes out "احتجاجا على"
    return None
