"""Actor coding: a stretch of a paragraph → PLOVER actors (text, canonical, country, sector).

The matcher's hits (KB entities, set phrases, titles, nationality adjectives) and the article's
linked mentions are laid out as *units* over token positions. A chunk is a run of adjacent
units (``وزير الخارجية`` + ``الروسي`` + ``سيرغي لافروف``); coordination (``تركيا وروسيا وإيران``)
starts a new actor of the same list. A person's country and sector come from the office held at
the event's date.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rasad.arabic.normalize import normalize
from rasad.arabic.text import Paragraph, Token, clitic_variants
from rasad.kb.load import Entry, KnowledgeBase
from rasad.kb.matcher import ADJECTIVE, ENTITY, PHRASE, TITLE
from rasad.lexicon import load_lexicon, word_list
from rasad.model import Actor, Mention

GROUP = "group"
SIGNATURE = "outlet signature"  # the rule of a newspaper mention that signs a paragraph
MENTION = "mention"


@dataclass(slots=True)
class Unit:
    first: int
    last: int
    kind: str  # mention | phrase | title | adjective | group
    start: int
    end: int
    mention: Mention | None = None
    key: str = ""
    coordinated: bool = False  # begins with the conjunction و
    governed: bool = False  # object of a preposition: إلى موسكو، بالرياض


@lru_cache(maxsize=1)
def group_nouns() -> dict[str, str]:
    data = load_lexicon("groups.yaml")
    return {normalize(form): item["sector"] for item in data for form in item["forms"] if " " not in form}


@lru_cache(maxsize=20_000)
def group_sector(norm: str) -> str | None:
    """The sector of a group noun a normalised word is (``والمسلحين`` → its sector), or None."""
    nouns = group_nouns()
    return next((nouns[v] for v in clitic_variants(norm) if v in nouns), None)


class ActorCoder:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def units(self, para: Paragraph, mentions: list[Mention]) -> list[Unit]:
        """The units of a paragraph, ordered by position (computed once per paragraph)."""
        cached = para.cache.get("units")
        if cached is None:
            cached = para.cache["units"] = self._units(para, mentions)
        return cached

    def _units(self, para: Paragraph, mentions: list[Mention]) -> list[Unit]:
        tok_at = {t.start: i for i, t in enumerate(para.tokens)}
        tok_end = {t.end: i for i, t in enumerate(para.tokens)}
        units: list[Unit] = []
        covered: set[int] = set()
        for m in mentions:
            if m.rule == SIGNATURE:
                continue  # "سبق- أبها:": the paper signing the article is no party to its events
            first = _token_index(para, m.start, tok_at)
            last = tok_end.get(m.end, first) + 1
            units.append(Unit(first, last, MENTION, m.start, m.end, mention=m))
            covered.update(range(first, last))
        for h in para.hits:
            if h.category in (PHRASE, TITLE, ADJECTIVE):
                units.append(Unit(h.first, h.last, h.category, h.start, h.end, key=h.key))
                covered.update(range(h.first, h.last))
            elif h.category == ENTITY and h.first not in covered and self._country_as_adjective(h.key):
                # a country name the entities stage read as an agreeing adjective (وفوداً سورية)
                units.append(Unit(h.first, h.last, ADJECTIVE, h.start, h.end, key=h.key))
                covered.update(range(h.first, h.last))
        for i, tok in enumerate(para.tokens):
            if i not in covered:
                sector = group_sector(tok.norm)
                if sector:
                    units.append(Unit(i, i + 1, GROUP, tok.start, tok.end, key=sector))
        taken = {n for u in units for n in range(u.first, u.last)}
        for u in units:
            tok = para.tokens[u.first]
            # "وروسيا", or a head noun with و before a name ("وتنظيم داعش"): a new party
            prev = para.tokens[u.first - 1] if u.first > 0 else None
            u.coordinated = (tok.norm.startswith("و") and u.start > tok.start) or (
                prev is not None and u.first - 1 not in taken and prev.norm.startswith("و") and len(prev.norm) > 3
            )
            u.governed = governed(para.tokens, u)
        units.sort(key=lambda u: (u.first, -(u.last - u.first)))
        return units

    def _country_as_adjective(self, key: str) -> bool:
        entry = self.kb.entries.get(key)
        return entry is not None and entry.kind == "country"

    def chunks(
        self, units: list[Unit], lo: int, hi: int, max_gap: int = 0, stop: int | None = None,
        barriers: frozenset[int] = frozenset(),
    ) -> list[list[Unit]]:
        """Actor chunks of the first unit starting in tokens [lo, hi) and the units adjacent to it
        (none starting at or after ``stop``), split into several actors at the conjunction و
        (``تركيا وروسيا وإيران``); a gap word in ``barriers`` (an event word) ends the chunk."""
        following = [u for u in units if u.first >= lo and (stop is None or u.first < stop)]
        if not following or following[0].first >= hi:
            return []
        out: list[list[Unit]] = [[following[0]]]
        end = following[0].last
        for n, u in enumerate(following[1:], 2):
            if u.first > end + max_gap or (u.governed and u.first >= end) or (barriers and not barriers.isdisjoint(range(end, u.first))):
                if _title_complement(out[-1], u, following[n:n + 1], end):
                    out[-1].append(u)  # "المبعوث الروسي الخاص إلى سوريا ألكسندر لافرنتييف": one party
                    end = u.last
                    continue
                break
            if u.coordinated and u.first >= end:
                out.append([u])
            else:
                out[-1].append(u)
            end = max(end, u.last)
        return out

    def sentence_subject(self, units: list[Unit], first_tok: int, i: int) -> list[list[Unit]]:
        """The first party of a sentence (tokens from ``first_tok``) before token ``i`` that no
        preposition governs: the clause's subject when a trigger or cue has none of its own."""
        for u in units:
            if first_tok <= u.first < i and u.kind != ADJECTIVE and not u.governed:
                return self.chunks(units, u.first, u.first + 1, max_gap=1, stop=i)
        return []

    def code(self, chunk: list[Unit], text: str, day: str | None) -> Actor | None:
        """One actor from a chunk of units."""
        by_kind: dict[str, list[Unit]] = {}
        for u in chunk:
            by_kind.setdefault(u.kind, []).append(u)
        country = self._adjective_country(by_kind.get(ADJECTIVE, []))
        span = text[chunk[0].start : chunk[-1].end]
        phrases = by_kind.get(PHRASE, [])
        for u in reversed(by_kind.get(MENTION, [])):  # the name after titles and genitives is the head
            m = u.mention
            inside_phrase = any(p.first <= u.first and u.last <= p.last for p in phrases)  # الأسد in نظام الأسد
            if m is not None and m.type == "PER" and m.id and not inside_phrase:
                if m.id in self.kb.entries:
                    return self._person(m, day)
                unknown = self._unknown_person(m, by_kind, country, day)
                if unknown.country or unknown.sector or m.rule != "ner.crf":
                    return _how(unknown, "person outside the KB, country/sector from title and adjective")
                # a name only the tagger saw, with nothing to place it: not a party to code
        if PHRASE in by_kind:
            phrase = self.kb.phrases[int(by_kind[PHRASE][0].key)]
            canonical = self._canonical(phrase.canonical)
            return Actor(span, canonical, phrase.country, phrase.sector, how=f"set phrase '{phrase.phrase}'")
        for u in by_kind.get(MENTION, []):
            m = u.mention
            if m is not None and m.type == "ORG" and m.id:
                e = self.kb.entries.get(m.id)
                if e is None:  # an organisation outside the KB (غرفة أبها): what its name tells
                    return Actor(m.text, m.canonical, m.country or country, m.sector, how="organisation outside the KB, sector from its head noun")
                return Actor(m.text, e.name, e.country or country, e.sector, how=f"KB organisation {e.id}")
        if TITLE in by_kind:
            title = self.kb.titles[int(by_kind[TITLE][0].key)]
            if not title.honorific:
                c = title.country or country or self._mention_country(by_kind.get(MENTION, []))
                holders = self.kb.holders(title.role, c, day) if title.role and c else []
                canonical = holders[0].name if len(holders) == 1 else None
                how = f"title '{title.title}'" + (f", holder on {day}: {holders[0].id}" if canonical else "")
                return Actor(span, canonical, c, title.sector or "GOV", how=how)
        for u in by_kind.get(MENTION, []):
            m = u.mention
            if m is not None and m.type in ("GPE", "LOC") and m.id in self.kb.entries:
                e = self.kb.entries[m.id or ""]
                if e.kind == "country":
                    return Actor(m.text, e.name, e.country, "GOV", how=f"KB country {e.id} as its government")
                sector = "GOV" if e.kind in ("city", "capital") else None
                return Actor(m.text, e.name, e.country, sector, how=f"KB place {e.id} ({e.kind}) for its state")
        if GROUP in by_kind:
            return Actor(span, None, country, by_kind[GROUP][0].key, how="group noun with a nationality adjective")
        return None

    def _unknown_person(self, m: Mention, by_kind: dict[str, list[Unit]], country: str | None, day: str | None) -> Actor:
        """A person outside the KB: country and sector from the title and adjective before them."""
        sector = None
        for u in by_kind.get(TITLE, []):
            title = self.kb.titles[int(u.key)]
            if not title.honorific:
                sector = title.sector or "GOV"
                country = country or title.country
        country = country or self._mention_country([u for u in by_kind.get(MENTION, []) if u.mention is not m])
        return Actor(m.text, m.canonical, country, sector)

    def _person(self, m: Mention, day: str | None) -> Actor:
        e = self.kb.entries[m.id or ""]
        office = next((o for o in e.offices if o.held_on(day)), None) if day else None
        if office is None and e.offices:
            office = e.offices[-1] if day is None else None
        country = office.country if office and office.country else e.country
        sector = office.sector if office and office.sector else e.sector or "GOV"
        held = f", office {office.role} ({office.start}–{office.end or 'now'})" if office else ""
        return Actor(m.text, e.name, country, sector, how=f"KB person {e.id}{held}")

    def _canonical(self, key: str | None) -> str | None:
        if key and key in self.kb.entries:
            return self.kb.entries[key].name
        return None

    def _adjective_country(self, units: list[Unit]) -> str | None:
        for u in units:
            e: Entry | None = self.kb.entries.get(u.key)
            if e is not None and e.country:
                return e.country
        return None

    def _mention_country(self, units: list[Unit]) -> str | None:
        for u in units:
            if u.mention and u.mention.country:
                return u.mention.country
        return None


def prepositions() -> frozenset[str]:
    """The prepositions that govern a party after them (``lexicon/grammar.yaml``), normalised."""
    return word_list("grammar.yaml", "prepositions")


def governed(tokens: list[Token], unit: Unit) -> bool:
    """Is the unit the object of a preposition (``إلى موسكو``, ``بالرياض``, ``لموسكو``)?"""
    tok = tokens[unit.first]
    clitic = tok.norm[: max(0, len(tok.norm) - len(normalize(tok.text[unit.start - tok.start :])))]
    clitic = clitic.removesuffix("ال")  # the article of "الوزير" is no preposition
    if "ب" in clitic or "ل" in clitic:
        return True
    return unit.first > 0 and tokens[unit.first - 1].norm in prepositions()


def _how(actor: Actor, how: str) -> Actor:
    actor.how = how
    return actor


def _token_index(para: Paragraph, offset: int, tok_at: dict[int, int]) -> int:
    if offset in tok_at:
        return tok_at[offset]
    for i, t in enumerate(para.tokens):
        if t.start <= offset < t.end:
            return i
    return 0


def _title_complement(chunk: list[Unit], u: Unit, after: list[Unit], end: int) -> bool:
    """Is ``u`` the complement of a title in ``chunk`` with the holder's name right after it
    (``المبعوث الخاص إلى سوريا X``, ``سفير السعودية لدى الأمم المتحدة X``)?"""
    if not after or not any(c.kind == TITLE for c in chunk) or not u.governed or u.first > end + 3:
        return False
    nxt = after[0]
    return nxt.first <= u.last + 1 and nxt.kind == MENTION and nxt.mention is not None and nxt.mention.type == "PER"


def is_place_unit(u: Unit) -> bool:
    """Does the unit name a place (``في بغداد``): where an act happened, not who did it?"""
    return u.kind == MENTION and u.mention is not None and u.mention.type in ("GPE", "LOC")
