"""Rebuild the generated parts of rasad's knowledge base from their sources.

    python kb/build.py [--shared ../shared] [--only places,organisations,people,family,corpus,homographs]
    python kb/build.py --only corpus-context   # only the country and sector of the corpus names (one pass)

Writes, in ``rasad/kb/data/``:

- ``places-gazetteer.yaml``: towns and administrative units of the region from
  ``$SHARED/gazetteers/world-cities-translations/world-cities.csv`` (CC BY 4.0,
  jamsshhayd/world-cities-translations). That file's Arabic column is noisy (``فيروسات غدانية``
  for Aden), so a row is kept only when its Arabic consonants spell its English name
  (``consonant_match``), its administrative prefix is read as the kind (``محافظة تعز`` →
  governorate ``تعز``), and its name is not already in the hand-compiled KB.
- ``organisations-state.yaml``: the state bodies of every country with nationality adjectives
  (ministries, armed forces, police, intelligence, central bank, courts, parliament, news agency),
  from the templates of ``kb/sources/state_bodies.yaml`` and the adjectives of ``countries.yaml``,
  plus the named bodies listed there for the states of the region.
- ``people-offices.yaml``: heads of state and government, foreign, defence and interior ministers
  and other office holders from ``kb/sources/offices.psv`` (hand-compiled from the public record),
  one entry per person with dated offices; people the hand-compiled KB already holds are skipped.
- ``people-corpus.yaml`` and ``organisations-corpus.yaml``: people and bodies whose names recur in
  ``$SHARED/corpus`` (word-sequence counts, no text copied; ``kb/corpus_names.py``): name chains
  whose every word is in a licensed name list, next to titles or speech verbs; head-noun phrases
  closed where the name ends. Names the rest of the KB has are skipped. Each name's ``country`` and
  ``sector`` come from what the corpus says next to it (``corpus_names.name_contexts``): the
  nationality adjective or state name near a person's name, the title before or after it, a
  body's head noun and the adjective or place inside its name; the most frequent value with enough
  support, else none (``--only corpus-context`` redoes only this, on the names as they are).
- ``family_names.txt``: family names with the article (``العتيبي``) that follow a known first name
  in most of their corpus occurrences (counts only).
- ``homographs.yaml``: one-word KB names that are also common words, with the corpus statistics
  that show it (``$SHARED/corpus``, counts only; no text is copied): how often the word occurs,
  and how often it occurs with the article toggled (``صور`` ↔ ``الصور``) — names rarely alternate,
  common nouns do — plus the month names of CLDR (babel) that are KB names.

Everything else in ``rasad/kb/data`` is hand-compiled and never touched here. After a rebuild run
``rasad kb check`` and ``python bench/kb_coverage.py``.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import corpus_names  # noqa: E402  (kb/corpus_names.py)
from corpus_stats import build_family_names, build_homographs  # noqa: E402  (kb/corpus_stats.py)

from rasad.arabic.normalize import normalize  # noqa: E402
from rasad.decide.sites import function_words  # noqa: E402
from rasad.kb.matcher import one_edit  # noqa: E402
from rasad.stages.names import first_names, name_words  # noqa: E402

DATA = ROOT / "rasad" / "kb" / "data"
SOURCES = Path(__file__).resolve().parent / "sources"
HAND_FILES = ("countries.yaml", "places.yaml", "organisations.yaml", "people.yaml")

# the states whose towns and administrative units are taken from world-cities.csv
REGION = {
    "Syria": "SYR", "Yemen": "YEM", "Iraq": "IRQ", "Saudi Arabia": "SAU", "Lebanon": "LBN", "Libya": "LBY",
    "Jordan": "JOR", "Egypt": "EGY", "Kuwait": "KWT", "Qatar": "QAT", "United Arab Emirates": "ARE",
    "Bahrain": "BHR", "Oman": "OMN", "Sudan": "SDN", "Tunisia": "TUN", "Algeria": "DZA", "Morocco": "MAR",
    "Iran": "IRN", "Turkey": "TUR",
}
# Arabic administrative prefixes of world-cities.csv names → the place kind
PREFIXES = {
    "محافظة": "governorate", "مديرية": "district", "ناحية مركز": "district", "ناحية": "district",
    "منطقة": "district", "قضاء": "district", "عزلة": "district", "ولاية": "province", "مدينة": "town",
    "إمارة": "province", "بلدية": "town", "مركز": "district", "شعبية": "district", "لواء": "district",
}

# first words of world-cities.csv Arabic names that are bodies, not places (نادي الحزم for Al Hazm)
NOT_PLACE_HEADS = frozenset(normalize(w) for w in (
    "نادي", "مجلس", "جامعة", "حزب", "شركة", "جمعية", "مؤسسة", "هيئة", "وزارة", "فريق", "منتخب", "مسجد", "قلعة", "مطار"))
# Arabic letters → a coarse consonant class shared with the Latin transliteration
_AR_CLASS = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "h", "د": "d", "ذ": "d", "ر": "r", "ز": "z", "س": "s",
    "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "g", "ف": "f", "ق": "k", "ك": "k", "ل": "l",
    "م": "m", "ن": "n", "ه": "h", "پ": "b", "چ": "j", "گ": "g", "ڤ": "f",
}
_LATIN_DIGRAPHS = (("kh", "h"), ("sh", "s"), ("th", "t"), ("dh", "d"), ("gh", "g"), ("ch", "j"), ("ph", "f"))
_LATIN_CLASS = {"b": "b", "p": "b", "t": "t", "j": "j", "g": "g", "h": "h", "d": "d", "r": "r", "z": "z", "s": "s",
                "f": "f", "v": "f", "q": "k", "k": "k", "c": "k", "l": "l", "m": "m", "n": "n", "x": "ks"}
_LATIN_ARTICLE = re.compile(r"^(?:a[lrsdtnz]|ash|ath|adh|el|as|an|ad|at|az|ar)$")


def arabic_skeleton(name: str) -> str:
    """Consonant classes of an Arabic name, article dropped: ``الرقة`` → ``rk``."""
    out = []
    for word in normalize(name).split():
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        out.extend(_AR_CLASS.get(ch, "") for ch in word)
    return "".join(out).replace("jj", "j")


def latin_skeleton(name: str) -> str:
    """Consonant classes of a romanised name, article dropped: ``Ar Raqqah`` → ``rkh``."""
    words = [w for w in re.split(r"[\s\-]+", name.lower()) if w]
    words = [w for w in words if not _LATIN_ARTICLE.match(w)] or words
    text = re.sub(r"[^a-z]", "", "".join(words))
    for digraph, cls in _LATIN_DIGRAPHS:
        text = text.replace(digraph, cls.upper())
    out = "".join(_LATIN_CLASS.get(ch, ch.lower() if ch.isupper() else "") for ch in text)
    out = re.sub(r"(.)\1+", r"\1", out)  # geminates: Raqqah → rkh
    return out.rstrip("h")  # a final -ah is the ta marbuta


def consonant_match(arabic: str, english: str) -> float:
    """How well the consonants of an Arabic name spell its romanised name (0–1)."""
    a = re.sub(r"(.)\1+", r"\1", arabic_skeleton(arabic)).rstrip("h")
    b = latin_skeleton(english)
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("`", "").replace("'", "")).strip("-")


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def hand_names() -> tuple[set[str], set[str]]:
    """Normalised names, aliases and adjectives, and ids, of the hand-compiled KB files."""
    names: set[str] = set()
    ids: set[str] = set()
    for file in HAND_FILES:
        for item in read_yaml(DATA / file):
            ids.add(str(item["id"]))
            for name in [item["name"], *(item.get("aliases") or []), *(item.get("adjectives") or [])]:
                names.add(normalize(str(name)))
    return names, ids


def write_yaml(path: Path, header: str, items: list[dict[str, Any]]) -> None:
    """Write entries one flow mapping per office, in the style of the hand-compiled files."""
    lines = [f"# {line}" if line else "#" for line in header.strip().splitlines()]
    lines.append("# GENERATED by kb/build.py: edit the sources, not this file.")
    for item in items:
        lines.append("")
        first = True
        for key, value in item.items():
            prefix = "- " if first else "  "
            first = False
            if key == "offices":
                lines.append(f"{prefix}offices:")
                for o in value:
                    parts = ", ".join(f"{k}: {_scalar(v)}" for k, v in o.items())
                    lines.append(f"  - {{{parts}}}")
            elif isinstance(value, list):
                lines.append(f"{prefix}{key}: [{', '.join(_scalar(v) for v in value)}]")
            else:
                lines.append(f"{prefix}{key}: {_scalar(value)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if re.fullmatch(r"\d{4}(-\d{2}){0,2}", text):
        return f"'{text}'"
    if re.search(r"[:#,\[\]{}&*!|>'\"%@`]", text) or text != text.strip() or text.lower() in ("null", "true", "false", "yes", "no"):
        return json.dumps(text, ensure_ascii=False)
    return text


# ---------------------------------------------------------------- places


def build_places(shared: Path, taken: set[str], ids: set[str]) -> list[dict[str, Any]]:
    path = shared / "gazetteers" / "world-cities-translations" / "world-cities.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    skipped = Counter()
    for row in rows:
        iso3 = REGION.get(row["CountryNameEn"])
        if iso3 is None:
            continue
        arabic, english = row["CityNameAr"].strip(), row["CityNameEn"].strip()
        kind, name = "town", arabic
        for prefix, k in sorted(PREFIXES.items(), key=lambda kv: -len(kv[0])):
            if arabic.startswith(prefix + " "):
                kind, name = k, arabic[len(prefix) + 1 :].strip()
                break
        norm = normalize(name)
        if not name or len(norm.replace(" ", "")) < 3 or not re.fullmatch(r"[\u0621-\u064A ]+", norm):
            skipped["not a clean Arabic name"] += 1
            continue
        if norm.split()[0] in NOT_PLACE_HEADS:
            skipped["an organisation, not a place"] += 1
            continue
        if consonant_match(name, english) < 0.8:
            skipped["Arabic does not spell the English name"] += 1
            continue
        if norm in taken:
            skipped["already in the KB"] += 1
            continue
        if (norm, iso3) in seen:
            skipped["duplicate row"] += 1
            continue
        seen.add((norm, iso3))
        ident = f"{slug(english)}-{iso3.lower()}"
        while ident in ids:
            ident += "-2"
        ids.add(ident)
        taken.add(norm)
        entry: dict[str, Any] = {"id": ident, "type": "GPE", "kind": kind, "name": name, "name_en": english,
                                 "country": iso3, "aliases": [arabic] if arabic != name else []}
        out.append(entry)
    print(f"places: {len(out)} kept; skipped {dict(skipped)}", file=sys.stderr)
    return out


# ---------------------------------------------------------------- organisations


def adjectives(country: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Definite feminine and masculine singular nationality adjectives: السورية, السوري."""
    adj = [str(a) for a in country.get("adjectives") or []]
    fem = [a for a in adj if a.startswith("ال") and a.endswith("ية") and not a.endswith("يات")]
    masc = [a for a in adj if a.startswith("ال") and a.endswith("ي")]
    return fem, masc


def build_organisations(taken: set[str], ids: set[str]) -> list[dict[str, Any]]:
    src = read_yaml(SOURCES / "state_bodies.yaml")
    countries = read_yaml(DATA / "countries.yaml")
    out: list[dict[str, Any]] = []
    skipped = Counter()

    def add(entry: dict[str, Any]) -> None:
        names = [entry["name"], *entry["aliases"]]
        fresh = [n for n in names if normalize(n) not in taken]
        if not fresh:
            skipped["already in the KB"] += 1
            return
        entry["name"], entry["aliases"] = fresh[0], fresh[1:]
        while entry["id"] in ids:
            entry["id"] += "-2"
        ids.add(entry["id"])
        taken.update(normalize(n) for n in fresh)
        out.append(entry)

    region = set(src["region"])
    for country in countries:
        fem, masc = adjectives(country)
        if not fem and not masc:
            continue
        iso3 = str(country["iso3"])
        for body in src["templates"]:
            if body.get("region_only") and iso3 not in region:
                continue
            names = [f.format(adj=a) for f in body.get("feminine", []) for a in fem]
            names += [f.format(adj=a) for f in body.get("masculine", []) for a in masc]
            names += [f.format(country=n) for f in body.get("construct", []) for n in [country["name"]]]
            if not names:
                continue
            add({"id": f"{body['id']}-{iso3.lower()}", "name": names[0], "name_en": body["name_en"].format(country=country["name_en"]),
                 "aliases": names[1:], "country": iso3, "sector": body["sector"]})
    for body in src.get("bodies") or []:
        add({"id": body["id"], "name": body["name"], "name_en": body["name_en"], "aliases": body.get("aliases") or [],
             "country": body["country"], "sector": body["sector"]})
    print(f"organisations: {len(out)} kept; skipped {dict(skipped)}", file=sys.stderr)
    return out


# ---------------------------------------------------------------- people


def read_offices() -> list[dict[str, str]]:
    """The rows of ``sources/offices.psv`` (``|``-separated, ``#`` comments)."""
    with (SOURCES / "offices.psv").open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines, delimiter="|")]


def english_key(name: str) -> str:
    return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode())


def hand_english() -> set[str]:
    return {english_key(str(p.get("name_en") or "")) for p in read_yaml(DATA / "people.yaml")}


def _day(value: str, end: bool) -> str:
    if not value:
        return "9999-12-31" if end else "0000-01-01"
    parts = value.split("-")
    if len(parts) == 1:
        return value + ("-12-31" if end else "-01-01")
    if len(parts) == 2:
        return value + ("-31" if end else "-01")
    return value


def _span(start: str, end: str) -> tuple[str, str]:
    """An office's days, partial dates read as ``rasad kb check`` reads them (favouring no overlap)."""
    return (_day(start, True) if start else "0000-01-01", _day(end, False) if end else "9999-12-31")


def _hand_offices() -> dict[tuple[str, str, str], list[tuple[str, str]]]:
    held: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for item in read_yaml(DATA / "people.yaml"):
        for o in item.get("offices") or []:
            key = (str(o.get("role")), str(o.get("country")), str(o.get("sector")))
            held.setdefault(key, []).append(_span(str(o.get("from") or ""), str(o.get("to") or "")))
    return held


def build_people(taken: set[str], ids: set[str]) -> list[dict[str, Any]]:
    from rasad.kb.check import single_holder

    held = _hand_offices()
    english = hand_english()
    people: dict[str, dict[str, Any]] = {}
    skipped = Counter()
    hand_roles = {
        english_key(str(p.get("name_en") or "")): {(o.get("role"), o.get("country")) for o in p.get("offices") or []}
        for p in read_yaml(DATA / "people.yaml")
    }
    # a name opening with a function word that is no given name (``آن ليندي``: every ``أن`` would
    # open a person's name); ``علي`` is both ``على`` and a given name, so it stays
    function = {normalize(w) for w in function_words()} - set(first_names())
    for row in read_offices():
        norm = normalize(row["name"])
        if norm.split()[0] in function:
            print(f"people: {row['name_en']} left out: {row['name'].split()[0]!r} is a function word", file=sys.stderr)
            skipped["the first word is a function word"] += 1
            continue
        ours = {normalize(p["name"]) for p in people.values()}
        if (norm in taken and norm not in ours) or english_key(row["name_en"]) in english:
            skipped["person already in the KB"] += 1
            if (row["role"], row["office_country"] or row["country"]) not in hand_roles.get(english_key(row["name_en"]), set()):
                # the row's office is not on the hand-compiled entry: people.yaml should get it
                print(f"people: {row['name_en']} is hand-compiled without the office {row['role']} "
                      f"{row['office_country'] or row['country']} {row['from']}..{row['to']}", file=sys.stderr)
            continue
        key = slug(row["name_en"])
        person = people.get(key)
        if person is None:
            ident = key
            while ident in ids:
                ident += f"-{row['country'].lower()}"
            person = {"id": ident, "name": row["name"], "name_en": row["name_en"],
                      "aliases": [a for a in row.get("aliases", "").split(";") if a],
                      "surnames": [],
                      "country": row["country"], "sector": row["sector"], "offices": []}
            people[key] = person
            ids.add(ident)
            taken.add(norm)
        office = {"role": row["role"], "country": row["office_country"] or row["country"], "sector": row["sector"],
                  "from": row["from"] or None, "to": row["to"] or None}
        span = _span(row["from"], row["to"])
        okey = (office["role"], str(office["country"]), office["sector"])
        if single_holder(office["role"]) and any(a < span[1] and span[0] < b for a, b in held.get(okey, [])):
            skipped["office overlaps a hand-compiled holder"] += 1
            continue
        held.setdefault(okey, []).append(span)
        person["offices"].append(office)
    out = list(people.values())
    for p in out:
        if not p["offices"]:
            del p["offices"]
    print(f"people: {len(out)} kept ({sum(len(p.get('offices', [])) for p in out)} offices); skipped {dict(skipped)}", file=sys.stderr)
    return out


# ---------------------------------------------------------------- names the corpus uses often


CORPUS_FILES = ("people-corpus.yaml", "organisations-corpus.yaml")


def kb_names() -> tuple[set[str], set[str], set[str]]:
    """Normalised names and aliases, ids, and normalised place names (with and without the
    article) of every KB file except the corpus-derived ones."""
    names: set[str] = set()
    ids: set[str] = set()
    places: set[str] = set()
    for file in sorted(DATA.glob("*.yaml")):
        if file.name in CORPUS_FILES or file.name.startswith(("titles", "phrases", "homographs")):
            continue
        for item in read_yaml(file):
            ids.add(str(item["id"]))
            for name in [item["name"], *(item.get("aliases") or [])]:
                norm = normalize(str(name))
                names.add(norm)
                if file.name.startswith(("places", "countries")) and " " not in norm:
                    places.update((norm, norm[2:] if norm.startswith("ال") else "ال" + norm))
    return names, ids, places


def generic_stems() -> set[str]:
    """Names of bodies that every state has, without the state (مجلس الوزراء of مجلس الوزراء
    السعودي): such a name is no one body, the KB's phrases and titles resolve it by context."""
    adjectives: set[str] = set()
    for item in read_yaml(DATA / "countries.yaml"):
        adjectives.update(normalize(str(a)) for a in item.get("adjectives") or [])
    stems: set[str] = set()
    for file in ("organisations.yaml", "organisations-state.yaml"):
        for item in read_yaml(DATA / file):
            for name in [item["name"], *(item.get("aliases") or [])]:
                words = normalize(str(name)).split()
                if len(words) >= 2 and words[-1] in adjectives:
                    stems.add(" ".join(words[:-1]))
    return stems


def _unique(ident: str, ids: set[str]) -> str:
    base, n = ident, 2
    while ident in ids:
        ident = f"{base}-{n}"
        n += 1
    ids.add(ident)
    return ident


def build_corpus_names(shared: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """People and bodies whose names the corpus uses often (kb/corpus_names.py), minus the names
    the rest of the KB has. Counts only; no text is copied."""
    taken, ids, places = kb_names()
    stems = generic_stems()
    # the set phrases (قوات النظام السوري) describe actors: a name that is one or opens with one is none
    phrases: set[str] = set()
    for file in sorted(DATA.glob("phrases*.yaml")):
        for item in read_yaml(file):
            phrases.update(normalize(str(p)) for p in [item["phrase"], *(item.get("aliases") or [])])
    taken |= phrases
    counts = corpus_names.word_counts(shared)
    lex = corpus_names.Lexicon(shared, counts)
    lex_first = set(lex.first)  # the bodies' names keep the listed given names only
    lex.learn(shared, counts)
    found = corpus_names.people(lex, corpus_names.name_chains(shared, lex), consonant_match)
    # a KB person under another spelling of the given name (دونالدو ترامب, فلاديمير بوتن) is no new
    # person: the entities stage's fuzzy linking finds the KB entry
    # (a compound given name, عبد الإله or أبو بكر, is the first name as a whole)
    def ends(name: str) -> tuple[str, str] | None:
        words = name.split()
        if len(words) >= 3 and words[0] in name_words().compound_first:
            words = [f"{words[0]} {words[1]}", *words[2:]]
        return (words[0], words[-1]) if len(words) >= 2 else None

    firsts_by_last: dict[str, set[str]] = defaultdict(set)
    lasts_by_first: dict[str, set[str]] = defaultdict(set)
    for name in taken:
        if (pair := ends(name)) is not None:
            firsts_by_last[pair[1]].add(pair[0])
            lasts_by_first[pair[0]].add(pair[1])
    people: list[dict[str, Any]] = []
    for item in sorted(found, key=lambda p: (-p["n"], p["name"])):
        names = [n for n in [item["name"], *item["aliases"]] if normalize(n) not in taken]
        if not names or normalize(item["name"]) in taken:
            continue
        pair = ends(normalize(item["name"]))
        if pair is not None and (any(one_edit(pair[0], f) for f in firsts_by_last.get(pair[1], ())) or any(
                one_edit(pair[1], last) for last in lasts_by_first.get(pair[0], ()))):
            continue
        taken.update(normalize(n) for n in names)
        ascii_en = unicodedata.normalize("NFKD", item["name_en"] or "").encode("ascii", "ignore").decode()
        ident = _unique(slug(ascii_en) or "person-corpus", ids)
        entry: dict[str, Any] = {"id": ident, "name": names[0], "name_en": item["name_en"], "aliases": names[1:]}
        people.append(entry)
    grams, spelling = corpus_names.body_grams(shared)
    bodies: list[dict[str, Any]] = []
    for item in sorted(corpus_names.bodies(grams, spelling, places, lex_first, counts), key=lambda b: (-b["n"], b["name"])):
        norm = normalize(item["name"])
        if norm in taken or norm in stems or any(norm.startswith(p + " ") for p in phrases):
            continue
        taken.add(norm)
        bodies.append({"id": _unique("body-corpus", ids), "name": item["name"], "name_en": None})
    print(f"corpus names: {len(people)} people, {len(bodies)} bodies new to the KB", file=sys.stderr)
    add_country_sector(shared, people, bodies)
    return people, bodies


def check_country_sector(shared: Path) -> None:
    """How often the corpus contexts give the country and sector the hand-compiled KB gives the
    same people and bodies (``--only corpus-context-check``): prints JSON, writes nothing."""
    kb_people = [p for f in ("people.yaml", "people-offices.yaml") for p in read_yaml(DATA / f)]
    kb_bodies = [b for f in ("organisations.yaml",) for b in read_yaml(DATA / f)]
    truth = {}
    people = []
    for p in kb_people:
        country = p.get("country") or next((o.get("country") for o in p.get("offices") or [] if o.get("country")), None)
        sector = p.get("sector") or next((o.get("sector") for o in p.get("offices") or [] if o.get("sector")), None)
        if country or sector:
            truth[p["id"]] = (country, sector)
            people.append({"id": p["id"], "name": p["name"], "aliases": p.get("aliases") or []})
    bodies = []
    for b in kb_bodies:
        if b.get("country") or b.get("sector"):
            truth[b["id"]] = (b.get("country"), b.get("sector"))
            bodies.append({"id": b["id"], "name": b["name"], "aliases": b.get("aliases") or []})
    add_country_sector(shared, people, bodies)
    report: dict[str, Any] = {}
    for label, items in (("people", people), ("bodies", bodies)):
        for field, k in (("country", 0), ("sector", 1)):
            told = [i for i in items if i.get(field) and truth[i["id"]][k]]
            right = sum(1 for i in told if i[field] == truth[i["id"]][k])
            known = sum(1 for i in items if truth[i["id"]][k])
            report[f"{label}_{field}"] = {"known": known, "given": len(told), "right": right,
                                          "precision": round(right / len(told), 3) if told else None}
    print(json.dumps(report))


def add_country_sector(shared: Path, people: list[dict[str, Any]], bodies: list[dict[str, Any]]) -> None:
    """Each name's state and sector from what the corpus says next to it (corpus_names.name_contexts):
    set where the evidence is clear, left out otherwise."""
    ev = corpus_names.Evidence(DATA)
    for items, is_people in ((people, True), (bodies, False)):
        names = {tuple(normalize(n).split()): item["id"] for item in items
                 for n in [item["name"], *item.get("aliases", [])]}
        seen = corpus_names.name_contexts(shared, names, ev, people=is_people)
        for item in items:
            if is_people:
                country, sector = corpus_names.person_country_sector(seen.get(item["id"]))
            else:
                country, sector = corpus_names.body_country_sector(item["name"], seen.get(item["id"]), ev)
            if country:
                item["country"] = country
            if sector:
                item["sector"] = sector
        told = sum(1 for item in items if "country" in item), sum(1 for item in items if "sector" in item)
        print(f"{'people' if is_people else 'bodies'}: country for {told[0]}, sector for {told[1]} of {len(items)}",
              file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--only", default="places,organisations,people,family,corpus,homographs")
    args = ap.parse_args()
    parts = set(args.only.split(","))
    taken, ids = hand_names()
    if "places" in parts:
        write_yaml(DATA / "places-gazetteer.yaml", PLACES_HEADER, build_places(args.shared, taken, ids))
    if "organisations" in parts:
        write_yaml(DATA / "organisations-state.yaml", ORGS_HEADER, build_organisations(taken, ids))
    if "people" in parts:
        write_yaml(DATA / "people-offices.yaml", PEOPLE_HEADER, build_people(taken, ids))
    if "family" in parts:
        names = build_family_names(args.shared)
        header = (
            "# Family names with the article, learned by kb/build.py from ../shared/corpus counts: an ال word\n"
            "# that follows a known first name in at least half of its (8+) occurrences. GENERATED; no text copied.\n"
        )
        (DATA / "family_names.txt").write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    if "corpus" in parts:
        people, bodies = build_corpus_names(args.shared)
        write_yaml(DATA / "people-corpus.yaml", PEOPLE_CORPUS_HEADER, people)
        write_yaml(DATA / "organisations-corpus.yaml", BODIES_CORPUS_HEADER, bodies)
    elif "corpus-context-check" in parts:
        check_country_sector(args.shared)
    elif "corpus-context" in parts:  # the names as they are; their country and sector anew (one pass)
        people = [{k: v for k, v in p.items() if k not in ("country", "sector")}
                  for p in read_yaml(DATA / "people-corpus.yaml")]
        bodies = [{k: v for k, v in b.items() if k not in ("country", "sector")}
                  for b in read_yaml(DATA / "organisations-corpus.yaml")]
        add_country_sector(args.shared, people, bodies)
        write_yaml(DATA / "people-corpus.yaml", PEOPLE_CORPUS_HEADER, people)
        write_yaml(DATA / "organisations-corpus.yaml", BODIES_CORPUS_HEADER, bodies)
    if "homographs" in parts:
        items = build_homographs(args.shared)
        write_yaml(DATA / "homographs.yaml", HOMOGRAPHS_HEADER, items)


PLACES_HEADER = """rasad KB: towns and administrative units of the region (GPE)
source: jamsshhayd/world-cities-translations, world-cities.csv (CC BY 4.0; Wikidata-derived),
rows whose Arabic spells the English name; administrative prefixes read as the kind."""
ORGS_HEADER = """rasad KB: state bodies (ORG) of every country with nationality adjectives, and named bodies of the region
source: kb/sources/state_bodies.yaml (rasad, Apache-2.0), adjectives of countries.yaml (CLDR-based, hand-extended)."""
PEOPLE_HEADER = """rasad KB: office holders (PER) with dated offices
source: kb/sources/offices.psv (hand-compiled for rasad from the public record of office holders)."""
PEOPLE_CORPUS_HEADER = """rasad KB: people (PER) whose names recur in ../shared/corpus next to a title or a speech verb
source: word-sequence counts of ../shared/corpus (no text copied; kb/corpus_names.py); every word of a name is
a first name (arabic-names by akhateeb, MIT), a family name (family_names.txt, akhateeb) or a token of the
Wikidata person-name pairs (wikidata-names-amazon, CC0 1.0), which also spell name_en."""
BODIES_CORPUS_HEADER = """rasad KB: bodies (ORG) whose names recur in ../shared/corpus: a head noun (وزارة, هيئة, المديرية العامة)
and its complements, closed where the name ends (no single next word in half of its occurrences)
source: word-sequence counts of ../shared/corpus (no text copied; kb/corpus_names.py)."""
HOMOGRAPHS_HEADER = """rasad KB: one-word place/organisation names that are also common words; such a name counts
only with evidence (rasad/stages/entities.py). Statistics from ../shared/corpus word counts (no text copied):
per_million = the name as a word; forms_per_million = the forms only a common word takes (article
toggled, feminine, plural); "seldom after a word of place" = share of occurrences after في, مدينة...
Month names: CLDR through babel (Unicode License v3). Reviewed exceptions: kb/sources/homographs.yaml."""


if __name__ == "__main__":
    main()
