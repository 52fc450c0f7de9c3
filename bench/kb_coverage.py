"""How many named parties of annotated files the knowledge base knows.

    python bench/kb_coverage.py [GOLD_DIR ...]        # default: ../shared/gold/train
    python bench/kb_coverage.py --by-sector            # misses counted by the party's sector
    python bench/kb_coverage.py --by-kind              # misses counted by the kind of name (no names printed)
    python bench/kb_coverage.py --why                  # misses counted by why the KB misses them
    python bench/kb_coverage.py --reach                # misses counted by how often the corpus names them elsewhere
    python bench/kb_coverage.py --list-misses          # (for debugging the measure only)

A *named party* is an event actor or recipient, or a quote speaker, whose gold ``canonical`` is not
null. It is *covered* when the KB (shipped + user directory) holds an entity one of whose names or
aliases is, after rasad's normalisation and with proclitics stripped from the first word, the
party's ``canonical`` or its ``text`` as written; a set phrase of the KB that links to an entry
(``phrases.yaml`` with a ``canonical``) counts too. Figures are over occurrences and over distinct
canonical names. The gold files are read only to measure: nothing here adds names to the KB, and
the KB's corpus-derived files are counted without the articles the annotated leads come from
(``kb/corpus_stats.py``, ``gold_urls``), so on ``gold/train`` this is a held-out figure.
Prints JSON.

``--why`` sorts each miss into one reason (the first that applies, over occurrences):

- ``described``: the party is a set phrase or title of the KB with no ``canonical`` (``الحكومة
  اليمنية``, resolved by context), so it is described rather than named in the KB;
- ``other-form``: a KB name has the same first and last word and the party's words in order, so
  the KB holds the entity under a longer or shorter form (with or without the father's name);
- ``spelling``: a KB name has as many words and each word is the party's, one edit from it, or
  the same consonants under transliteration variants (``غ``/``ج``/``ق``, ``ز``/``س``, long vowels
  dropped) or with ``عبد``/``أبو`` written apart or joined;
- ``span``: a KB person or body's name makes up part of the party (a title, a place or another
  word before or after it);
- ``absent``: none of these: the KB does not know the entity (by kind: a person — a known first
  name or a link word —, a body — a head noun opens it —, or other: mostly foreign people and
  bodies without a head noun).

``--reach`` counts each miss (occurrences) by how often its canonical name, as written, occurs in
``../shared/corpus`` less the articles of the annotated leads (``0``, ``1``, ``2-4``, ``5+``): what a
KB grown from corpus counts could reach at all. One pass over the corpus (about a minute).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rasad.arabic.normalize import normalize  # noqa: E402
from rasad.arabic.text import analyse  # noqa: E402
from rasad.kb import default_matcher  # noqa: E402
from rasad.kb.matcher import ENTITY, PHRASE, TITLE, one_edit  # noqa: E402

SHARED = ROOT.parent / "shared"


def parties(path: Path) -> list[tuple[str, dict]]:
    """(role, party) of every named party in one gold file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out: list[tuple[str, dict]] = []
    for event in data.get("events") or []:
        for role in ("actor", "recipient"):
            out.extend((role, p) for p in event.get(role) or [] if p.get("canonical"))
    for quote in data.get("quotes") or []:
        speaker = quote.get("speaker") or {}
        if speaker.get("canonical"):
            out.append(("speaker", speaker))
    return out


def known(name: str) -> bool:
    """Does one KB name (or a linked set phrase) cover the whole of ``name``?"""
    matcher = default_matcher()
    para = analyse(0, name)
    if not para.tokens:
        return False
    hits = matcher.find(para)
    for hit in hits:
        if hit.first == 0 and hit.last == len(para.tokens):
            if hit.category == ENTITY:
                return True
            if hit.category == PHRASE and matcher.kb.phrases[int(hit.key)].canonical:
                return True
    return False


# the first words of bodies' names (after the article is dropped), and of people's titles
BODY_HEADS = frozenset(normalize(w) for w in (
    "وزارة", "هيئة", "مجلس", "لجنة", "جمعية", "مديرية", "إدارة", "شرطة", "جامعة", "مستشفى", "محكمة", "حزب",
    "حركة", "جبهة", "ائتلاف", "تحالف", "سفارة", "قنصلية", "شركة", "بنك", "مصرف", "صندوق", "مؤسسة", "منظمة",
    "اتحاد", "مركز", "معهد", "قوات", "جيش", "كتائب", "ألوية", "لواء", "غرفة", "أمانة", "بلدية", "وكالة", "حرس",
    "جهاز", "مفوضية", "نيابة", "ديوان", "رابطة", "نقابة", "مكتب", "أكاديمية", "كلية", "تيار", "مقاومة", "صحيفة",
    "قناة", "إذاعة", "مطار", "ميناء", "برنامج", "فريق", "نادي", "منتخب", "مجموعة", "مديرية", "حكومة", "سلطة",
    "دار", "مجمع", "فرع", "قيادة", "مليشيا", "ميليشيا", "تنظيم", "كتلة", "هيئه"))


def kind(name: str) -> str:
    """A coarse kind of a missed name, for the breakdown: body (a head noun opens it), person (a
    known first name opens it, or a name chain), place (a KB place word in it), or other."""
    words = normalize(name).split()
    if not words:
        return "other"
    head = words[0][2:] if words[0].startswith("ال") else words[0]
    if head in BODY_HEADS or words[0] in BODY_HEADS:
        return "body"
    if words[0] in _first_names() or any(w in ("بن", "ابو", "ال", "عبد") for w in words[1:]):
        return f"person ({min(len(words), 4)}{'+' if len(words) >= 4 else ''} words)"
    return f"other ({min(len(words), 3)}{'+' if len(words) >= 3 else ''} words)"


def _first_names() -> set[str]:
    path = ROOT / "rasad" / "lexicon" / "first_names.txt"
    return {normalize(n) for n in path.read_text(encoding="utf-8").split() if not n.startswith("#")}


# transliteration variants of foreign names: letters that stand for one sound, and long vowels
_SKELETON = str.maketrans({"غ": "ج", "ق": "ج", "ك": "ج", "ز": "س", "ص": "س", "ث": "س", "ط": "ت", "ض": "د",
                           "ذ": "د", "ظ": "د", "ح": "ه", "ة": "ه", "ا": None, "و": None, "ي": None, "ى": None})


def _join(name: str) -> list[str]:
    """Normalised words, with ``عبد``/``ابو`` joined to the next word."""
    words = normalize(name).split()
    out: list[str] = []
    for w in words:
        if out and out[-1] in ("عبد", "ابو", "عبدال"):
            out[-1] += w
        else:
            out.append(w)
    return out


def _skeleton(word: str) -> str:
    return (word[2:] if word.startswith("ال") else word).translate(_SKELETON)


class _Forms:
    """The KB's names as word lists, indexed by their first word's and last word's skeletons."""

    def __init__(self) -> None:
        kb = default_matcher().kb
        self.by_ends: dict[tuple[str, str], list[list[str]]] = {}
        self.by_count: dict[tuple[int, str], list[list[str]]] = {}
        for entry in kb.entries.values():
            for name in (entry.name, *entry.aliases):
                words = _join(name)
                if len(words) < 2:
                    continue
                self.by_ends.setdefault((words[0], words[-1]), []).append(words)
                self.by_count.setdefault((len(words), _skeleton(words[-1])), []).append(words)

    def other_form(self, words: list[str]) -> bool:
        for form in self.by_ends.get((words[0], words[-1]), ()):
            it = iter(form)
            if form != words and all(w in it for w in words):  # the party's words, in order
                return True
            it = iter(words)
            if form != words and all(w in it for w in form):
                return True
        return False

    def spelling(self, words: list[str]) -> bool:
        def close(a: str, b: str) -> bool:
            return a == b or _skeleton(a) == _skeleton(b) or (min(len(a), len(b)) >= 4 and one_edit(a, b))

        return any(
            all(close(a, b) for a, b in zip(words, form, strict=True))
            for form in self.by_count.get((len(words), _skeleton(words[-1])), ())
        )


def why(party: dict, forms: _Forms) -> str:
    """The reason the KB misses one party (see the module's docstring)."""
    matcher = default_matcher()
    names = [n for n in (party["canonical"], party.get("text") or "") if n.strip()]
    for name in names:
        para = analyse(0, name)
        for hit in matcher.find(para):
            whole = hit.first == 0 and hit.last == len(para.tokens)
            if whole and hit.category in (PHRASE, TITLE):
                return "described"
    for name in names:
        words = _join(name)
        if len(words) >= 2 and forms.other_form(words):
            return "other-form"
    for name in names:
        words = _join(name)
        if words and forms.spelling(words):
            return "spelling"
    for name in names:
        para = analyse(0, name)
        for hit in matcher.find(para):
            if hit.category == ENTITY and matcher.kb.entries[hit.key].type in ("PER", "ORG"):
                return "span"
    return f"absent: {kind(party['canonical'])}"


def reach(misses: Counter) -> dict[str, int]:
    """The missed occurrences by how often the canonical name occurs in the corpus less the
    annotated leads' articles (a word with a one-letter proclitic counts too). Counts only."""
    import re

    sys.path.insert(0, str(ROOT / "kb"))
    from corpus_stats import corpus_records  # kb/corpus_stats.py

    wanted = {tuple(normalize(name).split()) for name in misses}
    longest: dict[str, int] = {}
    for words in wanted:
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    found: Counter = Counter()
    for record in corpus_records(SHARED, held_out=True):
        text = f"{record.get('title') or ''} {record.get('text') or ''}"
        words = [normalize(w) for w in re.findall(r"[\u0621-\u064A\u0640\u064B-\u0652]+", text)]
        for i, word in enumerate(words):
            for first in {word, word[1:]}:
                for size in range(1, longest.get(first, 0) + 1):
                    key = (first, *words[i + 1 : i + size])
                    if key in wanted:
                        found[key] += 1
    out: Counter = Counter()
    for name, n in misses.items():
        seen = found[tuple(normalize(name).split())]
        out["0" if seen == 0 else "1" if seen == 1 else "2-4" if seen < 5 else "5+"] += n
    return {k: out[k] for k in ("0", "1", "2-4", "5+")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="*", type=Path, default=[SHARED / "gold" / "train"])
    ap.add_argument("--by-sector", action="store_true", help="count misses by the party's sector")
    ap.add_argument("--by-kind", action="store_true", help="count misses by the kind of name (body, person...)")
    ap.add_argument("--why", action="store_true", help="count misses by why the KB misses them")
    ap.add_argument("--reach", action="store_true", help="count misses by how often the corpus names them elsewhere")
    ap.add_argument("--list-misses", action="store_true", help="print the missed names (debugging the measure)")
    args = ap.parse_args()

    occurrences = Counter()
    distinct: dict[str, bool] = {}
    by_role: dict[str, Counter] = {}
    miss_sectors: Counter = Counter()
    miss_kinds: Counter = Counter()
    misses: Counter = Counter()
    reasons: Counter = Counter()
    reasons_distinct: dict[str, str] = {}
    forms = _Forms() if args.why else None
    files = sorted(p for d in args.gold for p in d.glob("*.json"))
    for path in files:
        for role, party in parties(path):
            hit = known(party["canonical"]) or known(party.get("text") or "")
            occurrences[hit] += 1
            by_role.setdefault(role, Counter())[hit] += 1
            distinct[party["canonical"]] = distinct.get(party["canonical"], False) or hit
            if not hit:
                miss_sectors[f"{party.get('sector')}"] += 1
                if args.by_kind:
                    miss_kinds[kind(party["canonical"])] += 1
                misses[party["canonical"]] += 1
                if forms is not None:
                    reason = why(party, forms)
                    reasons[reason] += 1
                    reasons_distinct.setdefault(party["canonical"], reason)

    def share(c: Counter) -> float:
        total = c[True] + c[False]
        return round(c[True] / total, 3) if total else 0.0

    report = {
        "files": len(files),
        "named_parties": occurrences[True] + occurrences[False],
        "covered": share(occurrences),
        "by_role": {role: {"n": c[True] + c[False], "covered": share(c)} for role, c in sorted(by_role.items())},
        "distinct_names": len(distinct),
        "distinct_covered": round(sum(distinct.values()) / len(distinct), 3) if distinct else 0.0,
    }
    if args.by_sector:
        report["misses_by_sector"] = dict(miss_sectors.most_common())
    if args.by_kind:
        report["misses_by_kind"] = dict(miss_kinds.most_common())
    if args.why:
        report["misses_by_reason"] = dict(reasons.most_common())
        report["distinct_misses_by_reason"] = dict(Counter(reasons_distinct.values()).most_common())
    if args.reach:
        report["misses_by_corpus_count"] = reach(misses)
    print(json.dumps(report, ensure_ascii=False))
    if args.list_misses:
        for name, n in misses.most_common():
            print(n, name)


if __name__ == "__main__":
    main()
