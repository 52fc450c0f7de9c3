"""Stage ``entities``: KB names in the title and body, linked, with surnames and typos resolved.

A surname alone (``المقداد``) links to the person named in full elsewhere in the article, else to
the KB's only holder of that surname, else to the one in office at the article's date. A long
token one edit away from a person named in the article (``لافروق``) links to that person.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache

from rasad.arabic.normalize import normalize
from rasad.arabic.text import Paragraph, analyse, clitic_variants
from rasad.extract.outlets import outlet_country, outlet_for_name
from rasad.kb import Entry, Hit, Matcher, default_matcher
from rasad.kb.load import load_homographs
from rasad.kb.matcher import ENTITY, SURNAME
from rasad.lexicon import check_lexicons, load_lexicon, word_list, words
from rasad.model import Document, Mention
from rasad.stages.actors import SIGNATURE
from rasad.stages.names import NameFinder, first_names, stable_id

TYPE_PRIORITY = {"country": 0, "person": 1, "org": 2}
_TANWEEN = re.compile("[\u064B-\u064D]")
_HAMZA = re.compile("[أإآؤئ]")
# the least confidence (marginal probability of every word's label) at which a name the tagger
# alone finds is kept, by its class: (a name of two words or more, a one-word name); tuned on a dev
# split of ANERcorp train (docs/ner.md)
TAGGED_MIN = {"PER": (0.5, 0.8), "ORG": (0.5, 0.9), "LOC": (0.8, 0.9)}
_TAGGED_TYPE = {"PER": "PER", "ORG": "ORG", "LOC": "GPE"}


@dataclass(frozen=True, slots=True)
class NameRules:
    heads: frozenset[str]
    common_words: frozenset[str]
    common_heads: frozenset[str]
    person_heads: frozenset[str]
    kingdoms: frozenset[str]  # ISO codes of the states called "المملكة"
    kingdom_words: frozenset[str]
    kingdom_qualifiers: frozenset[str]  # "المملكة العربية ...": part of a longer name
    chain_links: frozenset[str]  # بن، بنت، ابن
    particles: frozenset[str]  # على، إلى as written (lexicon/grammar.yaml, as the two below)
    locative: frozenset[str]  # في، شمال: a place after one is where, not who
    nominal_endings: tuple[str, ...]  # ات، ون: a noun's endings, as written


@lru_cache(maxsize=1)
def name_rules() -> NameRules:
    """Head words, common-word names and kingdom words of ``lexicon/names.yaml``, normalised."""
    data = load_lexicon("names.yaml")
    keys = ("heads", "common_words", "common_heads", "person_heads", "kingdoms", "kingdom_words", "kingdom_qualifiers",
            "chain_links")
    lists = {k: frozenset(normalize(w) for w in data[k]) for k in keys}
    return NameRules(
        **lists,
        particles=word_list("grammar.yaml", "particles_as_written", as_written=True),
        locative=word_list("grammar.yaml", "locative_prepositions"),
        nominal_endings=words("grammar.yaml", "nominal_endings"),
    )


def _agreeing_adjective(para: Paragraph, i: int) -> bool:
    """A feminine nisba that agrees with the noun before it is an adjective, not the country:
    "وفوداً سورية" (Syrian delegations), "الأندية الطلابية السعودية" (the Saudi student clubs)."""
    tokens = para.tokens
    tok = tokens[i]
    if i == 0 or not tok.norm.endswith("يه") or para.text[tokens[i - 1].end : tok.start].strip():
        return False
    prev = tokens[i - 1].norm
    definite = tok.norm.startswith("ال")
    if definite:
        return prev.startswith("ال") and prev.endswith("ه") and len(prev) > 4
    return not prev.startswith("ال") and prev.endswith(name_rules().nominal_endings) and len(prev) > 3 and tok.text == tok.text.lstrip("وبلفك")


class EntityStage:
    """Finds and links entity mentions; built once with a matcher (the KB)."""

    name = "entities"

    def __init__(self, matcher: Matcher | None = None, unknown_names: bool = True, tagger: bool = False) -> None:
        check_lexicons()  # a broken lexicon file is one DataError now, not an error on every document
        self.matcher = matcher or default_matcher()
        self.kb = self.matcher.kb
        self.names = NameFinder(self.kb) if unknown_names else None
        self.tagger = tagger
        if tagger:  # its model and gazetteers load with the pipeline, not inside the first document
            from rasad.ner.tagger import default_tagger

            default_tagger()
        self.homographs = load_homographs()
        self.people = frozenset(e.id for e in self.kb.entries.values() if e.type == "PER")

    def __call__(self, doc: Document) -> Document:
        for para in doc.paragraphs:
            para.hits = self.matcher.find(para)
        mentioned = {h.key for p in doc.paragraphs for h in p.hits if h.category == ENTITY}
        evidenced = {h.key for p in doc.paragraphs for h in p.hits
                     if h.category == ENTITY and not self._homograph(p, h.first, h.last)}
        doc.entities = [m for p in doc.paragraphs for m in self.mentions(p, mentioned, doc.reference_date, evidenced)]
        if self.names is not None:
            doc.entities = sorted(doc.entities + self.names.surnames_alone(doc), key=lambda m: (m.paragraph, m.start))
        if self.tagger:
            doc.entities = _link_short_names(doc.entities)
        kingdoms = self._kingdoms(doc)
        if kingdoms:
            doc.entities = sorted(doc.entities + kingdoms, key=lambda m: (m.paragraph, m.start))
        doc.caption_entities = [replace(m, paragraph=i) for i, caption in enumerate(doc.article.captions)
                                for m in self.link_text(caption, doc)]
        return doc

    def _kingdoms(self, doc: Document) -> list[Mention]:
        """"المملكة" alone: the kingdom the article named last before it, else its outlet's state
        (a Saudi paper's "المملكة" is Saudi Arabia), else the one kingdom the article names."""
        rules = name_rules()
        states, words, qualifiers = rules.kingdoms, rules.kingdom_words, rules.kingdom_qualifiers
        if not any("المملك" in p.text for p in doc.paragraphs):
            return []
        named = [m for m in doc.entities if m.type == "GPE" and m.country in states and m.id in self.kb.entries
                 and self.kb.entries[m.id].kind == "country"]
        fallback = outlet_country(doc.article.outlet)
        if fallback not in states:
            fallback = named[0].country if len({m.country for m in named}) == 1 else None
        out: list[Mention] = []
        for para in doc.paragraphs:
            taken = [(m.start, m.end) for m in doc.entities if m.paragraph == para.index]
            for j, tok in enumerate(para.tokens):
                if not any(v in words for v in clitic_variants(tok.norm)) or any(a < tok.end and tok.start < b for a, b in taken):
                    continue
                if j + 1 < len(para.tokens) and para.tokens[j + 1].norm in qualifiers:
                    continue  # "المملكة العربية ..." the KB did not match: not ours to guess
                before = [m for m in named if (m.paragraph, m.start) < (para.index, tok.start)]
                state = before[-1].country if before else fallback
                entry = self.kb.by_iso3.get(state) if state else None
                at = max(tok.text.rfind("المملكة"), tok.text.rfind("المملكه"))
                if entry is None or at < 0:
                    continue
                out.append(Mention(tok.text[at:], "GPE", entry.name, entry.name_en, entry.id, para.index, tok.start + at,
                                   tok.end, country=entry.country, sector=entry.sector, rule="kingdom"))
        return out

    @staticmethod
    def _after_given_name(para: Paragraph, i: int) -> bool:
        """Is token ``i`` preceded by a given name (``هاشم الحقيل``) or a ``بن`` link
        (``بن عثمان الحقيل``), so that it ends a full name rather than standing alone?"""
        tokens = para.tokens
        if i == 0 or para.text[tokens[i - 1].end : tokens[i].start].strip():
            return False
        prev = tokens[i - 1]
        # على folds to علي (Ali) and بأن to بان: the letters as written tell the word from the name
        given = prev.norm in first_names() and prev.text not in name_rules().particles and not (
            prev.text[:1] in "بلكو" and prev.text[1:2] == "أ")
        return given or (i >= 2 and tokens[i - 2].norm in name_rules().chain_links)

    def _homograph(self, para: Paragraph, first: int, last: int) -> bool:
        """Is the one-word name at ``first`` also a common word (``homographs.yaml``)?"""
        return last - first == 1 and any(v in self.homographs for v in clitic_variants(para.tokens[first].norm)[:2])

    def mentions(self, para: Paragraph, mentioned: set[str], day: str | None,
                 evidenced: set[str] | None = None) -> list[Mention]:
        """The mentions of one analysed paragraph whose hits are set; ``evidenced``: the entries
        the article names in a way that is no common word (default: all of ``mentioned``)."""
        spans: dict[tuple[int, int, str], list[Hit]] = defaultdict(list)
        for hit in para.hits:
            if hit.category in (ENTITY, SURNAME):
                spans[(hit.first, hit.last, hit.category)].append(hit)
        out: list[Mention] = []
        covered: set[int] = set()
        rejected: set[int] = set()  # words of KB names turned down here: not the tagger's to take
        for (first, last, category), hits in sorted(spans.items(), key=lambda kv: (kv[0][2] != ENTITY, kv[0][0])):
            if category == SURNAME and any(i in covered for i in range(first, last)):
                continue
            entry = self.choose([self.kb.entries[h.key] for h in hits], mentioned, day)
            if entry is None or not self._plausible(para, first, last):
                rejected.update(range(first, last))
                continue
            if entry.type == "PER" and first > 0 and para.tokens[first - 1].norm in name_rules().chain_links:
                continue  # ثامر بن محمد العيسى: a KB name as a father's name is part of another name
            if category == SURNAME and self._after_given_name(para, first):
                continue  # هاشم بن عثمان الحقيل: another person of the family, named in full
            if self._homograph(para, first, last) and not self._evidence(para, first, entry, mentioned if evidenced is None else evidenced):
                rejected.update(range(first, last))
                continue
            hit = self._trim_head(para, hits[0], entry.id)
            if entry.type == "PER" and self.names is not None:
                hit = self._whole_name(para, hit, covered)
            covered.update(range(first, hit.last))
            out.append(self._mention(para, hit, entry, "kb" if category == ENTITY else "kb.surname"))
        if self.names is not None:
            out.extend(self.names.find_chains(para, covered))
            out.extend(self.names.find(para, covered))
            out.extend(self.names.find_orgs(para, covered))
        if self.tagger:
            out.extend(self._tagged(para, covered, rejected))
        persons = frozenset(k for k in mentioned if self.kb.entries[k].type == "PER")  # one index lookup key
        for i, token in enumerate(para.tokens if persons else ()):
            if i in covered or len(token.norm) < 4:  # a short word is no one's name (fuzzy_person)
                continue
            key = self.matcher.fuzzy_person(token, persons)
            if key:
                hit = Hit(ENTITY, key, i, i + 1, token.start, token.end)
                out.append(self._mention(para, hit, self.kb.entries[key], "kb.one-edit"))
                covered.add(i)
        if self.names is not None:
            out.extend(self._titled_misspellings(para, covered))
        out = [_as_outlet(para.text, m) for m in out]
        out.extend(_outlet_mentions(para, out))
        out.sort(key=lambda m: m.start)
        return out

    def _titled_misspellings(self, para: Paragraph, covered: set[int]) -> list[Mention]:
        """A word right after a title that is one edit from a KB person's family name links to
        them even when the article names them nowhere else: ``وزير الخارجية الروسي لافروق``."""
        assert self.names is not None
        out: list[Mention] = []
        for j in self.names.after_titles(para):
            token = para.tokens[j]
            # words with the article after a title are nouns more often than misspelt names
            # (رئيس هيئة الأركان, المشرف): only a name without it (لافروق) is tried
            if j in covered or len(token.norm) < 5 or token.norm.startswith("ال"):
                continue
            key = self.matcher.fuzzy_person(token, self.people, edits_only=True)
            if key:
                hit = Hit(ENTITY, key, j, j + 1, token.start, token.end)
                out.append(self._mention(para, hit, self.kb.entries[key], "kb.one-edit.title"))
                covered.add(j)
        return out

    def _tagged(self, para: Paragraph, covered: set[int], rejected: set[int]) -> list[Mention]:
        """Names the statistical tagger finds where neither the KB nor the rules found one: a
        person, an organisation or a place (GPE) when the tagger is sure enough of each of its
        words (``TAGGED_MIN``: more for a one-word name), and no word is one the KB's rules
        turned down (``rejected``: a common word, a nationality adjective, a father's name). The
        paragraph is tagged once, sentence by sentence."""
        from rasad.ner import find_scored_names
        from rasad.stages.names import stable_id

        out: list[Mention] = []
        tokens = para.tokens
        if len(tokens) - len(covered) < 1:
            return out
        adjectives = self.names.adjectives if self.names is not None else frozenset()
        # a sentence whose every word is covered or turned down gives no name that could be kept
        for first, span_end, kind, confidence in find_scored_names([t.text for t in tokens], covered | rejected):
            if confidence < TAGGED_MIN[kind][span_end - first == 1] or any(
                    i in covered or i in rejected for i in range(first, span_end)):
                continue
            last = first + 1
            while last < span_end and not para.text[tokens[last - 1].end : tokens[last].start].strip():
                last += 1  # a name does not run across a comma
            # GUIDE.md: the nationality adjective is no part of the name (كريم طارق العراقي), but
            # after a given name alone it is the family name (ماهر المصري)
            while kind == "PER" and last - 1 > first + 1 and tokens[last - 1].norm in adjectives:
                last -= 1
            if kind != "PER" and last - first == 1 and tokens[first].norm in adjectives:
                continue  # a nationality adjective alone is no entity (GUIDE.md)
            start, end = tokens[first].start, tokens[last - 1].end
            text = para.text[start:end]
            out.append(Mention(text, _TAGGED_TYPE[kind], text, None, stable_id(text), para.index, start, end,
                               rule="ner.crf"))
            covered.update(range(first, last))
        return out

    def _plausible(self, para: Paragraph, first: int, last: int) -> bool:
        """A name, not a common word: no tanween (``دوماً`` is "always"), and a common-word name
        (``صور``, ``الخبر``) only after a head word (``مدينة صور``)."""
        rules = name_rules()
        tokens = para.tokens
        if _TANWEEN.search(tokens[last - 1].text):
            return False
        if last - first == 1 and _agreeing_adjective(para, first):
            return False
        if last - first == 1 and any(v in rules.common_words for v in clitic_variants(tokens[first].norm)):
            return first > 0 and any(v in rules.common_heads for v in clitic_variants(tokens[first - 1].norm))
        return True

    def _whole_name(self, para: Paragraph, hit: Hit, covered: set[int]) -> Hit:
        """A KB person's name runs on through ``بن``/``آل`` links the KB form leaves out:
        ``تميم بن حمد`` + ``آل ثاني``, ``محمد بن سلمان`` + ``بن عبدالعزيز آل سعود``."""
        assert self.names is not None
        last = self.names.chain_end(para, hit.last)
        if last == hit.last or any(i in covered for i in range(hit.last, last)):
            return hit
        return Hit(hit.category, hit.key, hit.first, last, hit.start, para.tokens[last - 1].end)

    def _evidence(self, para: Paragraph, i: int, entry: Entry, evidenced: set[str]) -> bool:
        """Does the text show that a common-word name (``مالي``, ``إب``/``آب``, ``صور``) is the
        entity here? A head word before it (``مدينة صور``), the article naming the entity
        otherwise, the KB's own spelling with a hamza the word lacks (``إب`` is Ibb, ``آب``
        August), or, for a country or a place listed as seldom after a word of place, a locative
        preposition before it (``في مالي``, ``في الكوت``)."""
        tokens = para.tokens
        rules = name_rules()
        prev = tokens[i - 1].norm if i > 0 else ""
        if any(v in rules.common_heads for v in clitic_variants(prev)) or entry.id in evidenced:
            return True
        month = any(self.homographs.get(v) == "month name" for v in clitic_variants(tokens[i].norm)[:2])
        stem = _TANWEEN.sub("", tokens[i].text)
        spellings = {n for n in (entry.name, *entry.aliases) if _HAMZA.search(n)}
        if month and any(stem == n or (stem.endswith(n) and len(stem) - len(n) == 1) for n in spellings):
            return True
        written = tokens[i].text
        located = prev in rules.locative or (written[:1] in "بل" and written[1:3] != "ال")
        # a country, or a place the corpus seldom puts after a word of place, is one there (في مالي)
        seldom = any(self.homographs.get(v, "").startswith("seldom") for v in clitic_variants(tokens[i].norm)[:2])
        return located and (entry.kind == "country" or seldom)

    def _trim_head(self, para: Paragraph, hit: Hit, key: str) -> Hit:
        """``منطقة عسير`` → ``عسير`` when the rest is itself a name of the same entity."""
        rules, names = name_rules(), self.matcher.names.get(key, set())
        first = hit.first
        tokens = para.tokens
        person = self.kb.entries[key].type == "PER"
        while hit.last - first > 1 and any(v in rules.heads for v in clitic_variants(tokens[first].norm)):
            rest = tuple(t.norm for t in tokens[first + 1 : hit.last])
            if rest not in names and not (person and tokens[first].norm in rules.person_heads):
                break
            first += 1
        if first == hit.first:
            return hit
        return Hit(hit.category, hit.key, first, hit.last, tokens[first].start, hit.end)

    def choose(self, entries: list[Entry], mentioned: set[str], day: str | None) -> Entry | None:
        """One entry for an ambiguous name: one named in the article, else in office, else the first."""
        if len(entries) == 1:
            return entries[0]
        named = [e for e in entries if e.id in mentioned]
        if named:
            return named[0]
        in_office = [e for e in entries if any(o.held_on(day) for o in e.offices)]
        if in_office:
            return in_office[0]
        return sorted(entries, key=lambda e: TYPE_PRIORITY.get(e.kind, 3))[0]

    @staticmethod
    def _mention(para: Paragraph, hit: Hit, entry: Entry, rule: str) -> Mention:
        return Mention(
            text=para.text[hit.start : hit.end], type=entry.type, canonical=entry.name, name_en=entry.name_en,
            id=entry.id, paragraph=para.index, start=hit.start, end=hit.end,
            country=entry.country, sector=entry.sector, rule=rule,
        )

    def link_text(self, text: str, context: Document | None = None) -> list[Mention]:
        """Mentions in a free text (a caption), linked in the context of an article.

        ``link_text("لافروق يلتقي وفد النظام في موسكو", doc)`` links ``لافروق`` to Sergey Lavrov
        when ``doc`` names him.
        """
        para = analyse(-2, text)
        para.hits = self.matcher.find(para)
        mentioned = {h.key for h in para.hits if h.category == ENTITY}
        if context is not None:
            mentioned |= {m.id for m in context.entities if m.id}
        return self.mentions(para, mentioned, context.reference_date if context else None)


def _link_short_names(entities: list[Mention]) -> list[Mention]:
    """A person the tagger found by a shorter name (``صالح``, ``تورو``) is the one the article names
    in full with the same last words (``علي عبد الله صالح``, ``جان باسكال تورو``): linked to them."""
    full: dict[tuple[str, ...], Mention] = {}
    for m in entities:
        words = tuple(normalize(m.text).split())
        if m.type == "PER" and len(words) >= 2:
            for k in range(1, len(words)):
                full.setdefault(words[k:], m)
    if not full:
        return entities
    out = []
    for m in entities:
        whole = full.get(tuple(normalize(m.text).split())) if m.type == "PER" and m.rule == "ner.crf" else None
        if whole is not None:
            m = replace(m, canonical=whole.canonical, name_en=whole.name_en, id=whole.id, country=whole.country,
                        sector=whole.sector)
        out.append(m)
    return out


_QUOTES = {"«": "»", "\"": "\"", "“": "”"}
_QUOTED = re.compile(r"[«\"“]\s*([^«»\"“”\n]{2,40}?)\s*[»\"”]")
_SIGNATURE = re.compile(r"[-–:]")  # "سبق- أبها:", "بدر العتيبي- سبق- القصيم:"
_SIGNATURE_CHARS = 60


def _as_outlet(text: str, m: Mention) -> Mention:
    """A name in quotation marks that a newspaper signs with is the newspaper: «الشرق الأوسط» is
    Asharq Al-Awsat (ORG, JRN), while منطقة الشرق الأوسط stays the region."""
    before, after = text[m.start - 1 : m.start], text[m.end : m.end + 1]
    if m.type == "ORG" or not before or _QUOTES.get(before) != after:  # an organisation keeps its KB entry
        return m
    outlet = outlet_for_name(m.text)
    if outlet is None:
        return m
    return replace(m, type="ORG", canonical=outlet, name_en=None, id=stable_id(outlet), country=None, sector="JRN",
                   rule="outlet in quotation marks")


def _outlet_mentions(para: Paragraph, found: list[Mention]) -> list[Mention]:
    """Newspapers the KB does not hold, where a page names them: in quotation marks (لـ«الوطن»,
    نشرت "سبق") and in the signature that opens a paragraph (سبق- أبها:)."""
    spans: list[tuple[int, int, str]] = [(m.start(1), m.end(1), "outlet") for m in _QUOTED.finditer(para.text)]
    head = para.text[:_SIGNATURE_CHARS]
    cuts = [m.start() for m in _SIGNATURE.finditer(head)]
    start = 0
    for cut in cuts:
        piece = head[start:cut]
        lead = len(piece) - len(piece.lstrip())
        spans.append((start + lead, start + len(piece.rstrip()), SIGNATURE))
        start = cut + 1
    out: list[Mention] = []
    for a, b, rule in spans:
        name = para.text[a:b]
        outlet = outlet_for_name(name) if 1 < len(name) <= 40 else None
        if outlet is None or any(m.start < b and a < m.end for m in found + out):
            continue
        out.append(Mention(name, "ORG", outlet, None, stable_id(outlet), para.index, a, b, sector="JRN", rule=rule))
    return out
