"""The two seed pages of the project: every stage does real work on them."""

from __future__ import annotations

import pytest

from tests.conftest import gold


def test_seed_article_fields_are_exactly_the_gold(seed000, seed003) -> None:
    for doc, name in ((seed000, "seed-000"), (seed003, "seed-003")):
        assert doc.error is None
        assert doc.article.to_dict() == gold(name)["article"]


def test_seed000_published_has_the_damascus_offset(seed000) -> None:
    assert seed000.article.published == "2020-12-20T13:48:00+02:00"


def test_read_also_lines_never_reach_the_body(seed000) -> None:
    assert len(seed000.article.related) == 3
    assert not any("اقرأ أيضا" in p for p in seed000.article.body)
    assert "فيصل المقداد: لن تنسى سوريا فضل سليماني" in seed000.article.related


def test_surname_links_to_the_full_name(seed000) -> None:
    surnames = [m for m in seed000.entities if m.text == "المقداد"]
    assert surnames and all(m.canonical == "فيصل المقداد" and m.type == "PER" for m in surnames)
    assert {m.canonical for m in seed000.entities if m.text == "لافروف"} == {"سيرغي لافروف"}


def test_caption_typo_links_to_lavrov(seed000) -> None:
    from rasad.stages.entities import EntityStage

    stage = EntityStage()
    caption = seed000.article.captions[0]
    found = stage.link_text(caption, seed000)
    assert [(m.text, m.canonical, m.name_en) for m in found if m.type == "PER"] == [
        ("لافروق", "سيرغي لافروف", "Sergey Lavrov")
    ]


def test_caption_names_are_in_the_output_apart_from_the_entities(seed000) -> None:
    out = seed000.to_dict()
    assert not seed000.error
    caption = seed000.article.captions[0]
    linked = [m for m in out["caption_entities"] if m["type"] == "PER"]
    assert [(m["text"], m["canonical"], m["name_en"], m["caption"]) for m in linked] == [
        ("لافروق", "سيرغي لافروف", "Sergey Lavrov", 0)
    ]
    assert all(caption[m["start"] : m["end"]] == m["text"] for m in out["caption_entities"])
    assert "لافروق" not in {m["text"] for m in out["entities"]}  # entities are the title's and body's


def test_entities_carry_offsets_into_the_output_text(seed000) -> None:
    body = seed000.article.body
    for m in seed000.entities:
        text = seed000.article.title if m.paragraph == -1 else body[m.paragraph]
        assert text[m.start : m.end] == m.text


def test_seed000_places_and_countries(seed000) -> None:
    found = {(m.text, m.type, m.canonical) for m in seed000.entities}
    for want in [("موسكو", "GPE", "موسكو"), ("طهران", "GPE", "طهران"), ("الاتحاد الروسي", "GPE", "روسيا"),
                 ("اللطامنة", "GPE", "اللطامنة"), ("حماة", "GPE", "حماة"), ("سوتشي", "GPE", "سوتشي")]:
        assert want in found


def test_seed000_relative_dates_resolve(seed000) -> None:
    values = {t.text: t.value for t in seed000.times} if seed000.times else {}
    # times are dropped after processing; the events carry them instead
    dates = {e.trigger: e.date for e in seed000.events}
    assert dates or values


def test_seed000_events(seed000) -> None:
    got = {(e.type, tuple(a.country for a in e.actor)) for e in seed000.events}
    assert ("ACCUSE", (None,)) in got or any(t == "ACCUSE" for t, _ in got)
    aid = [e for e in seed000.events if e.type == "AID"]
    assert aid and aid[0].actor[0].country == "RUS" and aid[0].quantity is not None
    assert aid[0].quantity.value == 100000 and aid[0].quantity.unit == "طن"
    visits = [e for e in seed000.events if e.type == "CONSULT" and e.date == "2020-12-06"]
    assert visits and visits[0].actor[0].canonical == "فيصل المقداد"


def test_seed000_quotes(seed000) -> None:
    speakers = [(q.speaker.canonical, q.direct, q.cue) for q in seed000.quotes]
    assert ("فيصل المقداد", False, "قال") in speakers
    assert ("فيصل المقداد", True, "تابع") in speakers
    assert ("سيرغي لافروف", True, "أوضح") in speakers


def test_seed003_events_and_quotes(seed003) -> None:
    types = [e.type for e in seed003.events]
    assert "CONSULT" in types and "REQUEST" in types
    request = next(e for e in seed003.events if e.type == "REQUEST")
    assert request.actor[0].canonical == "أيمن سوسان" and request.recipient[0].country == "TUR"
    assert any(q.cue == "زعم" and q.speaker.canonical == "بشار الأسد" for q in seed003.quotes)


def _score_module():
    import importlib.util

    from tests.conftest import SHARED

    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# (seed, trigger, actor) of gold events the shipped models miss, each for a reason cross-validation
# weighed (docs/events.md): seed 000's 2017 chemical attack, named in passing in a 2020 article, is
# an event by the leads' conventions but not by the GSR's, whose model decides violence; seed 003's
# renewed support of Assad for the attack on Ukraine, a rule event the site model (with the
# sentence's words) puts at p 0.05, on its threshold (0.03 would keep it: CV F1 0.398 against 0.400)
KNOWN_MISSES = {("seed-000", "استخدام السلاح الكيماوي", "نظام الأسد"), ("seed-003", "جدد دعم", "بشار الأسد")}


def test_every_seed_event_is_found_with_its_date(seed000, seed003) -> None:
    """Each gold event of the seed pages has a matching event (type + parties, as score.py
    matches them), and its date agrees wherever the gold gives one."""
    _seed_events_found(seed000, seed003, skip=KNOWN_MISSES)


@pytest.mark.xfail(strict=True, reason="the known misses: remove them from KNOWN_MISSES once found")
def test_the_known_misses_are_still_missed(seed000, seed003) -> None:
    _seed_events_found(seed000, seed003, skip=set())


def _seed_events_found(seed000, seed003, skip: set[tuple[str, str, str]]) -> None:
    score = _score_module()
    for doc, name in ((seed000, "seed-000"), (seed003, "seed-003")):
        want = [g for g in gold(name)["events"]
                if (name, g["trigger"], (g.get("actor") or [{}])[0].get("text")) not in skip]
        got = [e.to_dict() for e in doc.events]
        pairs = score.greedy(want, got, score.event_match)
        missing = [(g["type"], g["trigger"]) for g in want if not any(g is p[0] for p in pairs)]
        assert not missing, f"{name}: events not found: {missing}"
        for g, p in pairs:
            assert score.date_ok(g, p), (name, g["trigger"], g["date"], p["date"])


def test_seed000_dates_places_quantities(seed000) -> None:
    by_trigger = {e.trigger: e for e in seed000.events}
    assert by_trigger["زيارة رسمية إلى"].date == "2020-12-06"
    assert by_trigger["زيارة رسمية إلى"].location is not None
    assert by_trigger["زيارة رسمية إلى"].location.canonical == "طهران"
    if "لاستخدام السلاح الكيماوي" in by_trigger:  # see the expected failure above
        assert by_trigger["لاستخدام السلاح الكيماوي"].date == "2017"
    aid = by_trigger["تبرع"]
    assert aid.date == "2020" and aid.cameo == "073"
    accuse = [e for e in seed000.events if e.rule.startswith("accuse.statement")]
    assert accuse and accuse[0].recipient[0].canonical == "منظمة حظر الأسلحة الكيميائية"


def test_two_sided_violence_and_compound_actors() -> None:
    # a rule of the events stage (its parties): the rules alone run it; whether the learned
    # violence model keeps this sentence is cross-validation's to say (docs/events.md)
    from rasad.model import RawDoc
    from rasad.pipeline import Pipeline

    doc = Pipeline(learned=False)(RawDoc(source="<text>", kind="page",
                                         text="عنوان الخبر هنا عن الاشتباكات\n\nاندلعت اشتباكات بين الجيش السوري وتنظيم داعش في ريف حلب أمس."))
    assert doc.error is None
    clash = [e for e in doc.events if e.type == "ASSAULT"]
    assert clash and [a.country for a in clash[0].actor] == ["SYR", "IMG"] and clash[0].recipient == []
