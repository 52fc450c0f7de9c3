"""Speech-verb forms generated from lemmas (rasad/lexicon/conjugate.py, speech_verbs.yaml)."""

from __future__ import annotations

from rasad.arabic.normalize import normalize
from rasad.lexicon.conjugate import (
    FIRST_PERSON,
    NOUN,
    PARTICIPLE,
    VERB,
    Lemma,
    forms,
    past_forms,
    present_forms,
)
from rasad.stages.statements import speech_lexicon


def n(*words: str) -> set[str]:
    return {normalize(w) for w in words}


def test_a_sound_verb_gets_its_persons_participles_and_nouns() -> None:
    got = forms(Lemma("أكد", "يؤكد", "مؤكد", "تأكيد"))
    assert n("أكد", "أكدت", "أكدوا", "تؤكد", "يؤكدون") <= {f for f, k in got.items() if k == VERB}
    assert n("مؤكدا", "مؤكدة", "مؤكدين") <= {f for f, k in got.items() if k == PARTICIPLE}
    assert n("تأكيده", "تأكيدها") <= {f for f, k in got.items() if k == NOUN}
    assert n("نؤكد", "أؤكد") == {f for f, k in got.items() if k == FIRST_PERSON}
    assert normalize("مؤكد") not in got  # the bare masculine is an adjective (مصدر مؤكد)


def test_weak_finals_drop_before_plural_endings() -> None:
    assert n("نفى", "نفت", "نفوا") == set(past_forms("نفى"))
    assert normalize("ينفون") in present_forms("ينفي") and normalize("يدعون") in present_forms("يدعو")


def test_a_transitive_verb_takes_object_pronouns_and_no_dual() -> None:
    got = past_forms("أخبر", transitive=True)
    assert normalize("أخبرته") in got and normalize("أخبرها") in got
    assert normalize("أخبرا") not in got  # a dual reads as the participle مخبرا


def test_a_feminine_participle_that_is_a_common_noun_is_left_out() -> None:
    assert normalize("ذاكرة") not in forms(Lemma("ذكر", "يذكر", "ذاكر", feminine=False))


def test_the_quote_lexicon_adds_generated_forms_and_keeps_first_person_out() -> None:
    lexicon = speech_lexicon()
    assert (normalize("يطالبون"),) in lexicon.cues.verbs and normalize("مشيرين") in lexicon.participles
    assert (normalize("نطالب"),) not in lexicon.cues.verbs or normalize("نطالب") in lexicon.first_person
    assert lexicon.cues.verbs[(normalize("رجحت"),)] == ("رجح", "asserted")
