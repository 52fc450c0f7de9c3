"""Names that the corpus uses often, found by counts and checked against name lists (``kb/build.py``).

Two generated files come from ``$SHARED/corpus`` word-sequence counts (no text is kept; only names
that recur, each checked against a licensed list):

- ``people-corpus.yaml``: people's names. A *name chain* is a run of name words: a first name of
  ``rasad/lexicon/first_names.txt`` (arabic-names by akhateeb, MIT), a family name of
  ``family_names.txt`` or of the akhateeb lists, a token of the Wikidata person-name pairs
  (``wikidata-names-amazon``, CC0) that is no frequent common word, or a link word (``بن``, ``آل``,
  ``أبو``, ``عبد`` + the article). A chain is kept when it has two units or more, recurs
  (``MIN_PEOPLE`` times) and is often enough (``MIN_EVIDENCE``) next to a title or a speech verb
  (``وزير``, ``اللواء``, ``قال``); its English name is spelt from the Wikidata pairs. Chains
  that share their first and last words are one person (the most frequent spelling is the name,
  the others aliases).
- ``organisations-corpus.yaml``: bodies' names. A *body name* opens with a head noun (``وزارة``,
  ``هيئة``, ``المديرية العامة``, ``جامعة``...) and runs through its complements; a sequence of 2 to 8
  words after a head is kept when it recurs (``MIN_BODY`` times), ends on a content word, and is
  *closed*: no single next word follows it in half of its occurrences (the name ends there).

Both skip names the rest of the KB already has.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rasad.arabic.normalize import normalize  # noqa: E402

sys.path.insert(0, str(ROOT / "kb"))
from corpus_stats import NOT_GIVEN, corpus_records  # noqa: E402  (kb/corpus_stats.py)

DATA = ROOT / "rasad" / "kb" / "data"

MIN_PEOPLE = 3  # occurrences of a name chain
MIN_ALIAS = 2  # occurrences of another spelling of a person found
MIN_EVIDENCE = 1  # of which next to a title or a speech verb
MIN_BODY = 6  # occurrences of a body name
MIN_GIVEN = 5  # a Wikidata name token next to بن this often is a given name (سعيد بن, بن حمد)
MIN_FAMILY = 5  # a word after a given name this often...
GIVEN_SHARE = 0.02  # ...in at least this share of its occurrences
FAMILY_SHARE = 0.5  # ...and in this share of its occurrences is a family name (العتيبي, دوابشة)
MAX_VARIETY = 20  # a family name after this many given names is a tribe's: given + it names no one person
MIN_FAMILY_GIVEN = 2  # ...after this many different given names, or after one that is no frequent word
COMMON_RANK = 3000  # a Wikidata-only name token among the corpus's most frequent words is a common word
COMMON_MIN = 100  # (and at least this frequent)

_SEGMENT = re.compile(r"[.,،:;؛!?؟()\[\]{}«»\"“”'\n\r\t/|_–—-]+")
_WORD = re.compile(r"[\u0621-\u064A\u0640\u064B-\u0652]+|[^\s]+")
_ARABIC = re.compile(r"^[\u0621-\u064A]+$")
_DIACRITICS = re.compile(r"[\u0640\u064B-\u0652\u0670]")

LINKS = frozenset(normalize(w) for w in ("بن", "بنت", "ابن"))
FAMILY_LINKS = frozenset(normalize(w) for w in ("آل", "أبو", "أبا", "أبي", "عبد", "ولد"))
# function words and frequent words that the Wikidata token list also holds (من "of", في "vay")
STOP = frozenset(normalize(w) for w in (
    "من", "في", "على", "إلى", "عن", "مع", "أن", "إن", "لا", "ما", "لم", "لن", "قد", "كان", "هو", "هي", "هذا",
    "هذه", "ذلك", "التي", "الذي", "الذين", "بعد", "قبل", "عند", "حتى", "أو", "ثم", "كل", "بين", "خلال", "أمس",
    "اليوم", "غدا", "يوم", "عام", "سنة", "أي", "كما", "لكن", "إذا", "منذ", "نحو", "حول", "ضد", "لدى", "أمام",
    "فيما", "بما", "عبر", "دون", "غير", "وفق", "إنه", "أنه", "له", "لها", "به", "بها", "منه", "فيه", "عليه", "إليه",
    "ذات", "ذو", "ذي", "ذوي"))
COMPOUND_SECOND = frozenset(normalize(w) for w in ("الدين", "الله", "الرحمن", "الإسلام"))
# words before a person's name that say it is one: titles, ranks, honorifics, nationality-free
TITLE_WORDS = frozenset(normalize(w) for w in (
    "الرئيس", "رئيس", "وزير", "الوزير", "وزيرة", "نائب", "مساعد", "مستشار", "المستشار", "أمير", "الأمير",
    "الملك", "الشيخ", "الشيخة", "الدكتور", "الدكتورة", "د", "المهندس", "الأستاذ", "الأستاذة", "اللواء",
    "العميد", "العقيد", "المقدم", "الرائد", "النقيب", "الفريق", "المشير", "العماد", "الجنرال", "السفير",
    "القنصل", "المتحدث", "الناطق", "المتحدثة", "مدير", "المدير", "مديرة", "محافظ", "المحافظ", "عضو",
    "النائب", "القاضي", "المحامي", "الصحفي", "الكاتب", "الإعلامي", "الفنان", "الفنانة", "اللاعب", "المدرب",
    "الداعية", "الإمام", "المفتي", "السيد", "السيدة", "الزعيم", "القائد", "قائد", "أمين", "الأمين", "رئيسة",
    "المواطن", "المواطنة", "الباحث", "الخبير", "المحلل", "السناتور", "النائبة", "المبعوث", "مبعوث", "سمو",
    "معالي", "فضيلة", "سماحة", "المرشح", "المرشحة", "الناشط", "الناشطة", "المعارض", "الحاكم", "حاكم",
    "المستشارة", "الملكة", "ولي", "العهد", "عمدة", "رئيسا", "زعيم", "مؤسس", "شقيق", "نجل", "ابنة", "زوجة",
    "والد", "والدة", "شقيقة", "زوج", "أرملة", "حفيد", "خلاف", "بينه", "بيني", "بينهم"))
SPEECH = frozenset(normalize(w) for w in (
    "قال", "وقال", "أكد", "وأكد", "أوضح", "وأوضح", "أشار", "وأشار", "أضاف", "وأضاف", "صرح", "وصرح", "ذكر",
    "وذكر", "أعلن", "وأعلن", "شدد", "وشدد", "اعتبر", "واعتبر", "دعا", "ودعا", "كشف", "وكشف", "بحسب", "حسب",
    "لفت", "ولفت", "أفاد", "وأفاد", "بين", "وبين", "تابع", "وتابع", "قالت", "وقالت", "أكدت", "وأكدت", "أعرب",
    "وأعرب", "طالب", "وطالب", "نفى", "ونفى", "رأى", "ورأى", "يقول", "ويقول", "استقبل", "واستقبل", "التقى",
    "والتقى", "بحث", "وبحث", "أجرى", "وأجرى", "وصل", "ووصل", "زار", "وزار", "ترأس", "وترأس", "رعى", "ورعى"))

# head nouns that open a body's name (the article toggled where both occur)
BODY_HEADS = frozenset(normalize(w) for w in (
    "وزارة", "هيئة", "الهيئة", "مجلس", "المجلس", "لجنة", "اللجنة", "جمعية", "الجمعية", "المديرية", "مديرية",
    "إدارة", "الإدارة", "شرطة", "جامعة", "مستشفى", "محكمة", "المحكمة", "حزب", "حركة", "جبهة", "ائتلاف", "تحالف",
    "التحالف", "السفارة", "سفارة", "القنصلية", "شركة", "بنك", "البنك", "مصرف", "المصرف", "صندوق", "الصندوق",
    "مؤسسة", "المؤسسة", "منظمة", "المنظمة", "اتحاد", "الاتحاد", "مركز", "المركز", "معهد", "قوات", "جيش",
    "الجيش", "كتائب", "ألوية", "لواء", "غرفة", "الغرفة", "أمانة", "الأمانة", "بلدية",
    "البلدية", "وكالة", "الوكالة", "الحرس", "جهاز", "الجهاز", "مفوضية", "المفوضية", "النيابة", "نيابة",
    "ديوان", "الديوان", "رابطة", "الرابطة", "نقابة", "النقابة", "مكتب", "المكتب", "الأكاديمية", "أكاديمية",
    "كلية", "الكلية", "تيار", "التيار", "المقاومة",
    "صحيفة", "قناة", "إذاعة", "مطار", "ميناء", "مستشفى", "المستشفى", "هيئه", "الشركة", "الحزب", "الحركة"))
# words that end no body's name (verbs of report, time words, pronouns)
NOT_LAST = STOP | SPEECH | frozenset(normalize(w) for w in (
    "اليوم", "أمس", "الماضي", "المقبل", "الحالي", "الجاري", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء",
    "الخميس", "الجمعة", "السبت", "صباح", "مساء", "الذي", "التي", "الذين", "اللذين", "وذلك", "أيضا", "إنها", "إنه",
    "بأن", "بأنه", "أنها", "لها", "له", "عليها", "فيها", "منها", "بها", "إلا", "الأول", "الثاني", "الثالث",
    "رقم", "العام", "الخاص", "الجديد", "الجديدة", "السابق", "السابقة", "الأسبق", "الأخير", "الأخيرة"))


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def segments(shared: Path) -> Iterator[list[str]]:
    """The Arabic words (diacritics dropped, spelling kept) of each punctuation-free stretch of the
    corpus's titles and texts. Nothing is kept."""
    for record in corpus_records(shared, held_out=True):
        text = f"{record.get('title') or ''}\n{record.get('text') or ''}"
        for part in _SEGMENT.split(_DIACRITICS.sub("", text)):
            words = part.split()
            if len(words) >= 2:
                yield words


class Lexicon:
    """The name words: first names, family names and Wikidata person-name tokens (normalised)."""

    def __init__(self, shared: Path, counts: Counter[str]) -> None:
        firsts = ROOT / "rasad" / "lexicon" / "first_names.txt"
        self.first = {normalize(n) for n in firsts.read_text(encoding="utf-8").split() if not n.startswith("#")}
        names = shared / "gazetteers" / "arabic-names-akhateeb"
        self.family = {normalize(n) for n in (DATA / "family_names.txt").read_text(encoding="utf-8").split()
                       if not n.startswith("#")}
        for file in ("last-names-in-arabic.txt", "female-first-names-in-arabic.txt", "male-first--names-in-arabic.txt"):
            path = names / file
            if path.exists():
                words = {normalize(w) for w in path.read_text(encoding="utf-8").split() if _ARABIC.match(normalize(w))}
                (self.family if file.startswith("last") else self.first).update(words)
        self.english: dict[str, Counter[str]] = defaultdict(Counter)
        pairs = shared / "gazetteers" / "wikidata-names-amazon" / "wd_arabic.normalized.aligned.tokens"
        if pairs.exists():
            for line in pairs.read_text(encoding="utf-8").splitlines():
                parts = line.split("\t")
                if len(parts) == 3 and parts[2].isdigit():
                    self.english[normalize(parts[1].replace(" ", ""))][parts[0]] += int(parts[2])
        frequent = {w for w, n in counts.most_common(COMMON_RANK) if n >= COMMON_MIN}
        self.blocked: set[str] = set(STOP) | TITLE_WORDS | SPEECH
        for item in read_yaml(DATA / "countries.yaml"):
            for value in [item.get("name"), *(item.get("aliases") or []), *(item.get("adjectives") or [])]:
                self.blocked.add(normalize(str(value or "")))
        for item in read_yaml(DATA / "titles.yaml"):
            for form in [item["title"], *(item.get("forms") or [])]:
                self.blocked.update(normalize(str(form)).split())
        self.wikidata = {w for w in self.english if w not in frequent and len(w) >= 3}
        self.frequent = frequent
        self.variety: dict[str, int] = {}  # how many different given names a word follows (learn)

    def learn(self, shared: Path, counts: Counter[str]) -> tuple[int, int]:
        """More name words, from corpus counts checked against the name lists (two passes; counts only):

        - a *given name* is a token of the Wikidata person-name pairs (any frequency) that stands
          right before or after ``بن``/``بنت`` at least ``MIN_GIVEN`` times (``حمد بن``, ``بن سعيد``):
          the patronymic link says both sides are given names, the Wikidata list that it is a name;
        - a *family name* is a word (with the article or without it) that follows a given name in at
          least ``FAMILY_SHARE`` of its (``MIN_FAMILY``+) occurrences, after ``MIN_FAMILY_GIVEN``
          different given names or after one that is no frequent word (``العتيبي``, ``دوابشة``,
          ``عيتاني`` after ``زياد``; not ``مقتضب`` after ``بيان``, "a terse statement"), and is no
          given name.

        Returns how many given and family names were added."""
        linked: Counter[str] = Counter()
        for words in segments(shared):
            norms = [normalize(w) for w in words]
            for a, b in itertools.pairwise(norms):
                if b in LINKS:
                    linked[a] += 1
                elif a in LINKS:
                    linked[b] += 1
        given = {w for w, n in linked.items() if n >= MIN_GIVEN and n >= GIVEN_SHARE * counts.get(w, n)
                 and w in self.english and not w.startswith("ال") and len(w) >= 3 and w not in self.blocked
                 and w not in FAMILY_LINKS} - self.first
        self.first |= given
        after: Counter[str] = Counter()
        before: dict[str, set[str]] = defaultdict(set)
        for words in segments(shared):
            norms = [normalize(w) for w in words]
            for a, b in itertools.pairwise(norms):
                if a in self.first and a not in NOT_GIVEN and len(b) >= 3 and _ARABIC.match(b):
                    after[b] += 1
                    if len(before[b]) < MAX_VARIETY:
                        before[b].add(a)
        # a word with the conjunction و whose bare form is commoner is that word (ورجاله, ومسلمة); a
        # word after one "given name" only is a phrase of a given name that is also a word (بيان مقتضب)
        family = {w for w, n in after.items() if n >= MIN_FAMILY and n >= FAMILY_SHARE * counts.get(w, n)
                  and (len(before[w]) >= MIN_FAMILY_GIVEN or any(g not in self.frequent for g in before[w]))
                  and w not in self.blocked and w not in LINKS and w not in FAMILY_LINKS and w not in STOP
                  and not (w.startswith("و") and counts.get(w[1:], 0) > counts.get(w, 0))}
        # a given name is no family name (ناصر محمد is two given names), nor the second half of a
        # compound given name (جلال الدين, فتح الله)
        self.variety.update({w: len(v) for w, v in before.items()})
        family -= self.family | self.first | COMPOUND_SECOND
        self.family |= family
        print(f"name words learned from the corpus: {len(given)} given, {len(family)} family", file=sys.stderr)
        return len(given), len(family)

    def is_name(self, norm: str) -> bool:
        if norm in self.blocked:
            return False
        return norm in self.first or norm in self.family or norm in self.wikidata

    def spell(self, word: str, score: Callable[[str, str], float]) -> str | None:
        """The most frequent English spelling of one word in the Wikidata pairs that its Arabic
        consonants spell (``score`` ≥ 0.6), capitalised."""
        for english, _ in self.english.get(word, Counter()).most_common(5):
            if score(word, english) >= 0.7:
                return english.capitalize()
        return None

    def english_name(self, norms: list[str], score: Callable[[str, str], float]) -> str | None:
        """The English spelling from the Wikidata pairs, or None when a word has none."""
        out: list[str] = []
        for i, w in enumerate(norms):
            if w in LINKS:
                out.append("bin")
                continue
            if w.startswith("ال") and w not in self.english and w[2:] in self.english:
                bare = self.spell(w[2:], score)
                if bare is None:
                    return None
                out.append("al-" + bare)
                continue
            if w == normalize("عبد") and i + 1 < len(norms):
                out.append("Abdul")
                continue
            if w == normalize("آل"):
                out.append("Al")
                continue
            spelt = self.spell(w, score)
            if spelt is None:
                return None
            out.append(spelt)
        text = " ".join(out).replace("Abdul al-", "Abdul")
        return text


def _strip(word: str, lex: Lexicon) -> str:
    """A name word without the proclitic و (``وأحمد`` → ``أحمد``)."""
    norm = normalize(word)
    if norm.startswith("و") and len(norm) > 3 and not lex.is_name(norm) and lex.is_name(norm[1:]):
        return norm[1:]
    return norm


Chains = tuple[Counter[tuple[str, ...]], Counter[tuple[str, ...]], dict[tuple[str, ...], Counter[tuple[str, ...]]]]


def name_chains(shared: Path, lex: Lexicon) -> Chains:
    """How often each name chain occurs, how often next to a title or a speech verb, and its spellings."""
    seen: Counter[tuple[str, ...]] = Counter()
    evidence: Counter[tuple[str, ...]] = Counter()
    spelling: dict[tuple[str, ...], Counter[tuple[str, ...]]] = defaultdict(Counter)
    for words in segments(shared):
        norms = [normalize(w) for w in words]
        i = 0
        while i < len(words):
            first = _strip(words[i], lex)
            if not (first in lex.first or (first in lex.wikidata and first not in lex.family)) or first in lex.blocked:
                i += 1
                continue
            chain = [first]
            raw = [words[i] if first == norms[i] else words[i][1:]]
            j = i + 1
            while j < len(words) and len(chain) < 6:
                w = norms[j]
                if ((w in LINKS or w in FAMILY_LINKS) and j + 1 < len(words) and lex.is_name(norms[j + 1])) or (
                    w == normalize("عبد") and j + 1 < len(words) and norms[j + 1].startswith("ال")):
                    chain += [w, norms[j + 1]]
                    raw += [words[j], words[j + 1]]
                    j += 2
                    continue
                if lex.is_name(w) or (w.startswith("ال") and w in lex.family):
                    chain.append(w)
                    raw.append(words[j])
                    j += 1
                    continue
                break
            while len(chain) > 1 and (chain[-1] in LINKS or chain[-1] in FAMILY_LINKS):
                chain.pop()
                raw.pop()
                j -= 1
            # a first name alone, or a compound given name alone (عبد الله), is no full name
            units = len([w for w in chain if w not in LINKS and w not in FAMILY_LINKS])
            if units >= 2 and not (len(chain) == 2 and chain[0] == normalize("عبد")):
                key = tuple(chain)
                seen[key] += 1
                spelling[key][tuple(raw)] += 1
                before = norms[i - 1] if i else ""
                after = norms[j] if j < len(norms) else ""
                if before in TITLE_WORDS or before in SPEECH or after in SPEECH or (
                    i >= 2 and norms[i - 2] in TITLE_WORDS):
                    evidence[key] += 1
            i = max(j, i + 1)
    return seen, evidence, spelling


def people(lex: Lexicon, chains: Chains, score: Callable[[str, str], float]) -> list[dict[str, Any]]:
    """One entry per person: the chains that recur with evidence, grouped by first and last word."""
    seen, evidence, spelling = chains
    groups: dict[tuple[str, str], list[tuple[str, ...]]] = defaultdict(list)
    for key, n in seen.items():
        units = [w for w in key if w not in LINKS and w not in FAMILY_LINKS]
        # first names only (محمد حسين) are most often the head of a longer name, and name nobody
        if all(w in lex.first and w not in lex.family for w in units):
            continue
        # a given name and a tribe's name that follows scores of given names (عبدالله الغامدي) are
        # many people, and inside a longer name (محمد عبدالله الغامدي) would cut it short
        if len(key) == 2 and lex.variety.get(key[1], 0) >= MAX_VARIETY:
            continue
        if n >= MIN_PEOPLE and evidence[key] >= MIN_EVIDENCE:
            groups[(key[0], key[-1])].append(key)
    # the longer or shorter spellings of a person found (with the father's name, without it) recur less
    for key, n in seen.items():
        group = groups.get((key[0], key[-1]))
        if group is not None and key not in group and n >= MIN_ALIAS:
            group.append(key)
    out: list[dict[str, Any]] = []
    for keys in groups.values():
        keys.sort(key=lambda k: (-seen[k], k))
        names = [" ".join(spelling[k].most_common(1)[0][0]) for k in keys]
        english = lex.english_name(list(keys[0]), score)
        out.append({"name": names[0], "name_en": english, "aliases": names[1:], "n": sum(seen[k] for k in keys)})
    print(f"people from the corpus: {len(out)} ({len(seen)} chains)", file=sys.stderr)
    return out


def body_grams(shared: Path) -> tuple[Counter[tuple[str, ...]], dict[tuple[str, ...], Counter[tuple[str, ...]]]]:
    """Counts of the 2- to 8-word sequences that open with a head noun, and their spellings."""
    grams: Counter[tuple[str, ...]] = Counter()
    spelling: dict[tuple[str, ...], Counter[tuple[str, ...]]] = defaultdict(Counter)
    for words in segments(shared):
        norms = [normalize(w) for w in words]
        for i, norm in enumerate(norms):
            if norm.startswith(("و", "ب", "ف")) and norm[1:] in BODY_HEADS:
                norm = norm[1:]
            elif norm.startswith("لل") and "ال" + norm[2:] in BODY_HEADS:
                norm = "ال" + norm[2:]
            if norm not in BODY_HEADS:
                continue
            for length in range(2, 9):
                if i + length > len(norms) or not _ARABIC.match(norms[i + length - 1]):
                    break
                key = (norm, *norms[i + 1 : i + length])
                grams[key] += 1
                spelling[key][tuple(words[i : i + length])] += 1
    return grams, spelling


INSIDE = frozenset(normalize(w) for w in ("في", "من"))
# words that may open a name inside a body's name (جامعة الملك سعود, مكتب الرئيس الفرنسي)
ROYAL = frozenset(normalize(w) for w in ("الملك", "الأمير", "الشيخ", "الإمام", "آل", "بن", "السلطان", "الشهيد"))
TITLES_INSIDE = ROYAL | frozenset(normalize(w) for w in (
    "الرئيس", "رئيس", "وزير", "الوزير", "نائب", "ولي", "العهد", "الحاكم", "حاكم", "أمين", "الأمين", "المحافظ",
    "محافظ", "مدير", "المدير", "القائد", "الملكة"))
# heads that open descriptions as often as names (قوات الأمن, إدارة النادي, مركز العمليات): with one
# word after them, that word must be a place or a name
DESCRIPTIVE_HEADS = frozenset(normalize(w) for w in (
    "إدارة", "الإدارة", "قوات", "مركز", "المركز", "مكتب", "المكتب", "لجنة", "اللجنة", "مجلس", "المجلس", "جهاز",
    "الجهاز", "جيش", "الجيش", "شركة", "الشركة", "هيئة", "الهيئة", "غرفة"))
MAX_PLACE_NEXT = 0.25  # a body name followed by a place complement this often is a stem (see bodies)
MIN_SHARE = 0.1  # a two-word name's complement follows its head in this share of its occurrences


def _tail_ok(tail: tuple[str, ...], places: set[str], first_names: set[str]) -> bool:
    """Is every word after the head a part of a body's name: a definite word, a place, a name after
    ``الملك``/``آل``, ``في``/``من`` + a place, or a bare noun before a definite one (construct)?"""
    heads_inside = {p + h for h in BODY_HEADS for p in ("و", "ل", "ب")}
    for k, w in enumerate(tail):
        nxt = tail[k + 1] if k + 1 < len(tail) else ""
        prev = tail[k - 1] if k else ""
        if w in SPEECH or w in heads_inside or (w in TITLE_WORDS and w not in TITLES_INSIDE):
            return False
        if w.startswith("وال") and (w[1:] in TITLE_WORDS or w[1:] in BODY_HEADS):
            return False
        if w in INSIDE:
            if k == 0 or nxt not in places:
                return False
        elif w in STOP:
            return False
        elif w in first_names and w not in places:
            if prev not in ROYAL and prev not in first_names:
                return False
        elif w.startswith(("ال", "لل", "بال", "وال")) or w in places or w in ROYAL:
            continue
        elif not nxt.startswith(("ال", "لل")) or w.startswith("و"):  # a bare noun needs its genitive
            return False
    return True


def bodies(grams: Counter[tuple[str, ...]], spelling: dict[tuple[str, ...], Counter[tuple[str, ...]]],
           places: set[str], first_names: set[str], counts: Counter[str]) -> list[dict[str, Any]]:
    """The closed body names among ``grams`` (see the module's docstring)."""
    nexts: dict[tuple[str, ...], int] = defaultdict(int)
    for key, n in grams.items():
        if len(key) > 2:
            parent = key[:-1]
            nexts[parent] = max(nexts[parent], n)
    # how often a place complement continues a name (بجدة, بمنطقة حائل): a body with branches,
    # whose name as written runs through it (GUIDE.md), so the stem alone is no whole name
    place_heads = {normalize(w) for w in ("منطقة", "محافظة", "مدينة", "المنطقة", "المحافظة", "المدينة")}
    place_next: Counter[tuple[str, ...]] = Counter()
    for key, n in grams.items():
        w = key[-1]
        if len(key) > 2 and w[:1] in "لب" and (w[1:] in places or w[1:] in place_heads):
            place_next[key[:-1]] += n
    heads_after = {"و" + h for h in BODY_HEADS}
    out: list[dict[str, Any]] = []
    for key, n in grams.items():
        last = key[-1]
        if n < MIN_BODY or last in NOT_LAST or last in TITLE_WORDS or len(last) < 2 or nexts.get(key, 0) >= 0.5 * n:
            continue
        # a name ends on a definite word or a proper name (شرطة بريدة), never on a bare noun (هيئة تنمية)
        if not (last.startswith("ال") or last in places or last in first_names):
            continue
        # a definite head with one adjective is a description (الهيئة الطبية), not a name
        if key[0].startswith("ال") and len(key) < 3:
            continue
        if place_next[key] >= MAX_PLACE_NEXT * n:
            continue
        if len(key) == 2 and key[0] in DESCRIPTIVE_HEADS and last not in places and last not in first_names:
            continue
        tail = key[1:]
        if any(w in heads_after for w in tail) or not _tail_ok(tail, places, first_names):
            continue
        # a head and common words is a description (حركة السفر, الجهاز الفني اللاعبين) unless the last
        # word mostly follows what comes before it
        share = MIN_SHARE if len(key) == 2 else MIN_SHARE / 4 if len(key) == 3 else 0.0
        if last not in places and n < share * counts.get(last, 0):
            continue
        raw = spelling[key].most_common(1)[0][0]
        first = raw[0]
        if normalize(first) != key[0]:  # the proclitic the head carried
            first = "ال" + first[2:] if normalize(first).startswith("لل") else first[1:]
        out.append({"name": " ".join((first, *raw[1:])), "n": n})
    print(f"bodies from the corpus: {len(out)}", file=sys.stderr)
    return out


def word_counts(shared: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for words in segments(shared):
        counts.update(normalize(w) for w in words)
    return counts


# --- country and sector of the names found: what the corpus says next to them ---------------------

#: SaudiNewsNet's papers are Saudi; a name only they print, next to a state title, is a Saudi official
LOCAL_OUTLETS = frozenset(("alriyadh", "aljazirah", "alyaum", "aleqtisadiya", "okaz", "alwatan", "almadina",
                           "alweeam", "3alyoum", "sabq", "was", "arreyadi", "arriyadiyah"))
LOCAL_COUNTRY = "SAU"
MIN_COUNTRY = 2  # occurrences next to a nationality adjective or a country name...
MIN_COUNTRY_SHARE = 0.6  # ...and this share of all such occurrences for one country
MIN_SECTOR = 2
MIN_SECTOR_SHARE = 0.6
MIN_LOCAL_SHARE = 0.9  # of its occurrences in local papers, for the outlet's country as a fallback
MAX_LOCAL_NOISE = 0.1  # ...when an adjective of that state alone is next to at most this share of them
MIN_PLACE = 3  # occurrences next to a town of one state (no adjective deciding)...
MIN_PLACE_SHARE = 0.7  # ...and this share of all occurrences next to a town
STATE_SECTORS = frozenset(("GOV", "MIL", "COP", "SPY", "JUD", "LEG"))
BEFORE, AFTER = 4, 3  # words of context either side of a name

# the sector a body's head noun gives (GUIDE.md's codes); heads not listed give none
HEAD_SECTORS = {normalize(k): v for k, v in {
    "وزارة": "GOV", "هيئة": "GOV", "الهيئة": "GOV", "المديرية": "GOV", "مديرية": "GOV", "إدارة": "GOV",
    "أمانة": "GOV", "الأمانة": "GOV", "بلدية": "GOV", "البلدية": "GOV", "السفارة": "GOV", "سفارة": "GOV",
    "القنصلية": "GOV", "ديوان": "GOV", "الديوان": "GOV", "مفوضية": "GOV", "المفوضية": "GOV",
    "شرطة": "COP", "قوات": "MIL", "جيش": "MIL", "الجيش": "MIL", "الحرس": "MIL", "ألوية": "MIL", "لواء": "MIL",
    "محكمة": "JUD", "المحكمة": "JUD", "النيابة": "JUD", "نيابة": "JUD",
    "حزب": "PTY", "الحزب": "PTY", "تيار": "PTY", "التيار": "PTY",
    "صحيفة": "JRN", "قناة": "JRN", "إذاعة": "JRN",
    "شركة": "BUS", "الشركة": "BUS", "بنك": "BUS", "البنك": "BUS", "مصرف": "BUS", "المصرف": "BUS",
    "غرفة": "BUS", "الغرفة": "BUS",
    "جمعية": "SOC", "الجمعية": "SOC", "رابطة": "SOC", "الرابطة": "SOC", "نقابة": "SOC", "النقابة": "SOC",
    "جامعة": "EDU", "كلية": "EDU", "الكلية": "EDU", "معهد": "EDU", "أكاديمية": "EDU", "الأكاديمية": "EDU",
}.items()}
# a head and its next word that say more than the head alone
HEAD_PAIR_SECTORS = {tuple(normalize(w) for w in k.split()): v for k, v in {
    "البنك المركزي": "GOV", "المصرف المركزي": "GOV", "وكالة الأنباء": "JRN", "مجلس الشورى": "LEG",
    "مجلس النواب": "LEG", "مجلس الأمة": "LEG", "مجلس الشعب": "LEG", "المجلس الوطني": "LEG",
    "جهاز أمن": "SPY", "جهاز المخابرات": "SPY", "جهاز الاستخبارات": "SPY", "مجلس الوزراء": "GOV",
    "المجلس البلدي": "GOV", "مجلس إدارة": "BUS", "مجلس القضاء": "JUD", "المجلس الأعلى": "GOV",
    "جهاز الأمن": "SPY", "إدارة مكافحة": "COP", "إدارة المرور": "COP", "المديرية العامة": "GOV",
}.items()}


def _bare(norm: str) -> str:
    """A word without a one-letter proclitic (و, ب, ل, ف): ``والسعودي`` → ``السعودي``."""
    if norm.startswith("لل") and len(norm) > 4:
        return "ال" + norm[2:]
    if norm[:1] in "وبلف" and len(norm) > 3:
        return norm[1:]
    return norm


class Evidence:
    """Words that tell a name's state and sector: nationality adjectives and state names (from
    ``countries.yaml``), places with their state (``places*.yaml``), and titles with a sector
    (``titles.yaml``), all normalised."""

    def __init__(self, data: Path = DATA) -> None:
        self.countries: dict[str, str] = {}
        for item in read_yaml(data / "countries.yaml"):
            for value in [item.get("name"), *(item.get("aliases") or []), *(item.get("adjectives") or [])]:
                word = normalize(str(value or ""))
                if word and " " not in word:
                    self.countries.setdefault(word, item["iso3"])
        self.places: dict[str, str] = {}
        for file in sorted(data.glob("places*.yaml")):
            for item in read_yaml(file):
                if item.get("country"):
                    for value in [item.get("name"), *(item.get("aliases") or [])]:
                        word = normalize(str(value or ""))
                        if word and " " not in word:
                            self.places.setdefault(word, item["country"])
        self.titles: dict[tuple[str, ...], str] = {}
        for item in read_yaml(data / "titles.yaml"):
            sector = item.get("sector")
            if sector is None or sector == "body" or item.get("honorific"):
                continue
            for form in [item["title"], *(item.get("forms") or [])]:
                self.titles.setdefault(tuple(normalize(str(form)).split()), sector)
        self.title_len = max((len(t) for t in self.titles), default=0)

    def country(self, norm: str, places: bool = False) -> str | None:
        """The state a word names or qualifies (``السعودي``, ``وبريطانيا``; with ``places``, also a
        town of a state)."""
        for word in (norm, _bare(norm)):
            iso = self.countries.get(word) or (self.places.get(word) if places else None)
            if iso:
                return iso
        return None

    def title_before(self, words: list[str], i: int) -> str | None:
        """The sector of the longest title ending right before ``i``, or before an adjective or a
        place there (``وزير الخارجية السعودي عادل الجبير``, ``محافظ جدة مشعل السديري``)."""
        for end in (i, i - 1):
            if end < i and (end < 0 or self.country(words[end], places=True) is None):
                continue
            for size in range(min(self.title_len, end), 0, -1):
                key = tuple(words[end - size : end])
                for form in (key, (_bare(key[0]), *key[1:])):
                    if form in self.titles:
                        return self.titles[form]
        return None

    def title_after(self, words: list[str], j: int) -> str | None:
        """The sector of the longest title right after ``j`` (``عادل الجبير وزير الخارجية``)."""
        for size in range(min(self.title_len, len(words) - j), 0, -1):
            key = tuple(words[j : j + size])
            if key in self.titles:
                return self.titles[key]
        return None


class Seen:
    """What the corpus said next to one name: states, sectors, and how often a local paper printed it."""

    __slots__ = ("countries", "local", "n", "places", "sectors")

    def __init__(self) -> None:
        self.countries: Counter[str] = Counter()
        self.places: Counter[str] = Counter()  # states of the towns next to the name (a weaker hint)
        self.sectors: Counter[str] = Counter()
        self.n = 0
        self.local = 0


def name_contexts(shared: Path, names: dict[tuple[str, ...], str], ev: Evidence,
                  people: bool = True) -> dict[str, Seen]:
    """For each key of ``names`` (normalised word tuple → key), what the corpus says around its
    occurrences: a nationality adjective or a state's name within a few words (for a body, only
    right after it), a title before or after a person's name, and the outlet. Counts only."""
    by_first: dict[str, int] = defaultdict(int)
    for words in names:
        by_first[words[0]] = max(by_first[words[0]], len(words))
    out: dict[str, Seen] = defaultdict(Seen)
    for record in corpus_records(shared, held_out=True):
        local = record.get("site") in LOCAL_OUTLETS
        text = f"{record.get('title') or ''}\n{record.get('text') or ''}"
        for part in _SEGMENT.split(_DIACRITICS.sub("", text)):
            words = [normalize(w) for w in part.split()]
            i = 0
            while i < len(words):
                first = words[i]
                if first not in by_first and _bare(first) in by_first:
                    first = _bare(first)
                longest = by_first.get(first, 0)
                found = None
                for size in range(min(longest, len(words) - i), 1, -1):
                    found = names.get((first, *words[i + 1 : i + size]))
                    if found is not None:
                        break
                if found is None:
                    i += 1
                    continue
                j = i + size
                seen = out[found]
                seen.n += 1
                seen.local += local
                window = words[max(0, i - BEFORE) : i] + words[j : j + AFTER] if people else words[j : j + 1]
                seen.countries.update({c for w in window if (c := ev.country(w)) is not None})
                if people:
                    seen.places.update({c for w in window if ev.country(w) is None
                                        and (c := ev.country(w, places=True)) is not None})
                    sector = ev.title_before(words, i) or ev.title_after(words, j)
                    if sector:
                        seen.sectors[sector] += 1
                        place = ev.country(words[i - 1], places=True) if i and ev.country(words[i - 1]) is None else None
                        if place is not None:  # محافظ جدة مشعل السديري: a Saudi governor
                            seen.countries[place] += 1
                i = j
    return out


def most_of(counts: Counter[str], least: int, share: float) -> str | None:
    """The most frequent value when it has ``least`` occurrences and ``share`` of them all."""
    if not counts:
        return None
    value, n = counts.most_common(1)[0]
    return value if n >= least and n >= share * sum(counts.values()) else None


def person_country_sector(seen: Seen | None) -> tuple[str | None, str | None]:
    """A person's state and sector from what the corpus said next to the name: the most frequent
    with enough support, else none; where no adjective decides, the state of the towns next to it
    (``MIN_PLACE``, ``MIN_PLACE_SHARE``; never against the one adjective seen); a name local papers
    alone print next to a state title, with no adjective but a stray one of their own state, is
    theirs (a Saudi paper's governor or police spokesman is a Saudi official)."""
    if seen is None:
        return None, None
    sector = most_of(seen.sectors, MIN_SECTOR, MIN_SECTOR_SHARE)
    country = most_of(seen.countries, MIN_COUNTRY, MIN_COUNTRY_SHARE)
    stated = sum(seen.countries.values())
    if country is None and stated < MIN_COUNTRY:  # no adjective or state's name decides: the towns next to it
        country = most_of(seen.places, MIN_PLACE, MIN_PLACE_SHARE)
        if country is not None and stated and seen.countries.most_common(1)[0][0] != country:
            country = None  # a state's adjective said otherwise
    # a stray adjective of the outlet's own state does not stop the fallback; another state's does
    if country is None and stated <= MAX_LOCAL_NOISE * seen.n and set(seen.countries) <= {LOCAL_COUNTRY} \
            and sector in STATE_SECTORS and seen.local >= MIN_LOCAL_SHARE * seen.n:
        country = LOCAL_COUNTRY
    return country, sector


def body_country_sector(name: str, seen: Seen | None, ev: Evidence) -> tuple[str | None, str | None]:
    """A body's state and sector: the sector of its head noun (``وزارة`` GOV, ``شرطة`` COP,
    ``البنك المركزي`` GOV, ``وكالة الأنباء`` JRN); its state from an adjective, a state or a town
    inside its name (``شرطة منطقة الرياض``; not after في/من), else the adjective that follows it in the corpus, else
    (for a state body) the local papers that alone print it."""
    words = normalize(name).split()
    sector = HEAD_PAIR_SECTORS.get(tuple(words[:2])) or HEAD_SECTORS.get(words[0])
    # a place after في/من inside the name is where the body works, not whose it is (التحالف الداعم
    # للشرعية في اليمن is the Saudi-led coalition)
    inside = Counter(c for k, w in enumerate(words) if k and words[k - 1] not in INSIDE
                     and (c := ev.country(w, places=True)) is not None)
    country = inside.most_common(1)[0][0] if len(inside) == 1 else None
    if country is None and not inside and seen is not None:
        country = most_of(seen.countries, MIN_COUNTRY, MIN_COUNTRY_SHARE)
        if country is None and not seen.countries and sector in STATE_SECTORS and seen.n and \
                seen.local >= MIN_LOCAL_SHARE * seen.n:
            country = LOCAL_COUNTRY
    return country, sector
