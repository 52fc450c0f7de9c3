"""The knowledge base: data files valid, matcher finds names with clitics, variants and typos."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from rasad.arabic.text import analyse
from rasad.kb import Matcher, load_kb
from rasad.kb.load import DATA_DIR, KnowledgeBase, load_dir
from rasad.kb.matcher import ENTITY

CODE = re.compile(r"^[A-Z]{3}$")


def test_data_files_are_valid() -> None:
    ids: set[str] = set()
    for path in sorted(DATA_DIR.glob("*.yaml")):
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(items, list), path
        for item in items:
            if "id" in item:
                assert item["id"] not in ids, f"{path.name}: duplicate id {item['id']}"
                ids.add(item["id"])
                assert item.get("name"), item
    kb = load_kb()
    for entry in kb.entries.values():
        assert entry.type in {"PER", "ORG", "GPE", "LOC"}, entry.id
        if entry.country:
            assert CODE.match(entry.country), (entry.id, entry.country)
        for office in entry.offices:
            if office.start and office.end:
                assert office.start <= office.end, (entry.id, office)
    for entry in kb.entries.values():
        if entry.capital:
            assert entry.capital in kb.entries, (entry.id, entry.capital)


def _find(text: str) -> list[tuple[str, str]]:
    kb = load_kb()
    matcher = Matcher(kb)
    para = analyse(0, text)
    return [(text[h.start : h.end], h.key) for h in matcher.find(para) if h.category == ENTITY]


def test_clitics_and_variants() -> None:
    found = dict(_find("وصل الوفد لموسكو والتقى بالمسؤولين في سورية وبيروت"))
    assert found["موسكو"] == "moscow"
    assert found["سورية"] == "syria"
    assert found["بيروت"] == "beirut"


def test_a_name_hides_only_behind_a_conjunction_then_a_preposition() -> None:
    # و/ف + ب/ل/ك: the name behind them is found
    found = dict(_find("وصل الوفد وبموسكو ثم فلبيروت"))
    assert found == {"موسكو": "moscow", "بيروت": "beirut"}
    # ل + ك, و + ف, ل + و are no proclitics: "but they", "and explained", "for Le Bon"
    assert _find("لكنهم قالوا إنه تم ضبطها") == []
    assert _find("وفسرت الحكومة قرارها لوبون") == []
    assert not [h for h in _find("لكنهم وفاطمة وفسرت") if h[1] in ("nihm", "sirte")]


def test_multiword_names_win_over_parts() -> None:
    found = _find("قالت الولايات المتحدة إن الاتحاد الروسي")
    texts = [t for t, _ in found]
    assert "الولايات المتحدة" in texts and "الاتحاد الروسي" in texts


def test_user_file_overrides_a_shipped_entry(tmp_path: Path) -> None:
    (tmp_path / "places-user.yaml").write_text(
        "- id: moscow\n  type: GPE\n  kind: city\n  name: موسكو\n  name_en: Moskva\n  country: RUS\n"
        "- id: my-town\n  type: GPE\n  kind: town\n  name: بلدة الاختبار\n  name_en: Test Town\n  country: SYR\n",
        encoding="utf-8",
    )
    kb = KnowledgeBase()
    load_dir(kb, DATA_DIR)
    load_dir(kb, tmp_path)
    assert kb.entries["moscow"].name_en == "Moskva"
    assert kb.entries["my-town"].country == "SYR"


def test_unknown_person_after_a_title() -> None:
    from rasad.pipeline import process

    doc = process(
        "عنوان تجريبي عن الاجتماع\n\nدان رئيس غرفة بيشة المهندس عبد الله المبطي الحادث، وقالت مديرة إدارة الموهوبات "
        "الدكتورة ليلى الصاعدي إن البرنامج مستمر، ولم يعلق على ذلك أحد من الحاضرين في الاجتماع."
    )
    unknown = {m.text: m for m in doc.entities if m.id and m.id.startswith("x-")}
    assert set(unknown) == {"عبد الله المبطي", "ليلى الصاعدي", "غرفة بيشة", "إدارة الموهوبات"}
    assert unknown["غرفة بيشة"].type == "ORG" and unknown["غرفة بيشة"].country == "SAU"
    assert unknown["ليلى الصاعدي"].type == "PER"
    assert unknown["ليلى الصاعدي"].id == process("الدكتورة ليلى الصاعدي قالت إن البرنامج مستمر في كل المدارس.").entities[0].id


def test_title_resolves_by_date() -> None:
    kb = load_kb()
    assert [e.name for e in kb.holders("foreign-minister", "SYR", "2019-06-01")] == ["وليد المعلم"]
    assert [e.name for e in kb.holders("foreign-minister", "SYR", "2020-12-20")] == ["فيصل المقداد"]


def test_title_actor_is_the_office_holder_at_the_date() -> None:
    from rasad.arabic.text import analyse
    from rasad.stages.actors import ActorCoder

    kb = load_kb()
    matcher = Matcher(kb)
    coder = ActorCoder(kb)
    para = analyse(0, "وقال وزير الخارجية السوري إن بلاده ترفض القرار")
    para.hits = matcher.find(para)
    units = coder.units(para, [])
    chunk = coder.chunks(units, 1, 2)[0]
    assert coder.code(chunk, para.text, "2019-06-01").canonical == "وليد المعلم"
    assert coder.code(chunk, para.text, "2020-12-20").canonical == "فيصل المقداد"
    assert coder.code(chunk, para.text, "2020-12-20").country == "SYR"


def test_common_word_names_need_a_head_even_with_clitics() -> None:
    from rasad.pipeline import process

    doc = process("عنوان تجريبي للخبر\n\nنشر الموقع صورا للخبر الذي وقع في مدينة الخبر شرق المملكة أمس الأول.")
    places = [(m.text, m.paragraph) for m in doc.entities if m.canonical == "الخبر"]
    assert places == [("الخبر", 0)]  # the city after مدينة, not "للخبر" (for the news)


def test_fuzzy_person_finds_every_one_edit_form_of_a_name_word_and_no_other() -> None:
    from rasad.kb import default_matcher
    from rasad.kb.matcher import one_edit

    matcher = default_matcher()
    people = frozenset([*list(matcher.name_tokens)[:40], "sergey-lavrov"])
    words = {w: key for key in people for w in matcher.name_tokens[key]}

    def brute(norm: str) -> set[str]:
        return {key for key in people for w in matcher.name_tokens[key] if one_edit(w, norm)}

    tried = 0
    for word in sorted(words)[:60]:
        if len(word) < 5:
            continue
        letters = "ابتمنوي"
        forms = {word[:i] + c + word[i + 1 :] for i in range(len(word)) for c in letters}  # substitutions
        forms |= {word[:i] + word[i + 1 :] for i in range(len(word))}  # deletions
        forms |= {word[:i] + c + word[i:] for i in range(len(word) + 1) for c in letters[:2]}  # insertions
        for form in sorted(forms):
            if form in words or len(form) < 5 or form[:1] in "وفبلك":  # clitic readings aside
                continue
            token = analyse(0, form).tokens[0]
            if token.norm != form:
                continue
            expected = brute(form)
            got = matcher.fuzzy_person(token, people)
            assert got == (next(iter(expected)) if len(expected) == 1 else None), form
            tried += 1
    assert tried > 500
    lavrov = analyse(0, "لافروق").tokens[0]
    assert matcher.fuzzy_person(lavrov, people) == "sergey-lavrov"
    assert matcher.fuzzy_person(analyse(0, "قافروف").tokens[0], people) == "sergey-lavrov"  # the first letter
    assert matcher.fuzzy_person(analyse(0, "لاخرون").tokens[0], people) is None  # two edits


def test_fuzzy_person_answers_for_the_people_it_is_given_each_call() -> None:
    from rasad.kb import default_matcher

    matcher = default_matcher()
    lavrov = analyse(0, "لافروق").tokens[0]
    others = frozenset(k for k in list(matcher.name_tokens)[:40] if k != "sergey-lavrov")
    for _ in range(2):  # answers are remembered per word, for the people of the last call only
        assert matcher.fuzzy_person(lavrov, others | {"sergey-lavrov"}) == "sergey-lavrov"
        assert matcher.fuzzy_person(lavrov, others) is None
        assert matcher.fuzzy_person(lavrov, {"sergey-lavrov"}) == "sergey-lavrov"
        assert matcher.fuzzy_person(lavrov, {"sergey-lavrov"}, edits_only=True) == "sergey-lavrov"
