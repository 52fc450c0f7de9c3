"""Word clusters in the learned event decisions (rasad.decide.cluster_features, the ``cluster``
source of sites): each family fires what it says, and a stem never annotated is proposed through
its cluster."""

from __future__ import annotations

from collections import Counter

import pytest

from rasad.arabic.normalize import normalize
from rasad.arabic.text import Paragraph, tokenize
from rasad.clusters import cluster_of
from rasad.decide.coder import usable_types
from rasad.decide.features import SITE_FEATURES, Context
from rasad.decide.sites import Site, SiteFinder, TriggerWords, source_of, stem
from rasad.model import Document, RawDoc
from rasad.pipeline import Pipeline

# اعتقل, تحتجز and لاذ share a cluster of 1,024 (the shipped clusters); وزير is in another
ARREST, HOLD, MINISTER = "اعتقل", "تحتجز", "وزير"


def _ctx(text: str, word: str, words: TriggerWords | None = None) -> Context:
    para = Paragraph(0, text, tokenize(normalize(text)))
    norms = [t.norm for t in para.tokens]
    i = norms.index(normalize(word))
    site = Site(0, i, i + 1, 0, len(norms) - 1, 0, len(text), word, stem(norms[i]), types={"COERCE": "learned"})
    return Context(site, para, {}, words or TriggerWords())


@pytest.fixture
def cluster_sites(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sites proposed through their cluster (off in the shipped setting, chosen by CV)."""
    from rasad.decide import sites

    monkeypatch.setattr(sites, "CLUSTER_SITES", True)


def _words() -> TriggerWords:
    """Trigger words that learned اعتقل as COERCE (3 of 10 occurrences of its cluster's words)."""
    c = cluster_of(ARREST)
    assert c is not None
    return TriggerWords({ARREST: Counter(COERCE=3)}, Counter({ARREST: 5}), {c[2]: Counter(COERCE=3)}, Counter({c[2]: 10}))


def test_the_shipped_clusters_hold_the_words_these_tests_use() -> None:
    a, h, m = cluster_of(ARREST), cluster_of(HOLD), cluster_of(stem(normalize(MINISTER)))
    assert a is not None and h is not None and m is not None
    assert a[2] == h[2] == (cluster_of("لاذ") or (0, 0, -1))[2] and m[2] != a[2]


def test_the_cluster_families_are_registered_before_the_sentences_terms() -> None:
    # site_score adds site.sentence's terms last from a cache: it must stay the last family
    ids = list(SITE_FEATURES)
    assert ids[-1] == "site.sentence"
    assert ids.index("site.cluster") < ids.index("site.cluster_sentence") < ids.index("site.sentence")


def test_site_cluster_fires_the_triggers_clusters_and_its_neighbours_by_type() -> None:
    ctx = _ctx("وقالت الشرطة إنها اعتقلت المشتبه به أمس", "اعتقلت")
    got = SITE_FEATURES["site.cluster"](ctx, "COERCE")
    own = cluster_of(ctx.site.stem)
    prev, after = cluster_of(stem(normalize("إنها"))), cluster_of(stem(normalize("المشتبه")))
    assert own is not None and prev is not None and after is not None
    assert got[f"c256={own[1]}|type=COERCE"] == 1 and got[f"c1024={own[2]}|type=COERCE"] == 1
    assert got[f"prev_c256={prev[1]}|type=COERCE"] == 1 and got[f"next_c256={after[1]}|type=COERCE"] == 1
    assert "cluster_rate" not in got  # the empty trigger words propose nothing
    # a word the corpus did not hold has no cluster, and says so
    odd = _ctx("اعتقلت زززقققببب", "زززقققببب")
    assert odd.site.stem not in ("",) and cluster_of(odd.site.stem) is None
    assert SITE_FEATURES["site.cluster"](odd, "COERCE").get("c=none|type=COERCE") == 1


def test_site_cluster_gives_the_rate_the_cluster_proposes_the_type_at(cluster_sites: None) -> None:
    ctx = _ctx("وكانت قوات الأمن تحتجز عشرات الأشخاص", HOLD, _words())
    got = SITE_FEATURES["site.cluster"](ctx, "COERCE")
    assert got["cluster_rate"] == 0.3 and got["cluster_proposes|seen=0"] == 1
    assert "cluster_rate" not in SITE_FEATURES["site.cluster"](ctx, "ACCUSE")


def test_site_cluster_sentence_is_a_bag_of_the_content_words_clusters() -> None:
    ctx = _ctx("وقالت الشرطة إنها اعتقلت المشتبه به في بغداد", "اعتقلت")
    got = SITE_FEATURES["site.cluster_sentence"](ctx, "COERCE")
    police = cluster_of(stem(normalize("الشرطة")))
    assert police is not None and got[f"s_c256={police[1]}|type=COERCE"] == 0.5
    fi = cluster_of("في")
    assert fi is not None and f"s_c256={fi[1]}|type=COERCE" not in got  # a function word is no content word
    assert all(k.endswith("|type=COERCE") and v == 0.5 for k, v in got.items()) and len(got) >= 3


def test_a_stem_never_annotated_is_proposed_through_its_cluster(cluster_sites: None) -> None:
    words = _words()
    # violence and protest are never proposed so (the GSR's model learns them)
    c = cluster_of(ARREST)
    assert c is not None
    assert TriggerWords(clusters={c[2]: Counter(ASSAULT=3)}, cluster_seen=Counter({c[2]: 10})).cluster_types(HOLD) == {}
    assert words.cluster_types(HOLD) == {"COERCE": 0.3}
    assert words.cluster_types(stem(normalize(MINISTER))) == {}
    assert words.candidate_types(HOLD) == {"COERCE": "cluster"}
    assert words.candidate_types(ARREST) == {"COERCE": "learned"}
    # a cluster whose words are rarely triggers proposes nothing
    rare = TriggerWords(words.types, words.seen, words.clusters, Counter({k: 10_000 for k in words.clusters}))
    assert rare.cluster_types(HOLD) == {}
    # the model file keeps the clusters' counts
    again = TriggerWords.from_dict(words.to_dict())
    assert again.cluster_types(HOLD) == {"COERCE": 0.3} and again.level == words.level


def test_a_sites_source_is_what_the_given_trigger_words_make_of_it(cluster_sites: None) -> None:
    site = Site(0, 0, 1, 0, 0, 0, 1, HOLD, HOLD, types={"COERCE": "cluster", "ACCUSE": "lexicon"})
    assert source_of(site, "COERCE", _words()) == "cluster"
    assert source_of(site, "COERCE", TriggerWords({HOLD: Counter(COERCE=1)})) == "learned"
    assert source_of(site, "COERCE", TriggerWords()) == ""
    assert usable_types(site, TriggerWords()) == {"ACCUSE": "lexicon"}
    assert usable_types(site, _words()) == {"COERCE": "cluster", "ACCUSE": "lexicon"}


def test_the_site_finder_proposes_a_word_through_its_cluster(cluster_sites: None) -> None:
    pipe = Pipeline(learned=False)
    text = "ولاذ المسلحون بالفرار."  # لاذ: a word of the cluster of اعتقل no lexicon form reaches
    doc = Document(source="t", raw=RawDoc(source="t", kind="text", text=text))
    for _, stage in pipe.stages:
        doc = stage(doc)
    assert doc.error is None
    finder = SiteFinder(next(s for n, s in pipe.stages if n == "events").coder)  # type: ignore[attr-defined]
    found = {s.trigger: s.types for s in finder.find(doc, _words(), parties=False)}
    assert found.get("ولاذ") == {"COERCE": "cluster"}
    assert "ولاذ" not in {s.trigger for s in finder.find(doc, TriggerWords(), parties=False)}


def test_without_cluster_sites_no_cluster_proposes_anything() -> None:
    from rasad.decide import sites

    assert sites.CLUSTER_SITES is False  # the shipped setting
    assert _words().cluster_types(HOLD) == {} and _words().candidate_types(HOLD) is None
