"""The corpus statistics of ``kb/build.py``: homographs and family names.

Counts of words and word pairs in ``$SHARED/corpus`` (no text is kept) decide which one-word KB
names are also common words (``homographs.yaml``) and which words with the article are family
names (``family_names.txt``). See ``build_homographs`` and ``build_family_names``.
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rasad.arabic.normalize import normalize  # noqa: E402

DATA = ROOT / "rasad" / "kb" / "data"
SOURCES = Path(__file__).resolve().parent / "sources"


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


# words before a place name in news: prepositions of place and the heads of place names
LOCATIVE_CUES = frozenset(normalize(w) for w in (
    "في", "إلى", "من", "قرب", "داخل", "وسط", "شمال", "جنوب", "شرق", "غرب", "مدينة", "محافظة", "بلدة", "قرية",
    "منطقة", "ولاية", "مديرية", "ناحية", "قضاء", "مخيم", "حي", "بمدينة", "بمحافظة", "بمنطقة", "لمدينة", "لمحافظة"))


def _fold(tok: str) -> str:
    """A word without a one-letter proclitic before its article: ``بالصور`` → ``الصور``."""
    if tok.startswith("لل") and len(tok) > 4:
        return "ال" + tok[2:]
    if tok[:1] in "وفبك" and tok[1:3] == "ال":
        return tok[1:]
    if tok[:2] in ("وب", "ول", "فب", "فل", "وك") and tok[2:4] == "ال":
        return tok[2:]
    return tok


def gold_urls(shared: Path) -> set[str]:
    """The URLs (else ids) of the articles the annotated leads come from (``gold/*/inputs``,
    ``gold/inputs``): what the KB is measured on, so never what it is counted from."""
    out: set[str] = set()
    for path in sorted((shared / "gold").glob("**/inputs/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict) and (key := record.get("url") or record.get("id")):
                out.add(str(key))
    return out


def corpus_records(shared: Path, held_out: bool = False) -> Iterator[dict[str, Any]]:
    """The records of the corpus's files, one at a time (nothing is kept); with ``held_out``, less the
    articles of the annotated leads (``gold_urls``), as the names of ``kb/corpus_names.py`` are
    counted: the KB's coverage of those leads is then a held-out figure, names counted on other
    articles only. (The word statistics of homographs and family names count every article.)"""
    left_out = gold_urls(shared) if held_out else set()
    for name in ("saudinewsnet.jsonl.gz", "ant2018.jsonl.gz"):
        path = shared / "corpus" / name
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if str(record.get("url") or record.get("id")) not in left_out:
                    yield record


def corpus_words(shared: Path, titles: bool) -> Iterator[list[str]]:
    """The normalised Arabic words of each corpus record (with its title when ``titles``)."""
    for record in corpus_records(shared):
        text = f"{record.get('title') or ''} {record.get('text') or ''}" if titles else record.get("text") or ""
        yield re.findall(r"[\u0621-\u064A]+", normalize(text))


def corpus_counts(shared: Path) -> tuple[Counter[str], Counter[str]]:
    """Normalised word counts over the corpus, and how often each word follows a word of place
    (``في``, ``مدينة``); a one-letter proclitic before the article is dropped. No text is kept."""
    counts: Counter[str] = Counter()
    located: Counter[str] = Counter()
    for words in corpus_words(shared, titles=True):
        counts.update(words)
        located.update(w for prev, w in itertools.pairwise(words) if prev in LOCATIVE_CUES)
    folded: Counter[str] = Counter()
    for tok, n in counts.items():
        folded[_fold(tok)] += n
    return folded, located


def word_forms(word: str) -> list[str]:
    """The forms a common word takes and a name does not: the article toggled, and for a word
    without the article its feminine and plural (``مالي`` → ``المالي``, ``ماليه``, ``ماليين``)."""
    if word.startswith("ال") and len(word) > 4:
        return [word[2:]]
    forms = ["ال" + word]
    if not word.endswith(("ه", "ا", "ي" + "ه")):
        forms += [word + "ه", "ال" + word + "ه"]
    if word.endswith("ي"):
        forms += [word + "ين", word + "ون"]
    return forms


MONTHS_SOURCE = "CLDR month names through babel (Unicode License v3)"


def month_names() -> set[str]:
    try:
        from babel import Locale
    except ImportError:  # babel is optional: the month check is then skipped
        return set()
    names: set[str] = set()
    for loc in ("ar", "ar_SY", "ar_LB", "ar_IQ", "ar_JO", "ar_EG", "ar_MA", "ar_DZ", "ar_TN"):
        for width in ("wide", "abbreviated"):
            names.update(normalize(n) for n in Locale.parse(loc).months["format"][width].values())
    return names


def first_name_set() -> set[str]:
    path = ROOT / "rasad" / "lexicon" / "first_names.txt"
    return {normalize(n) for n in path.read_text(encoding="utf-8").split() if not n.startswith("#")}


def build_homographs(shared: Path) -> list[dict[str, Any]]:
    """One-word place and organisation names that are also common words.

    A name is listed when it is a month name (CLDR), or when the corpus uses the forms only a
    common word takes (the article toggled, the feminine, the plural) at least as often as the
    name itself (twice as often for a name with the article, whose bare form may be a person's
    first name: ``رياض``), and at least 20 times; or, for a town or province, when the word is
    frequent (30+) and under 8% of its occurrences follow a word of place (``في``, ``مدينة``):
    ``الطاقة``, ``حرمة`` are words first.
    """
    names: dict[str, str] = {}
    places: set[str] = set()
    for file in sorted(DATA.glob("*.yaml")):
        if file.name.startswith(("people", "titles", "phrases", "homographs", "countries")):
            continue
        for item in read_yaml(file):
            for name in [item.get("name"), *(item.get("aliases") or [])]:
                norm = normalize(str(name or ""))
                if norm and " " not in norm:
                    names.setdefault(norm, str(item.get("id")))
                    if file.name.startswith("places") and item.get("type", "GPE") == "GPE":
                        places.add(norm)
    for item in read_yaml(DATA / "countries.yaml"):  # countries too (مالي "financial", بنين "boys")
        for name in [item.get("name"), *(item.get("aliases") or [])]:
            norm = normalize(str(name or ""))
            if norm and " " not in norm:
                names.setdefault(norm, str(item.get("id")))
    counts, located = corpus_counts(shared)
    total = sum(counts.values()) or 1
    months = month_names()
    firsts = first_name_set()
    out: list[dict[str, Any]] = []
    for norm, ident in sorted(names.items()):
        n = counts.get(norm, 0)
        forms = [f for f in word_forms(norm) if f not in names and f not in firsts]
        alt = sum(counts.get(f, 0) for f in forms)
        need = 2.0 if norm.startswith("ال") else 1.0
        reason = None
        place_share = located.get(norm, 0) / n if n else 1.0
        if norm in months:
            reason = "month name"
        elif alt >= 20 and alt >= need * n:
            reason = "common-word forms: " + ", ".join(f for f in forms if counts.get(f, 0))
        elif norm in places and n >= 30 and place_share < 0.08:
            reason = f"seldom after a word of place ({place_share:.0%} of {n})"
        if reason:
            out.append({"name": norm, "entry": ident, "reason": reason, "per_million": round(1e6 * n / total, 2),
                        "forms_per_million": round(1e6 * alt / total, 2)})
    overrides = read_yaml(SOURCES / "homographs.yaml")
    keep = {normalize(i["name"]) for i in overrides.get("not_homographs") or []}
    out = [o for o in out if o["name"] not in keep]
    listed = {o["name"] for o in out}
    for item in overrides.get("homographs") or []:
        norm = normalize(item["name"])
        if norm not in listed and norm in names:
            out.append({"name": norm, "entry": names[norm], "reason": "reviewed: " + item["why"],
                        "per_million": round(1e6 * counts.get(norm, 0) / total, 2), "forms_per_million": None})
    print(f"homographs: {len(out)} of {len(names)} one-word names", file=sys.stderr)
    return sorted(out, key=lambda o: o["name"])


# first names that are also function words or the first half of compound names once normalised
# (على → علي; عبد المنعم, أبو الفضل): what follows them says nothing of family names
NOT_GIVEN = frozenset(normalize(w) for w in ("علي", "عبد", "أبو", "أم", "بن", "ابن"))


def build_family_names(shared: Path) -> list[str]:
    """Family names with the article, learned from the corpus: an ``ال`` word (``العتيبي``) that
    follows a known first name in at least half of its occurrences (at least 8 times) and is no
    nationality adjective or title word. Counts only; no text is kept."""
    firsts = first_name_set()
    after: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for words in corpus_words(shared, titles=False):
        for prev, word in itertools.pairwise(words):
            if word.startswith("ال") and len(word) >= 5:
                total[word] += 1
                if prev in firsts and prev not in NOT_GIVEN:
                    after[word] += 1
    blocked: set[str] = set()
    for item in read_yaml(DATA / "countries.yaml"):
        blocked.update(normalize(a) for a in item.get("adjectives") or [])
    for item in read_yaml(DATA / "titles.yaml"):
        for form in [item["title"], *(item.get("forms") or [])]:
            blocked.update(normalize(str(form)).split())
    out = sorted(w for w, n in after.items() if n >= 8 and n >= 0.5 * total[w] and w not in blocked)
    print(f"family names: {len(out)}", file=sys.stderr)
    return out


