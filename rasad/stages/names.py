"""Names the KB does not know: a person named right after a title.

``مديرة إدارة الموهوبات الدكتورة ليلى الصاعدي``, ``رئيس غرفة أبها المهندس عبد الله المبطي``,
``وزير الخارجية اليمني رياض ياسين``: after a title (and the adjectives, places or bodies that
qualify it), a known first name starts a name that runs over name-like words up to punctuation or
a function word. The mention gets a stable id derived from its normalised form.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rasad.arabic.normalize import normalize
from rasad.arabic.text import Paragraph, clitic_variants
from rasad.kb.load import KnowledgeBase, load_homographs
from rasad.kb.matcher import ADJECTIVE, ENTITY, TITLE, Hit, clitic_start
from rasad.lexicon import cues, load_lexicon, triggers, word_list
from rasad.model import Document, Mention

MAX_NAME_TOKENS = 4
MAX_QUALIFIER_TOKENS = 4  # tokens between the title and the name: اليمني، لشؤون الخليج، غرفة أبها
MAX_CHAIN_TOKENS = 9  # سلطان بن سحيم بن حمد بن عبدالله آل ثاني
MAX_ORG_TOKENS = 9  # المديرية العامة للشؤون الصحية بمنطقة حائل
_FAMILY = normalize("آل")


@dataclass(frozen=True, slots=True)
class NameWords:
    """The parts of personal names the name rules test for (``lexicon/names.yaml``, normalised;
    particles from ``lexicon/grammar.yaml``, as written), read once."""

    particles: frozenset[str]  # على، إلى as written: not the first name علي
    compound_second: frozenset[str]  # الله، الدين: the second word of عبد الله، نور الدين
    compound_first: frozenset[str]  # عبد، أبو، أم: the first word of a compound name
    opening: frozenset[str]  # connectors that may begin a name
    chain: frozenset[str]  # بن، بنت
    not_before_surname: frozenset[str]  # بن X، أبو X: X is no surname


@lru_cache(maxsize=1)
def name_words() -> NameWords:
    names = "names.yaml"
    return NameWords(
        particles=word_list("grammar.yaml", "particles_as_written", as_written=True),
        compound_second=word_list(names, "compound_second"), compound_first=word_list(names, "compound_first"),
        opening=word_list(names, "opening_connectors"), chain=word_list(names, "name_chain"),
        not_before_surname=word_list(names, "not_before_surname"),
    )


@lru_cache(maxsize=1)
def family_names() -> frozenset[str]:
    """Known family names with the article (``العتيبي``, ``الأتاسي``): the tagger's person-name
    gazetteer (arabic-names-akhateeb, MIT; wikidata-names-amazon, CC0) and the family names
    ``kb/build.py`` learns from corpus counts (``kb/data/family_names.txt``): the last part of a
    name after a ``بن`` chain."""
    root = Path(__file__).parent.parent
    words: set[str] = set()
    gazetteer = root / "ner" / "gaz_persons.txt"
    if gazetteer.is_file():
        words.update(w for w in gazetteer.read_text(encoding="utf-8").split() if w.startswith("ال") and len(w) >= 6)
    learned = root / "kb" / "data" / "family_names.txt"  # kb/build.py, from corpus counts
    if learned.is_file():
        words.update(normalize(w) for w in learned.read_text(encoding="utf-8").split() if not w.startswith("#"))
    return frozenset(w for w in words if w.isalpha())


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    path = Path(__file__).parent.parent / "lexicon" / "first_names.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(normalize(n) for line in lines if (n := line.strip()) and not n.startswith("#"))


def chain_canonical(text: str) -> str:
    """The common form of a name written with its ``بن`` chain: given name and family name
    (``هاشم بن عثمان الحقيل`` → ``هاشم الحقيل``); a name without a family name with the article,
    or with ``آل`` (``سلطان بن سحيم آل ثاني``), stays whole."""
    words = text.split()
    given = 2 if words and normalize(words[0]) in name_words().compound_first else 1
    if (len(words) >= given + 3 and normalize(words[given]) in name_words().chain and words[-1].startswith("ال")
            and normalize(words[-2]) != _FAMILY):
        return " ".join(words[:given] + words[-1:])
    return text


def stable_id(name: str) -> str:
    """A stable id for an entity outside the KB: ``x-`` and a hash of its normalised name."""
    return "x-" + hashlib.sha1(" ".join(normalize(name).split()).encode("utf-8")).hexdigest()[:10]


class NameFinder:
    """Finds unknown person names after titles; built once with the KB."""

    def __init__(self, kb: KnowledgeBase) -> None:
        data = load_lexicon("names.yaml")
        self.kb = kb
        kb_first = {
            normalize(e.name.split()[0]) for e in kb.entries.values() if e.type == "PER" and len(e.name.split()) > 1
        }
        self.first = first_names() | kb_first
        self.stop = frozenset(normalize(w) for w in data["not_names"]) | frozenset(triggers()) | frozenset(
            form[0] for form in cues().verbs
        )
        self.connectors = frozenset(normalize(w) for w in data["name_connectors"])
        # connectors inside a name that never begin one (عبد، أبو، أم do)
        self.inner = self.connectors - name_words().opening
        self.org_heads = {normalize(w): sector for sector, words in data["org_heads"].items() for w in words}
        self.titles = frozenset(
            tok for t in kb.titles for form in (t.title, *t.forms) for tok in normalize(form).split()
        )
        self.adjectives = frozenset(normalize(a) for e in kb.entries.values() for a in e.adjectives)
        self.family = family_names() - self.adjectives - self.titles - self.stop
        self.not_surnames = frozenset(normalize(w) for w in data["not_surnames"])
        self.common = frozenset(load_homographs()) | frozenset(normalize(w) for w in data["common_words"])
        # definite heads of official bodies and the words that qualify them: المديرية العامة لـ…
        self.definite_heads = frozenset("ال" + normalize(h) for h in data["definite_body_heads"])
        self.place_heads = frozenset(normalize(w) for w in data["common_heads"])
        self.body_qualifiers = frozenset(normalize(w) for w in data["body_qualifiers"])

    def find_chains(self, para: Paragraph, covered: set[int]) -> list[Mention]:
        """Person names built on ``بن``/``بنت``: ``سلطان بن سحيم آل ثاني``, ``محمد بن عبدالله العتيبي``.

        A name-like word, then one or more ``بن X``, then ``آل X`` or a known family name: such a
        chain is a person's name with or without a title before it.
        """
        found: list[Mention] = []
        tokens = para.tokens
        chain = name_words().chain
        after = 0  # the first token a chain found so far leaves free
        # a chain starts at the word before a بن: only those words are tried
        for i in [j - 1 for j in range(1, len(tokens) - 1) if tokens[j].norm in chain]:
            if i < after or i in covered or not self._name_word(para, i):
                continue
            last = self.chain_end(para, i + 1)
            if last - i < 3 or any(n in covered for n in range(i, last)):
                continue
            start, end = tokens[i].start, tokens[last - 1].end
            text = para.text[start:end]
            canonical = chain_canonical(text)
            found.append(Mention(text, "PER", canonical, None, stable_id(canonical), para.index, start, end, rule="name.chain"))
            covered.update(range(i, last))
            after = last
        return found

    def chain_end(self, para: Paragraph, j: int) -> int:
        """Where a name continued at token ``j`` ends: through ``بن X`` / ``بنت X`` links, then an
        ``آل X`` or a known family name; ``j`` itself when nothing continues it there."""
        tokens = para.tokens
        last = j
        while last + 1 < len(tokens) and tokens[last].norm in name_words().chain and _joined(para, last) and _joined(para, last + 1):
            step = self._name_part(para, last + 1)
            if step == 0:
                break
            last += 1 + step
            if last - j >= MAX_CHAIN_TOKENS:
                return last
        if (last + 1 < len(tokens) and tokens[last].norm == _FAMILY and _joined(para, last)
                and _joined(para, last + 1) and self._name_word(para, last + 1)):
            return last + 2
        if last > j and last < len(tokens) and _joined(para, last) and self._family_word(tokens[last].norm):
            return last + 1
        return last

    def _family_word(self, norm: str) -> bool:
        """A family name after a ``بن`` chain: a known one, or any word with the article that is
        no function word, title, nationality adjective or common word (``الحقيل``)."""
        if norm in self.family:
            return True
        return (norm.startswith("ال") and len(norm) >= 5 and norm.isalpha() and norm not in self.stop
                and norm not in self.titles and norm not in self.adjectives and norm not in self.common)

    def _name_part(self, para: Paragraph, j: int) -> int:
        """Tokens of the name part at ``j`` (``عبد الله`` is two), 0 if it is not one."""
        tokens = para.tokens
        if tokens[j].norm in name_words().compound_first and j + 1 < len(tokens) and _joined(para, j + 1):
            return 2
        return 1 if self._name_word(para, j) else 0

    def _name_word(self, para: Paragraph, j: int) -> bool:
        """A word that can be a given name in a chain: Arabic letters, no article, not a function
        word, trigger, title or nationality adjective (``وزير``, ``الأمير`` are not names)."""
        tok = para.tokens[j]
        norm = tok.norm
        return (len(norm) >= 2 and norm.isalpha() and not norm.startswith("ال") and norm not in self.stop
                and norm not in name_words().chain and norm != _FAMILY and norm not in self.adjectives
                and tok.text not in name_words().particles)

    def find(self, para: Paragraph, covered: set[int]) -> list[Mention]:
        """Person mentions after the title hits of an analysed paragraph."""
        found: list[Mention] = []
        qualifier_hits = {h.first: h for h in para.hits if h.category in (ADJECTIVE, ENTITY, TITLE)}
        for hit in para.hits:
            if hit.category != TITLE:
                continue
            j = self._skip_qualifiers(para, hit.last, qualifier_hits)
            span = self._name_at(para, j, covered)
            if span is None:
                continue
            first, last = span
            start, end = para.tokens[first].start, para.tokens[last - 1].end
            text = para.text[start:end]
            canonical = chain_canonical(text)
            found.append(Mention(text, "PER", canonical, None, stable_id(canonical), para.index, start, end, rule="title.name"))
            covered.update(range(first, last))
        return found

    def surnames_alone(self, doc: Document) -> list[Mention]:
        """A family name alone after the full name of a person outside the KB (``العطيشان`` after
        ``عبد الرحمن العطيشان``) is that person; KB people get the same from ``fuzzy_person``."""
        firsts = first_names()
        by_surname: dict[str, Mention] = {}
        for m in doc.entities:
            if m.type != "PER" or not m.id or not m.id.startswith("x-"):
                continue
            words = normalize(m.text).split()
            last = words[-1] if len(words) >= 2 else ""
            if (len(last.removeprefix("ال")) >= 3 and last not in firsts and last not in self.stop
                    and last not in self.titles and last not in self.adjectives and last not in self.common
                    and last not in self.not_surnames and words[-2] not in name_words().not_before_surname):
                by_surname.setdefault(last, m)
        if not by_surname:
            return []
        out: list[Mention] = []
        for para in doc.paragraphs:
            taken = [(m.start, m.end) for m in doc.entities if m.paragraph == para.index]
            for tok in para.tokens:
                key = next((v for v in clitic_variants(tok.norm)[:2] if v in by_surname), None)
                if key is None or any(a < tok.end and tok.start < b for a, b in taken):
                    continue
                full, start = by_surname[key], clitic_start(tok, key)
                out.append(Mention(para.text[start:tok.end], "PER", full.canonical, None, full.id, para.index, start,
                                   tok.end, country=full.country, sector=full.sector, rule="surname.in-article"))
        return out

    def after_titles(self, para: Paragraph) -> list[int]:
        """Token indices where a name would start after a title and its qualifiers
        (``وزير الخارجية الروسي`` → the index of the word after ``الروسي``)."""
        qualifier_hits = {h.first: h for h in para.hits if h.category in (ADJECTIVE, ENTITY, TITLE)}
        out = []
        for hit in para.hits:
            if hit.category != TITLE:
                continue
            j = hit.last
            while j in qualifier_hits and j - hit.last < MAX_QUALIFIER_TOKENS:
                j = qualifier_hits[j].last
            if j < len(para.tokens) and _joined(para, j):
                out.append(j)
        return out

    def find_orgs(self, para: Paragraph, covered: set[int]) -> list[Mention]:
        """Organisation names after a head noun: ``غرفة أبها``, ``مؤسسة العوهلي الخيرية``,
        ``المديرية العامة للشؤون الصحية بمنطقة حائل`` (a definite head, a qualifier, a complement)."""
        found: list[Mention] = []
        places = {h.first: h for h in para.hits if h.category == ENTITY}
        titles = {n for h in para.hits if h.category == TITLE for n in range(h.first, h.last)}
        tokens = para.tokens
        for i, tok in enumerate(tokens):
            if i in covered:
                continue
            # the head as written or after a conjunction (وزارة، وهيئة); a definite head (اللجنة،
            # القوات) only with a qualifier and a complement after it
            conj = tok.norm[:1] in "وف" and tok.norm[1:] in self.org_heads
            head = tok.norm if tok.norm in self.org_heads else tok.norm[1:] if conj else None
            if head is None:
                if self._definite_head(tok.norm) is None:  # before the blocked set is built for _body_end
                    continue
                last = self._body_end(para, i, covered | titles, places)
                if last is None:
                    continue
                head = tok.norm[2:] if tok.norm.startswith("ال") else tok.norm[3:]
                conj = tok.norm[:1] in "وف"
            else:
                last = self._org_end(para, i + 1, covered | titles, places)
            if last == i + 1:
                continue
            start = tok.start + (1 if conj else 0)
            end = tokens[last - 1].end
            text = para.text[start:end]
            country = places[i + 1].key if i + 1 in places else None
            found.append(Mention(text, "ORG", text, None, stable_id(text), para.index, start, end,
                                 country=self.kb.entries[country].country if country else None,
                                 sector=self.org_heads.get(head, "GOV"), rule="head.org"))
            covered.update(range(i, last))
        return found

    def _definite_head(self, norm: str) -> str | None:
        """The definite head noun a word is, as written or after a conjunction (``والمديرية``)."""
        head = norm if norm in self.definite_heads else norm[1:] if norm[:1] in "وف" else None
        return head if head in self.definite_heads else None

    def _body_end(self, para: Paragraph, i: int, covered: set[int], places: dict[int, Hit]) -> int | None:
        """``المديرية العامة للشؤون…``: a definite head, a qualifier, then a complement."""
        tokens = para.tokens
        if self._definite_head(tokens[i].norm) is None or i + 2 >= len(tokens):
            return None
        if tokens[i + 1].norm not in self.body_qualifiers or not _joined(para, i + 1) or i + 1 in covered:
            return None
        last = self._complements(para, i + 2, covered, places)
        return last if last > i + 2 else None

    def _org_end(self, para: Paragraph, j: int, covered: set[int], places: dict[int, Hit]) -> int:
        """Where the name after a head ends: after a place name or up to three definite words,
        then through its complements (``للإغاثة والأعمال الإنسانية``, ``بمنطقة حائل``)."""
        tokens = para.tokens
        if j < len(tokens) and j in places and _joined(para, j):
            return self._complements(para, places[j].last, covered, places)
        last = j
        while last < len(tokens) and last - j < 3 and last not in covered and _joined(para, last):
            norm = tokens[last].norm
            if not norm.startswith("ال") or norm in self.stop or norm in self.org_heads:
                break
            last += 1
        return self._complements(para, last, covered, places) if last > j else last

    def _complements(self, para: Paragraph, j: int, covered: set[int], places: dict[int, Hit]) -> int:
        """Past the complements that continue a body's name: a definite word with ل/ب
        (``للشؤون``, ``بالرياض``) or و (``والأعمال``) and the definite adjectives after it, or
        ل/ب before a place (``بمنطقة حائل``, ``بجدة``). Never past punctuation or a verb."""
        tokens = para.tokens
        last = j
        start = j
        while last < len(tokens) and last - start < MAX_ORG_TOKENS and _joined(para, last):
            norm = tokens[last].norm
            if last in covered and last not in places:  # a place inside the name stays a mention too
                break
            if norm in self.stop or norm in self.adjectives:
                break
            if last in places and norm[:1] in "لب":  # بجدة, بالرياض: the place hit carries the clitic
                last = places[last].last
                continue
            if (norm[:1] in "لو" and norm[1:3] == "ال") or norm.startswith("لل"):
                last += 1
                while (last < len(tokens) and last not in covered and _joined(para, last)
                       and tokens[last].norm.startswith("ال") and tokens[last].norm not in self.stop
                       and tokens[last].norm not in self.adjectives and last - start < MAX_ORG_TOKENS):
                    last += 1
                continue
            if norm[:1] in "لب" and norm[1:] in self.place_heads and last + 1 in places and _joined(para, last + 1):
                last = places[last + 1].last
                continue
            break
        return last

    def _skip_qualifiers(self, para: Paragraph, j: int, hits: dict[int, Hit]) -> int:
        """Past the adjectives, places and further titles that qualify a title."""
        limit = j + MAX_QUALIFIER_TOKENS
        while j < min(limit, len(para.tokens)):
            if j in hits:
                j = hits[j].last
            elif self._is_first(para, j) or para.tokens[j].norm in self.stop or not _joined(para, j):
                break
            else:
                j += 1
        return j

    def _is_first(self, para: Paragraph, j: int) -> bool:
        tok = para.tokens[j]
        # "على" (on) folds to "علي" (Ali): the alef maqsura of the text as written tells them apart
        return tok.norm in self.first and tok.norm not in self.inner and tok.text not in name_words().particles

    def _name_at(self, para: Paragraph, j: int, covered: set[int]) -> tuple[int, int] | None:
        tokens = para.tokens
        if j >= len(tokens) or j in covered or not self._is_first(para, j) or not _joined(para, j):
            return None
        last = j + 1
        while last < len(tokens) and last - j < MAX_NAME_TOKENS and last not in covered and _joined(para, last):
            norm = tokens[last].norm
            if norm in self.stop or any(v in self.stop for v in clitic_variants(norm)[1:2]) or not norm.isalpha():
                break
            last += 1
            if norm.startswith("ال") and norm not in name_words().compound_second:
                break  # a family name with the article ends the name: المبطي, not المبطي الحادث
        while last - 1 > j and tokens[last - 1].norm in self.connectors:  # a name does not end on بن
            last -= 1
        last = max(last, self.chain_end(para, last)) if last < len(tokens) else last
        # وزير الخارجية رياض ياسين اليمني; but ماهر المصري: after a given name alone it is the family name
        while last - 1 > j + 1 and tokens[last - 1].norm in self.adjectives:
            last -= 1
        return (j, last) if last - j >= 2 else None


def _joined(para: Paragraph, j: int) -> bool:
    """Is token ``j`` separated from the previous one by spaces only (no comma, colon, quote)?"""
    if j == 0:
        return True
    gap = para.text[para.tokens[j - 1].end : para.tokens[j].start]
    return not gap.strip()
