"""Token features for the CRF name tagger, computed once per distinct word and cached.

A token's features are its own (word, normalised form, clitic-stripped stem, affixes, shape,
gazetteer flags) plus a compact subset of its neighbours' at ±1 and ±2. Everything that depends on
the word alone is computed once per word and kept, already prefixed for each position, in a dict:
tagging a sentence is then list concatenation, no regex and no set look-ups.

Gazetteers: the KB's entity names by type and its title words, rasad's first names, and two lists
derived from /work/shared/gazetteers at training time and shipped here (``gaz_places.txt`` from
world-cities-translations, CC BY 4.0; ``gaz_persons.txt`` from arabic-names-akhateeb, MIT, and
wikidata-names-amazon, CC0).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rasad.arabic.normalize import normalize
from rasad.arabic.text import clitic_variants

FEATURES_VERSION = 1
HERE = Path(__file__).resolve().parent
FIRST_NAMES = HERE.parent / "lexicon" / "first_names.txt"
PLACES_FILE = HERE / "gaz_places.txt"
PERSONS_FILE = HERE / "gaz_persons.txt"

_ARABIC_START, _ARABIC_END = "\u0600", "\u06ff"


@dataclass
class Gazetteers:
    """Normalised token sets; each name becomes a feature ``g:<name>`` when a token (or its stem) is in it."""

    sets: dict[str, frozenset[str]] = field(default_factory=dict)
    # single-token full names, e.g. "موسكو" is a whole KB place name, "روسيا" a whole GPE name
    full: dict[str, frozenset[str]] = field(default_factory=dict)


def read_list(path: Path) -> list[str]:
    """Lines of a one-item-per-line list, ``#`` comments and blanks dropped."""
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _tokens(names: list[str]) -> set[str]:
    out: set[str] = set()
    for name in names:
        for tok in normalize(name).split():
            if len(tok) >= 2:
                out.add(tok)
    return out


@lru_cache(maxsize=1)
def default_gazetteers() -> Gazetteers:
    """Gazetteers from the KB, the lexicon and the lists shipped with the tagger, built once."""
    from rasad.kb import load_kb

    kb = load_kb()
    by_type: dict[str, list[str]] = {"PER": [], "ORG": [], "LOC": []}
    full: dict[str, set[str]] = {"PER": set(), "ORG": set(), "LOC": set()}
    surnames: list[str] = []
    adjectives: list[str] = []
    for entry in kb.entries.values():
        kind = "LOC" if entry.type in ("GPE", "LOC") else entry.type
        # bodies counted in the corpus (kb/corpus_names.py) are mostly common words (الكرة الطائرة):
        # as ORG features they fire where the model, trained without them, never saw them fire
        if kind not in by_type or entry.id.startswith("body-corpus-"):
            continue
        names = [entry.name, *entry.aliases]
        by_type[kind].extend(names)
        for name in names:
            norm = normalize(name)
            if " " not in norm:
                full[kind].add(norm)
        surnames.extend(entry.surnames)
        adjectives.extend(entry.adjectives)
    titles: list[str] = []
    for title in kb.titles:
        titles.extend([title.title, *title.forms])
    sets = {
        "kper": _tokens(by_type["PER"]) | _tokens(surnames),
        "korg": _tokens(by_type["ORG"]),
        "kloc": _tokens(by_type["LOC"]),
        "adj": _tokens(adjectives),
        "title": _tokens(titles),
        "first": _tokens(read_list(FIRST_NAMES)),
        "place": _tokens(read_list(PLACES_FILE)),
        "person": _tokens(read_list(PERSONS_FILE)),
    }
    return Gazetteers(
        sets={k: frozenset(v) for k, v in sets.items()},
        full={k: frozenset(v) for k, v in full.items()},
    )


def _char_class(ch: str) -> str:
    if ch.isdigit():
        return "d"
    if _ARABIC_START <= ch <= _ARABIC_END:
        return "A"
    if ch.isascii() and ch.isalpha():
        return "a"
    if unicodedata.category(ch).startswith("P") or not ch.isalnum():
        return "p"
    return "o"


def word_shape(word: str) -> str:
    """Character classes with runs collapsed: ``"2020م"`` → ``"dA"``, ``"(د"`` → ``"pA"``."""
    out: list[str] = []
    for ch in word:
        c = _char_class(ch)
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out[:4])


#: Words whose features a FeatureCache keeps (about 2.7 kB each: ~55 MB). Unbounded, the cache grew
#: with every new word of a long batch (hundreds of MB over 20,000 articles).
MAX_WORDS = 20_000


class FeatureCache:
    """Per-word features, prefixed for each relative position, computed on first sight and kept
    for the last ``max_words`` distinct words at most."""

    def __init__(self, gazetteers: Gazetteers | None = None, max_words: int = MAX_WORDS) -> None:
        self.gaz = gazetteers if gazetteers is not None else default_gazetteers()
        self.max_words = max_words
        # tuples of strings, not lists: the garbage collector stops tracking them, so a cache of
        # hundreds of thousands of words does not slow every later collection down
        self._cache: dict[str, tuple[tuple[str, ...], ...]] = {}

    def word(self, word: str) -> tuple[tuple[str, ...], ...]:
        """(own, at -1, at +1, at -2, at +2) feature tuples of ``word``."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        own, near, far = self._compute(word)
        hit = (
            tuple(own),
            tuple("-1" + f for f in near),
            tuple("+1" + f for f in near),
            tuple("-2" + f for f in far),
            tuple("+2" + f for f in far),
        )
        if len(self._cache) >= self.max_words:
            # a new generation: the cache stays bounded over any number of documents, and the
            # frequent words come back within a few sentences (a word's features cost ~30 µs)
            self._cache.clear()
        self._cache[word] = hit
        return hit

    def _compute(self, word: str) -> tuple[list[str], list[str], list[str]]:
        norm = normalize(word) or word
        variants = clitic_variants(norm) or (norm,)
        stem = variants[-1]
        shape = word_shape(word)
        gaz: list[str] = []
        for name, members in self.gaz.sets.items():
            for form in variants:
                if form in members:
                    gaz.append("g:" + name + ("" if form == norm else "~"))
                    break
        for name, members in self.gaz.full.items():
            for form in variants:
                if form in members:
                    gaz.append("f:" + name)
                    break
        has_al = any(v.startswith("ال") for v in variants)
        length = "L" + str(min(len(stem), 8))
        own = [
            "bias",
            "w=" + word,
            "n=" + norm,
            "s=" + stem,
            "p1=" + stem[:1],
            "p2=" + stem[:2],
            "p3=" + stem[:3],
            "x1=" + stem[-1:],
            "x2=" + stem[-2:],
            "x3=" + stem[-3:],
            "np2=" + norm[:2],
            "sh=" + shape,
            length,
            *gaz,
        ]
        if has_al:
            own.append("al")
        if len(variants) > 1:
            own.append("clitic")
        near = ["n=" + norm, "s=" + stem, "x2=" + stem[-2:], "sh=" + shape, *gaz]
        if has_al:
            near.append("al")
        far = ["s=" + stem, *gaz]
        return own, near, far

    def sentence(self, tokens: list[str]) -> list[list[str]]:
        """Feature lists of every token of a sentence."""
        rows = [self.word(t) for t in tokens]
        n = len(rows)
        out: list[list[str]] = []
        for i in range(n):
            feats = list(rows[i][0])
            if i >= 1:
                feats += rows[i - 1][1]
                if i >= 2:
                    feats += rows[i - 2][3]
                else:
                    feats.append("BOS-1")
            else:
                feats.append("BOS")
            if i + 1 < n:
                feats += rows[i + 1][2]
                if i + 2 < n:
                    feats += rows[i + 2][4]
                else:
                    feats.append("EOS+1")
            else:
                feats.append("EOS")
            out.append(feats)
        return out
