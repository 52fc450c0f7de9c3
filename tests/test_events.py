"""Event parties: how actors are found in clauses (sentences written for these tests)."""

from __future__ import annotations

import rasad


def _process(text: str) -> rasad.Document:
    """The document of ``text`` through the shipped pipeline; a stage that fails fails the test
    (a "not an event" test must not pass because the events stage raised)."""
    doc = rasad.process(text)
    assert doc.error is None, doc.error
    return doc


def _parties(text: str, kind: str) -> list[tuple[list[str], list[str]]]:
    return [([a.canonical or a.text for a in e.actor], [a.canonical or a.text for a in e.recipient])
            for e in _process(text).events if e.type == kind]


def test_a_title_with_its_complement_and_the_holders_name_is_one_party() -> None:
    found = _parties("التقى المبعوث الروسي الخاص إلى سوريا ألكسندر لافرنتييف في طهران الأمين العام علي شمخاني.", "CONSULT")
    assert found and found[0][0] == ["ألكسندر لافرنتييف"]


def test_what_is_said_in_a_received_call_is_the_callers_act() -> None:
    text = ("تلقى وزير الداخلية السعودي اتصالاً هاتفياً أمس من وزير الخارجية الإماراتي عبدالله بن زايد، "
            "أعرب خلاله عن إدانته للهجوم.")
    found = _parties(text, "ACCUSE")
    assert found and "عبدالله بن زايد" in found[0][0][0]


def test_a_newspaper_in_quotation_marks_is_the_newspaper_and_talking_to_it_is_no_consultation() -> None:
    doc = _process("وأوضح اللواء الأحمدي في اتصال هاتفي أجرته معه «الشرق الأوسط»، أن المعارك في تعز محتدمة. "
                        "وتشهد منطقة الشرق الأوسط توترا.")
    types = [m.type for m in doc.entities if m.text == "الشرق الأوسط"]
    assert types == ["ORG", "LOC"]
    assert not [e for e in doc.events if e.type == "CONSULT"]


def test_a_one_letter_token_after_a_comma_does_not_break_a_sentence() -> None:
    doc = _process("وقال مصدر إن المسلحين، 5 منهم ملثمون، هاجموا دورية للشرطة أمس.")
    assert doc.error is None


def test_a_newspaper_signing_a_paragraph_is_an_organisation() -> None:
    doc = _process("سبق- أبها: دان رئيس الغرفة التجارية الهجوم، ونشرت \"الوطن\" تفاصيله.")
    outlets = {(m.text, m.type) for m in doc.entities if m.rule.startswith("outlet")}
    assert outlets == {("سبق", "ORG"), ("الوطن", "ORG")}


def test_the_kingdom_is_the_kingdom_the_article_named_last() -> None:
    doc = _process("وصل وفد من الأردن إلى عمان. وأكدت المملكة دعمها للمبادرة.")
    kingdom = [m for m in doc.entities if m.text == "المملكة"]
    assert kingdom and kingdom[0].country == "JOR"
    plain = _process("وأكدت المملكة دعمها للمبادرة.")  # no kingdom named, no outlet: not guessed
    assert not [m for m in plain.entities if m.text == "المملكة"]


def test_the_paper_signing_a_paragraph_is_no_party_to_its_events() -> None:
    doc = _process("سبق- جدة: شهدت الليلة الثانية من المهرجان حضورا كبيرا مشيدين بالعروض.")
    assert not any(a.text == "سبق" for e in doc.events for a in e.actor + e.recipient)


def test_quantities_in_figures_and_in_words() -> None:
    from rasad.stages.quantities import quantity

    cases = {
        "تبرع بـ100 ألف طن من القمح": (100000, "طن", "القمح"),
        "مقتل سبعة عسكريين إيرانيين": (7, "عسكريين", None),
        "قتل خمسة وعشرون شخصا": (25, "شخصا", None),
        "أرسلت ألفي جندي": (2000, "جندي", None),
        "بثلاثة آلاف طن من الدقيق": (3000, "طن", "الدقيق"),
        "مقتل عشرات المدنيين": (10, "المدنيين", None),  # the least "عشرات" can mean
    }
    for text, (value, unit, item) in cases.items():
        q = quantity(text)
        assert q is not None and (q.value, q.unit, q.item) == (value, unit, item), text
    assert quantity("يوم الأحد الماضي ـــ ") is None


def test_the_dateline_is_the_place_only_when_the_text_says_here(tmp_path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("الطيران يقصف المسلحين\n\nدمشق ـ وكالات\n\nقصفت الطائرات مواقع المسلحين هنا أمس.\n\n"
                    "وقصفت الطائرات مواقع أخرى أمس.\n", encoding="utf-8")
    doc = _process(page)
    places = [e.location.canonical if e.location else None for e in doc.events if e.type == "ASSAULT"]
    assert places[0] == "دمشق"
    assert all(p is None for p in places[1:])


def test_in_verb_first_order_the_word_after_the_verb_is_its_subject() -> None:
    # الطائرات (not a named party) is the subject; the gunmen are the target, not the actor (the
    # rules' subject finding; the shipped actor model may still choose them, see docs/events.md)
    from rasad.model import RawDoc
    from rasad.pipeline import Pipeline

    doc = Pipeline(learned=False)(RawDoc(source="t", kind="text", text="قصفت الطائرات مواقع المسلحين شمال المدينة."))
    assert doc.error is None
    assert not any(a.text == "المسلحين" for e in doc.events for a in e.actor)
    found = _parties("أعلن أمس وزير الخارجية السعودي عادل الجبير دعم المملكة للحكومة اليمنية.", "SUPPORT")
    assert not found or found[0][0]  # a time word may stand between the verb and its subject


def test_thousands_before_the_crowd_do_not_hide_the_protesters() -> None:
    found = _parties("تظاهر آلاف المواطنين في العاصمة أمس احتجاجا على انهيار العملة.", "PROTEST")
    assert found and found[0][0]


def test_a_road_cut_by_floods_is_no_protest() -> None:
    assert not _parties("وجرفت السيول السيارات وقطعت طريق أم درمان بارا أمس.", "PROTEST")
