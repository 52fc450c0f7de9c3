"""How many named parties of annotated files the knowledge base knows.

    python bench/kb_coverage.py [GOLD_DIR ...]        # default: ../shared/gold/train
    python bench/kb_coverage.py --by-sector            # misses counted by the party's sector
    python bench/kb_coverage.py --by-kind              # misses counted by the kind of name (no names printed)
    python bench/kb_coverage.py --list-misses          # (for debugging the measure only)

A *named party* is an event actor or recipient, or a quote speaker, whose gold ``canonical`` is not
null. It is *covered* when the KB (shipped + user directory) holds an entity one of whose names or
aliases is, after rasad's normalisation and with proclitics stripped from the first word, the
party's ``canonical`` or its ``text`` as written; a set phrase of the KB that links to an entry
(``phrases.yaml`` with a ``canonical``) counts too. Figures are over occurrences and over distinct
canonical names. The gold files are read only to measure: nothing here adds names to the KB.
Prints JSON.
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
from rasad.kb.matcher import ENTITY, PHRASE  # noqa: E402

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="*", type=Path, default=[SHARED / "gold" / "train"])
    ap.add_argument("--by-sector", action="store_true", help="count misses by the party's sector")
    ap.add_argument("--by-kind", action="store_true", help="count misses by the kind of name (body, person...)")
    ap.add_argument("--list-misses", action="store_true", help="print the missed names (debugging the measure)")
    args = ap.parse_args()

    occurrences = Counter()
    distinct: dict[str, bool] = {}
    by_role: dict[str, Counter] = {}
    miss_sectors: Counter = Counter()
    miss_kinds: Counter = Counter()
    misses: Counter = Counter()
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
    print(json.dumps(report, ensure_ascii=False))
    if args.list_misses:
        for name, n in misses.most_common():
            print(n, name)


if __name__ == "__main__":
    main()
