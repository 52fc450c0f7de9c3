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
