"""Normalisation, offset maps and clitic-aware tokens."""

from __future__ import annotations

import itertools
import re

from hypothesis import given
from hypothesis import strategies as st

from rasad.arabic import analyse, clitic_variants, normalize, normalize_with_map, tokenize
from rasad.arabic.text import name_variants

ARABIC_CHARS = st.text(alphabet=st.sampled_from(list("ابتثجحخدذرسشصضطظعغفقكلمنهويءأإآىةؤئ ًٌٍَُِّْـ٠١٢٣ 0123.،")), max_size=60)


@given(ARABIC_CHARS)
def test_offset_map_points_back_to_the_source(text: str) -> None:
    norm, offsets = normalize_with_map(text)
    assert len(offsets) == len(norm) + 1 and offsets[-1] == len(text)
    assert all(a < b for a, b in itertools.pairwise(offsets))
    for i, ch in enumerate(norm):
        assert normalize(text[offsets[i]]) == ch


@given(ARABIC_CHARS)
def test_tokens_are_substrings_at_their_offsets(text: str) -> None:
    for tok in tokenize(text):
        assert text[tok.start : tok.end] == tok.text
        assert normalize(tok.text) == tok.norm


@given(ARABIC_CHARS)
def test_tokens_are_the_same_whichever_way_the_offsets_are_found(text: str) -> None:
    # tokenize skips the offset map when normalising drops nothing: the tokens are the map's
    norm, offsets = normalize_with_map(text)
    words = re.finditer(r"[0-9A-Za-z\u0621-\u064A\u066E-\u06D3\u06FA-\u06FF]+", norm)
    expected = [(text[offsets[m.start()] : offsets[m.end() - 1] + 1], m.group(), offsets[m.start()],
                 offsets[m.end() - 1] + 1) for m in words]
    assert [(t.text, t.norm, t.start, t.end) for t in tokenize(text)] == expected


def test_folding() -> None:
    assert normalize("سوريّة") == "سوريه"
    assert normalize("إيران") == normalize("ايران")
    assert normalize("٢٠٢٠") == "2020"


def test_clitics() -> None:
    assert "موسكو" in clitic_variants(normalize("لموسكو"))
    assert "الحوثيين" in clitic_variants(normalize("والحوثيين"))
    assert "الرياض" in clitic_variants(normalize("بالرياض"))
    assert "النظام" in clitic_variants(normalize("للنظام"))
    assert clitic_variants(normalize("فيصل"))[0] == "فيصل"


def test_name_variants_take_a_conjunction_then_a_preposition_only() -> None:
    assert name_variants("وبالرياض") == clitic_variants("وبالرياض")
    assert "النظام" in name_variants("وللنظام")
    assert name_variants("لكنهم") == ("لكنهم", "كنهم")  # not ل + ك + نهم
    assert "زير" not in name_variants("ووزير") and "سرت" not in name_variants("وفسرت")
    assert "نهم" in clitic_variants("لكنهم")  # the word lists' and trained models' forms stay as they were


def test_sentences() -> None:
    para = analyse(0, "قال الوزير إن المحادثات مثمرة. وأضاف أن الزيارة ستتكرر! هل ينجح؟ نعم")
    texts = [para.text[a:b] for a, b in para.sentences]
    assert texts == ["قال الوزير إن المحادثات مثمرة.", "وأضاف أن الزيارة ستتكرر!", "هل ينجح؟", "نعم"]
