"""Lexicons as data: event triggers (``events.yaml``), speech cues (``cues.yaml``), group nouns."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasad.arabic.normalize import normalize
from rasad.arabic.text import clitic_variants, tokenize
from rasad.datafiles import load_yaml
from rasad.errors import DataError

LEXICON_DIR = Path(__file__).parent


def load_lexicon(name: str) -> Any:
    """A lexicon data file of ``rasad/lexicon`` (``"context.yaml"``), parsed."""
    return load_yaml(LEXICON_DIR / name)


def form_tokens(form: str) -> tuple[str, ...]:
    """A lexicon form as normalised tokens: ``"أجرى مباحثات"`` → ``("اجري", "مباحثات")``."""
    return tuple(t.norm for t in tokenize(normalize(form.replace("ـ", ""))))


@lru_cache(maxsize=32)
def word_list(name: str, key: str) -> frozenset[str]:
    """The words listed under ``key`` in the lexicon file ``name``, normalised; a missing key or
    one that is not a list of words is a one-line :class:`DataError` naming the file and the key."""
    data = load_lexicon(name)
    words = data.get(key) if isinstance(data, dict) else None
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
        raise DataError(f"{LEXICON_DIR / name}: '{key}' must be a list of words")
    return frozenset(normalize(w) for w in words)


@dataclass(slots=True)
class Cues:
    verbs: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)  # form → (cue, modality)
    complementizers: set[str] = field(default_factory=set)
    negation: set[str] = field(default_factory=set)
    hypothetical: set[tuple[str, ...]] = field(default_factory=set)
    claimed: set[str] = field(default_factory=set)
    future: set[tuple[str, ...]] = field(default_factory=set)
    impersonal: set[str] = field(default_factory=set)
    nominal_object: set[str] = field(default_factory=set)


@lru_cache(maxsize=1)
def cues() -> Cues:
    data = load_lexicon("cues.yaml") or {}
    out = Cues()
    for item in data.get("verbs") or []:
        for form in item.get("forms") or []:
            toks = form_tokens(form)
            if toks:
                out.verbs[toks] = (str(item.get("cue") or form), str(item.get("modality") or "asserted"))
    out.complementizers = {normalize(w) for w in data.get("complementizers") or [] if " " not in w}
    out.negation = {normalize(w) for w in data.get("negation") or []}
    out.hypothetical = {form_tokens(w) for w in data.get("hypothetical") or []}
    out.claimed = {normalize(w) for w in data.get("claimed") or []}
    out.future = {form_tokens(w) for w in data.get("future") or []}
    out.nominal_object = {str(w) for w in data.get("nominal_object") or []}
    out.impersonal = {normalize(w) for w in data.get("impersonal") or [] if " " not in w}
    return out


@dataclass(slots=True, frozen=True)
class Trigger:
    type: str
    mode: str | None
    rule: str
    pos: str
    recipient: tuple[str, ...] | str | None  # "object", prepositions, or None
    reverse: bool
    future: str | None


@lru_cache(maxsize=1)
def triggers() -> dict[str, list[tuple[tuple[str, ...], Trigger]]]:
    """Event triggers indexed by the first normalised token of each form, longest forms first."""
    data = load_lexicon("events.yaml") or []
    index: dict[str, list[tuple[tuple[str, ...], Trigger]]] = {}
    for item in data:
        rec = item.get("recipient")
        trig = Trigger(
            type=str(item["type"]), mode=item.get("mode"), rule=str(item.get("rule") or item["type"].lower()),
            pos=str(item.get("pos") or "verb"),
            recipient=tuple(normalize(p) for p in rec) if isinstance(rec, list) else rec,
            reverse=bool(item.get("reverse")), future=item.get("future"),
        )
        for form in item.get("forms") or []:
            toks = form_tokens(str(form))
            if toks:
                index.setdefault(toks[0], []).append((toks[1:], trig))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


@lru_cache(maxsize=1)
def single_word_triggers() -> dict[str, Trigger]:
    """Single-word forms of ``events.yaml`` → their trigger entry (the first listed wins)."""
    out: dict[str, Trigger] = {}
    for head, entries in triggers().items():
        for rest, trig in entries:
            if not rest:
                out.setdefault(head, trig)
    return out


@lru_cache(maxsize=50_000)
def generated_trigger(norm: str) -> Trigger | None:
    """The single-word trigger of ``events.yaml`` a normalised word is a generated form of (another
    person, tense or number, with a pronoun suffix: :func:`rasad.lexicon.conjugate.base_forms`);
    None if it is none. The forms as listed are :func:`triggers`'s."""
    from rasad.lexicon.conjugate import base_forms

    singles = single_word_triggers()
    return next((singles[f] for f in base_forms(norm, clitic_variants(norm)) if f in singles), None)
