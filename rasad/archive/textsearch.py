"""Arabic text as the archive indexes and searches it: normalised words and their light stems.

SQLite's ``unicode61`` tokenizer splits ``مُظاهرات`` at the damma and cannot fold ``أ``/``ا``, so
the archive never gives it raw text: it indexes *shadow* text that :func:`normalized_words` has
already folded (harakat and tatweel dropped, alef/ya/ta marbuta folded, digits unified — the
normalisation the KB matcher uses, :mod:`rasad.arabic.normalize`) and a column of light stems:
proclitics و ف ب ل ك ال removed, as :func:`rasad.arabic.text.clitic_variants` does for KB
lookups, then the sound plurals made singular (:func:`singular`). Queries go through the same
functions, so ``المقداد`` finds ``والمقداد`` and ``للمقداد``, ``مُظاهرات`` finds ``مظاهرات``, and
``مظاهرة`` finds ``مظاهرات`` and back. PostgreSQL indexes the same stem text as a ``tsvector`` with
the ``simple`` configuration.

Why not Snowball's Arabic stemmer (snowballstemmer, PyStemmer) or tashaphyne: both strip the
feminine ending ة with the plural endings, so ``رياضة`` (sport) meets ``الرياض`` (Riyadh) and
``عملة`` (currency) meets ``عمل`` (work); Snowball strips only the ت of ``مظاهرات`` when no ال precedes
it (``مظاهرا``, never meeting ``مظاهرة``), and tashaphyne's default stems ``إيران`` to ``إير`` and
``أمين`` to ``مي``. The suffix step here does less, on purpose (docs/archive.md, "Arabic full-text
search").
"""

from __future__ import annotations

import re
from functools import lru_cache

from rasad.arabic.normalize import normalize
from rasad.arabic.text import clitic_variants

_WORD = re.compile(r"[0-9A-Za-z\u0621-\u064A\u066E-\u06D3\u06FA-\u06FF]+")


def normalized_words(text: str) -> list[str]:
    """``normalized_words("مُظاهرات في سوريّة")`` → ``["مظاهرات", "في", "سوريه"]`` (Latin lower-cased)."""
    return _WORD.findall(normalize(text).lower())


#: Sound masculine plurals (and the oblique dual) come off only when four letters stay: ``البحرين``,
#: ``قانون``, ``عشرين`` keep their ending.
_MASCULINE = ("ون", "ين")
_MIN_MASCULINE = 4


def singular(word: str) -> str:
    """A sound plural's singular, in normalised spelling: the feminine ``-ات`` becomes ``-ه`` (the
    folded ة) when three letters stay, the masculine ``-ون``/``-ين`` goes when four stay. Nothing
    else: ة itself stays (``رياضه`` is not ``رياض``), so do ``-ان`` (``ايران``, ``عمان``) and the
    nisba ``-ي`` (``سوري`` is not ``سور``).

    ``singular("مظاهرات")`` → ``"مظاهره"``; ``singular("معارضين")`` → ``"معارض"``;
    ``singular("سيارات")`` → ``"سياره"``; ``singular("بحرين")`` → ``"بحرين"``; ``singular("قوات")`` →
    ``"قوات"`` (two letters would stay).
    """
    if word.endswith("ات") and len(word) - 2 >= 3:
        return word[:-2] + "ه"
    if word.endswith(_MASCULINE) and len(word) - 2 >= _MIN_MASCULINE:
        return word[:-2]
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The light stem of a normalised word: its shortest form without proclitics, made singular.

    ``stem("والمقداد")`` → ``"مقداد"``; ``stem("للمقداد")`` → ``"مقداد"``; ``stem("المظاهرات")`` →
    ``"مظاهره"``, as ``stem("مظاهره")``.
    """
    return singular(min(clitic_variants(word), key=len))


def stems(text: str) -> str:
    """The stem column of a text: one stem per word, space-separated."""
    return " ".join(stem(w) for w in normalized_words(text))


def query_stems(query: str) -> list[str]:
    """The stems a search query asks for, in order, without repeats (FTS syntax characters dropped)."""
    seen: dict[str, None] = {}
    for word in normalized_words(query):
        seen.setdefault(stem(word), None)
    return list(seen)


def snippet(paragraphs: list[str], terms: list[str], width: int = 12, mark: tuple[str, str] = ("[", "]")) -> str:
    """A window of about ``width`` words around the first paragraph word whose stem is a query term,
    the matching words marked: ``snippet(["التقى والمقداد لافروف"], ["مقداد"])`` →
    ``"التقى [والمقداد] لافروف"``."""
    wanted = set(terms)
    for text in paragraphs:
        words = text.split()
        hits = [i for i, w in enumerate(words) if any(stem(n) in wanted for n in normalized_words(w))]
        if not hits:
            continue
        lo = max(hits[0] - width // 2, 0)
        hi = min(lo + width, len(words))
        shown = [f"{mark[0]}{w}{mark[1]}" if i in hits else w for i, w in enumerate(words[lo:hi], lo)]
        return ("… " if lo else "") + " ".join(shown) + (" …" if hi < len(words) else "")
    return " ".join((paragraphs[0] if paragraphs else "").split()[:width])
