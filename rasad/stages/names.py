"""Names the KB does not know: a person named right after a title.

``مديرة إدارة الموهوبات الدكتورة ليلى الصاعدي``, ``رئيس غرفة أبها المهندس عبد الله المبطي``,
``وزير الخارجية اليمني رياض ياسين``: after a title (and the adjectives, places or bodies that
qualify it), a known first name starts a name that runs over name-like words up to punctuation or
a function word. The mention gets a stable id derived from its normalised form.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from rasad.arabic.normalize import normalize
from rasad.arabic.text import Paragraph, clitic_variants
from rasad.kb.load import KnowledgeBase
from rasad.kb.matcher import ADJECTIVE, ENTITY, TITLE, Hit
from rasad.lexicon import cues, load_lexicon, triggers
from rasad.model import Mention

MAX_NAME_TOKENS = 4
_PARTICLES = frozenset({"على", "إلى", "الى", "لدى", "حتى", "متى", "سوى"})
# the ال-words of theophoric and compound first names: عبد الله، عبد الرحمن، نور الدين
_COMPOUND_SECOND = frozenset(normalize(w) for w in ("الله", "الرحمن", "الرحيم", "العزيز", "الدين", "الكريم", "الملك", "اللطيف", "المجيد", "الحليم", "الإله", "الهادي", "السلام"))
MAX_QUALIFIER_TOKENS = 4  # tokens between the title and the name: اليمني، لشؤون الخليج، غرفة أبها


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    path = Path(__file__).parent.parent / "lexicon" / "first_names.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(normalize(n) for line in lines if (n := line.strip()) and not n.startswith("#"))


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
        self.inner = self.connectors - frozenset(normalize(w) for w in ("عبد", "أبو", "أم", "آل"))
        self.org_heads = {normalize(w): sector for sector, words in data["org_heads"].items() for w in words}

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
            found.append(Mention(text, "PER", text, None, stable_id(text), para.index, start, end, rule="title.name"))
            covered.update(range(first, last))
        return found

    def find_orgs(self, para: Paragraph, covered: set[int]) -> list[Mention]:
        """Organisation names after a head noun: ``غرفة أبها``, ``مؤسسة العوهلي الخيرية``."""
        found: list[Mention] = []
        places = {h.first: h for h in para.hits if h.category == ENTITY}
        titles = {n for h in para.hits if h.category == TITLE for n in range(h.first, h.last)}
        tokens = para.tokens
        for i, tok in enumerate(tokens):
            if i in covered:
                continue
            # the head as written or after a conjunction, never a definite noun (اللجنة، القوات)
            conj = tok.norm[:1] in "وف" and tok.norm[1:] in self.org_heads
            head = tok.norm if tok.norm in self.org_heads else tok.norm[1:] if conj else None
            if head is None:
                continue
            last = self._org_end(para, i + 1, covered | titles, places)
            if last == i + 1:
                continue
            start = tok.start + (1 if conj else 0)
            end = tokens[last - 1].end
            text = para.text[start:end]
            country = places[i + 1].key if i + 1 in places else None
            found.append(Mention(text, "ORG", text, None, stable_id(text), para.index, start, end,
                                 country=self.kb.entries[country].country if country else None,
                                 sector=self.org_heads[head], rule="head.org"))
            covered.update(range(i, last))
        return found

    def _org_end(self, para: Paragraph, j: int, covered: set[int], places: dict[int, Hit]) -> int:
        """Where the name after a head ends: after a place name, or after up to three definite words."""
        tokens = para.tokens
        if j < len(tokens) and j in places and _joined(para, j):
            return places[j].last
        last = j
        while last < len(tokens) and last - j < 3 and last not in covered and _joined(para, last):
            norm = tokens[last].norm
            if not norm.startswith("ال") or norm in self.stop or norm in self.org_heads:
                break
            last += 1
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
        return tok.norm in self.first and tok.norm not in self.inner and tok.text not in _PARTICLES

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
            if norm.startswith("ال") and norm not in _COMPOUND_SECOND:
                break  # a family name with the article ends the name: المبطي, not المبطي الحادث
        while last - 1 > j and tokens[last - 1].norm in self.connectors:  # a name does not end on بن
            last -= 1
        return (j, last) if last - j >= 2 else None


def _joined(para: Paragraph, j: int) -> bool:
    """Is token ``j`` separated from the previous one by spaces only (no comma, colon, quote)?"""
    if j == 0:
        return True
    gap = para.text[para.tokens[j - 1].end : para.tokens[j].start]
    return not gap.strip()
