"""Which words report an event (session 8): a site's word inside a name or before one
(``site.name``), and the evidence the annotations hold for its word (``site.evidence``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from rasad.decide import evidence_features, modality_features, site_context
from rasad.decide.features import SITE_FEATURES, WORD_BOUND_ROWS, Context
from rasad.decide.sites import Site, TriggerWords
from rasad.model import Document, RawDoc
from rasad.pipeline import Pipeline
from tests.test_decide import _rule_docs, word_bound_is_exact


@pytest.fixture(autouse=True)
def _families() -> Iterator[None]:
    """Session 8's site families registered for these tests only (they are opt-in: docs/events.md)."""
    saved, rows = dict(SITE_FEATURES), list(WORD_BOUND_ROWS)
    for module in (evidence_features, modality_features, site_context):
        module.register()
    yield
    SITE_FEATURES.clear()
    SITE_FEATURES.update(saved)
    WORD_BOUND_ROWS[:] = rows


def test_the_families_are_opt_in_and_register_before_the_sentence_words() -> None:
    assert {"site.name", "site.rivals", "site.evidence", "site.modality"} <= set(SITE_FEATURES)
    assert list(SITE_FEATURES)[-1] == "site.sentence"


def _doc(text: str) -> Document:
    pipe = Pipeline()
    doc = Document(source="t", raw=RawDoc(source="t", kind="text", text=text))
    for _, stage in pipe.stages[:-1]:
        doc = stage(doc)
    assert doc.error is None
    return doc


def test_a_word_inside_a_name_and_a_word_before_a_place_name_are_features() -> None:
    from rasad.decide.site_context import NAMES_KEY, annotate

    doc = _doc("قصفت الطائرات مدينة حلب السورية وقال وزير الخارجية الروسي إن روسيا ستواصل العمليات.")
    annotate(doc)
    para = next(p for p in doc.paragraphs if p.index == 0)
    assert NAMES_KEY in para.cache
    name = SITE_FEATURES["site.name"]
    norms = [t.norm for t in para.tokens]

    def features(word: str) -> dict[str, float]:
        i = norms.index(word)
        site = Site(0, i, i + 1, 0, len(norms) - 1, 0, len(para.text), word, word)
        return name(Context(site, para, {}, TriggerWords(), frozenset(), doc), "ASSAULT")

    # the noun before a place name: a name begins right after it
    assert any(k.startswith("before=") and k.endswith("|type=ASSAULT") for k in features("مدينه"))
    # the state's own name: the word is inside a name
    assert any(k.startswith("in=") for k in features("روسيا"))
    # the act itself: neither
    assert not any(k.startswith(("in=", "before=")) for k in features("قصفت"))


def test_evidence_counts_gold_triggers_and_occurrences_by_bucket() -> None:
    ev = SITE_FEATURES["site.evidence"]
    words = TriggerWords({"قصف": Counter({"ASSAULT": 12}), "مدين": Counter({"ASSAULT": 1})},
                         Counter({"قصف": 20, "مدين": 300}))
    para = _doc("قصفت الطائرات مدينة حلب.").paragraphs[-1]

    def site(stem: str, src: str) -> Site:
        return Site(0, 0, 1, 0, 3, 0, 10, stem, stem, types={"ASSAULT": src})

    often = ev(Context(site("قصف", "learned"), para, {}, words), "ASSAULT")
    rare = ev(Context(site("مدين", "learned"), para, {}, words), "ASSAULT")
    assert often == {"ev_n=10+|src=learned": 1, "ev_n=10+|type=ASSAULT": 1, "ev_rate=>=.4|seen=10+": 1}
    assert rare == {"ev_n=1|src=learned": 1, "ev_n=1|type=ASSAULT": 1, "ev_rate=<.02|seen=10+": 1}
    # a lexicon form the annotations never held as a trigger of the type
    lex = ev(Context(site("حلب", "lexicon"), para, {}, words), "ASSAULT")
    assert lex["ev_n=0|src=lexicon"] == 1


def test_the_bounds_follow_the_name_and_evidence_features() -> None:
    from rasad.decide.coder import EventCoder
    from rasad.decide.site_context import annotate

    coder, docs = _rule_docs()
    assert isinstance(coder, EventCoder)
    extra = {"clause=future|type=CONSULT": -1.4, "clause=negation|far": 0.4, "clause=purpose": -0.8,
             "rivals=0": 0.3, "rivals=1": -0.2, "rival_same|type=CONSULT": -0.6, "rival_other|before|type=SUPPORT": -0.9,
             "rival_other|after|type=CONSULT": 0.5, "in=kb.entity": -1.5, "in=name.GPE|type=CONSULT": -0.9, "before=kb.entity|type=CONSULT": 0.6,
             "ev_n=1|src=learned": -0.7, "ev_n=2-3|type=CONSULT": 0.9, "ev_rate=<.02|seen=10+": -1.1,
             "ev_rate=>=.4|seen=1": 1.3}
    assert word_bound_is_exact(coder, docs, extra, prepare=annotate) >= 10


def test_the_clause_of_a_site_tells_a_purpose_a_plan_or_a_condition_and_stops_at_a_comma() -> None:
    doc = _doc("قال الوزير إن الحكومة تعتزم إرسال قوات إلى المنطقة، وقصفت الطائرات مواقع المسلحين. "
               "وصل الوفد بهدف إجراء محادثات مع المسؤولين.")
    para = next(p for p in doc.paragraphs if p.index == 0)
    modality = SITE_FEATURES["site.modality"]
    norms = [t.norm for t in para.tokens]

    def features(word: str) -> dict[str, float]:
        i = norms.index(word)
        s0, s1 = para.sentence_at(para.tokens[i].start)
        first = next(k for k, t in enumerate(para.tokens) if t.start >= s0)
        last = max(k for k, t in enumerate(para.tokens) if t.end <= s1)
        site = Site(0, i, i + 1, first, last, s0, s1, word, word)
        return modality(Context(site, para, {}, TriggerWords(), frozenset(), doc), "AID")

    assert features("ارسال")["clause=future|type=AID"] == 1  # تعتزم: a plan
    assert features("ارسال")["clause=future|near"] == 1
    assert not any(k.startswith("clause=") for k in features("وقصفت"))  # after the comma: told as done
    assert features("اجراء")["clause=purpose|near"] == 1  # بهدف
    assert not any(k.startswith("clause=") for k in features("وصل"))


def test_the_rules_other_events_in_a_sentence_are_its_rivals() -> None:
    from rasad.decide.site_context import RIVALS_KEY, annotate

    doc = _doc("استقبل الرئيس السوري وزير الخارجية الإيراني في دمشق وبحث معه دعم إيران لسوريا.")
    annotate(doc)
    para = next(p for p in doc.paragraphs if p.index == 0)
    rivals = para.cache[RIVALS_KEY]
    types = {t for _, _, t in rivals}
    assert len(rivals) >= 2 and "CONSULT" in types  # the rules coded the meeting and something else
    rival = SITE_FEATURES["site.rivals"]
    s0, first, t = rivals[0]
    site = Site(0, first, first + 1, 0, len(para.tokens) - 1, s0, len(para.text), "", "")
    got = rival(Context(site, para, {}, TriggerWords(), frozenset(), doc), t)
    assert got.get("rivals=1") == 1 or got.get("rivals=2") == 1
    assert any(k.startswith(("rival_other|after", "rival_same")) for k in got)
    # a sentence without a rule event elsewhere
    alone = Site(0, len(para.tokens) - 1, len(para.tokens), 0, len(para.tokens) - 1, -5, len(para.text), "", "")
    assert rival(Context(alone, para, {}, TriggerWords(), frozenset(), doc), "AID") == {"rivals=0": 1}
