"""The names kb/build.py learns from corpus counts (kb/corpus_names.py), on a corpus written for the test."""

from __future__ import annotations

import gzip
import json
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from rasad.arabic.normalize import normalize
from rasad.kb import load_kb
from rasad.kb.check import check_kb
from rasad.kb.load import DATA_DIR

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "kb"))

import corpus_names  # noqa: E402  # type: ignore[import-not-found]

# made-up names: a family name only the (test) Wikidata pairs know, and a body of the test
TEXTS = [
    "وقال الوزير رامي الاختباري إن الاجتماع انتهى.",
    "أكد رامي الاختباري أن الوفد وصل.",
    "وقال المتحدث رامي الاختباري للصحفيين.",
    "ذكر رامي الاختباري أمس.",
    # two first names only: the head of a longer name, never a person on its own
    "وقال محمد أحمد إن الوضع هادئ.",
    "وقال محمد أحمد للصحفيين.",
    "أكد محمد أحمد أن الوفد وصل.",
    "ذكر محمد أحمد أمس.",
    # seen twice only
    "وقال سامي الاختباري إن الوضع هادئ.",
    "أكد سامي الاختباري ذلك.",
]
# a body whose name ends before varied words, a bare noun cut from its genitive, a verb after a head
BODY_TEXTS = (
    [f"أعلنت وزارة الشؤون الاختبارية {w} عن خطة." for w in ("اليوم", "أمس", "صباح", "مساء", "رسميا", "مجددا")]
    + [f"هيئة تنمية {w}" for w in ("الصادرات", "المحتوى", "الريف", "المدن", "الصناعة", "القرى")]
    + ["المحكمة قضت بالسجن"] * 6
    # a body with branches: its name as written runs through the place (بالرياض), the stem is none
    + [f"افتتحت جمعية رعاية الاختبار {w} فرعا" for w in ("بالرياض", "بالرياض", "بالرياض", "اليوم", "أمس", "مساء")]
)


@pytest.fixture()
def shared(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with gzip.open(corpus / "saudinewsnet.jsonl.gz", "wt", encoding="utf-8") as handle:
        for n, text in enumerate(TEXTS + BODY_TEXTS):
            handle.write(json.dumps({"id": n, "title": "", "text": text}, ensure_ascii=False) + "\n")
    pairs = tmp_path / "gazetteers" / "wikidata-names-amazon"
    pairs.mkdir(parents=True)
    (pairs / "wd_arabic.normalized.aligned.tokens").write_text(
        "ikhtibari\tا ل ا خ ت ب ا ر ي\t3\nrami\tر ا م ي\t9\n", encoding="utf-8")
    return tmp_path


def _score(arabic: str, english: str) -> float:
    return 1.0


def test_a_recurring_name_next_to_titles_is_a_person(shared: Path) -> None:
    counts = corpus_names.word_counts(shared)
    lex = corpus_names.Lexicon(shared, counts)
    found = {p["name"]: p for p in corpus_names.people(lex, corpus_names.name_chains(shared, lex), _score)}
    assert "رامي الاختباري" in found
    assert found["رامي الاختباري"]["name_en"] == "Rami Ikhtibari"
    assert "محمد أحمد" not in found  # first names only
    assert "سامي الاختباري" not in found  # too rare


def test_a_closed_head_noun_phrase_is_a_body(shared: Path) -> None:
    counts = corpus_names.word_counts(shared)
    grams, spelling = corpus_names.body_grams(shared)
    places = {normalize("الرياض")}
    names = {b["name"] for b in corpus_names.bodies(grams, spelling, places, set(), counts)}
    assert "وزارة الشؤون الاختبارية" in names
    assert not any(n.startswith("هيئة تنمية") for n in names)  # no single genitive: the name is open
    assert "المحكمة قضت" not in names  # a verb ends no name
    assert "جمعية رعاية الاختبار" not in names


def test_the_generated_names_are_in_the_kb_and_checked() -> None:
    kb = load_kb()
    people = yaml.safe_load((DATA_DIR / "people-corpus.yaml").read_text(encoding="utf-8"))
    bodies = yaml.safe_load((DATA_DIR / "organisations-corpus.yaml").read_text(encoding="utf-8"))
    assert len(people) > 500 and len(bodies) > 300
    assert all(kb.entries[p["id"]].type == "PER" for p in people)
    assert all(kb.entries[b["id"]].type == "ORG" for b in bodies)
    # the generic name of a body every state has is left to titles and phrases
    assert normalize("مجلس الوزراء") not in {normalize(b["name"]) for b in bodies}
    problems = [p for p in check_kb([]) if p.file.endswith("-corpus.yaml")]
    assert problems == []  # an explicit `name_en: null` is no warning


def test_a_missing_name_en_still_warns(tmp_path: Path) -> None:
    (tmp_path / "people-x.yaml").write_text("- {id: test-x, name: رامي الاختباري}\n", encoding="utf-8")
    (tmp_path / "people-y.yaml").write_text("- {id: test-y, name: سامي الاختباري, name_en: null}\n",
                                            encoding="utf-8")
    problems = Counter((p.id, p.message) for p in check_kb([tmp_path]) if p.file.endswith(("x.yaml", "y.yaml")))
    assert problems == Counter({("test-x", "no 'name_en'"): 1})


def test_the_tagger_features_leave_out_the_corpus_bodies() -> None:
    from rasad.ner.features import default_gazetteers

    kb = load_kb()
    words: dict[bool, set[str]] = {True: set(), False: set()}
    for entry in kb.entries.values():
        if entry.type == "ORG":
            for name in (entry.name, *entry.aliases):
                words[entry.id.startswith("body-corpus-")].update(normalize(name).split())
    only_corpus = words[True] - words[False]
    assert only_corpus  # the corpus bodies bring words of their own...
    assert not only_corpus & default_gazetteers().sets["korg"]  # ...which the ORG feature never sees


# --- country and sector of the corpus names (kb/corpus_names.py: name_contexts) ---------------------

CONTEXT_TEXTS = [
    # a title and a nationality adjective before the name, a title after it
    ("aawsat", "وقال وزير الخارجية السعودي رامي الاختباري إن الاجتماع انتهى"),
    ("aawsat", "وأكد رامي الاختباري وزير الخارجية أن الوفد وصل"),
    ("skynews", "التقى الرئيس بوزير الخارجية السعودي رامي الاختباري أمس"),
    # a local official: a state title and a town of the state before the name, no adjective
    ("okaz", "وأوضح محافظ جدة سامر الفحصي أن العمل جار"),
    ("alriyadh", "وقال محافظ جدة سامر الفحصي إن الدوريات انتشرت"),
    ("okaz", "وأضاف سامر الفحصي أن الحملة مستمرة"),
    # two states as often: none
    ("CNN", "وقال الكاتب المصري نادر التجريبي إن الرواية صدرت"),
    ("CNN", "وقال الكاتب السعودي نادر التجريبي إن الرواية صدرت"),
]


def _site_corpus(shared: Path, texts: list[tuple[str, str]]) -> Path:
    """A shared directory whose corpus holds ``texts`` as (site, text) records."""
    corpus = shared / "corpus"
    corpus.mkdir()
    with gzip.open(corpus / "saudinewsnet.jsonl.gz", "wt", encoding="utf-8") as handle:
        for n, (site, text) in enumerate(texts):
            handle.write(json.dumps({"id": n, "title": "", "text": text, "site": site}, ensure_ascii=False) + "\n")
    return shared


@pytest.fixture()
def context_shared(tmp_path: Path) -> Path:
    return _site_corpus(tmp_path, CONTEXT_TEXTS)


def test_a_person_s_country_and_sector_come_from_the_words_next_to_the_name(context_shared: Path) -> None:
    ev = corpus_names.Evidence()
    names = {tuple(normalize(n).split()): n for n in ("رامي الاختباري", "سامر الفحصي", "نادر التجريبي")}
    seen = corpus_names.name_contexts(context_shared, names, ev)
    assert seen["رامي الاختباري"].n == 3
    assert corpus_names.person_country_sector(seen["رامي الاختباري"]) == ("SAU", "GOV")
    # the local official: the title's sector, the state of the town after the title
    assert corpus_names.person_country_sector(seen["سامر الفحصي"]) == ("SAU", "GOV")
    # two states as often, and no title with a sector: nothing is guessed
    assert corpus_names.person_country_sector(seen["نادر التجريبي"]) == (None, None)
    assert corpus_names.person_country_sector(None) == (None, None)


def test_a_name_printed_once_with_its_adjective_gets_no_country() -> None:
    seen = corpus_names.Seen()
    seen.n, seen.countries["EGY"] = 1, 1
    assert corpus_names.person_country_sector(seen) == (None, None)  # support below MIN_COUNTRY


def test_a_state_official_only_local_papers_print_is_theirs() -> None:
    seen = corpus_names.Seen()
    seen.n = seen.local = 5
    seen.sectors["COP"] = 3
    assert corpus_names.person_country_sector(seen) == ("SAU", "COP")
    seen.sectors["BUS"] = 10  # not a state sector: the papers say nothing of the state
    assert corpus_names.person_country_sector(seen) == (None, "BUS")
    seen = corpus_names.Seen()
    seen.n, seen.local = 5, 2  # printed elsewhere too
    seen.sectors["GOV"] = 3
    assert corpus_names.person_country_sector(seen) == (None, "GOV")


def test_a_body_s_sector_comes_from_its_head_and_its_country_from_its_name() -> None:
    ev = corpus_names.Evidence()
    assert corpus_names.body_country_sector("شرطة منطقة الرياض", None, ev) == ("SAU", "COP")
    assert corpus_names.body_country_sector("البنك المركزي اليمني", None, ev) == ("YEM", "GOV")
    assert corpus_names.body_country_sector("وكالة الأنباء الكويتية", None, ev) == ("KWT", "JRN")
    # the place a body works in is not its state; a head that says nothing gives no sector
    assert corpus_names.body_country_sector("التحالف الداعم للشرعية في اليمن", None, ev) == (None, None)
    # a state body only local papers print is theirs
    seen = corpus_names.Seen()
    seen.n = seen.local = 10
    assert corpus_names.body_country_sector("وزارة الشؤون الاختبارية", seen, ev) == ("SAU", "GOV")
    seen.local = 5
    assert corpus_names.body_country_sector("وزارة الشؤون الاختبارية", seen, ev) == (None, "GOV")


def test_the_generated_names_carry_valid_countries_and_sectors() -> None:
    from rasad.kb.check import SECTORS

    kb = load_kb()
    isos = {e.country for e in kb.entries.values() if e.kind == "country"}
    for file in ("people-corpus.yaml", "organisations-corpus.yaml"):
        items = yaml.safe_load((DATA_DIR / file).read_text(encoding="utf-8"))
        assert sum(1 for i in items if i.get("country")) > len(items) // 5, file
        assert sum(1 for i in items if i.get("sector")) > len(items) // 5, file
        assert all(i["country"] in isos for i in items if i.get("country"))
        assert all(i["sector"] in SECTORS for i in items if i.get("sector"))


# a made-up given name only the (test) Wikidata pairs know, seen next to بن; a made-up family name
# seen after given names; a common word seen after على (علي once normalised) and elsewhere
LEARN_TEXTS = (
    [f"وصل زهرون بن {w} إلى المدينة" for w in ("سعد", "فهد", "خالد", "ناصر", "سعد")]
    + [f"وقال {w} الاختباوي للصحفيين" for w in ("زهرون", "سعد", "خالد", "ناصر", "فهد", "زهرون")]
    + ["حرص على سلامتهم"] * 6
    + ["صدر بيان مقتضب"] * 6 + ["قال فهد المدينة"] + [f"في المدينة {w}" for w in ("اليوم", "أمس", "القديمة", "المنورة", "الجديدة")]
)


@pytest.fixture()
def learn_shared(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with gzip.open(corpus / "saudinewsnet.jsonl.gz", "wt", encoding="utf-8") as handle:
        for n, text in enumerate(LEARN_TEXTS):
            handle.write(json.dumps({"id": n, "title": "", "text": text}, ensure_ascii=False) + "\n")
    pairs = tmp_path / "gazetteers" / "wikidata-names-amazon"
    pairs.mkdir(parents=True)
    (pairs / "wd_arabic.normalized.aligned.tokens").write_text("zahrun\tز ه ر و ن\t4\n", encoding="utf-8")
    return tmp_path


def test_given_and_family_names_are_learned_from_links_and_what_follows_given_names(
        learn_shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpus_names, "COMMON_MIN", 1)  # every word of the small corpus is a frequent one
    counts = corpus_names.word_counts(learn_shared)
    lex = corpus_names.Lexicon(learn_shared, counts)
    assert normalize("زهرون") not in lex.first and normalize("الاختباوي") not in lex.family
    lex.learn(learn_shared, counts)
    assert normalize("زهرون") in lex.first  # a Wikidata name token before بن five times
    assert normalize("الاختباوي") in lex.family  # after a given name in all of its occurrences
    assert normalize("سلامتهم") not in lex.family  # after على, which normalises to the name علي
    assert normalize("المدينة") not in lex.family  # after a given name once in eleven
    assert normalize("مقتضب") not in lex.family  # after one given name only, a frequent word (بيان مقتضب)


def test_the_articles_of_the_annotated_leads_are_not_counted(learn_shared: Path) -> None:
    from corpus_stats import corpus_records  # type: ignore[import-not-found]

    inputs = learn_shared / "gold" / "train" / "inputs"
    inputs.mkdir(parents=True)
    (inputs / "lead-001.jsonl").write_text(json.dumps({"id": 3, "url": None, "text": "x"}) + "\n", encoding="utf-8")
    ids = [r["id"] for r in corpus_records(learn_shared, held_out=True)]
    assert 3 not in ids and len(ids) == len(LEARN_TEXTS) - 1
    assert len(list(corpus_records(learn_shared))) == len(LEARN_TEXTS)  # word statistics count them all


def test_a_given_name_and_a_tribe_s_name_is_no_one_person(learn_shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpus_names, "MIN_PEOPLE", 1)

    def two_word_people(max_variety: int) -> set[str]:
        monkeypatch.setattr(corpus_names, "MAX_VARIETY", max_variety)
        counts = corpus_names.word_counts(learn_shared)
        lex = corpus_names.Lexicon(learn_shared, counts)
        lex.learn(learn_shared, counts)
        found = corpus_names.people(lex, corpus_names.name_chains(learn_shared, lex), _score)
        return {p["name"] for p in found if p["name"].endswith("الاختباوي")}

    assert "زهرون الاختباوي" in two_word_people(20)
    assert two_word_people(3) == set()  # الاختباوي follows five given names: a tribe's name


# --- the towns next to a name, and stray adjectives in local papers ---------------------------------

TOWN_TEXTS = [
    # a name printed next to towns of one state only, with no nationality adjective
    ("CNN", "وقال كمال الاختباري في جدة إن المعرض افتتح"),
    ("CNN", "وأوضح كمال الاختباري بالرياض أن العمل مستمر"),
    ("CNN", "وصل كمال الاختباري إلى الدمام أمس"),
    # next to towns of two states as often: none
    ("CNN", "وقال وليد الفحصي في جدة إن الفريق وصل"),
    ("CNN", "وقال وليد الفحصي في بيروت إن الفريق وصل"),
    ("CNN", "وقال وليد الفحصي في جدة إن المباراة انتهت"),
    ("CNN", "وقال وليد الفحصي في بيروت إن المباراة انتهت"),
]


@pytest.fixture()
def town_shared(tmp_path: Path) -> Path:
    return _site_corpus(tmp_path, TOWN_TEXTS)


def test_a_person_next_to_towns_of_one_state_is_of_that_state(town_shared: Path) -> None:
    ev = corpus_names.Evidence()
    names = {tuple(normalize(n).split()): n for n in ("كمال الاختباري", "وليد الفحصي")}
    seen = corpus_names.name_contexts(town_shared, names, ev)
    assert seen["كمال الاختباري"].places["SAU"] == 3
    assert corpus_names.person_country_sector(seen["كمال الاختباري"]) == ("SAU", None)
    # two states' towns as often: no clear majority, nothing is guessed
    assert corpus_names.person_country_sector(seen["وليد الفحصي"]) == (None, None)


def test_towns_count_only_where_no_adjective_decides() -> None:
    seen = corpus_names.Seen()
    seen.n = 6
    seen.places["SAU"] = 5
    seen.countries["EGY"] = 1  # one adjective of another state: the towns are where he was, not whose he is
    assert corpus_names.person_country_sector(seen) == (None, None)
    seen.places["SAU"] = 2  # below MIN_PLACE
    seen.countries.clear()
    assert corpus_names.person_country_sector(seen) == (None, None)
    seen.countries["EGY"] = 3  # an adjective decides over the towns
    seen.places["SAU"] = 9
    assert corpus_names.person_country_sector(seen) == ("EGY", None)


def test_a_stray_adjective_does_not_stop_the_local_papers_fallback() -> None:
    seen = corpus_names.Seen()
    seen.n = seen.local = 40
    seen.sectors["MIL"] = 30
    seen.countries["SAU"] = 1  # one Saudi adjective in forty occurrences: below MIN_COUNTRY, but no doubt
    assert corpus_names.person_country_sector(seen) == ("SAU", "MIL")
    seen.n = seen.local = 5  # one adjective in five is more than a stray word: undecided
    assert corpus_names.person_country_sector(seen) == (None, "MIL")
    seen.n = seen.local = 40
    seen.countries = Counter({"ARE": 1})  # another state's adjective, even once, stops the fallback
    assert corpus_names.person_country_sector(seen) == (None, "MIL")
