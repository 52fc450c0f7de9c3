"""Find every KB name in a paragraph in one pass over its tokens.

Names are indexed by their first normalised token; at each token of the text the matcher tries
the token and its clitic-stripped forms (``لموسكو`` → ``موسكو``) as keys, then checks the rest of
each candidate name token by token. Lookups are dict hits, so a paragraph costs O(tokens).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rasad.arabic.normalize import normalize, normalize_with_map
from rasad.arabic.text import Paragraph, Token, clitic_variants, name_variants, tokenize
from rasad.kb.load import KnowledgeBase

Candidate = tuple[tuple[str, ...], str, str]  # the name's remaining tokens, category, key

#: Words whose ``fuzzy_person`` answer is kept for one set of people (an article's words, or the
#: words after titles over a batch for the KB's people); the words' strings are held too. The KB's
#: memo gains ~250 words per 1,000 corpus records after the first 500: 1,000 is reached within
#: ~3,000 records and the memory it holds is flat after that (5,000: after ~20,000 records)
FUZZY_MEMO = 1_000

# categories of pattern
ENTITY, SURNAME, ADJECTIVE, TITLE, PHRASE = "entity", "surname", "adjective", "title", "phrase"


@dataclass(slots=True, frozen=True)
class Hit:
    category: str
    key: str  # entry id, or index of a title / phrase as text
    first: int  # token indices, end exclusive
    last: int
    start: int  # character offsets in the paragraph
    end: int


def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(t.norm for t in tokenize(normalize(name)))


class Matcher:
    """The compiled patterns of one knowledge base."""

    names: dict[str, set[tuple[str, ...]]]  # entry id → its names as tokens
    # first token → (one-token names, {second token → the rest of longer names, longest first})
    index: dict[str, tuple[list[Candidate], dict[str, list[Candidate]]]]

    def __init__(self, kb: KnowledgeBase, compiled: tuple[Any, Any, Any] | None = None) -> None:
        self.kb = kb
        # fuzzy_person's answers by word for the people of its last call, by ``edits_only``
        self._fuzzy_memo: dict[bool, tuple[frozenset[str], dict[str, str | None]]] = {
            False: (frozenset(), {}), True: (frozenset(), {})}
        if compiled is not None:  # the index of this same KB, as ``compiled()`` gave it
            self.index, self.names, self.name_tokens = compiled
            return
        index: dict[str, list[tuple[tuple[str, ...], str, str]]] = defaultdict(list)
        self.names = defaultdict(set)

        def add(name: str, category: str, key: str) -> None:
            toks = _name_tokens(name)
            if toks:
                index[toks[0]].append((toks[1:], category, key))
                if category == ENTITY:
                    self.names[key].add(toks)

        for entry in kb.entries.values():
            for name in (entry.name, *entry.aliases):
                add(name, ENTITY, entry.id)
            for name in entry.surnames:
                add(name, SURNAME, entry.id)
            for name in entry.adjectives:
                add(name, ADJECTIVE, entry.id)
        for i, title in enumerate(kb.titles):
            for name in (title.title, *title.forms):
                add(name, TITLE, str(i))
        for i, phrase in enumerate(kb.phrases):
            for name in (phrase.phrase, *phrase.aliases):
                add(name, PHRASE, str(i))
        # by first token, then (for longer names) by second token: "وزارة" opens thousands of
        # names, and a paragraph's "وزارة الصحة" must only try those going on with "الصحة"
        self.index = {}
        for first, candidates in index.items():
            singles = [c for c in candidates if not c[0]]
            longer: dict[str, list[tuple[tuple[str, ...], str, str]]] = defaultdict(list)
            for c in candidates:
                if c[0]:
                    longer[c[0][0]].append((c[0][1:], c[1], c[2]))
            for group in longer.values():
                group.sort(key=lambda c: -len(c[0]))
            self.index[first] = (singles, dict(longer))
        self.name_tokens = _name_token_index(kb)

    def compiled(self) -> tuple[Any, Any, Any]:
        """The index built from the KB, to store and pass back to ``Matcher(kb, compiled)``."""
        return self.index, dict(self.names), self.name_tokens

    def find(self, para: Paragraph) -> list[Hit]:
        """All hits in a paragraph; within a category, longest leftmost matches, no overlaps."""
        tokens = para.tokens
        hits: list[Hit] = []
        count = len(tokens)
        for i, token in enumerate(tokens):
            following = tokens[i + 1].norm if i + 1 < count else None
            for variant in name_variants(token.norm):
                entry = self.index.get(variant)
                if entry is None:
                    continue
                singles, longer = entry
                found = False
                for rest, category, key in longer.get(following, ()) if following is not None else ():
                    n = len(rest)  # tokens after the second one
                    if i + 2 + n <= count and all(tokens[i + 2 + j].norm == rest[j] for j in range(n)):
                        hits.append(Hit(category, key, i, i + 2 + n, clitic_start(token, variant), tokens[i + 1 + n].end))
                        found = True
                for _, category, key in singles:
                    hits.append(Hit(category, key, i, i + 1, clitic_start(token, variant), token.end))
                    found = True
                if found:  # a longer form matched: shorter clitic readings are not tried
                    break
        return _resolve(hits)

    def fuzzy_person(self, token: Token, allowed: set[str] | frozenset[str], edits_only: bool = False) -> str | None:
        """A long token that is, or is one edit from, a name token of a person among ``allowed``.

        This links a part of a name mentioned in full elsewhere in the article (``الحريري`` after
        ``نصر الحريري``) and a misspelling of it (``لافروق`` → ``sergey-lavrov``); ``edits_only``:
        only a misspelling, never a word that is itself a name word (``المعلم``, "the teacher").
        """
        if len(token.norm) < 4 or not allowed:
            return None
        people = allowed if isinstance(allowed, frozenset) else frozenset(allowed)
        # the answer depends on the word and the people alone: kept per word for the people of the
        # last call of each kind (one article's, or the KB's for ``edits_only``), at most
        # FUZZY_MEMO words, as an article repeats its words
        last, memo = self._fuzzy_memo[edits_only]
        if last != people or len(memo) >= FUZZY_MEMO:
            memo = {}
            self._fuzzy_memo[edits_only] = (people, memo)
        if token.norm in memo:
            return memo[token.norm]
        key = memo[token.norm] = self._fuzzy_person(token.norm, people, edits_only)
        return key

    def _fuzzy_person(self, word: str, people: frozenset[str], edits_only: bool) -> str | None:
        exact, near, ends = self._person_index(people)
        found: set[str] = set()
        for norm in clitic_variants(word)[:2]:
            if edits_only and norm in exact:  # a name word as written: the KB's surnames decide
                return None
            hit = exact.get(norm)
            if hit:
                found |= hit
            # two words of five letters or more one edit apart share their first two letters or
            # their last two: a word sharing neither with any name has no near name to look up
            if not found and len(norm) >= 5 and (norm[:2] in ends or "$" + norm[-2:] in ends):
                for d in _deletions(norm):
                    # a shared deletion admits two edits (العلمي/المعلم): check it is one
                    found |= {key for name, key in near.get(d, ()) if one_edit(name, norm)}
        return found.pop() if len(found) == 1 else None

    @lru_cache(maxsize=512)  # noqa: B019 - one matcher per process; keys are small frozensets
    def _person_index(
        self, allowed: frozenset[str]
    ) -> tuple[dict[str, set[str]], dict[str, set[tuple[str, str]]], frozenset[str]]:
        """Exact and one-deletion lookups over the name tokens of the ``allowed`` people, and the
        first two letters and (after ``$``) the last two of those the deletions index."""
        exact: dict[str, set[str]] = defaultdict(set)
        near: dict[str, set[tuple[str, str]]] = defaultdict(set)
        ends: set[str] = set()
        for key in allowed:
            for name in self.name_tokens.get(key, ()):
                exact[name].add(key)
                if len(name) >= 5:
                    ends.update((name[:2], "$" + name[-2:]))
                    for d in _deletions(name):
                        near[d].add((name, key))
        return dict(exact), dict(near), frozenset(ends)


def clitic_start(token: Token, variant: str) -> int:
    """Offset in the paragraph where ``variant`` (a suffix of the token's norm) begins."""
    stripped = len(token.norm) - len(variant)
    if stripped <= 0:
        return token.start
    _, offsets = normalize_with_map(token.text)
    return token.start + offsets[stripped]


def _resolve(hits: list[Hit]) -> list[Hit]:
    by_category: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        by_category[hit.category].append(hit)
    out: list[Hit] = []
    for group in by_category.values():
        group.sort(key=lambda h: (h.first, -(h.last - h.first)))
        taken_until, last = -1, None
        for hit in group:
            same_span = last is not None and (hit.first, hit.last) == (last.first, last.last)
            if hit.first >= taken_until or same_span:  # an ambiguous name keeps all its readings
                out.append(hit)
                taken_until, last = hit.last, hit
    out.sort(key=lambda h: (h.first, -(h.last - h.first)))
    return out


@lru_cache(maxsize=2048)
def _deletions(word: str) -> frozenset[str]:
    """The word and every word one deletion away (SymSpell's trick: two words within one edit
    share one of these); kept for the words seen last (a word is tried once per paragraph)."""
    return frozenset({word} | {word[:i] + word[i + 1 :] for i in range(len(word))})


def one_edit(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` different by exactly one substitution, insertion or deletion?"""
    if a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((n for n, (x, y) in enumerate(zip(short, long, strict=False)) if x != y), len(short))
    return short[i:] == long[i + 1 :]


_COMPOUND_FIRST = frozenset(normalize(w) for w in ("عبد", "أبو", "أبي", "أبا", "أم"))


def _name_token_index(kb: KnowledgeBase) -> dict[str, set[str]]:
    """The distinctive name tokens of each person (``لافروف``, ``الحريري``): the targets of
    partial and one-edit matching. First names shared by several people (``محمد``, ``سعود``)
    and words of titles or nationality adjectives (``الرئيس``, ``السعودي``) are left out."""
    per_person: dict[str, set[str]] = defaultdict(set)
    for entry in kb.entries.values():
        if entry.type == "PER":
            for name in (entry.name, *entry.aliases, *entry.surnames):
                parts = _name_tokens(name)
                # not the second half of a compound given name: الكريم of عبد الكريم
                per_person[entry.id].update(
                    t for n, t in enumerate(parts) if n == 0 or parts[n - 1] not in _COMPOUND_FIRST
                )
    counts: dict[str, int] = defaultdict(int)
    for toks in per_person.values():
        for tok in toks:
            counts[tok] += 1
    generic = {tok for t in kb.titles for form in (t.title, *t.forms) for tok in _name_tokens(form)}
    generic |= {tok for e in kb.entries.values() for a in e.adjectives for tok in _name_tokens(a)}
    index: dict[str, set[str]] = {}
    for key, toks in per_person.items():
        keep = {
            tok for tok in toks
            if len(tok[2:] if tok.startswith("ال") else tok) >= 4
            and (tok.startswith("ال") or counts[tok] < 3)  # family names yes, common first names no
            and tok not in generic
        }
        if keep:
            index[key] = keep
    return index
