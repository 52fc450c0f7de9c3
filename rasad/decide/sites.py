"""Candidates with high recall: every place an event may be told (a *site*) and every party it may have.

A :class:`Site` is a trigger found in a sentence, by one or more *sources*:

- ``rule``: an event the rule stages coded (its type, parties and the rule that chose them);
- ``lexicon``: a form of ``lexicon/events.yaml`` as written (``قصف``, ``أعرب عن إدانته``);
- ``variant``: a form the lexicon lists once the word loses a pronoun suffix, a future prefix, a
  person prefix or a plural ending (``قصفها`` → ``قصف``, ``سنقاطع`` → ``يقاطع``,
  ``الغارات`` → ``غاره``): the lexicon's forms generated, not typed;
- ``gap``: a multi-word form of the lexicon with one word inserted after its head
  (``أبدى الوزير استعداده``), the site at its head;
- ``learned``: a word whose stem was a trigger in the training annotations (the model's own
  trigger dictionary, :class:`TriggerWords`);
- ``cluster``: a word whose word cluster (:mod:`rasad.clusters`) holds stems that were triggers of
  a type often enough (:meth:`TriggerWords.cluster_types`): it reaches stems no annotation held.

A :class:`Party` is a named unit chunk of the sentence (KB names, titles, set phrases, group nouns,
persons only the name tagger found), of the sentence before it (a dropped subject or a pronoun's
antecedent), or a party the rules coded that is no chunk (``بلاده``). Which site is an event, of
which type, and which party is actor or recipient, are decided by the trained models
(:mod:`rasad.decide.model`), never here.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

from rasad.arabic.text import Paragraph, Token, clitic_variants, first_token_at, last_token_before
from rasad.clusters import cluster_of
from rasad.decide.anaphora import KIND as ANAPHOR
from rasad.decide.anaphora import anaphors
from rasad.kb.matcher import ADJECTIVE, PHRASE, TITLE
from rasad.lexicon import Trigger, cues, generated_trigger, triggers, word_list
from rasad.lexicon.conjugate import base_forms, light_stem
from rasad.model import Actor, Document, Event, Mention
from rasad.stages.actors import GROUP, MENTION, ActorCoder, Unit
from rasad.stages.events import TRIGGERS_KEY, scan_triggers
from rasad.stages.occurrence import GATED_TYPES

_MENTIONS_KEY = "decide.mentions"
_COMPLEMENTIZER_KEY = "decide.complementizers"
PARTY_WINDOW = 24  # words either side of a trigger where its parties are looked for (bounds the cost)
TITLE_PARTIES = True  # a body site's candidates include the title's parties (docs/events.md, CV)
# the decide layer's candidates (session 8): a complementizer between two names ends a chunk
# (``قالت الوزارة إن الحكومة``), and a name right after another name in one chunk (``طالبت روسيا
# تركيا``) is a candidate of its own too (the chunk stays one); off until CV says (docs/events.md)
SPLIT_CHUNKS = False
ANAPHORS = False  # a definite noun heading a name the document gave before as a candidate (rasad.decide.anaphora): off by CV (docs/events.md)
# with CLUSTER_SITES, a stem's cluster proposes a type (source ``cluster``) at this level of
# rasad.clusters (0: 64, 1: 256, 2: 1,024 clusters) when its words were triggers of the type at
# least CLUSTER_MIN times and in at least CLUSTER_RATE of their occurrences (the best of a grid)
CLUSTER_LEVEL = 2
CLUSTER_MIN = 1
CLUSTER_RATE = 0.01
# off by CV: at level 2, from 1 trigger, rate 0.01 they raise held-out candidate recall 0.956 → 0.971
# but not event F1 (0.419 → 0.418) and add a third more sites (docs/events.md)
CLUSTER_SITES = False
# types a cluster never proposes: violence and protest are learned from the GSR's sentences, whose
# every site of the type in a "yes" sentence is a positive example (CV: they cost PROTEST 0.07 F1)
CLUSTER_SKIP = GATED_TYPES


@dataclass(slots=True)
class Party:
    """A candidate party of a site."""

    actor: Actor
    paragraph: int
    first: int  # token span [first, last) in its paragraph; -1 for a party the rules coded from no chunk
    last: int
    kind: str  # PER.kb, PER.name, ORG, GPE, LOC, title, phrase, group, rule
    governed: bool = False
    prep: str = ""  # the preposition governing it: a word (مع) or a proclitic letter (ب، ل)
    coordinated: bool = False
    previous_sentence: bool = False
    rule_role: str = ""  # actor | recipient: what the rules chose for this site


@dataclass(slots=True)
class Site:
    """A trigger in a sentence, and everything the models need to decide on it."""

    paragraph: int
    first: int  # the trigger's tokens [first, last)
    last: int
    first_tok: int  # the sentence's first and last token
    last_tok: int
    s_start: int  # the sentence's character span
    s_end: int
    trigger: str
    stem: str
    types: dict[str, str] = field(default_factory=dict)  # candidate type → the source that proposed it
    trig: Trigger | None = None
    future: bool = False
    rule_event: Event | None = None
    parties: list[Party] = field(default_factory=list)
    parties_found: bool = True  # False until :meth:`SiteFinder.find_parties` has looked for them

    def key(self) -> tuple[int, int]:
        return self.paragraph, self.first


def function_words() -> frozenset[str]:
    """Words that are never a trigger themselves, though an annotated trigger may begin with one
    (``lexicon/context.yaml``: function_words)."""
    return word_list("context.yaml", "function_words")


@lru_cache(maxsize=20_000)  # asked for every word of every sentence a site is in
def content_stem(norm: str) -> str | None:
    """The stem of a word that can carry an event (none for a function word)."""
    s = stem(norm)
    words = function_words()
    if len(s) < 3 or s in words or clitic_variants(norm)[-1] in words or s.isdigit():
        return None
    return s


class TriggerWords:
    """Stems that were triggers in the training annotations, with their types and how often the
    stem was one (``gold / seen``): the learned part of the trigger lexicon.

    And the same by word cluster (:mod:`rasad.clusters`, at level :data:`CLUSTER_LEVEL`): how many
    gold triggers of each type the cluster's words were, and how often its words occur in the
    training documents. A stem never annotated whose cluster's words are often triggers of a type
    is a candidate of that type (source ``cluster``, :meth:`cluster_types`)."""

    def __init__(self, types: dict[str, Counter[str]] | None = None, seen: Counter[str] | None = None,
                 clusters: dict[int, Counter[str]] | None = None, cluster_seen: Counter[int] | None = None,
                 level: int | None = None) -> None:
        self.types = types or {}
        self.seen = seen or Counter()
        self.clusters = clusters or {}  # cluster → type → gold triggers among its words
        self.cluster_seen = cluster_seen or Counter()  # cluster → occurrences of its words (empty: not counted)
        self.level = CLUSTER_LEVEL if level is None else level  # the clusters' level (rasad.clusters.LEVELS)
        self._by_stem: dict[str, dict[str, float]] = {}

    def rate(self, stem: str) -> float:
        got = sum(self.types.get(stem, Counter()).values())
        return got / max(self.seen.get(stem, 0), got, 1)

    def cluster_types(self, stem: str) -> dict[str, float]:
        """The types a stem's cluster proposes (``gold / seen`` of the cluster's words at least
        :data:`CLUSTER_RATE`, from :data:`CLUSTER_MIN` gold triggers), with that rate; without
        occurrence counts, every type its words were triggers of."""
        out = self._by_stem.get(stem)
        if out is None:
            out = {}
            if self.clusters and CLUSTER_SITES:
                c = cluster_of(stem)
                got = self.clusters.get(c[self.level]) if c is not None else None
                if got and c is not None:
                    seen = self.cluster_seen.get(c[self.level], 0)
                    for t, n in got.items():
                        if t in CLUSTER_SKIP:
                            continue
                        r = n / max(seen, n) if self.cluster_seen else 1.0
                        if not self.cluster_seen or (n >= CLUSTER_MIN and r >= CLUSTER_RATE):
                            out[t] = r
            if len(self._by_stem) >= 20_000:
                self._by_stem.clear()
            self._by_stem[stem] = out
        return out

    def candidate_types(self, stem: str) -> dict[str, str] | None:
        """The types a word of this stem may be a site of, by source (``learned``, ``cluster``); None for none."""
        out = dict.fromkeys(self.types.get(stem) or (), "learned")
        for t in self.cluster_types(stem):
            out.setdefault(t, "cluster")
        return out or None

    def to_dict(self) -> dict[str, object]:
        return {"types": {s: dict(c) for s, c in sorted(self.types.items())}, "seen": dict(sorted(self.seen.items())),
                "cluster_level": self.level, "clusters": {str(c): dict(n) for c, n in sorted(self.clusters.items())},
                "cluster_seen": {str(c): n for c, n in sorted(self.cluster_seen.items())}}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> TriggerWords:
        types = {s: Counter(c) for s, c in dict(data.get("types") or {}).items()}  # type: ignore[call-overload]
        clusters = {int(c): Counter(n) for c, n in dict(data.get("clusters") or {}).items()}  # type: ignore[call-overload]
        cluster_seen = Counter({int(c): int(n) for c, n in dict(data.get("cluster_seen") or {}).items()})  # type: ignore[call-overload]
        level = int(data.get("cluster_level", CLUSTER_LEVEL))  # type: ignore[call-overload]
        return cls(types, Counter(dict(data.get("seen") or {})), clusters, cluster_seen, level)  # type: ignore[call-overload]


def source_of(site: Site, t: str, words: TriggerWords) -> str:
    """The source of a site's type as the given trigger words see it: a ``learned`` or ``cluster``
    type of the site finder's words is ``learned`` when ``words`` learned the stem as ``t``,
    ``cluster`` when only its cluster proposes ``t``, and ``""`` when neither (not usable)."""
    src = site.types[t]
    if src not in ("learned", "cluster"):
        return src
    if t in words.types.get(site.stem, ()):
        return "learned"
    return "cluster" if t in words.cluster_types(site.stem) else ""


@lru_cache(maxsize=20_000)
def stem(norm: str) -> str:
    """A light stem for the learned dictionary (:func:`~rasad.lexicon.conjugate.light_stem`,
    memoised): ``وبقصفها`` → ``قصف``."""
    return light_stem(norm)


@lru_cache(maxsize=20_000)
def generated_forms(norm: str) -> tuple[str, ...]:
    """Forms a word may take in the lexicon (:func:`rasad.lexicon.conjugate.base_forms`)."""
    return base_forms(norm, clitic_variants(norm))


def variant_of(norm: str) -> Trigger | None:
    """The lexicon's single-word trigger a word is a generated form of (None if none is)."""
    return generated_trigger(norm)


def gapped_trigger_at(tokens: list[Token], i: int) -> Trigger | None:
    """A multi-word form of the lexicon with one word inserted after its head (``أبدى الوزير
    استعداده`` for ``أبدى استعداده``): its trigger, the head at token ``i``; None if none is."""
    heads = phrase_heads()
    variants = [v for v in clitic_variants(tokens[i].norm) if v in heads]
    if not variants or i + 2 >= len(tokens) or not tokens[i + 1].norm[:1].isalpha():
        return None
    index = triggers()
    for variant in variants:
        for rest, trig in index[variant]:
            n = len(rest)
            if n and i + 2 + n <= len(tokens) and all(tokens[i + 2 + j].norm == rest[j] for j in range(n)):
                return trig
    return None


@lru_cache(maxsize=1)
def phrase_heads() -> frozenset[str]:
    """The first words of the lexicon's multi-word forms."""
    return frozenset(head for head, entries in triggers().items() if any(rest for rest, _ in entries))


_NOTHING: tuple[None, None, None] = (None, None, None)  # a word that is no trigger


class SiteFinder:
    """Sites and parties of a document that has been through the rule stages."""

    def __init__(self, coder: ActorCoder) -> None:
        self.coder = coder
        self.title_parties = TITLE_PARTIES  # EventCoder turns it off for a model trained without them
        self._words: TriggerWords | None = None
        self._seen: dict[str, tuple[Trigger | None, str | None, dict[str, str] | None]] = {}

    def find(self, doc: Document, words: TriggerWords | None = None, parties: bool = True,
             keep: Callable[[Paragraph, int, str], bool] | None = None) -> list[Site]:
        """The sites of ``doc`` in text order, with their parties (``parties=False``: none yet;
        :meth:`find_parties` looks for them, for the sites that need them). With ``keep``, a
        learned trigger word alone (no lexicon form, no rule event there) is a site only when
        ``keep(paragraph, token, stem)`` says so."""
        sites: dict[tuple[int, int], Site] = {}
        anchors = [(event, self._anchor(doc, event)) for event in doc.events]
        at_events = {(a[0].index, a[1]) for _, a in anchors if a is not None}
        for para in doc.paragraphs:
            tokens = para.tokens
            found_at = lexicon_triggers(para)
            i = 0
            seen = self._seen if words is self._words else {}
            while i < len(tokens):
                found = found_at.get(i)
                if found is not None:
                    length, trig, future = found
                    site = self._site(para, i, i + length, trig, future)
                    site.types[trig.type] = "lexicon"
                    if trig.future:
                        site.types.setdefault(trig.future, "lexicon.future")
                    sites[site.key()] = site
                    i += length
                    continue
                variant, key, learned = seen.get(tokens[i].norm) or self._word(tokens[i].norm, words)
                source = "variant"
                if variant is None and (gapped := gapped_trigger_at(tokens, i)) is not None:
                    variant, source = gapped, "gap"
                if (learned and key and variant is None and keep is not None and (para.index, i) not in at_events
                        and not keep(para, i, key)):
                    learned = None
                if variant is not None or learned:
                    site = self._site(para, i, i + 1, variant, False)
                    if variant is not None:
                        site.types[variant.type] = source
                        if variant.future:
                            site.types.setdefault(variant.future, source + ".future")
                    for t, src in (learned or {}).items():
                        site.types.setdefault(t, src)
                    sites[site.key()] = site
                i += 1
        for event, anchor in anchors:
            if anchor is not None:
                self._attach(event, *anchor, sites)
        out = sorted(sites.values(), key=lambda s: (s.paragraph < 0, s.paragraph, s.first))
        if parties:
            self.find_parties(doc, out)
        else:
            for site in out:
                site.parties_found = False
        return out

    def _word(self, norm: str, words: TriggerWords | None) -> tuple[Trigger | None, str | None, dict[str, str] | None]:
        """What a word can be: a generated form of a lexicon word, and a learned trigger (its stem
        and types). Kept for up to 50,000 word forms and one trigger dictionary."""
        if words is not self._words:
            self._words, self._seen = words, {}
        out = self._seen.get(norm)
        if out is None:
            if len(self._seen) >= 50_000:
                self._seen.clear()
            key = content_stem(norm)
            out = (variant_of(norm), key, words.candidate_types(key) if words and key else None)
            self._seen[norm] = out = out if out[0] is not None or out[2] else _NOTHING
        return out

    def unit_view(self, doc: Document, para: Paragraph) -> tuple[list[int], list[tuple[str, str]]]:
        """A paragraph's actor units as :func:`party_room` reads them: their first tokens in order,
        and the kind and preposition a party headed by each would have."""
        view: tuple[list[int], list[tuple[str, str]]] | None = para.cache.get(_VIEW_KEY)
        if view is None:
            mentions = [m for m in doc.entities if m.paragraph == para.index]
            units = sorted(self.coder.units(para, mentions), key=lambda u: u.first)
            view = para.cache[_VIEW_KEY] = ([u.first for u in units],
                                            [(_kind([u]), _prep(para.tokens, u) if u.governed else "free") for u in units])
        return view

    def units(self, doc: Document, para: Paragraph) -> list[Unit]:
        """The actor units of a paragraph of ``doc`` (its mentions gathered once per paragraph)."""
        mentions = para.cache.get(_MENTIONS_KEY)
        if mentions is None:
            mentions = para.cache[_MENTIONS_KEY] = [m for m in doc.entities if m.paragraph == para.index]
        return self.coder.units(para, mentions)

    def find_parties(self, doc: Document, sites: list[Site]) -> None:
        """The candidate parties of each of ``sites`` (of ``doc``)."""
        paras = {p.index: p for p in doc.paragraphs}
        by_para = _mentions_by_paragraph(doc)
        # the sites of one sentence mostly share its window of words: its chunks are coded once
        windows: dict[tuple[int, int, int, bool], list[Party]] = {}
        for site in sites:
            self._parties(doc, site, paras[site.paragraph], by_para.get(site.paragraph, []), windows)
            site.parties_found = True

    def _site(self, para: Paragraph, i: int, k: int, trig: Trigger | None, future: bool) -> Site:
        s_start, s_end, first_tok, last_tok = sentence_of(para, i)
        text = para.text[para.tokens[i].start : para.tokens[k - 1].end]
        return Site(para.index, i, k, first_tok, last_tok, s_start, s_end, text, stem(para.tokens[i].norm),
                    trig=trig, future=future)

    def _anchor(self, doc: Document, event: Event) -> tuple[Paragraph, int, int] | None:
        """Where the rules coded an event: its paragraph and trigger tokens [i, k)."""
        para = next((p for p in doc.paragraphs if p.index == event.paragraph), None)
        span = None if para is None else trigger_span(para, event)
        return None if para is None or span is None else (para, *span)

    def _attach(self, event: Event, para: Paragraph, i: int, k: int, sites: dict[tuple[int, int], Site]) -> None:
        """The site of an event the rules coded (a new site when no trigger of the lexicon is there)."""
        site = sites.get((para.index, i))
        if site is None:
            site = self._site(para, i, k, None, False)
            sites[site.key()] = site
        site.types[event.type] = "rule"
        if site.rule_event is None:
            site.rule_event = event

    def _parties(self, doc: Document, site: Site, para: Paragraph, mentions: list[Mention],
                 windows: dict[tuple[int, int, int, bool], list[Party]]) -> None:
        units = self.coder.units(para, mentions)

        event = site.rule_event

        def chunks(lo: int, hi: int, previous: bool) -> list[Party]:
            key = (para.index, lo, hi, previous)
            if key not in windows:
                windows[key] = self._chunks(doc, para, units, lo, hi, previous)
            # sites share the parties of a window; one the rules coded gets copies (rule_role is its own)
            return [replace(p) for p in windows[key]] if event is not None else list(windows[key])

        # the sentence (at most PARTY_WINDOW words either side of the trigger) and the one before
        lo, hi = max(site.first_tok, site.first - PARTY_WINDOW), min(site.last_tok + 1, site.last + PARTY_WINDOW)
        parties = chunks(lo, hi, previous=False)
        if site.first_tok > 0 and site.first - site.first_tok < PARTY_WINDOW:
            s0, _ = para.sentence_at(para.tokens[site.first_tok - 1].start)
            start = max(first_token_at(para.tokens, s0), site.first_tok - PARTY_WINDOW)
            parties += chunks(start, site.first_tok, previous=True)
        title = next((p for p in doc.paragraphs if p.index < 0), None) if self.title_parties and site.paragraph >= 0 else None
        if title is not None:
            # the title's parties: the article's protagonist, whom a body sentence's dropped subject
            # or anaphoric noun often is (kept apart from the sentence's own: previous_sentence)
            key = (title.index, 0, len(title.tokens), True)
            if key not in windows:
                windows[key] = self._chunks(doc, title, self.units(doc, title), 0, len(title.tokens), True)
            parties += [replace(p) for p in windows[key]] if event is not None else list(windows[key])
        if event is not None:
            for role, side in (("actor", event.actor), ("recipient", event.recipient)):
                for a in side:
                    same = next((p for p in parties if not p.previous_sentence and _same_text(p.actor, a)), None)
                    if same is None:
                        same = Party(a, site.paragraph, -1, -1, "rule")
                        parties.append(same)
                    same.rule_role = same.rule_role or role
        site.parties = parties

    def _chunks(self, doc: Document, para: Paragraph, units: list[Unit], lo: int, hi: int, previous: bool) -> list[Party]:
        out: list[Party] = []
        day = doc.reference_date
        end = lo
        barriers = trigger_tokens(para) | complementizer_tokens(para) if SPLIT_CHUNKS else trigger_tokens(para)
        for u in units:
            if u.first < end or u.first < lo or u.first >= hi:
                continue
            for chunk in self.coder.chunks(units, u.first, u.first + 1, max_gap=1, stop=hi, barriers=barriers):
                end = max(end, max(x.last for x in chunk))
                actor = self.coder.code(chunk, para.text, day) or _named_only(chunk) or self._adjective(chunk, para.text)
                if actor is None:
                    continue
                head = chunk[0]
                out.append(Party(actor, para.index, head.first, max(x.last for x in chunk), _kind(chunk),
                                 governed=head.governed, prep=_prep(para.tokens, head), coordinated=head.coordinated,
                                 previous_sentence=previous))
                if SPLIT_CHUNKS:
                    out += self._inner_names(chunk, para, day, previous)
        if ANAPHORS:
            out += [Party(actor, para.index, i, i + 1, ANAPHOR, governed=gov, prep=prep, previous_sentence=previous)
                    for i, actor, gov, prep in anaphors(doc, para, units, lo, hi)]
        return out

    def _inner_names(self, chunk: list[Unit], para: Paragraph, day: str | None, previous: bool) -> list[Party]:
        """The names of a chunk that come right after another name (``روسيا تركيا`` after
        ``طالبت``: the verb's subject and object), each a candidate of its own."""
        out: list[Party] = []
        for before, u in pairwise(chunk):
            if before.kind != MENTION or u.kind != MENTION or u.mention is None or before.mention is None:
                continue
            actor = self.coder.code([u], para.text, day)
            if actor is None:
                continue
            out.append(Party(actor, para.index, u.first, u.last, _kind([u]), governed=u.governed,
                             prep=_prep(para.tokens, u), coordinated=u.coordinated, previous_sentence=previous))
        return out

    def _adjective(self, chunk: list[Unit], text: str) -> Actor | None:
        """A nationality adjective alone (``قصف روسي``): the state it names, as its government."""
        for u in chunk:
            entry = self.coder.kb.entries.get(u.key) if u.kind == ADJECTIVE else None
            if entry is not None and entry.country:
                return Actor(text[u.start : u.end], None, entry.country, "GOV", how="nationality adjective")
        return None


@dataclass(slots=True, frozen=True)
class Room:
    """What the actor units of a site's window allow its parties to be (previous sentence aside):
    each party has a unit of its own there as its head, and its kind is the kind of one of its
    units (:func:`_kind`)."""

    before: int  # at most this many parties before the trigger, after it and in all
    after: int
    here: int
    kinds_before: frozenset[str]  # the kinds a party before the trigger may have
    kinds_after: frozenset[str]
    preps_after: frozenset[str]  # the prepositions ("free": none) a party after it may have


def party_room(view: tuple[list[int], list[tuple[str, str]]], first: int, last: int, first_tok: int,
               last_tok: int) -> Room:
    """The room for parties of a site at tokens [first, last) of a sentence, in the window
    :meth:`SiteFinder._parties` searches. ``view``: :meth:`SiteFinder.unit_view`."""
    labels = view[1]
    a, b, c, d = unit_window(view[0], first, last, first_tok, last_tok)
    return Room(b - a, d - c, d - a, frozenset(labels[j][0] for j in range(a, b)),
                frozenset(labels[j][0] for j in range(c, d)), frozenset(labels[j][1] for j in range(c, d)))


def unit_window(starts: list[int], first: int, last: int, first_tok: int, last_tok: int) -> tuple[int, int, int, int]:
    """The units (by their first tokens, in order) of a site's window that may head a party:
    [a, b) before the trigger, [c, d) after it."""
    lo, hi = max(first_tok, first - PARTY_WINDOW), min(last_tok + 1, last + PARTY_WINDOW)
    a, b = bisect_left(starts, lo), bisect_left(starts, first)
    c, d = bisect_left(starts, last), bisect_left(starts, hi)
    return a, b, min(c, d), d


def lexicon_triggers(para: Paragraph) -> dict[int, tuple[int, Trigger, bool]]:
    """The lexicon's triggers in a paragraph by first token, as :func:`trigger_at` finds them
    scanning left to right (a match skips its words): stored on the paragraph by the events stage,
    found here when it has not run."""
    found: dict[int, tuple[int, Trigger, bool]] | None = para.cache.get(TRIGGERS_KEY)
    if found is None:
        found = para.cache[TRIGGERS_KEY] = scan_triggers(para.tokens)
    return found


def trigger_tokens(para: Paragraph) -> frozenset[int]:
    """The tokens of the lexicon's triggers in a paragraph: a party's chunk does not run over one
    (``... أيمن سوسان طالب تركيا``: two parties of ``طالب``, not one)."""
    got: frozenset[int] | None = para.cache.get(_TRIGGER_TOKENS_KEY)
    if got is None:
        got = para.cache[_TRIGGER_TOKENS_KEY] = frozenset(
            j for i, (length, _, _) in lexicon_triggers(para).items() for j in range(i, i + length))
    return got


def trigger_span(para: Paragraph, event: Event) -> tuple[int, int] | None:
    """The trigger tokens [i, k) of an event the rules coded in ``para`` (None when its trigger
    falls past the paragraph's last token)."""
    s_at = max(para.text.find(event.sentence), 0)
    at = para.text.find(event.trigger, s_at)
    if at < 0:  # a statement's cue comes before the quoted words it is coded from
        at = para.text.rfind(event.trigger, 0, s_at + 1)
    if at < 0:
        at = s_at
    i = first_token_at(para.tokens, at)
    if i >= len(para.tokens):
        return None
    return i, min(max(i + 1, last_token_before(para.tokens, at + len(event.trigger)) + 1), len(para.tokens))


def complementizer_tokens(para: Paragraph) -> frozenset[int]:
    """The tokens of a paragraph that are complementizers (``إن``, ``أن``): a party's chunk does
    not run over one (``قالت الوزارة إن الحكومة ...``: the speaker, then the clause's subject)."""
    got: frozenset[int] | None = para.cache.get(_COMPLEMENTIZER_KEY)
    if got is None:
        words = cues().complementizers
        got = para.cache[_COMPLEMENTIZER_KEY] = frozenset(i for i, t in enumerate(para.tokens) if t.norm in words)
    return got


def sentence_of(para: Paragraph, i: int) -> tuple[int, int, int, int]:
    """The sentence of token ``i``: its character span and its first and last token (kept on the
    paragraph)."""
    memo: dict[object, tuple[int, int, int, int]] | None = para.cache.get(_SENTENCE_KEY)  # by token and by span
    if memo is None:
        memo = para.cache[_SENTENCE_KEY] = {}
    out = memo.get(i)
    if out is None:
        span = para.sentence_at(para.tokens[i].start)
        out = memo.get(span)
        if out is None:
            out = memo[span] = (*span, first_token_at(para.tokens, span[0]), last_token_before(para.tokens, span[1]))
        memo[i] = out
    return out


_SENTENCE_KEY = "decide_sentences"  # Paragraph.cache: token → its sentence (sentence_of)
_VIEW_KEY = "decide_units"  # Paragraph.cache: its actor units for party_room
_TRIGGER_TOKENS_KEY = "decide_trigger_tokens"  # Paragraph.cache: trigger_tokens


def _mentions_by_paragraph(doc: Document) -> dict[int, list[Mention]]:
    by_para: dict[int, list[Mention]] = {}
    for m in doc.entities:
        by_para.setdefault(m.paragraph, []).append(m)
    return by_para


def _named_only(chunk: list[Unit]) -> Actor | None:
    """A person only the name tagger found, with nothing to place them: a party with a name only."""
    for u in chunk:
        if u.kind == MENTION and u.mention is not None and u.mention.type in ("PER", "ORG"):
            m = u.mention
            return Actor(m.text, m.canonical, m.country, m.sector, how="a name only the name tagger found")
    return None


def _kind(chunk: list[Unit]) -> str:
    kinds = {u.kind for u in chunk}
    for u in chunk:
        if u.kind == MENTION and u.mention is not None:
            m = u.mention
            if m.type == "PER":
                return "PER.kb" if m.id and m.rule != "ner.crf" and m.country else "PER.name"
            if m.type in ("ORG", "GPE", "LOC"):
                return m.type
    for k in (PHRASE, TITLE, GROUP, ADJECTIVE):
        if k in kinds:
            return k
    return "other"


def _prep(tokens: list[Token], u: Unit) -> str:
    """The preposition before a unit: the word before it, or the proclitic ب/ل on its first word."""
    tok = tokens[u.first]
    variants = clitic_variants(tok.norm)
    lead = tok.norm[1:2] if len(variants) > 1 and tok.norm[:1] in "وف" else tok.norm[:1]
    if u.start > tok.start and lead in "بلك":
        return lead
    if u.first > 0:
        return tokens[u.first - 1].norm
    return ""


def _same_text(a: Actor, b: Actor) -> bool:
    return a.text == b.text or (bool(a.canonical) and a.canonical == b.canonical and a.country == b.country)
