"""The learned event decisions (rasad.decide): candidates, named features, the shipped model."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import rasad
from rasad.decide.features import PARTY_FEATURES, SITE_FEATURES
from rasad.decide.model import MODEL_PATH, EventModel, default_model
from rasad.decide.sites import content_stem, generated_forms
from rasad.model import Document, RawDoc
from rasad.pipeline import Pipeline


def test_lexicon_forms_are_generated_from_listed_ones() -> None:
    assert "قصف" in generated_forms("قصفها")  # a pronoun suffix
    assert "يقاطع" in generated_forms("سنقاطع")  # the future prefix and the first person
    assert "غاره" in generated_forms("الغارات")  # a plural
    assert "رفض" in generated_forms("رفضنا")
    assert "منع" in generated_forms("ومنعت")  # the past feminine
    assert "يوقع" in generated_forms("ويوقعان")  # the present dual
    assert "وصف" in generated_forms("وصفته")  # the past feminine with an object pronoun
    assert "بيت" not in generated_forms("بيت") or "بي" not in generated_forms("بيت")  # no form under three letters


def test_a_phrase_of_the_lexicon_matches_across_one_inserted_word() -> None:
    from rasad.arabic.normalize import normalize
    from rasad.arabic.text import tokenize
    from rasad.decide.sites import gapped_trigger_at

    tokens = tokenize(normalize("وأبدى الوزير استعداده للتعاون"))
    trig = gapped_trigger_at(tokens, 0)
    assert trig is not None and trig.type == "AGREE"
    assert gapped_trigger_at(tokenize(normalize("وأبدى الوزير الجديد استعداده")), 0) is None  # two words: no
    assert gapped_trigger_at(tokenize(normalize("أبدى استعداده")), 0) is None  # as listed: the lexicon's, not a gap


def _site_at(text: str, word: str, parties: list[tuple[str, bool]], kind: str = "GPE") -> tuple[object, list]:
    """A Context for the site at ``word`` of a one-sentence paragraph, with parties at the given
    words (``previous``: of the sentence before)."""
    from rasad.arabic.normalize import normalize
    from rasad.arabic.text import Paragraph, tokenize
    from rasad.decide.features import Context
    from rasad.decide.sites import Party, Site, TriggerWords
    from rasad.model import Actor

    para = Paragraph(0, text, tokenize(normalize(text)))
    norms = [t.norm for t in para.tokens]
    i = norms.index(normalize(word))
    site = Site(0, i, i + 1, 0, len(norms) - 1, 0, len(text), word, word)
    for w, previous in parties:
        j = norms.index(normalize(w))
        site.parties.append(Party(Actor(w, None, None, None), 0, j, j + 1, kind, previous_sentence=previous))
    return Context(site, para, {}, TriggerWords()), site.parties


def test_party_agreement_reads_the_verbs_gender() -> None:
    from rasad.decide.features import PARTY_FEATURES

    ctx, parties = _site_at("وقالت الحكومة إن الجيش انسحب", "وقالت", [("الحكومة", False)])
    assert PARTY_FEATURES["party.agreement"](ctx, "ACCUSE", parties[0]) == {  # type: ignore[arg-type]
        "verb=f|party_fem=True|after": 1, "verb=f|kind=GPE|after": 1}
    ctx, parties = _site_at("ويقول الوزير إن الجيش انسحب", "ويقول", [("الوزير", False)], kind="title")
    assert "verb=m|party_fem=False|after" in PARTY_FEATURES["party.agreement"](ctx, "ACCUSE", parties[0])  # type: ignore[arg-type]
    ctx, parties = _site_at("الانسحاب من المدينة", "الانسحاب", [("المدينة", False)])
    assert PARTY_FEATURES["party.agreement"](ctx, "RETREAT", parties[0]) == {}  # type: ignore[arg-type]  # a noun: no gender read


def test_a_party_of_the_sentence_before_knows_whether_this_one_names_a_subject() -> None:
    from rasad.decide.features import PARTY_FEATURES

    ctx, parties = _site_at("مصر ثم دانت الهجوم", "دانت", [("مصر", True)])
    assert PARTY_FEATURES["party.dropped_subject"](ctx, "ACCUSE", parties[0])["prev|none_before=True"] == 1  # type: ignore[arg-type]
    ctx, parties = _site_at("الأردن وقطر دانت الهجوم", "دانت", [("الأردن", True), ("وقطر", False)])
    assert PARTY_FEATURES["party.dropped_subject"](ctx, "ACCUSE", parties[0])["prev|none_before=False"] == 1  # type: ignore[arg-type]
    assert PARTY_FEATURES["party.dropped_subject"](ctx, "ACCUSE", parties[1]) == {}  # type: ignore[arg-type]


def test_gold_triggers_align_through_proclitics_and_left_out_words() -> None:
    from rasad.decide.train import align

    doc, _ = _decisions("ويتهم الجيش المسلحين. وشنت الطائرات أمس سلسلة من الغارات على المدينة.")
    assert doc.error is None
    gold = [{"type": "ACCUSE", "trigger": "يتهم", "actor": [], "recipient": []},
            {"type": "ASSAULT", "trigger": "شنت ... الغارات", "actor": [], "recipient": []},
            {"type": "ASSAULT", "trigger": "قصفت", "actor": [], "recipient": []}]
    anchors, retold = align(doc, gold)
    assert anchors[0] is not None and anchors[0].first == 0
    assert anchors[1] is not None and [a.last - a.first for a in retold[1]] == [1]  # the later piece
    assert anchors[2] is None  # not in the text


def test_function_words_are_never_learned_triggers() -> None:
    assert content_stem("علي") is None and content_stem("الذي") is None  # normalised forms (على → علي)
    assert content_stem("وبقصفها") == "قصف"


def test_function_words_come_from_the_lexicon_and_a_missing_list_is_a_one_line_error() -> None:
    from rasad.decide.sites import function_words
    from rasad.lexicon import word_list

    assert {"الي", "علي", "ان", "اطار"} <= function_words()  # read from context.yaml, normalised
    with pytest.raises(rasad.errors.DataError, match=r"context\.yaml: 'no_such_words' must be a list of words"):
        word_list("context.yaml", "no_such_words")
    with pytest.raises(rasad.errors.DataError, match="must be a list of words"):
        word_list("context.yaml", "place_words_typo")


def test_the_shipped_model_loads_and_names_its_features() -> None:
    model = default_model()
    assert model is not None and MODEL_PATH.is_file()
    assert {"site.type", "site.rule_event", "site.framing"} <= set(SITE_FEATURES)
    assert {"party.position", "party.preposition", "party.rule_role"} <= set(PARTY_FEATURES)
    # every weight belongs to a feature family a registered function fires
    assert model.site.weights and model.actor.weights and model.recipient.weights
    assert 0 < model.thresholds.site < 1


def test_the_sentence_words_weights_are_held_apart_and_given_back_whole(tmp_path: Path) -> None:
    """A model's s_word= weights live in its word table, not as names in its dict: every weight
    reads back the same float, the model saves to the same JSON, and scores equal the plain sum."""
    import pickle

    from rasad.decide.model import Linear, Weights

    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    model = EventModel.load(MODEL_PATH)
    site = model.site
    assert isinstance(site.weights, Weights) and not any(k.startswith("s_word=") for k in site.weights)
    assert site.all_weights() == {k: float(v) for k, v in data["site"]["weights"].items()}
    assert all(site.weight(k) == v for k, v in data["site"]["weights"].items())
    assert site.weight("s_word=no_such_word") == 0.0 == site.weight("s_word=no_such_word|type=CONSULT")
    assert site.to_dict() == data["site"] and model.actor.to_dict() == data["actor"]
    assert pickle.loads(pickle.dumps(site.weights)).full() == site.all_weights()
    model.save(tmp_path / "events.json")
    assert EventModel.load(tmp_path / "events.json").site.all_weights() == site.all_weights()
    # a small model: the same score as a plain dict of the same weights
    weights = {"s_word=حرب": 0.75, "s_word=حرب|type=FIGHT": -1.25, "s_word=سلم|type=CONSULT": 0.5, "type=FIGHT": 2.0}
    small = Linear(dict(weights), -0.5)
    assert isinstance(small.weights, Weights) and set(small.weights) == {"type=FIGHT"}
    feats = {"s_word=حرب": 0.5, "s_word=حرب|type=FIGHT": 0.5, "s_word=سلم|type=FIGHT": 0.5, "type=FIGHT": 1.0}
    assert small.score(feats) == -0.5 + sum(weights.get(k, 0.0) * v for k, v in feats.items())
    assert small.reasons(feats)[0] == ("type=FIGHT", 2.0) and ("s_word=سلم|type=FIGHT", 0.0) not in small.reasons(feats)


def test_a_broken_model_file_is_a_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "events.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(rasad.errors.RasadError, match="rebuild it with `rasad train-events`"):
        EventModel.load(bad)


def _decisions(text: str, title: str | None = None) -> tuple[Document, list]:
    pipe = Pipeline()
    name, coder = pipe.stages[-1]
    assert name == "decide"
    doc = Document(source="t", raw=RawDoc(source="t", kind="text", text=text, meta={"title": title} if title else {}))
    for _, stage in pipe.stages[:-1]:
        doc = stage(doc)
    return doc, coder.decide(doc)  # type: ignore[attr-defined]


def test_a_meeting_is_decided_an_event_with_its_parties() -> None:
    doc, decisions = _decisions("استقبل الرئيس السوري بشار الأسد في دمشق أمس وزير الخارجية الإيراني محمد جواد ظريف.")
    assert doc.error is None
    events = [d.event for d in decisions if d.event is not None]
    consult = [e for e in events if e.type == "CONSULT"]
    assert consult and {consult[0].actor[0].country, consult[0].recipient[0].country} == {"SYR", "IRN"}
    assert "model p=" in consult[0].rule or consult[0].rule.startswith("consult")


def test_a_sentence_without_an_act_has_sites_rejected_for_a_named_reason() -> None:
    doc, decisions = _decisions("وتشهد المنطقة طقسا معتدلا خلال الأيام المقبلة بحسب الأرصاد.")
    assert doc.error is None
    assert not [d for d in decisions if d.event is not None]
    assert all(d.why for d in decisions)


def test_the_rules_alone_are_still_a_pipeline() -> None:
    doc = Pipeline(learned=False)(RawDoc(source="t", kind="text", text="التقى وزير الخارجية الروسي سيرغي لافروف نظيره التركي في موسكو."))
    assert doc.error is None and [e.type for e in doc.events] == ["CONSULT"]


def _gold_leads(tmp_path: Path, texts: list[str], events: list[list[dict]]) -> Path:
    """A gold directory of annotated leads (events only), one a text, as ``../shared/gold/train`` lays them out."""
    gold = tmp_path / "gold"
    (gold / "inputs").mkdir(parents=True)
    for n, (text, evs) in enumerate(zip(texts, events, strict=True)):
        (gold / "inputs" / f"lead-{n}.jsonl").write_text(json.dumps({"title": "", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
        (gold / f"lead-{n}.json").write_text(json.dumps({"input": f"inputs/lead-{n}.jsonl", "events": evs, "quotes": []},
                                                        ensure_ascii=False), encoding="utf-8")
    return gold


def test_training_on_a_tiny_gold_set_writes_a_model_that_codes(tmp_path: Path) -> None:
    from rasad.decide import train

    texts = ["التقى وزير الخارجية الروسي سيرغي لافروف نظيره التركي مولود جاويش أوغلو في موسكو أمس.",
             "استقبل الرئيس السوري بشار الأسد وزير الخارجية الإيراني في دمشق.",
             "وتشهد المنطقة طقسا معتدلا خلال الأيام المقبلة."]
    events = [[{"type": "CONSULT", "actor": [{"text": "سيرغي لافروف", "country": "RUS"}],
                "recipient": [{"text": "مولود جاويش أوغلو", "country": "TUR"}], "trigger": "التقى"}],
              [{"type": "CONSULT", "actor": [{"text": "بشار الأسد", "country": "SYR"}],
                "recipient": [{"text": "وزير الخارجية الإيراني", "country": "IRN"}], "trigger": "استقبل"}], []]
    gold = _gold_leads(tmp_path, texts, events)
    items = train.prepare([gold])
    assert len(items) == 3 and all(a is not None for a in items[0].anchors)
    model = train.fit(items, 1.0)
    path = tmp_path / "events.json"
    model.save(path)
    again = EventModel.load(path)
    assert again.words.types and again.site.weights
    report = train.grade(items, {it.name: train.predict(train.EventCoder(train.event_stage(), again), it) for it in items})
    assert report.events.tp >= 1


def test_training_leaves_out_the_weights_under_min_weight_and_the_rare_stems_under_learned_min(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from collections import Counter

    from rasad.decide import train
    from rasad.decide.sites import TriggerWords

    data = [({"a": 1.0, "b": 1.0, "rare": 0.001}, 1), ({"a": 1.0, "c": 1.0}, 0), ({"b": 1.0}, 1), ({"c": 1.0}, 0)] * 5
    full = train._logistic(data, 0.5)
    monkeypatch.setattr(train, "MIN_WEIGHT", 0.0)
    assert set(train._logistic(data, 0.5).weights) == {"a", "b", "c", "rare"}
    monkeypatch.setattr(train, "MIN_WEIGHT", 0.5)
    pruned = train._logistic(data, 0.5)
    assert pruned.weights and all(abs(w) >= 0.5 for w in pruned.weights.values())
    assert "rare" not in pruned.weights and set(pruned.weights) < set(full.weights) | {"rare"}
    assert pruned.bias == full.bias or abs(pruned.bias - full.bias) < 1e-12  # the bias is never left out
    words = TriggerWords({"قصف": Counter({"ASSAULT": 2}), "زار": Counter({"CONSULT": 1})}, Counter({"قصف": 9, "زار": 4}))
    assert train.frequent(words, 1) is words
    two = train.frequent(words, 2)
    assert set(two.types) == {"قصف"} and set(two.seen) == {"قصف"}


def test_each_training_document_sees_the_trigger_words_of_the_others_only(tmp_path: Path) -> None:
    from rasad.arabic.normalize import normalize
    from rasad.decide import train
    from rasad.decide.sites import content_stem

    texts = ["التقى وزير الخارجية الروسي سيرغي لافروف نظيره التركي مولود جاويش أوغلو في موسكو أمس.",
             "استقبل الرئيس السوري بشار الأسد وزير الخارجية الإيراني في دمشق.",
             "التقى الرئيس السوري بشار الأسد وزير الخارجية الإيراني في دمشق."]
    events = [[{"type": "CONSULT", "actor": [{"text": "سيرغي لافروف", "country": "RUS"}],
                "recipient": [{"text": "مولود جاويش أوغلو", "country": "TUR"}], "trigger": "التقى"}],
              [{"type": "CONSULT", "actor": [{"text": "بشار الأسد", "country": "SYR"}],
                "recipient": [{"text": "وزير الخارجية الإيراني", "country": "IRN"}], "trigger": "استقبل"}],
              [{"type": "CONSULT", "actor": [{"text": "بشار الأسد", "country": "SYR"}],
                "recipient": [{"text": "وزير الخارجية الإيراني", "country": "IRN"}], "trigger": "التقى"}]]
    gold = _gold_leads(tmp_path, texts, events)
    items = sorted(train.prepare([gold]), key=lambda it: it.name)
    words = train.trigger_words(items)
    met, received = content_stem(normalize("التقى")), content_stem(normalize("استقبل"))
    assert words.types[met]["CONSULT"] == 2 and words.seen[met] == 2 and words.types[received]["CONSULT"] == 1
    first = train.without(words, train.own_counts(items[0], words))
    assert first.types[met]["CONSULT"] == 1 and first.seen[met] == 1 and first.types[received]["CONSULT"] == 1
    second = train.without(words, train.own_counts(items[1], words))
    assert received not in second.types and second.types[met]["CONSULT"] == 2
    assert words.types[received]["CONSULT"] == 1  # the full words are left as they were
    # in training, the second document's trigger is a stem no other document annotated
    site_x, _, _, _ = train.examples(items[1:2], words, jackknife=True)
    in_sample, _, _, _ = train.examples(items[1:2], words, jackknife=False)
    assert any(label and "unseen_stem" in f for f, label in site_x)
    assert not any(label and "unseen_stem" in f for f, label in in_sample)


def _gsr_file(path: Path) -> Path:
    """A tiny GSR-like file: sentences written for this test, two source documents."""
    rows = [("A-1", "قصفت طائرات حربية مواقع المسلحين في المدينة أمس وقتل خمسة أشخاص.", "yes"),
            ("A-2", "وحذر الوزير من هجوم محتمل قد يشنه المسلحون على المدينة.", "difficult no"),
            ("B-1", "هاجم مسلحون نقطة تفتيش للشرطة شمال بغداد صباح اليوم.", "yes"),
            ("B-2", "وتشهد المنطقة طقسا معتدلا خلال الأيام المقبلة.", "easy no")]
    path.write_text("".join(json.dumps({"id": i, "text": t, "event_type": "ASSAULT", "label": lab}, ensure_ascii=False) + "\n"
                            for i, t, lab in rows), encoding="utf-8")
    return path


def test_gsr_sentences_are_items_with_their_label_and_source_document(tmp_path: Path) -> None:
    from rasad.decide import train
    from rasad.decide.gsr import detect, group, prepare_gsr

    assert group("AAW_ARB_20080625.0017-15") == "AAW_ARB_20080625.0017"
    items = prepare_gsr([_gsr_file(tmp_path / "assault.jsonl")])
    assert [it.label for it in items] == [("ASSAULT", "yes"), ("ASSAULT", "difficult no"), ("ASSAULT", "yes"), ("ASSAULT", "easy no")]
    assert all(it.doc.error is None for it in items)
    # the sentences of one source document stay in one fold
    for part in train.folds(items, 2):
        assert len({it.group for it in part}) == len(part) // 2
    # detection: the first sentence found, the hard negative wrongly found too
    preds = {items[0].name: {"events": [{"type": "ASSAULT"}]}, items[1].name: {"events": [{"type": "ASSAULT"}]}}
    d = detect(items, preds)["ASSAULT"]
    assert (d.tp, d.fp, d.fn, d.hard, d.hard_right) == (1, 1, 1, 1, 0)
    assert d.figures()["F1"] == 0.5


def test_a_model_trained_with_gsr_sentences_decides_violence_with_sentence_features(tmp_path: Path) -> None:
    from rasad.decide import train
    from rasad.decide.features import SITE_FEATURES, Context, site_features, skipped_reasons, title_stems
    from rasad.decide.gsr import prepare_gsr

    items = prepare_gsr([_gsr_file(tmp_path / "assault.jsonl")])
    words = train.trigger_words([])
    train.find_sites(items, words)
    assert "site.sentence" in SITE_FEATURES
    first = items[0]
    site = next(s for s in first.sites if "ASSAULT" in s.types)
    ctx = Context(site, first.doc.paragraphs[0], skipped_reasons(first.doc.skipped), words,
                  title_stems(first.doc.paragraphs), first.doc)
    f = site_features(ctx, "ASSAULT")  # the gated model weighs the site features
    assert f["s_number=False|type=ASSAULT"] == 1  # خمسة is a word, not digits
    assert "s_time=True|type=ASSAULT" in f  # أمس
    assert any(k.startswith("s_word=") for k in f) and "type=ASSAULT" in f
    # examples: GSR sentences train the gated model only
    site_x, actor_x, _, gated_x = train.examples(items, words, reported_only=False)
    assert not site_x and not actor_x and {label for _, label in gated_x} == {0, 1}
    model = train.fit(items, 1.0)
    assert model.gated is not None and model.gated.weights
    path = tmp_path / "events.json"
    model.save(path)
    loaded = EventModel.load(path).gated
    assert loaded is not None and loaded.to_dict() == model.gated.to_dict()


def test_without_a_gated_model_violence_stays_with_the_rules() -> None:
    from dataclasses import replace

    from rasad.decide.coder import EventCoder

    model = default_model()
    assert model is not None
    bare = replace(model, gated=None, thresholds=replace(model.thresholds, reported_only=False))
    pipe = Pipeline()
    _, shipped = pipe.stages[-1]
    assert isinstance(shipped, EventCoder)
    coder = EventCoder(shipped.stage, bare)
    doc = Document(source="t", raw=RawDoc(source="t", kind="text", text="قصفت طائرات حربية روسية مواقع للمعارضة في ريف إدلب أمس."))
    for _, stage in pipe.stages[:-1]:
        doc = stage(doc)
    rules = [e.type for e in doc.events if e.type in ("ASSAULT", "PROTEST")]
    decided = [d for d in coder.decide(doc) if d.type in ("ASSAULT", "PROTEST")]
    assert doc.error is None and rules
    assert all(d.why == "violence or protest the rules report" for d in decided if d.site.rule_event is not None)


# ---- the bounds that spare most sites their parties --------------------------------------------

_TEXTS = [
    "استقبل الرئيس السوري بشار الأسد في دمشق أمس وزير الخارجية الإيراني محمد جواد ظريف، وبحث معه التعاون بين البلدين.",
    "وقالت وزارة الخارجية الروسية إن موسكو ترفض الاتهامات الغربية، وطالبت بتحقيق مستقل، فيما هددت واشنطن بفرض عقوبات جديدة.",
    "ودعا الأمين العام للأمم المتحدة الأطراف إلى وقف إطلاق النار. وأعلنت الحكومة الأردنية تقديم مساعدات إنسانية لسكان غزة.",
    "وتشهد المنطقة طقسا معتدلا خلال الأيام المقبلة بحسب الأرصاد.",
]


def _rule_docs() -> tuple[object, list[Document]]:
    """A few sentences and the sample pages through the rule stages (their paragraphs kept), and
    the decide stage."""
    from rasad.read import iter_inputs

    pipe = Pipeline()
    name, coder = pipe.stages[-1]
    assert name == "decide"
    samples = Path(__file__).resolve().parents[1] / "samples"
    raws = [RawDoc(source=f"t{n}", kind="text", text=text) for n, text in enumerate(_TEXTS)]
    raws += [raw for raw in iter_inputs([str(samples)]) if isinstance(raw, RawDoc)]
    docs = []
    for raw in raws:
        doc = Document(source=raw.source, raw=raw)
        for _, stage in pipe.stages[:-1]:
            doc = stage(doc)
        assert doc.error is None
        docs.append(doc)
    return coder, docs


def test_pruning_sites_by_their_bound_keeps_every_event() -> None:
    from rasad.decide.coder import EventCoder

    coder, docs = _rule_docs()
    assert isinstance(coder, EventCoder)
    every_site = EventCoder(coder.stage, coder.model, prune=False)
    found = 0
    for doc in docs:
        pruned = [e.to_dict() for e in coder.events(doc)]
        assert pruned == [e.to_dict() for e in every_site.events(doc)], doc.source
        found += len(pruned)
    assert found >= 3


def test_the_bounds_bound_the_site_score_and_the_word_bound_follows_the_features() -> None:
    from rasad.decide.coder import EventCoder, usable_types
    from rasad.decide.features import (
        Context,
        site_features,
        site_features_without_parties,
        skipped_reasons,
        title_stems,
    )
    from rasad.decide.sites import party_room

    coder, docs = _rule_docs()
    assert isinstance(coder, EventCoder)
    model = coder.model
    parties_bound, word_bound = coder.bounds()
    learned_alone = 0
    for doc in docs:
        paras = {p.index: p for p in doc.paragraphs}
        skipped, heads = skipped_reasons(doc.skipped), title_stems(doc.paragraphs)
        for site in coder.finder.find(doc, model.words):
            para = paras[site.paragraph]
            ctx = Context(site, para, skipped, model.words, heads)
            units = coder.finder.unit_view(doc, para)
            room = party_room(units, site.first, site.last, site.first_tok, site.last_tok)
            types = usable_types(site, model.words, True)  # violence and protest: the gated model's, never pruned
            bounds = {t: model.site.score(site_features_without_parties(ctx, t)) + parties_bound(t, room) for t in types}
            for t in types:
                assert model.site.score(site_features(ctx, t)) <= bounds[t] + 1e-9, (site.trigger, t)
            if types and site.rule_event is None and set(site.types.values()) <= {"learned", "cluster"}:
                learned_alone += 1
                got = word_bound(para, site.first, site.stem, skipped, heads, units)
                assert abs(got - max(bounds.values())) < 1e-9, site.trigger
    assert learned_alone >= 10


def test_the_gated_word_bound_follows_the_gated_models_features() -> None:
    from rasad.decide.coder import EventCoder, usable_types
    from rasad.decide.features import Context, site_features_without_parties, skipped_reasons, title_stems
    from rasad.decide.sites import party_room
    from rasad.stages.occurrence import GATED_TYPES

    coder, docs = _rule_docs()
    assert isinstance(coder, EventCoder)
    model = coder.model
    assert model.gated is not None
    parties_bound, word_bound = coder.gated_bound(), coder.gated_word_bound()
    assert parties_bound is not None and word_bound is not None
    learned_alone = 0
    for doc in docs:
        paras = {p.index: p for p in doc.paragraphs}
        skipped, heads = skipped_reasons(doc.skipped), title_stems(doc.paragraphs)
        for site in coder.finder.find(doc, model.words):
            types = [t for t in usable_types(site, model.words, False) if t in GATED_TYPES]
            if not types or site.rule_event is not None or not set(site.types.values()) <= {"learned", "cluster"}:
                continue
            para = paras[site.paragraph]
            ctx = Context(site, para, skipped, model.words, heads)
            units = coder.finder.unit_view(doc, para)
            room = party_room(units, site.first, site.last, site.first_tok, site.last_tok)
            best = max(model.gated.score(site_features_without_parties(ctx, t)) + parties_bound(t, room) for t in types)
            assert abs(word_bound(para, site.first, site.stem, skipped, heads, units) - best) < 1e-9, site.trigger
            assert abs(word_bound(para, site.first, site.stem, skipped, heads, units, exact=False) - best) < 1e-9, site.trigger
            learned_alone += 1
    assert learned_alone >= 3


def test_typed_rows_hold_every_typed_weight_by_its_base() -> None:
    from rasad.decide.cluster_features import bag_sum, bag_terms, sentence_clusters
    from rasad.decide.features import typed_rows

    weights = {"prev=x|type=A": 0.5, "prev=x|type=B": -0.25, "prev=x": 1.0, "near_after=GPE|free|type=A": 0.1,
               "s_c256=3|type=A": 0.8, "s_c256=7|type=A": -0.2}
    rows = typed_rows(weights)
    assert rows["prev=x"] == {"A": 0.5, "B": -0.25}
    assert rows["near_after=GPE|free"] == {"A": 0.1}
    assert "prev=x" not in rows.get("prev=x", {})  # a plain weight is no row's
    assert typed_rows(weights) is rows  # built once per model
    # the cluster bag's sum is the sum of its terms, to the last bit, and zero for a type without weights
    _, docs = _rule_docs()
    para = next(p for d in docs for p in d.paragraphs if p.tokens)
    first, last = 0, len(para.tokens) - 1
    ids = sentence_clusters(para, 0, first, last)
    weights = {f"s_c256={c}|type=A": 0.1 * (n + 1) for n, c in enumerate(ids)}
    terms = bag_terms(weights, para, 0, first, last, "A")
    assert terms == [0.1 * (n + 1) * 0.5 for n in range(len(ids))] and terms
    assert bag_sum(weights, para, 0, first, last, "A") == sum(terms)
    assert bag_sum(weights, para, 0, first, last, "B") == 0 and bag_terms(weights, para, 0, first, last, "B") == []


def test_party_room_counts_the_units_a_party_can_start_at() -> None:
    from rasad.decide.sites import PARTY_WINDOW, party_room

    def room(starts: list[int], *site: int) -> tuple[int, int, int, set[str], set[str], set[str]]:
        labels = [(f"k{n}", f"p{n}") for n in starts]
        r = party_room((starts, labels), *site)
        return r.before, r.after, r.here, set(r.kinds_before), set(r.kinds_after), set(r.preps_after)

    # units starting at tokens 0, 2, 5, 9; a trigger at [4, 5) of a sentence of tokens 1..9
    assert room([0, 2, 5, 9], 4, 5, 1, 9) == (1, 2, 3, {"k2"}, {"k5", "k9"}, {"p5", "p9"})
    assert room([0, 2, 5, 9], 4, 5, 3, 9)[:3] == (0, 2, 2)
    # a party is looked for within PARTY_WINDOW words of the trigger
    assert room([0, PARTY_WINDOW, PARTY_WINDOW + 1], 0, 1, 0, 200)[:3] == (0, 1, 2)


def test_the_fast_site_score_is_the_sum_of_the_site_features_to_the_last_bit() -> None:
    """site_score reads the sentence's terms from a cache and looks its words up in C: the floats
    must be those of the plain weighted sum over the named features, or outputs would drift."""
    from rasad.decide.features import (
        Context,
        site_features,
        site_features_without_parties,
        site_score,
        site_scores,
        skipped_reasons,
        title_stems,
    )

    coder, docs = _rule_docs()
    model = coder.model
    compared = 0
    plains = {id(linear): linear.all_weights() for linear in (model.site, model.gated or model.site)}
    for doc in docs:
        paras = {p.index: p for p in doc.paragraphs}
        skipped, heads = skipped_reasons(doc.skipped), title_stems(doc.paragraphs)
        for site in coder.finder.find(doc, model.words):
            for with_doc in (None, doc):
                ctx = Context(site, paras[site.paragraph], skipped, model.words, heads, doc=with_doc)
                for t in site.types:
                    for linear in (model.site, model.gated or model.site):
                        assert site_score(linear, ctx, t) == linear.score(site_features(ctx, t)), (site.trigger, t)
                        # and the plain sum over every weight by name, the sentence words' too
                        plain = plains[id(linear)]
                        assert site_score(linear, ctx, t) == linear.bias + sum(
                            plain.get(k, 0.0) * v for k, v in site_features(ctx, t).items())
                        assert site_score(linear, ctx, t, parties=False) == linear.score(site_features_without_parties(ctx, t))
                        compared += 1
                for linear in (model.site, model.gated or model.site):  # every type at once, in their order
                    types = list(site.types)
                    assert site_scores(linear, ctx, types) == {t: linear.score(site_features(ctx, t)) for t in types}
                    assert list(site_scores(linear, ctx, types, parties=False)) == types
                    near = site_scores(linear, ctx, types, parties=False, exact=False)  # for a threshold only
                    assert all(abs(near[t] - linear.score(site_features_without_parties(ctx, t))) < 1e-9 for t in types)
    assert compared >= 100


def test_a_family_without_a_fast_path_is_summed_as_the_features_give_it() -> None:
    """A family registered later (no key, no terms function; after site.sentence) is summed as
    Linear.score sums it: the fast path stays generic over the registry."""
    from rasad.decide import features as F

    coder, docs = _rule_docs()
    model = coder.model
    linear = F.Linear({**model.site.all_weights(), "extra=a": 0.25, "extra=b|type=CONSULT": -0.5}, model.site.bias)

    def extra(ctx: F.Context, t: str) -> F.Features:
        return {f"extra={'a' if ctx.site.first % 2 else 'c'}": 1, f"extra=b|type={t}": 1}

    F.site_feature("test.extra")(extra)
    try:
        compared = 0
        for doc in docs:
            paras = {p.index: p for p in doc.paragraphs}
            skipped, heads = F.skipped_reasons(doc.skipped), F.title_stems(doc.paragraphs)
            for site in coder.finder.find(doc, model.words):
                ctx = F.Context(site, paras[site.paragraph], skipped, model.words, heads, doc=doc)
                for t in site.types:
                    assert F.site_score(linear, ctx, t) == linear.score(F.site_features(ctx, t))
                    compared += 1
        assert compared >= 50
    finally:
        del F.SITE_FEATURES["test.extra"]


def test_a_body_site_has_the_titles_parties_as_candidates_apart_from_its_sentences() -> None:
    from rasad.decide import sites as sites_mod
    from rasad.decide.coder import EventCoder
    from rasad.decide.features import PARTY_FEATURES, Context
    from rasad.decide.model import Linear
    from rasad.decide.train import event_stage

    title, text = "السعودية تدين الهجوم على السفارة", "وأعربت في بيان أمس عن إدانتها الشديدة للهجوم الإرهابي."
    doc, _ = _decisions(text, title)
    assert doc.error is None
    finder = sites_mod.SiteFinder(event_stage().coder)
    assert finder.title_parties
    body = [s for s in finder.find(doc) if s.paragraph >= 0 and s.parties]
    assert body, "a body site with candidates"
    site = body[0]
    from_title = [p for p in site.parties if p.paragraph < 0]
    assert any(p.actor.country == "SAU" for p in from_title)
    assert all(p.previous_sentence for p in from_title)  # never counted as the sentence's own parties
    para = next(p for p in doc.paragraphs if p.index == site.paragraph)
    ctx = Context(site, para, {}, sites_mod.TriggerWords())
    assert "pos=title" in PARTY_FEATURES["party.position"](ctx, "ACCUSE", from_title[0])  # type: ignore[arg-type]
    finder.title_parties = False
    assert not [p for s in finder.find(doc) for p in s.parties if p.paragraph < 0 and s.paragraph >= 0]
    # a model whose actor model never saw a title party is not offered one
    model = default_model()
    assert model is not None
    stage = event_stage()
    trained_with = any(k.startswith("pos=title") for k in model.actor.weights)
    assert EventCoder(stage, model).finder.title_parties == trained_with
    model.actor = Linear({**model.actor.weights, "pos=title": 0.5}, model.actor.bias)
    assert EventCoder(stage, model).finder.title_parties


def test_a_second_likely_actor_joins_the_event_and_a_same_state_one_does_not() -> None:
    from rasad.decide import coder as coder_mod
    from rasad.decide.coder import Decision
    from rasad.model import Actor, Event

    ctx, parties = _site_at("اتفقت مصر والأردن وعمان على التعاون", "اتفقت", [("مصر", False), ("والأردن", False), ("وعمان", False)])
    parties[0].actor = Actor("مصر", None, "EGY", "GOV")
    parties[1].actor = Actor("الأردن", None, "JOR", "GOV")
    parties[2].actor = Actor("عمان", None, "JOR", "GOV")  # the same state as the second: never added twice
    rule = Event(type="AGREE", mode=None, actor=[parties[0].actor], recipient=[], date=None, location=None, quantity=None,
                 modality="asserted", paragraph=0, sentence="", trigger="اتفقت", rule="agree")

    class Sure:
        def prob(self, f: dict) -> float:
            return 0.9

    class Unsure:
        def prob(self, f: dict) -> float:
            return 0.3

    coder = object.__new__(coder_mod.EventCoder)
    coder.more_actors = 0.6
    for model, want in ((Sure(), ["EGY", "JOR"]), (Unsure(), ["EGY"])):
        coder.model = type("M", (), {"actor": model})()  # type: ignore[assignment]
        d = Decision(ctx.site, "AGREE", 0.9)  # type: ignore[arg-type]
        got = coder._more_actors(ctx, "AGREE", d, rule)  # type: ignore[arg-type]
        assert [a.country for a in got.actor] == want
    parties[1].paragraph = -1  # a title party is a candidate actor, never a second one
    coder.model = type("M", (), {"actor": Sure()})()  # type: ignore[assignment]
    assert [a.country for a in coder._more_actors(ctx, "AGREE", Decision(ctx.site, "AGREE", 0.9), rule).actor] == ["EGY", "JOR"]  # type: ignore[arg-type]
    parties[2].paragraph = -1
    assert coder._more_actors(ctx, "AGREE", Decision(ctx.site, "AGREE", 0.9), rule) is rule  # type: ignore[arg-type]
    coder.more_actors = 1.01  # off
    assert coder._more_actors(ctx, "AGREE", Decision(ctx.site, "AGREE", 0.9), rule) is rule  # type: ignore[arg-type]


def test_told_before_is_a_feature_and_the_bounds_follow_it() -> None:

    from rasad.decide.coder import EventCoder
    from rasad.decide.doc_features import TOLD_KEY, annotate
    from rasad.decide.features import (
        SITE_FEATURES,
        Context,
    )

    coder, docs = _rule_docs()
    assert isinstance(coder, EventCoder)
    # a call and then an aid: the second sentence's site has the first's type told before it
    doc = docs[2]
    told = annotate(doc)
    para = next(p for p in doc.paragraphs if p.index == 0)
    assert para.cache[TOLD_KEY] is told
    found = coder.finder.find(doc, coder.model.words)
    told_of = SITE_FEATURES["site.told"]
    second = para.sentence_at(para.text.index("وأعلنت"))[0]
    early = [t for t, (n, i) in told.types.items() if n == 0 and para.tokens[i].start < second]
    assert early
    late = next(s for s in found if s.s_start == second)
    first = next(s for s in found if s.s_start < second)
    for t in early:
        assert told_of(Context(late, para, {}, coder.model.words, frozenset(), doc), t)[f"told_type=True|type={t}"] == 1
        assert told_of(Context(first, para, {}, coder.model.words, frozenset(), doc), t)[f"told_type=False|type={t}"] == 1
    # weights of its features (the shipped model may have none): pruning by the bounds keeps every event
    extra = {"told_stem=True": 0.8, "told_stem=False": 1.5, "told_type=False|type=CONSULT": 0.7,
             "told_type=True|type=REQUEST": 2.0, "title_body_has_stem=False": 0.5, "told_stem_definite": -1.2}
    assert word_bound_is_exact(coder, docs, extra) >= 10
def test_the_models_choose_the_parties_of_an_event_the_rules_coded_unless_told_to_keep_the_rules() -> None:
    from dataclasses import replace

    from rasad.decide.coder import EventCoder
    from rasad.decide.commands import CHOSEN
    from rasad.decide.model import Linear
    from rasad.decide.train import event_stage

    assert CHOSEN.rule_parties is True  # off is better by CV but loses seed events (docs/events.md, round five)
    text = "استقبل الرئيس السوري بشار الأسد في دمشق أمس وزير الخارجية الإيراني محمد جواد ظريف."
    doc, _ = _decisions(text)
    assert doc.error is None
    shipped = default_model()
    assert shipped is not None
    # an actor model that takes the rules' recipient for the actor, whatever else it weighs
    swapping = Linear({**shipped.actor.weights, "role=recipient|True": 50.0}, shipped.actor.bias)
    never = Linear({}, -50.0)  # a party model that finds no candidate likely

    def consult(keep: bool, actor: Linear, recipient: Linear) -> tuple[str | None, str | None, str]:
        model = replace(shipped, actor=actor, recipient=recipient, thresholds=replace(shipped.thresholds, rule_parties=keep))
        decisions = EventCoder(event_stage(), model).decide(doc)
        d = next(d for d in decisions if d.event is not None and d.site.rule_event is not None and d.event.type == "CONSULT")
        assert d.event is not None
        return (d.event.actor[0].country, d.event.recipient[0].country if d.event.recipient else None, d.why)

    assert consult(True, swapping, shipped.recipient)[:2] == ("IRN", "SYR")  # the rules' parties: the visitor acts
    assert consult(False, swapping, shipped.recipient)[0] == "SYR"  # the model's choice
    # where the models find no likely actor, the rules' event stays with their parties
    assert consult(False, never, shipped.recipient) == ("IRN", "SYR", "an event the rules coded, no likelier actor")
    # a recipient is the model's alone: none likely, none named (the rules' is not kept)
    keeping = Linear({**shipped.actor.weights, "role=actor|True": 50.0}, shipped.actor.bias)
    assert consult(False, keeping, never)[:2] == ("IRN", None)
    assert consult(True, keeping, never)[:2] == ("IRN", "SYR")


def test_free_rank_counts_only_the_candidates_no_preposition_governs() -> None:
    from rasad.decide.features import PARTY_FEATURES

    # verb first: the first free party after the verb is its subject; one after a preposition is apart
    ctx, parties = _site_at("استقبل الرئيس في القاهرة الوزير", "استقبل", [("الرئيس", False), ("القاهرة", False), ("الوزير", False)])
    ctx.site.trig = type("T", (), {"pos": "verb"})()  # type: ignore[assignment]
    parties[1].governed = True
    rank = PARTY_FEATURES["party.free_rank"]
    assert rank(ctx, "CONSULT", parties[0]) == {"after|free0|verb": 1, "after|free0|verb|type=CONSULT": 1}  # type: ignore[arg-type]
    assert rank(ctx, "CONSULT", parties[1]) == {"after|governed|verb": 1}  # type: ignore[arg-type]
    assert "after|free1|verb" in rank(ctx, "CONSULT", parties[2])  # type: ignore[arg-type]  # the governed one not counted
    # before the trigger the nearest comes first; a party of the sentence before has no side
    ctx, parties = _site_at("مصر والأردن دانت الهجوم", "دانت", [("مصر", True), ("والأردن", False)])
    assert "before|free0|none" in rank(ctx, "ACCUSE", parties[1])  # type: ignore[arg-type]
    assert rank(ctx, "ACCUSE", parties[0]) == {}  # type: ignore[arg-type]


def test_a_definite_word_told_before_refers_back_to_it() -> None:
    """``told_stem_definite``: "أجرى زيارة ... وخلال الزيارة" — the definite second telling is
    marked, the indefinite first one and a definite word told for the first time are not."""
    from rasad.arabic.normalize import normalize
    from rasad.arabic.text import analyse
    from rasad.decide.doc_features import Told, _names
    from rasad.decide.sites import content_stem

    para = analyse(0, "أجرى الوزير زيارة إلى موسكو. وخلال الزيارة بحث الجانبان الأزمة")
    words = [t.norm for t in para.tokens]
    first, again = words.index(normalize("زيارة")), words.index("وخلال") + 1
    stem_ = content_stem(para.tokens[first].norm)
    assert stem_ is not None and content_stem(para.tokens[again].norm) == stem_
    told = Told({stem_: (0, first)}, {})
    second = para.sentence_at(para.tokens[again].start)[0]
    s_tok = next(i for i, t in enumerate(para.tokens) if t.start >= second)
    assert "told_stem_definite" in _names(told, para, s_tok, stem_, "CONSULT", again)
    assert "told_stem_definite" not in _names(told, para, 0, stem_, "CONSULT", first)  # the first telling
    fresh = Told({}, {})
    assert "told_stem_definite" not in _names(fresh, para, s_tok, stem_, "CONSULT", again)  # not told before


def test_the_trigger_frame_marks_a_candidate_after_the_lexicons_preposition() -> None:
    """``party.lexicon_frame``: ``بحث`` lists ``مع`` for its target; a party governed by it is
    ``listed``, one governed by another preposition ``other``, a free one by its rank."""
    from rasad.decide.party_frame import _lexicon_frame as frame
    from rasad.decide.party_frame import _stem_frame as stem_frame
    from rasad.lexicon import Trigger

    ctx, parties = _site_at("بحث الوزير مع نظيره في القاهرة الأزمة", "بحث", [("الوزير", False), ("نظيره", False), ("القاهرة", False)])
    ctx.site.trig = Trigger("CONSULT", "visit", "consult.visit.talks", "verb", ("مع",), False, None)  # type: ignore[attr-defined]
    parties[1].governed, parties[1].prep = True, "مع"
    parties[2].governed, parties[2].prep = True, "في"
    assert frame(ctx, "CONSULT", parties[0]) == {"lex=preps|after|free0": 1}  # type: ignore[arg-type]
    assert "lex=preps|after|listed" in frame(ctx, "CONSULT", parties[1])  # type: ignore[arg-type]
    assert "lex=preps|after|other" in frame(ctx, "CONSULT", parties[2])  # type: ignore[arg-type]
    assert frame(ctx, "ACCUSE", parties[1]) == {}  # type: ignore[arg-type]  # another type than the entry's
    # not registered by default (rule_parties off is not shipped); register() adds the three families
    from rasad.decide import party_frame
    from rasad.decide.features import PARTY_FEATURES

    assert not set(party_frame.FAMILIES) & set(PARTY_FEATURES)
    party_frame.register()
    try:
        assert PARTY_FEATURES["party.lexicon_frame"] is frame
    finally:
        for fid in party_frame.FAMILIES:
            PARTY_FEATURES.pop(fid)
    # the verb's own frame: its stem with how each candidate stands
    assert stem_frame(ctx, "CONSULT", parties[1]) == {"بحث|after|مع": 1}  # type: ignore[arg-type]
    assert stem_frame(ctx, "CONSULT", parties[0]) == {"بحث|after|free0": 1}  # type: ignore[arg-type]


def test_a_preposition_joined_to_the_article_governs_a_free_candidate() -> None:
    """``party.clitic``: ``للنظام السوري`` after ``دعم روسيا`` is governed though its unit was not
    marked so; ``لبنان`` (a name beginning with ل) is not."""
    from rasad.decide.party_frame import _clitic as clitic

    ctx, parties = _site_at("أكد دعم روسيا للنظام السوري ولبنان", "دعم", [("روسيا", False), ("للنظام", False), ("ولبنان", False)])
    assert clitic(ctx, "SUPPORT", parties[1]) == {"clitic=ل|after": 1, "clitic=ل|after|type=SUPPORT": 1}  # type: ignore[arg-type]
    assert clitic(ctx, "SUPPORT", parties[0]) == {}  # type: ignore[arg-type]
    assert clitic(ctx, "SUPPORT", parties[2]) == {}  # type: ignore[arg-type]
    parties[1].governed = True
    assert clitic(ctx, "SUPPORT", parties[1]) == {}  # type: ignore[arg-type]  # governed already: said elsewhere


def test_a_definite_noun_heading_a_name_told_before_is_a_candidate_for_it() -> None:
    """``rasad.decide.anaphora``: ``الحركة`` after ``حركة حماس`` is Hamas, ``المنظمة`` after
    ``منظمة الأمم المتحدة`` the UN; ``الجيش`` is not the ``الجيش السوري الحر`` (its name is definite
    itself, no construct-state head), and ``الحركة`` before any such name is nobody."""
    from rasad.decide.anaphora import anaphors
    from rasad.decide.sites import SiteFinder
    from rasad.decide.train import event_stage
    from rasad.pipeline import default_stages

    text = ("عنوان الخبر عن الحركة\n\nأعلنت حركة حماس أمس موقفها من المفاوضات.\n\nودانت الحركة الغارات على غزة، "
            "وطالبت منظمة الأمم المتحدة بالتدخل. ودعت المنظمة إلى الهدوء. وقال الجيش السوري الحر إن الجيش انسحب.")
    raw = RawDoc(source="<text>", kind="page", text=text)
    doc = Document(source=raw.source, raw=raw)
    for _, stage in default_stages(learned=False):
        doc = stage(doc)
    assert doc.error is None
    finder = SiteFinder(event_stage().coder)
    found = {p.index: anaphors(doc, p, finder.units(doc, p), 0, len(p.tokens)) for p in doc.paragraphs}
    assert found[-1] == [] and found[0] == []  # the title's الحركة comes before the name
    got = [(a.text, a.canonical, a.country, governed) for _, a, governed, _ in found[1]]
    assert got == [("الحركة", "حركة المقاومة الإسلامية", "PSE", False), ("المنظمة", "الأمم المتحدة", "UNO", False)]


def test_a_doubted_recipient_keeps_two_events_apart() -> None:
    """``coder.told_once``: two visits of one actor, their recipients below the threshold, are one
    event told twice; with the recipients they doubted (``Decision.doubted``) differing, two."""
    from rasad.decide.coder import Decision, told_once
    from rasad.decide.sites import Party, Site
    from rasad.model import Actor, Event

    def decision(n: int, doubted: str | None) -> Decision:
        site = Site(n, 0, 1, 0, 5, 0, 40, "زار", "زار")
        event = Event("CONSULT", "visit", [Actor("المقداد", "فيصل المقداد", "SYR", "GOV")], [], None, None, None,
                      "asserted", n, f"زار المقداد العاصمة {n}", "زار", "learned.consult")
        where = Party(Actor(doubted, doubted, None, "GOV"), n, 3, 4, "GPE") if doubted else None
        return Decision(site, "CONSULT", 0.9, event=event, doubted=where)

    both = [decision(0, None), decision(1, None)]
    told_once(both)
    assert both[0].event is not None and both[1].event is None and both[1].why == "the same event told again"
    apart = [decision(0, "طهران"), decision(1, "موسكو")]
    told_once(apart)
    assert all(d.event is not None and d.event.recipient == [] for d in apart)  # doubted: never named
    same = [decision(0, "طهران"), decision(1, "طهران")]
    told_once(same)
    assert same[1].event is None



def test_a_party_does_not_run_over_an_event_word_between_two_names() -> None:
    from rasad.decide import sites as sites_mod
    from rasad.decide.train import event_stage

    # "أيمن سوسان" and "تركيا" are one word apart, and that word is the event's: two parties
    doc, _ = _decisions("وكان معاون وزير الخارجية السوري أيمن سوسان طالب تركيا بالانسحاب.")
    assert doc.error is None
    finder = sites_mod.SiteFinder(event_stage().coder)
    site = next(s for s in finder.find(doc) if s.paragraph >= 0 and s.trigger == "طالب")
    by_text = {p.actor.text: p for p in site.parties if not p.previous_sentence}
    assert by_text["أيمن سوسان"].last <= site.first, "the actor's chunk ends before the trigger"
    assert by_text["تركيا"].kind == "GPE" and by_text["تركيا"].first == site.last  # a chunk of its own


def _role_sites(text: str) -> tuple[Document, dict[str, tuple[object, dict[str, object]]]]:
    """The document of ``text`` through the rule stages, and each site's Context with its
    candidates by their actor's text, found with ``sites.SPLIT_CHUNKS`` on."""
    from rasad.decide import sites as sites_mod
    from rasad.decide.features import Context
    from rasad.decide.train import event_stage
    from rasad.pipeline import default_stages

    raw = RawDoc(source="<text>", kind="page", text=text)
    doc = Document(source=raw.source, raw=raw)
    for _, stage in default_stages(learned=False):
        doc = stage(doc)
    assert doc.error is None
    before, sites_mod.SPLIT_CHUNKS = sites_mod.SPLIT_CHUNKS, True
    try:
        found = sites_mod.SiteFinder(event_stage().coder).find(doc)
    finally:
        sites_mod.SPLIT_CHUNKS = before
    paras = {p.index: p for p in doc.paragraphs}
    out = {}
    for s in found:
        out[s.trigger] = (Context(s, paras[s.paragraph], {}, None, doc=doc),  # type: ignore[arg-type]
                          {p.actor.text: p for p in s.parties})
    return doc, out


_ROLE_TEXT = ("عنوان الخبر عن سوريا\n\nوقالت وزارة الخارجية الروسية إن الحكومة التركية تدعم الإرهابيين في مدينة حلب. "
              "وقصفت الطائرات الروسية مواقع في اللطامنة وطالبت روسيا تركيا بالانسحاب.")


def test_split_chunks_end_at_a_complementizer_and_give_a_name_after_a_name_its_own_candidate() -> None:
    """``sites.SPLIT_CHUNKS``: ``وزارة الخارجية الروسية إن الحكومة التركية`` is two candidates (the
    speaker, the clause's subject), and ``روسيا تركيا`` after ``طالبت`` gives ``تركيا`` one of its own."""
    _, sites = _role_sites(_ROLE_TEXT)
    _, support = sites["تدعم"]
    assert {"وزارة الخارجية الروسية", "الحكومة التركية"} <= set(support)
    _, request = sites["وطالبت"]
    assert request["تركيا"].actor.country == "TUR" and request["روسيا"].actor.country == "RUS"
    assert request["تركيا"].first == request["روسيا"].first + 1  # inside the chunk, which stays one candidate


def test_place_role_tells_a_town_after_fi_from_a_country_free_after_the_verb() -> None:
    """``party.place_role``: the knowledge base's kind of place with how the candidate stands."""
    from rasad.decide.party_role import _place_role

    _, sites = _role_sites(_ROLE_TEXT)
    ctx, parties = sites["وطالبت"]
    assert _place_role(ctx, "REQUEST", parties["اللطامنة"])["place|before|في"] == 1  # type: ignore[arg-type]
    assert _place_role(ctx, "REQUEST", parties["تركيا"])["country|after|free"] == 1  # type: ignore[arg-type]
    ctx, support = sites["تدعم"]
    assert _place_role(ctx, "SUPPORT", support["وزارة الخارجية الروسية"]) == {}  # type: ignore[arg-type]  # no place


def test_speaker_marks_the_quotes_speaker_and_the_parties_inside_the_quoted_words() -> None:
    """``party.speaker``: a trigger inside reported speech; its speaker, a party of the quoted
    words, another; nothing for a trigger outside any quote."""
    from rasad.decide import party_role
    from rasad.decide.features import PARTY_FEATURES

    doc, sites = _role_sites(_ROLE_TEXT)
    assert [q.speaker.text for q in doc.quotes] == ["وزارة الخارجية الروسية"]
    ctx, parties = sites["تدعم"]
    assert party_role._speaker(ctx, "SUPPORT", parties["وزارة الخارجية الروسية"]) == {"speaker": 1, "speaker|type=SUPPORT": 1}  # type: ignore[arg-type]
    assert "quoted" in party_role._speaker(ctx, "SUPPORT", parties["الحكومة التركية"])  # type: ignore[arg-type]
    ctx, parties = sites["وطالبت"]
    assert party_role._speaker(ctx, "REQUEST", parties["روسيا"]) == {}  # type: ignore[arg-type]
    # not registered by default (rule_parties off is not shipped); register() adds both families
    assert not set(party_role.FAMILIES) & set(PARTY_FEATURES)
    party_role.register()
    try:
        assert PARTY_FEATURES["party.speaker"] is party_role._speaker
    finally:
        for fid in party_role.FAMILIES:
            PARTY_FEATURES.pop(fid)


def test_the_joint_choice_never_takes_one_entity_twice_and_weighs_the_pair() -> None:
    """``party_role.choose_pair``: the actor and its recipient are never the same state; a
    candidate both likely actor and likeliest recipient goes where the pair is likelier."""
    from rasad.decide.party_role import choose_pair
    from rasad.decide.sites import Party
    from rasad.model import Actor

    def party(text: str, country: str, first: int) -> Party:
        return Party(Actor(text, None, country, "GOV"), 0, first, first + 1, "GPE")

    rus, rus2, tur = party("روسيا", "RUS", 0), party("موسكو", "RUS", 2), party("تركيا", "TUR", 4)
    pair = choose_pair([(rus, 0.9, 0.1), (rus2, 0.3, 0.95), (tur, 0.1, 0.6)], 0.2)
    assert pair is not None and pair[0][0] is rus and pair[1] is not None and pair[1][0] is tur  # not Moscow: Russia again
    # Turkey likelier the recipient than the actor, the other candidate nearly as likely an actor
    pair = choose_pair([(tur, 0.55, 0.97), (rus, 0.5, 0.05)], 0.2)
    assert pair is not None and pair[0][0] is rus and pair[1] is not None and pair[1][0] is tur
    assert choose_pair([(tur, 0.1, 0.9)], 0.2) is None  # no likely actor


def test_speaker_at_a_quotes_cue_with_cue_speaker() -> None:
    """``party_role.CUE_SPEAKER``: a site at the cue of the quote that follows it (a statement coded
    from what it says) marks that quote's speaker; off, nothing."""
    from dataclasses import replace

    from rasad.decide import party_role

    _, sites = _role_sites(_ROLE_TEXT)
    ctx, parties = sites["تدعم"]
    cue = next(i for i, t in enumerate(ctx.para.tokens) if t.text == "وقالت")  # type: ignore[attr-defined]
    ctx.site = replace(ctx.site, first=cue, last=cue + 1, trigger="وقالت")  # type: ignore[attr-defined]
    ctx.memo.clear()  # type: ignore[attr-defined]
    speaker = parties["وزارة الخارجية الروسية"]
    assert party_role._speaker(ctx, "ACCUSE", speaker) == {}  # type: ignore[arg-type]
    party_role.CUE_SPEAKER = True
    try:
        assert party_role._speaker(ctx, "ACCUSE", speaker) == {"cue|speaker": 1, "cue|speaker|type=ACCUSE": 1}  # type: ignore[arg-type]
        assert party_role._speaker(ctx, "ACCUSE", parties["الحكومة التركية"]) == {"cue|quoted": 1, "cue|quoted|type=ACCUSE": 1}  # type: ignore[arg-type]
    finally:
        party_role.CUE_SPEAKER = False


def word_bound_is_exact(coder: object, docs: list[Document], extra: dict[str, float], prepare: Callable[[Document], object] | None = None) -> int:
    """With ``extra`` weights added to the shipped site model: pruning by the bounds keeps every
    event, and the word bound of each site only learned words propose equals the best score its
    types can reach. Gives the number of such sites; ``prepare`` annotates a document first."""
    from dataclasses import replace

    from rasad.decide.coder import EventCoder, usable_types
    from rasad.decide.features import Context, site_features_without_parties, skipped_reasons, title_stems
    from rasad.decide.model import Linear
    from rasad.decide.sites import party_room

    assert isinstance(coder, EventCoder)
    m = coder.model
    site_model = Linear({**m.site.to_dict()["weights"], **extra}, m.site.bias)
    weighted = EventCoder(coder.stage, replace(m, site=site_model))
    every_site = EventCoder(coder.stage, replace(m, site=site_model), prune=False)
    parties_bound, word_bound = weighted.bounds()
    learned_alone = 0
    for doc in docs:
        assert [e.to_dict() for e in weighted.events(doc)] == [e.to_dict() for e in every_site.events(doc)], doc.source
        if prepare is not None:
            prepare(doc)
        skipped, heads = skipped_reasons(doc.skipped), title_stems(doc.paragraphs)
        paras = {p.index: p for p in doc.paragraphs}
        for s in weighted.finder.find(doc, m.words):
            if s.rule_event is not None or not set(s.types.values()) <= {"learned", "cluster"}:
                continue
            types = usable_types(s, m.words, True)
            if not types:
                continue
            p = paras[s.paragraph]
            c = Context(s, p, skipped, m.words, heads, doc)
            units = weighted.finder.unit_view(doc, p)
            room = party_room(units, s.first, s.last, s.first_tok, s.last_tok)
            best = max(site_model.score(site_features_without_parties(c, t)) + parties_bound(t, room) for t in types)
            assert abs(word_bound(p, s.first, s.stem, skipped, heads, units, doc=doc) - best) < 1e-9, s.trigger
            learned_alone += 1
    return learned_alone
