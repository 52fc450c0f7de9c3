"""The CRF name tagger: the shipped model, its file interface, find_names and a small retrain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasad.ner import find_names, spans_of
from rasad.ner.tagger import MODEL, Tagger, clean_tags, default_tagger
from rasad.ner.train import ANERCORP, anercorp_split, read_conll, repair, train_model

LAVROV = [
    "قال",
    "وزير",
    "الخارجية",
    "الروسي",
    "سيرغي",
    "لافروف",
    "في",
    "موسكو",
    "إن",
    "بلاده",
    "لن",
    "تقبل",
    "بذلك",
    ".",
]


def test_model_and_metadata_ship() -> None:
    assert MODEL.is_file() and MODEL.stat().st_size < 8_000_000
    meta = json.loads(MODEL.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["labels"] == ["PER", "ORG", "LOC"]
    assert any("ANERcorp" in k for k in meta["training_data"])
    assert any("CC BY 4.0" in v for v in meta["gazetteers"].values())
    assert meta["heldout_scores"]["all_f1"] >= 0.75


def test_tags_a_person_and_a_place() -> None:
    tags = default_tagger().tag(LAVROV)
    assert len(tags) == len(LAVROV)
    assert tags[4:6] == ["B-PER", "I-PER"]
    assert tags[7] == "B-LOC"
    assert tags[:4] == ["O", "O", "O", "O"]
    assert set(tags) <= {"O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"}


def test_find_names_gives_spans_over_the_paragraph() -> None:
    paragraph = [*LAVROV, *["وأعلنت", "وزارة", "الخارجية", "الأمريكية", "في", "واشنطن", "موقفها", "."]]
    names = find_names(paragraph)
    assert (4, 6, "PER") in names
    assert (7, 8, "LOC") in names
    washington = paragraph.index("واشنطن")
    assert (washington, washington + 1, "LOC") in names
    assert find_names([]) == []


def test_spans_and_tag_cleaning() -> None:
    assert spans_of(["B-PER", "I-PER", "O", "B-LOC"]) == [(0, 2, "PER"), (3, 4, "LOC")]
    assert spans_of(["I-ORG", "I-ORG", "B-ORG"]) == [(0, 2, "ORG"), (2, 3, "ORG")]
    assert clean_tags(["B-MISC", "I-PER", "I-PER", "B-LOC", "I-ORG"]) == [
        "O",
        "B-PER",
        "I-PER",
        "B-LOC",
        "B-ORG",
    ]
    assert repair(["O", "I-LOC", "I-LOC", "I-PER"]) == ["O", "B-LOC", "I-LOC", "B-PER"]


def test_tag_conll_keeps_order_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "tokens.txt"
    second = ["التقى", "الرئيس", "في", "القاهرة"]
    path.write_text("\n".join([*LAVROV, "", *second, "", ""]) + "\n", encoding="utf-8")
    lines = list(Tagger().tag_conll(path))
    assert [ln.split(" ")[0] if ln else "" for ln in lines] == [*LAVROV, "", *second, "", ""]
    assert lines[len(LAVROV)] == ""
    assert lines[len(LAVROV) + 1 + 3] == "القاهرة B-LOC"


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    from rasad.errors import DataError

    with pytest.raises(DataError, match="train one"):
        Tagger(tmp_path / "none.crfsuite")


def test_small_retrain_produces_a_working_model(tmp_path: Path) -> None:
    rows = []
    for person, place in [("سمير", "حلب"), ("كريم", "وهران"), ("نادية", "صفاقس"), ("رامي", "الموصل")] * 3:
        rows += ["وصل O", f"{person} B-PERS", "إلى O", f"{place} B-LOC", "أمس O", ""]
    conll = tmp_path / "tiny.conll"
    conll.write_text("\n".join(rows) + "\n", encoding="utf-8")
    from rasad.ner.train import anercorp_label

    sentences = read_conll(conll, anercorp_label)
    assert len(sentences) == 12 and sentences[0][1] == ["O", "B-PER", "O", "B-LOC", "O"]
    model = train_model(tmp_path / "tiny.crfsuite", seed=1, sentences=sentences, max_iterations=30)
    tagger = Tagger(model)
    assert tagger.tag(["وصل", "كريم", "إلى", "حلب", "أمس"]) == ["O", "B-PER", "O", "B-LOC", "O"]


def test_heldout_f1() -> None:
    if not ANERCORP.is_file():
        pytest.skip(f"ANERcorp not found at {ANERCORP}; set RASAD_SHARED to the shared data directory")
    _, heldout = anercorp_split()
    tagger = default_tagger()
    gold = pred = right = 0
    for tokens, tags in heldout:
        g = set(spans_of(clean_tags(tags)))
        p = set(spans_of(tagger.tag(tokens)))
        gold, pred, right = gold + len(g), pred + len(p), right + len(g & p)
    f1 = 2 * right / (gold + pred)
    assert f1 >= 0.78, f"held-out F1 {f1:.3f}"


def test_pipeline_with_the_tagger_finds_people_the_kb_lacks() -> None:
    from rasad.model import RawDoc
    from rasad.pipeline import Pipeline

    text = "عنوان الخبر عن الجامعة\n\nوقال الطالب خالد العمري إن الجامعة افتتحت مركزا جديدا للأبحاث في المدينة هذا الأسبوع."
    plain = Pipeline(ner=False)(RawDoc("x.txt", "page", text))
    tagged = Pipeline(ner=True)(RawDoc("x.txt", "page", text))
    names = {m.text for m in tagged.entities if m.type == "PER"}
    assert "خالد العمري" in names
    assert len(tagged.entities) >= len(plain.entities)


def test_the_feature_cache_is_bounded_and_gives_the_same_features() -> None:
    from rasad.ner.features import FeatureCache

    small, big = FeatureCache(max_words=3), FeatureCache(max_words=1000)
    words = ["زار", "لافروف", "موسكو", "والرياض", "بغداد", "لافروف", "2020م", "زار"]
    for _ in range(3):
        assert small.sentence(words) == big.sentence(words)
        assert len(small._cache) <= 3 and len(small._old) <= 3  # two generations at most
    assert len(big._cache) == 6


def test_a_token_s_features_are_its_own_then_its_neighbours_at_minus_then_plus() -> None:
    from rasad.ner.features import FeatureCache, Gazetteers

    cache = FeatureCache(Gazetteers())
    words = ["زار", "لافروف", "موسكو"]
    own, m1, p1, m2, p2 = zip(*[cache.word(w)[:5] for w in words], strict=True)
    feats = cache.sentence(words)
    assert feats[0] == [*own[0], "BOS", *p1[1], *p2[2]]
    assert feats[1] == [*own[1], *m1[0], "BOS-1", *p1[2], "EOS+1"]
    assert feats[2] == [*own[2], *m1[1], *m2[0], "EOS"]
    assert cache.sentence(["زار"]) == [[*own[0], "BOS", "EOS"]]
    assert cache.sentence([]) == []


def test_the_tagger_passes_only_the_features_its_model_weighs_and_tags_the_same() -> None:
    from rasad.ner.features import FeatureCache
    from rasad.ner.tagger import model_attributes

    tagger = default_tagger()
    known = model_attributes(tagger._crf)
    assert "bias" in known and "w=زززز" not in known
    assert known == frozenset(attr for attr, _ in tagger._crf.info().state_features)
    assert tagger.cache.known == known
    words = [*LAVROV[:-1], "زززز", "ببببببب", "."]
    feats = tagger.cache.sentence(words)
    # the tagger's cache holds its features as UTF-8 bytes, what CRFsuite reads without encoding
    assert all(isinstance(f, bytes) and f.decode() in known for row in feats for f in row)
    as_text = FeatureCache(known=known).sentence(words)
    assert as_text == [[f.decode() for f in row] for row in feats]  # type: ignore[union-attr]
    full = Tagger(MODEL, cache=FeatureCache())  # every feature, as in training
    assert any(f not in known for row in full.cache.sentence(words) for f in row)
    assert full.tag_scored(words) == tagger.tag_scored(words)


def test_sentences_whose_words_are_all_known_names_are_not_tagged(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasad.ner import find_scored_names

    tagged: list[list[str]] = []
    real = Tagger.tag_scored

    def spy(self: Tagger, tokens: list[str], names_only: bool = False) -> tuple[list[str], list[float]]:
        tagged.append(tokens)
        return real(self, tokens, names_only)

    monkeypatch.setattr(Tagger, "tag_scored", spy)
    two = [*LAVROV, *LAVROV]
    n = len(LAVROV)
    spans = find_scored_names(two, skip=set(range(n)))
    assert tagged == [LAVROV]  # the first sentence is skipped
    assert [(a - n, b - n, k) for a, b, k, _ in spans] == find_names(LAVROV)
    assert find_scored_names(two, skip=set(range(2 * n))) == []
    one_left = set(range(2 * n)) - {n + 4}  # one word of the second sentence is not covered
    assert {(a, b) for a, b, *_ in find_scored_names(two, skip=one_left)} == {(a + n, b + n) for a, b, _ in find_names(LAVROV)}


def test_word_cluster_features_of_the_token_and_its_neighbours() -> None:
    from rasad.clusters import cluster_of
    from rasad.ner.features import FeatureCache, light_stem

    cache = FeatureCache(clusters=True)  # an option: off in the shipped model (docs/ner.md)
    words = ["قال", "وزير", "الخارجية", "إن"]
    feats = cache.sentence(words)
    c64, c256, c1024 = cluster_of(light_stem("وزير")) or (None, None, None)
    assert c64 is not None, "the corpus clusters hold وزير"
    assert {f"c64={c64}", f"c256={c256}", f"c1024={c1024}"} <= set(feats[1])
    assert f"-1c64={c64}" in feats[2] and f"+1c256={c256}" in feats[0]
    assert f"-2c64={c64}" in feats[3]
    # a word the corpus never held has no cluster, and says so
    assert "c=none" in cache.sentence(["قغفثصض"])[0]
    assert not any(f.startswith(("c64=", "c=")) for f in FeatureCache().sentence(words)[1])


def test_light_stem_is_the_clusters_key() -> None:
    from rasad.decide.sites import stem
    from rasad.ner.features import light_stem

    for word in ("وبقصفها", "الرياض", "وزارة", "والخارجية", "كتبهم", "بالمستشفى", "لل"):
        assert light_stem(word) == stem(word), word


def test_kb_names_of_several_words_mark_their_whole_span() -> None:
    from rasad.ner.features import FeatureCache, Gazetteers

    gaz = Gazetteers(
        spans={("وزاره", "الشوون", "الاختباريه"): "ORG", ("رامي", "الاختباري"): "PER", ("وزاره", "الشوون"): "ORGc"},
        span_len={"وزاره": 3, "رامي": 2},
    )
    cache = FeatureCache(gaz)
    words = ["وقال", "رامي", "الاختباري", "إن", "ووزارة", "الشؤون", "الاختبارية", "وزارة", "الشؤون", "أعلنت"]
    rows = [cache.word(w) for w in words]
    # the longest name wins (three words over two); a proclitic on the first word is stripped
    assert cache.kb_spans(rows) == ["", "B-PER", "I-PER", "", "B-ORG", "I-ORG", "I-ORG", "B-ORGc", "I-ORGc", ""]
    feats = cache.sentence(words)
    assert "k:B-PER" in feats[1] and "k:I-PER" in feats[2] and "+1k:B-PER" in feats[0]
    assert "-1k:I-ORG" in feats[7]
    assert not any(f.startswith("k:") for f in feats[3])


def test_the_shipped_gazetteers_hold_long_kb_names() -> None:
    from rasad.arabic.normalize import normalize
    from rasad.ner.features import default_gazetteers

    gaz = default_gazetteers()
    assert gaz.spans[tuple(normalize("وزارة الشؤون البلدية والقروية").split())] in ("ORG", "ORGc")
    assert gaz.spans[tuple(normalize("المملكة العربية السعودية").split())] == "LOC"
    assert all(len(k) >= 2 for k in gaz.spans)


def test_a_name_chain_s_link_words_are_person_name_words_whatever_the_kb_holds() -> None:
    from rasad.arabic.normalize import normalize
    from rasad.ner.features import NAME_LINKS, default_gazetteers

    kper = default_gazetteers().sets["kper"]
    assert {normalize(w) for w in NAME_LINKS} <= kper
    assert normalize("ابن") in kper
    assert normalize("وزارة") not in kper


def test_tag_scored_gives_a_probability_per_tag() -> None:
    from rasad.ner import find_scored_names

    tags, probs = default_tagger().tag_scored(LAVROV)
    assert tags == default_tagger().tag(LAVROV)
    assert len(probs) == len(LAVROV) and all(0.0 <= p <= 1.0 for p in probs)
    spans = find_scored_names(LAVROV)
    assert [(a, b, k) for a, b, k, _ in spans] == find_names(LAVROV)
    assert all(p > 0.5 for *_, p in spans)
    assert default_tagger().tag_scored([]) == ([], [])
    names_tags, names_probs = default_tagger().tag_scored(LAVROV, names_only=True)
    assert names_tags == tags
    assert [p for t, p in zip(tags, probs, strict=True) if t != "O"] == [p for t, p in zip(tags, names_probs, strict=True) if t != "O"]
    assert all(p == 1.0 for t, p in zip(tags, names_probs, strict=True) if t == "O")
