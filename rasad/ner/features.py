"""Token features for the CRF name tagger, computed once per distinct word and cached.

A token's features are its own (word, normalised form, clitic-stripped stem, affixes, shape,
gazetteer flags) plus a compact subset of its neighbours' at ±1 and ±2. Everything that depends on
the word alone is computed once per word and kept, already prefixed for each position, in a dict:
tagging a sentence is then list concatenation, no regex and no set look-ups.

Gazetteers: the KB's entity names by type and its title words, rasad's first names, and two lists
derived from /work/shared/gazetteers at training time and shipped here (``gaz_places.txt`` from
world-cities-translations, CC BY 4.0; ``gaz_persons.txt`` from arabic-names-akhateeb, MIT, and
wikidata-names-amazon, CC0). The KB's names of two words or more also mark spans: the longest KB
name starting at a token gives its tokens ``k:B-ORG``/``k:I-ORG`` (``k:…ORGc`` for bodies counted in
the corpus), so a long organisation name the KB knows is seen whole.

Word clusters (:mod:`rasad.clusters`, learned from the unannotated corpus) of the token's light stem
and its neighbours' are an option (``FeatureCache(clusters=True)``), off in the shipped model: on a
dev split of ANERcorp train they lowered F1 (docs/ner.md).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rasad.arabic.normalize import normalize
from rasad.arabic.text import clitic_variants
from rasad.clusters import cluster_of
from rasad.lexicon.conjugate import light_stem  # the clusters' key, as rasad.decide.sites.stem

FEATURES_VERSION = 2
HERE = Path(__file__).resolve().parent
FIRST_NAMES = HERE.parent / "lexicon" / "first_names.txt"
PLACES_FILE = HERE / "gaz_places.txt"
PERSONS_FILE = HERE / "gaz_persons.txt"

_ARABIC_START, _ARABIC_END = "\u0600", "\u06ff"
MAX_SPAN = 8  # words of the longest KB name matched as a span


@dataclass
class Gazetteers:
    """Normalised token sets; each name becomes a feature ``g:<name>`` when a token (or its stem) is in it."""

    sets: dict[str, frozenset[str]] = field(default_factory=dict)
    # single-token full names, e.g. "موسكو" is a whole KB place name, "روسيا" a whole GPE name
    full: dict[str, frozenset[str]] = field(default_factory=dict)
    # names of two words or more: normalised word tuple -> class (PER, ORG, ORGc, LOC)
    spans: dict[tuple[str, ...], str] = field(default_factory=dict)
    # the longest such name starting with a word (what a match at a token may try)
    span_len: dict[str, int] = field(default_factory=dict)


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


NAME_LINKS = ("بن", "ابن", "بنت", "أبو", "آل")


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
    spans: dict[tuple[str, ...], str] = {}
    for entry in kb.entries.values():
        kind = "LOC" if entry.type in ("GPE", "LOC") else entry.type
        if kind == "ORG" and entry.id.startswith("body-corpus"):
            kind = "ORGc"  # its own feature: the model weighs these names apart (see above)
        if kind not in ("PER", "ORG", "ORGc", "LOC"):
            continue
        for name in [entry.name, *entry.aliases]:
            words = tuple(normalize(name).split())
            if 2 <= len(words) <= MAX_SPAN:
                # a name two types share keeps the first seen (shipped order: places before bodies)
                spans.setdefault(words, kind)
    span_len: dict[str, int] = {}
    for words in spans:
        span_len[words[0]] = max(span_len.get(words[0], 0), len(words))
    titles: list[str] = []
    for title in kb.titles:
        titles.extend([title.title, *title.forms])
    sets = {
        # the link words of a name chain are person-name words by definition, whatever the KB holds
        "kper": _tokens(by_type["PER"]) | _tokens(surnames) | _tokens(list(NAME_LINKS)),
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
        spans=spans,
        span_len=span_len,
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


_LETTERS = re.compile("[\u0621-\u064a]+")  # Arabic letters only: the shape "A"


def word_shape(word: str) -> str:
    """Character classes with runs collapsed: ``"2020م"`` → ``"dA"``, ``"(د"`` → ``"pA"``."""
    if _LETTERS.fullmatch(word):
        return "A"
    out: list[str] = []
    for ch in word:
        c = _char_class(ch)
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out[:4])


#: A feature as the cache holds it: a string, or its UTF-8 bytes in the tagger's (``encoded``)
Feature = str | bytes

#: A word's cached features: (own, at -1, at +1, at -2, at +2) feature tuples, the forms a KB name
#: may start with (the normalised word first, then its clitic-stripped variants), and the length of
#: the longest KB name of two words or more one of those forms starts (0: none)
Row = tuple[tuple[Feature, ...], tuple[Feature, ...], tuple[Feature, ...], tuple[Feature, ...],
            tuple[Feature, ...], tuple[str, ...], int]

#: The neighbours' positions, in the order of a Row's parts after the word's own features
_POSITIONS = ("-1", "+1", "-2", "+2")

#: Words a FeatureCache keeps in each of its two generations. Unbounded, the cache grew with every
#: new word of a long batch (hundreds of MB over 20,000 articles). The tagger's cache holds only
#: the features its model weighs, as references to the model's strings: about 0.8 kB a word, 33 MB
#: for two full generations (a cache of every feature: 3.2 kB a word).
MAX_WORDS = 20_000


class FeatureCache:
    """Per-word features, prefixed for each relative position, computed on first sight and kept
    for the last ``max_words`` distinct words at most."""

    def __init__(self, gazetteers: Gazetteers | None = None, max_words: int = MAX_WORDS,
                 clusters: bool = False, spans: bool = True, known: frozenset[str] | None = None,
                 encoded: bool = False) -> None:
        self.gaz = gazetteers if gazetteers is not None else default_gazetteers()
        self.max_words = max_words
        # word-cluster features of the token and its neighbours: off in the shipped model, they
        # lowered F1 on the dev split (docs/ner.md); kept to retrain and compare
        self.clusters = clusters
        self.spans = spans  # KB name span features (k:B-ORG...)
        # the attributes a model weighs (``Tagger`` passes its model's): the others change no
        # tag or probability, so they are dropped once per word instead of passed on per token
        self.known = known
        # each kept feature string is the model's own copy: a cached word holds references only
        self._canon: dict[str, str | bytes] = {f: f for f in known} if known is not None else {}
        # ``encoded`` (with ``known``): the features as UTF-8 bytes, one copy each, which CRFsuite
        # reads as they are instead of encoding every string of every token again (the tagger's)
        self.encoded = encoded and known is not None
        if self.encoded:
            self._canon = {f: f.encode() for f in self._canon}
        # the same, by a neighbour's position, keyed without the position ("s=..." for "-1s=..."):
        # a new word's neighbour features are looked up without building the prefixed strings
        self._canon_at: dict[str, dict[str, str | bytes]] = {at: {} for at in _POSITIONS}
        for f, c in self._canon.items():
            if f[:2] in self._canon_at:
                self._canon_at[f[:2]][f[2:]] = c
        mark = self._mark
        # the rows of the places around a sentence: a token's neighbour at -1 there has the
        # features "BOS", at -2 "BOS-1" (the token after the start); at +1 "EOS", at +2 "EOS+1"
        self._around = (
            ((), (), (), (), (), (), 0),
            ((), (mark("BOS"),), (), (mark("BOS-1"),), (), (), 0),
            ((), (), (mark("EOS"),), (), (mark("EOS+1"),), (), 0),
            ((), (), (), (), (), (), 0),
        )
        # tuples of strings, not lists: the garbage collector stops tracking them, so a cache of
        # hundreds of thousands of words does not slow every later collection down
        # the first two words of the KB's names of two words or more (kb_spans tries only those)
        self._pairs = frozenset(words[:2] for words in self.gaz.spans)
        self._cache: dict[str, Row] = {}
        self._old: dict[str, Row] = {}  # the generation before

    def _mark(self, feature: str) -> str | bytes:
        """A feature built per sentence (a start or end mark, a KB span's), as the cache holds
        its features: bytes when ``encoded``."""
        return feature.encode() if self.encoded else feature

    def word(self, word: str) -> Row:
        """The features of ``word`` (:data:`Row`), computed on first sight."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        hit = self._old.get(word)
        if hit is None:
            own, near, far, forms = self._compute(word)
            kept: list[tuple[Feature, ...]]
            if self.known is not None:
                canon = self._canon.get
                kept = [tuple([c for c in map(canon, own) if c is not None])]
                for at, feats in zip(_POSITIONS, (near, near, far, far), strict=True):
                    at_canon = self._canon_at[at].get
                    kept.append(tuple([c for c in map(at_canon, feats) if c is not None]))
            else:
                kept = [tuple(own), *(tuple([at + f for f in feats])
                                      for at, feats in zip(_POSITIONS, (near, near, far, far), strict=True))]
            span_len = self.gaz.span_len
            longest = max([span_len.get(form, 0) for form in forms])
            hit = (kept[0], kept[1], kept[2], kept[3], kept[4], forms, longest)
        if len(self._cache) >= self.max_words:
            # a new generation: the cache stays bounded (two generations of ``max_words`` at
            # most) over any number of documents, and the words of the last one seen again
            # move over instead of being computed again
            self._old = self._cache
            self._cache = {}
        self._cache[word] = hit
        return hit

    def _compute(self, word: str) -> tuple[list[str], list[str], list[str], tuple[str, ...]]:
        norm = normalize(word) or word
        variants = clitic_variants(norm) or (norm,)
        stem = variants[-1]
        cl_own: list[str] = []
        cl_near: list[str] = []
        cl_far: list[str] = []
        if self.clusters:
            clusters = cluster_of(light_stem(norm))
            if clusters is None:
                cl_own = cl_near = ["c=none"]
            else:
                c64, c256, c1024 = clusters
                cl_own = [f"c64={c64}", f"c256={c256}", f"c1024={c1024}"]
                cl_near = [f"c64={c64}", f"c256={c256}"]
                cl_far = [f"c64={c64}"]
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
            *cl_own,
        ]
        if has_al:
            own.append("al")
        if len(variants) > 1:
            own.append("clitic")
        near = ["n=" + norm, "s=" + stem, "x2=" + stem[-2:], "sh=" + shape, *gaz, *cl_near]
        if has_al:
            near.append("al")
        far = ["s=" + stem, *gaz, *cl_far]
        forms = tuple(dict.fromkeys((norm, *variants)))
        return own, near, far, forms

    def kb_spans(self, rows: list[Row]) -> list[str]:
        """``B-ORG``/``I-ORG``... of the longest KB names of two words or more, left to right
        (the first word may carry a proclitic); ``""`` outside any."""
        n = len(rows)
        out = [""] * n
        spans, span_len = self.gaz.spans, self.gaz.span_len
        taken = 0  # the first word no name found so far covers
        # only the words a KB name of two words or more starts with are tried (a few a sentence)
        pairs = self._pairs
        for i in [i for i, row in enumerate(rows) if row[6]]:
            if i < taken or i + 1 == n:
                continue
            found = 0
            kind = ""
            second = rows[i + 1][5][0]
            for form in rows[i][5]:
                # a name of two words or more starts with its first two: no pair, no name here
                longest = span_len.get(form, 0) if (form, second) in pairs else 0
                for size in range(min(longest, n - i), max(found, 1), -1):
                    key = (form, *(rows[k][5][0] for k in range(i + 1, i + size)))
                    got = spans.get(key)
                    if got is not None:
                        found, kind = size, got
                        break
            if found:
                out[i] = "B-" + kind
                for k in range(i + 1, i + found):
                    out[k] = "I-" + kind
                taken = i + found
        return out

    def sentence(self, tokens: list[str]) -> list[list[Feature]]:
        """Feature lists of every token of a sentence: its own features, then those of its
        neighbours at -1 and -2, then at +1 and +2 (the sentence's start and end marks where
        there is no neighbour), with the KB span marks after its own when a span is near."""
        get, word = self._cache.get, self.word
        rows = [get(t) or word(t) for t in tokens]
        n = len(rows)
        # two rows before the sentence and two after give the start and end marks in the slots
        # of the neighbours' features, so every token's list is one display of five parts
        before2, before1, after1, after2 = self._around
        ext = [before2, before1, *rows, after1, after2]
        out = [[*a[0], *b[1], *c[3], *d[2], *e[4]]
               for c, b, a, d, e in zip(ext, ext[1:], ext[2:], ext[3:], ext[4:], strict=False)]
        if self.spans and any(row[6] for row in rows):
            kb = self.kb_spans(rows)
            for i in range(n):
                marks: list[Feature] = []
                if kb[i]:
                    marks.append(self._mark("k:" + kb[i]))
                if i >= 1 and kb[i - 1]:
                    marks.append(self._mark("-1k:" + kb[i - 1]))
                if i + 1 < n and kb[i + 1]:
                    marks.append(self._mark("+1k:" + kb[i + 1]))
                if marks:
                    own = len(rows[i][0])
                    out[i][own:own] = marks
        return out
