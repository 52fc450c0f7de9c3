"""Lexicons as data: event triggers (``events.yaml``), speech cues (``cues.yaml``), group nouns,
the function words and word lists of the stages (``grammar.yaml``, ``parties.yaml``, ...).

Every file is read through :func:`load_lexicon`: once per process, checked against its schema
(:mod:`rasad.lexicon.schema`; a file checked before and unchanged since is not checked again: see
:func:`read_lexicon`), and extended by the user's files (``$RASAD_LEXICON_DIR``, else
``~/.local/share/rasad/lexicon``: ``parties-mine.yaml`` adds words to ``parties.yaml``). A broken
file is one :class:`DataError` naming the file and the key; :func:`check_lexicons` reads them all
when the pipeline is built. See docs/events.md, "Lexicons".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasad import datafiles
from rasad.arabic.normalize import normalize
from rasad.arabic.text import clitic_variants, tokenize
from rasad.datafiles import load_yaml
from rasad.errors import DataError

LEXICON_DIR = Path(__file__).parent

#: the lexicon files, each with a schema in :data:`rasad.lexicon.schema.SCHEMAS` (named here too, so
#: that reading a checked file does not import pydantic: ~0.2 s and ~24 MB a process)
LEXICON_FILES = (
    "context.yaml", "cues.yaml", "events.yaml", "grammar.yaml", "groups.yaml", "names.yaml",
    "occurrence.yaml", "parties.yaml", "quantities.yaml", "speech_verbs.yaml",
)  # fmt: skip


def user_dir() -> Path:
    """The user lexicon directory: ``$RASAD_LEXICON_DIR``, else ``$XDG_DATA_HOME/rasad/lexicon``
    (``~/.local/share/rasad/lexicon``), beside the user KB directory."""
    return datafiles.user_dir("lexicon", "RASAD_LEXICON_DIR")


def user_files(directory: Path) -> dict[str, list[Path]]:
    """The YAML files of a user lexicon directory by the shipped file each extends: ``events.yaml``
    or ``events-*.yaml`` extends ``events.yaml``, in name order; a YAML file that names no lexicon
    file is a :class:`DataError` (a typo would otherwise be ignored in silence)."""
    out: dict[str, list[Path]] = {}
    if not directory.is_dir():
        return out
    for path in sorted(directory.glob("*.yaml")):
        stem = path.stem.split("-", 1)[0]
        if f"{stem}.yaml" not in LEXICON_FILES:
            known = ", ".join(sorted(LEXICON_FILES))
            raise DataError(f"{path}: names no lexicon file; a user lexicon file is named after the one it extends "
                            f"(events.yaml or events-mine.yaml): {known}")
        out.setdefault(f"{stem}.yaml", []).append(path)
    return out


def _merge(base: Any, extra: Any, path: Path, key: str) -> Any:
    """``extra`` (a user file's data) added to ``base``: lists are extended, mappings merged key by
    key; a value the shipped data already has with another value is a :class:`DataError` (a user
    file adds words, it never replaces shipped ones in silence)."""
    if isinstance(base, dict):
        if not isinstance(extra, dict):
            raise DataError(f"{path}: {key or '(the file)'}: must be a mapping, as in the shipped file")
        out = dict(base)
        for k, v in extra.items():
            sub = f"{key}.{k}" if key else str(k)
            out[k] = _merge(base[k], v, path, sub) if k in base else v
        return out
    if isinstance(base, list):
        if not isinstance(extra, list):
            raise DataError(f"{path}: {key or '(the file)'}: must be a list, as in the shipped file")
        return base + [v for v in extra if v not in base]
    if extra != base:
        raise DataError(f"{path}: {key}: the shipped value is {base!r}; a user file adds words and keys, it cannot "
                        "change a shipped value")
    return base


# pydantic's error types, said in the words of a data file
_SAID = {"missing": "required key missing", "extra_forbidden": "unknown key"}


def _validate(name: str, data: Any, path: Path, offset: int = 0, user: bool = False) -> None:
    """Check ``data`` against the schema of lexicon ``name``; its problems (the first three) are
    one one-line :class:`DataError` naming ``path`` and each key (``offset``: entries of a list file
    that come before ``path``'s own; ``user``: ``data`` is the shipped data with ``path``'s added)."""
    from pydantic import ValidationError  # imported when a lexicon is first read, not with rasad

    from rasad.lexicon.schema import SCHEMAS, where

    try:
        SCHEMAS[name].model_validate(data)
    except ValidationError as exc:
        found = []
        for err in exc.errors()[:3]:
            loc, shown = tuple(err["loc"]), data
            if offset and loc and isinstance(loc[0], int):
                loc, shown = (loc[0] - offset, *loc[1:]), data[offset:]
            elif user and isinstance(data, dict):  # a position in a merged list is not one in the user's file
                loc = tuple(part for part in loc if not isinstance(part, int))
            msg = str(err["msg"]).removeprefix("Value error, ")
            said = _SAID.get(err["type"]) or f"{msg[:1].lower()}{msg[1:]} (got {err['input']!r:.60})"
            found.append(f"{where(loc, shown)}: {said}")
        more = f" (and {exc.error_count() - 3} more)" if exc.error_count() > 3 else ""
        raise DataError(f"{path}: {'; '.join(found)}{more}") from None


def read_lexicon(name: str, dirs: tuple[Path, ...], recheck: bool = False) -> Any:
    """Lexicon ``name`` as shipped, extended by the files of the user directories ``dirs``, checked.

    The check is remembered in the user cache (``rasad.kb.cache``, keyed by the files' paths, sizes
    and times, like the KB's parsed copy): a process that reads files checked before and unchanged
    since does not import pydantic. A file that fails its check is never remembered; ``recheck``
    checks even remembered files (``rasad lexicon check``)."""
    from rasad.kb import cache

    if name not in LEXICON_FILES:
        raise DataError(f"{LEXICON_DIR / name}: no such lexicon file (known: {', '.join(sorted(LEXICON_FILES))})")
    path = LEXICON_DIR / name
    if not path.is_file():
        raise DataError(f"{path}: the lexicon file is missing; reinstall rasad")
    extras = [extra for directory in dirs for extra in user_files(directory).get(name, [])]
    kind = f"lexicon-{name.removesuffix('.yaml')}"
    key = cache.fingerprint([path, *extras])
    checked = not recheck and cache.load(kind, key) is True
    data = load_yaml(path)
    if not checked:
        _validate(name, data, path)
    for extra in extras:
        more = load_yaml(extra)
        if more is None:
            continue
        offset = len(data) if isinstance(data, list) else 0
        data = _merge(data, more, extra, "")
        if not checked:
            _validate(name, data, extra, offset, user=True)
    if not checked:
        cache.store(kind, key, True)
    return data


@lru_cache(maxsize=32)
def load_lexicon(name: str) -> Any:
    """A lexicon data file of ``rasad/lexicon`` (``"context.yaml"``), parsed, checked against its
    schema (:mod:`rasad.lexicon.schema`) and extended by the user directory's files; read once
    per process. Callers must not change what it returns."""
    return read_lexicon(name, (user_dir(),))


def check_lexicons(dirs: tuple[Path, ...] | None = None) -> list[Path]:
    """Read and check every lexicon file with the user directory (or ``dirs``); the files read.
    The first problem is a :class:`DataError` naming the file and the key. With ``dirs`` None,
    what is read stays cached for the pipeline (so a pipeline checks its lexicons when built, or
    trusts the remembered check of unchanged files); with ``dirs``, every file is checked again."""
    for name in LEXICON_FILES:
        if dirs is None:
            load_lexicon(name)
        else:
            read_lexicon(name, dirs, recheck=True)
    chosen = (user_dir(),) if dirs is None else dirs
    return [LEXICON_DIR / n for n in LEXICON_FILES] + [p for d in chosen for ps in user_files(d).values() for p in ps]


def form_tokens(form: str) -> tuple[str, ...]:
    """A lexicon form as normalised tokens: ``"أجرى مباحثات"`` → ``("اجري", "مباحثات")``."""
    return tuple(t.norm for t in tokenize(normalize(form.replace("ـ", ""))))


def words(name: str, key: str) -> tuple[str, ...]:
    """The words listed under ``key`` in lexicon ``name``, as written and in order; ``key`` may be
    a dotted path (``"quotes.speaker_skip"``). A key the file lacks is a :class:`DataError`."""
    data: Any = load_lexicon(name)
    for part in key.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    if not isinstance(data, list) or not all(isinstance(w, str) and w.strip() for w in data):
        raise DataError(f"{LEXICON_DIR / name}: '{key}' must be a list of words")
    return tuple(data)


@lru_cache(maxsize=128)
def word_list(name: str, key: str, as_written: bool = False) -> frozenset[str]:
    """The words listed under ``key`` in the lexicon file ``name``, normalised (``as_written``: as
    spelt, for code that tests a token's text: the preposition على is not the name علي); a missing
    key or one that is not a list of words is a one-line :class:`DataError` naming the file and the key."""
    found = words(name, key)
    return frozenset(found if as_written else (normalize(w) for w in found))


@lru_cache(maxsize=32)
def phrase_list(name: str, key: str) -> frozenset[tuple[str, ...]]:
    """The phrases under ``key`` as tuples of normalised tokens: ``"حتى الآن"`` → ``("حتي", "الان")``."""
    return frozenset(form_tokens(w) for w in words(name, key))


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
