"""Violence and protest: a sentence that reports an act codes it; one that only talks about one does not.

These are the occurrence rules (rasad/stages/occurrence.py), the rule stages alone: the shipped
pipeline decides violence and protest with a model learned from the GSR's sentences, whose rule
features these rules give, and it is judged by cross-validation over the GSR (bench/gated_cv.py),
not sentence by sentence. The sentences are written for these tests in newswire style (not taken
from the GSR or the corpus)."""

from __future__ import annotations

import pytest

from rasad.model import Document, RawDoc
from rasad.pipeline import Pipeline

_RULES = Pipeline(learned=False)


def _process(text: str) -> Document:
    doc = _RULES(RawDoc(source="test", kind="text", text=text))
    assert doc.error is None, doc.error
    return doc


def _types(text: str) -> list[str]:
    return [e.type for e in _process(text).events]


@pytest.mark.parametrize("text", [
    "أعلنت مصادر أمنية مقتل 12 شخصاً في هجوم انتحاري بسيارة مفخخة في مدينة الموصل أمس.",
    "قتل ثمانية جنود وأصيب عشرون آخرون في انفجار عبوة ناسفة استهدفت دورية شمال بغداد.",
    "خطف مهندس فرنسي يعمل في شركة نفطية في دلتا النيجر أمس، حسب مصدر أمني.",
])
def test_a_reported_act_of_violence_is_coded_even_without_a_named_perpetrator(text: str) -> None:
    events = [e for e in _process(text).events if e.type == "ASSAULT"]
    assert events, text
    assert "unnamed" in events[0].rule


def test_the_perpetrator_a_violence_sentence_names_is_the_actor() -> None:
    doc = _process("وقال مصدر في الشرطة إن مسلحين مجهولين قتلوا ثلاثة من رجال الشرطة في الرمادي أمس.")
    assault = [e for e in doc.events if e.type == "ASSAULT"]
    assert assault and assault[0].actor and assault[0].actor[0].sector in ("REB", "UAF")


@pytest.mark.parametrize("text", [
    "أجرت قوات الحرس تدريبات دفاعية تحسبا لأي ضربة جوية معادية.",  # a precaution
    "وطالب البيان بوقف القتل والاغتصاب والتهجير في الإقليم.",  # stop "the killing"
    "وقال الجيش إنه سيرد بقوة إذا تعرضت البلاد لهجوم.",  # a condition
    "وتعلم صناعة المتفجرات وتدرب على تفجير العبوات في معسكرات التنظيم.",  # training, a habit
    "واتهمته النيابة بالشروع في القتل والسرقة.",  # a charge
    "وقررت الوزيرة تصفية حساباتها مع قيادات الوزارة.",  # an idiom
    "لكن التفجيرات الانتحارية ظاهرة جديدة في هذا البلد.",  # a kind of act
    "وكرر الوزير أن بلاده لن تنسحب على الرغم من مقتل ثلاثة جنود في هجوم انتحاري.",  # the background
])
def test_violence_talked_about_is_not_an_event(text: str) -> None:
    assert "ASSAULT" not in _types(text), text


def test_a_war_count_since_a_date_is_not_the_toll_of_one_act() -> None:
    assert "ASSAULT" not in _types("وقتل حوالي ثلاثة آلاف جندي منذ بداية الحرب، حسب الإحصاءات.")


@pytest.mark.parametrize("text", [
    "خرج آلاف المتظاهرين إلى شوارع الخرطوم أمس احتجاجا على رفع أسعار الخبز.",
    "وتجمع عدد من أنصار الحزب في الساحة الرئيسية مرددين هتافات مناهضة للحكومة.",
    "وأغلق متظاهرون الطريق الدولي بالإطارات المشتعلة.",
])
def test_a_crowd_that_goes_out_gathers_or_blocks_is_a_protest(text: str) -> None:
    assert "PROTEST" in _types(text), text


@pytest.mark.parametrize("text", [
    "ورفع المتظاهرون لافتات كتب عليها شعارات ضد الفساد.",  # the crowd of a protest already told
    "وقامت الشرطة بمنع مظاهرات المعارضة في العاصمة.",  # prevented
    "ودعا الحزب أنصاره إلى مقاطعة الانتخابات.",  # a call, not yet a boycott
])
def test_protest_talked_about_or_described_again_is_not_a_new_event(text: str) -> None:
    assert "PROTEST" not in _types(text), text


def test_process_takes_a_one_line_sentence_longer_than_a_file_name() -> None:
    text = "عندما حل الهدوء " * 40
    assert _process(text).error is None


def test_deaths_in_a_disaster_are_not_violence() -> None:
    assert "ASSAULT" not in _types("وقتل 40 شخصا في كارثة الفيضانات التي ضربت الإقليم أمس.")


def test_a_death_with_no_weapon_or_attack_is_not_violence() -> None:
    assert "ASSAULT" not in _types("قتل 19 شخصا بينهم أطفال في تركيا بعد انحراف شاحنة عن الطريق أمس.")


def test_a_headline_in_the_present_tense_reports_a_past_act() -> None:
    doc = _process("الطيران يقصف مواقع المسلحين شمال البلاد\n\nشنت الطائرات غارات على مواقع المسلحين أمس.")
    assert any(e.type == "ASSAULT" for e in doc.events)


def test_an_act_pointed_back_to_is_not_told_again() -> None:
    assert "ASSAULT" not in _types("وقال الوزير إن هذا الهجوم لن يمر دون عقاب.")


def test_a_count_so_far_is_a_statistic() -> None:
    assert "ASSAULT" not in _types("وأشار الموقع إلى أن 13 جنديا قتلوا في انفجارات حتى الآن هذا الشهر.")


def test_every_occurrence_list_loads_and_is_not_empty() -> None:
    from dataclasses import fields

    from rasad.stages.occurrence import _words

    words = _words()
    for f in fields(words):
        assert getattr(words, f.name), f.name


@pytest.mark.parametrize("text", [
    "وقتل جنديان في اشتباكات قرب بلدة شيلوبي بمقاطعة شيرناك أمس.",
    "وقالت سلطات المقاطعة إن الهدوء عاد إلى المنطقة.",
])
def test_a_province_is_not_a_boycott(text: str) -> None:
    assert "PROTEST" not in _types(text), text


def test_a_boycott_of_elections_is_a_protest() -> None:
    assert "PROTEST" in _types("وقاطعت أحزاب المعارضة الانتخابات البرلمانية التي جرت أمس.")


def test_the_subject_before_an_appositive_acts() -> None:
    doc = _process("وقال الجيش إن مقاتلي حركة طالبان، الذين ينشطون في الجنوب، هاجموا قافلة عسكرية قرب قندهار أمس.")
    assault = [e for e in doc.events if e.type == "ASSAULT"]
    assert assault and any("طالبان" in a.text for a in assault[0].actor)


def test_a_guess_is_not_a_report_and_an_alleged_attack_is_claimed() -> None:
    assert "ASSAULT" not in _types("وقال دبلوماسي إن الموقع الذي يعتقد أن الجيش قصف فيه القرية بات مهجورا.")
    doc = _process("وهدد الرئيس بتوجيه ضربة ردا على هجوم كيميائي مفترض استهدف مدينة دوما يوم السبت.")
    assert any(e.type == "ASSAULT" and e.modality == "claimed" for e in doc.events)


@pytest.mark.parametrize("text", [
    "وقد صدم هذا الأمر الحكومة التي اعتصمت بالصمت.",  # an idiom: kept silent
    "وكان أحد المحتجين ينقل الإطارات لقطع الطريق عندما أطلق الجنود النار.",  # an aim
    "وقبل بدء المظاهرة وضع المنظمون لافتات على سور النقابة.",  # the background
])
def test_protest_words_that_tell_no_protest(text: str) -> None:
    assert "PROTEST" not in _types(text), text


def test_the_counted_dead_are_not_the_perpetrators() -> None:
    doc = _process("فقد أسفر قصف جوي استهدف إحدى البؤر في مدينة العريش أمس عن مقتل 3 مسلحين.")
    assault = [e for e in doc.events if e.type == "ASSAULT"]
    assert assault and not any(a.sector == "REB" for a in assault[0].actor)


def test_the_crowd_act_test_is_remembered_per_word_and_list() -> None:
    from rasad.arabic.text import analyse
    from rasad.stages import occurrence

    token = analyse(0, "والمتظاهرون").tokens[0]
    for _ in range(2):  # the second time from the memo: the same answers, each list its own
        assert occurrence._in_first_two(analyse(0, "وخرج").tokens[0], frozenset({"خرج"}))
        assert occurrence._in_first_two(token, frozenset({"المتظاهرون"}))
        # the crowd-act test reads the first two readings only (و stripped, the article kept)
        assert occurrence._in(token, frozenset({"متظاهرون"}))
        assert not occurrence._in_first_two(token, frozenset({"متظاهرون"}))
    assert occurrence._CROWD_MEMO[frozenset({"متظاهرون"})]["والمتظاهرون"] is False
