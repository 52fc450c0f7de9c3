"""``rasad explain`` and the PLOVER → CAMEO table (``rasad.cameo``, ``lexicon/cameo.yaml``)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from rasad.cameo import cameo_code, cameo_lookup, cameo_name, cameo_root, parse_table, table
from rasad.errors import DataError
from rasad.explain import date_how, explain, explain_command, highlight_sentence, lexicon_entries, rule_id
from rasad.model import Actor, Article, Document, Event, Location, Quantity, Quote, RawDoc, TimeExpr
from tests.conftest import SEED_000, need_shared

MARKUP = "[bold]x[/bold] [/] [link=http://evil]y[/link] [red]"


def render(doc: Document) -> str:
    console = Console(record=True, width=120, file=io.StringIO())
    explain(doc, console)
    return console.export_text()


def flat(text: str) -> str:
    """The output with line wrapping undone (rich wraps long lines at spaces)."""
    return " ".join(text.split())


# ------------------------------------------------------------------------------------------ CAMEO


def test_every_lexicon_type_and_mode_has_a_cameo_code() -> None:
    for rule, entry in lexicon_entries().items():
        kind, mode = str(entry["type"]), entry.get("mode")
        found = cameo_lookup(kind, mode, rule)
        assert found.code.isdigit() and 3 <= len(found.code) <= 4, (rule, found)
        assert "01" <= found.root <= "20", (rule, found)
        assert found.name, (rule, found)
        if mode is not None:
            assert found.via in ("mode", "rule"), f"{kind}/{mode} ({rule}) falls back to the type code"


def test_future_types_of_the_lexicon_map_too() -> None:
    """A future act keeps the entry's mode under its future type (CONSULT/visit → AGREE/visit)."""
    for rule, entry in lexicon_entries().items():
        future = entry.get("future")
        if future:
            assert cameo_code(str(future), entry.get("mode")).isdigit(), rule
    assert cameo_code("AGREE", "visit") == "036"
    assert cameo_code("AGREE", "humanitarian") == "0333"
    assert cameo_code("CONCEDE", "release") == "0353"
    assert cameo_code("THREATEN", "aerial") == "1384"


@pytest.mark.parametrize(
    ("kind", "mode", "code"),
    [
        ("CONSULT", "visit", "042"), ("CONSULT", "phone", "041"), ("CONSULT", None, "040"),
        ("AID", "economic", "071"), ("AID", "military", "072"), ("AID", "humanitarian", "073"),
        ("AID", "asylum", "075"), ("ACCUSE", "disapprove", "111"), ("ACCUSE", "allege", "112"),
        ("ACCUSE", "investigate", "090"), ("REJECT", None, "120"), ("THREATEN", "violence", "138"),
        ("PROTEST", "demo", "141"), ("PROTEST", "hunger", "142"), ("PROTEST", "strike", "143"),
        ("PROTEST", "riot", "145"), ("SANCTION", "convict", "116"), ("MOBILIZE", "troops", "154"),
        ("COERCE", "arrest", "173"), ("COERCE", "deport", "174"), ("RETREAT", "release", "0841"),
        ("RETREAT", "ceasefire", "0871"), ("ASSAULT", "aerial", "195"), ("ASSAULT", "unconventional", "2041"),
        ("REQUEST", "meet", "026"), ("AGREE", None, "030"),
    ],
)
def test_cameo_codes(kind: str, mode: str | None, code: str) -> None:
    assert cameo_code(kind, mode) == code
    assert cameo_root(kind, mode) == code[:2]


def test_rule_refines_and_unknown_mode_falls_back() -> None:
    assert cameo_code("SUPPORT", None, "support.sign") == "057"
    assert cameo_code("SUPPORT", None, "support.verb") == "051"
    assert cameo_code("REJECT", None, "reject.veto") == "129"
    assert cameo_code("AGREE", None, "support.sign") == "030"  # a rule refines only its own type
    assert cameo_code("THREATEN", "no-such-mode") == "130"
    assert cameo_root("ASSAULT", "unconventional") == "20"
    assert cameo_name("042") == "Make a visit"
    with pytest.raises(KeyError, match="NOSUCH"):
        cameo_code("NOSUCH", None)


def test_table_is_consistent() -> None:
    t = table()
    entries = lexicon_entries()
    for kind, rule in t.rules:
        assert rule in entries and entries[rule]["type"] == kind, rule
    codes = [e.code for e in [*t.types.values(), *t.modes.values(), *t.rules.values()]]
    assert all(c in t.names for c in codes)
    assert len(t.roots) == 20


def test_bad_cameo_table_is_a_data_error() -> None:
    with pytest.raises(DataError, match="quoted CAMEO code"):
        parse_table({"types": {"CONSULT": {"code": 40}}})
    with pytest.raises(DataError, match=r"modes\.visit"):
        parse_table({"types": {"CONSULT": {"code": "040", "modes": {"visit": {"code": "42x"}}}}})


# ---------------------------------------------------------------------------------------- explain


def test_explain_seed_000(seed000: Document) -> None:
    out = flat(render(seed000))
    aid = [e for e in seed000.events if e.type == "AID"]
    assert aid, "the seed's AID event (تبرع) was not coded"
    event = aid[0]
    assert "AID/humanitarian" in out
    assert "تبرع" in out and "aid.humanitarian" in out
    assert "073 Provide humanitarian aid" in out
    assert event.actor[0].how and flat(event.actor[0].how) in out
    assert "100000" in out
    assert "lexicon entry AID/humanitarian" in out
    assert "quotes (" in out


def test_explain_command_reports_errors(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    need_shared()
    missing = tmp_path / "missing.txt"
    console = Console(record=True, width=120, file=io.StringIO())
    assert explain_command([str(SEED_000), str(missing)], console) == 0
    assert f"rasad: {missing}:" in capsys.readouterr().err
    assert "aid.humanitarian" in console.export_text()
    assert explain_command([str(missing)], console) == 1


def _markup_doc() -> Document:
    sentence = f"قال الوزير {MARKUP} إن بلاده تبرعت للنظام بمئة طن يوم الجمعة الماضي."
    actor = Actor(f"الوزير {MARKUP}", None, "RUS", "GOV", how=f"how {MARKUP}")
    event = Event(
        type="AID", mode="humanitarian", actor=[actor], recipient=[Actor("النظام", None, "SYR", "GOV")],
        date="2020-12-18", location=Location(f"موسكو {MARKUP}", "موسكو", "RUS"),
        quantity=Quantity(100, "طن", MARKUP), modality="asserted", paragraph=0, sentence=sentence,
        trigger="تبرعت", rule="aid.humanitarian",
    )
    quote = Quote(speaker=actor, text=f"نص {MARKUP}", direct=True, cue="قال", paragraph=0)
    at = sentence.index("يوم")
    return Document(
        source=f"src {MARKUP}", article=Article(title=f"عنوان {MARKUP}", body=[sentence]),
        events=[event], quotes=[quote], reference_date="2020-12-20",
        times=[TimeExpr("يوم الجمعة الماضي", 0, at, at + 17, "2020-12-18", "weekday-past")],
    )


def test_article_markup_is_printed_literally() -> None:
    out = render(_markup_doc())
    assert out.count("[bold]x[/bold]") >= 7  # source, title, sentence, actor, how, place, quantity, quote
    assert "[link=http://evil]y[/link]" in out
    assert "from 'يوم الجمعة الماضي' in the sentence" in flat(out)


def test_markup_in_a_processed_article(pipeline) -> None:
    text = f"عنوان {MARKUP}\nقال وزير الخارجية الروسي سيرغي لافروف إن روسيا أرسلت مساعدات إنسانية {MARKUP} إلى سوريا."
    doc = pipeline(RawDoc(source="<markup>", kind="text", text=text, meta={"title": f"عنوان {MARKUP}"}))
    assert doc.error is None
    out = render(doc)
    assert "[bold]x[/bold]" in out


def test_error_document_and_date_fallback() -> None:
    assert "error: no such file" in render(Document(source="a.txt", error="no such file"))
    doc = _markup_doc()
    event = doc.events[0]
    event.date, doc.times = "2020-12", []
    assert "month of the reference date 2020-12-20" in date_how(doc, event)
    event.date = None
    assert date_how(doc, event).startswith("no date")


def test_highlight_and_rule_id() -> None:
    event = _markup_doc().events[0]
    text = highlight_sentence(event)
    start = event.sentence.index("تبرعت")
    styles = {str(span.style) for span in text.spans if span.start <= start < span.end}
    assert any("yellow" in s for s in styles)
    assert any("underline" in str(span.style) for span in text.spans)
    event.rule = "aid.humanitarian (actor: the subject's state)"
    assert rule_id(event) == "aid.humanitarian"
    assert "lexicon entry AID/humanitarian" in flat(render(Document(source="s", events=[event])))


def test_explain_says_why_a_violence_word_was_not_coded() -> None:
    import rasad

    doc = rasad.process("أجرت قوات الحرس تدريبات دفاعية تحسبا لأي ضربة جوية معادية.")
    assert doc.error is None and not [e for e in doc.events if e.type == "ASSAULT"] and doc.skipped
    out = flat(render(doc))
    assert "not coded" in out and "ضربة جوية" in out and "'تدريبات' frames the act" in out
    assert "skipped" not in doc.to_dict()  # an explanation, not part of the contract


def test_explain_shows_the_models_reasons_and_the_candidates_not_coded() -> None:
    from rasad.explain import keep_decisions
    from rasad.model import RawDoc
    from rasad.pipeline import Pipeline

    pipe = Pipeline()
    keep_decisions(pipe)
    doc = pipe(RawDoc(source="t", kind="text", text="التقى وزير الخارجية الروسي سيرغي لافروف نظيره التركي في موسكو أمس، "
                                                      "وبحث الجانبان الأوضاع في سوريا."))
    assert doc.error is None and doc.events and doc.decisions
    assert any(d.event is not None and d.reasons for d in doc.decisions)
    out = flat(render(doc))
    assert "model p=" in out  # the event's probability and the features that weighed most
    assert "candidates not coded" in out
    assert "decisions" not in doc.to_dict()  # an explanation, not part of the contract
    # without explain, nothing is kept
    plain = Pipeline()(RawDoc(source="t", kind="text", text="التقى وزير الخارجية الروسي سيرغي لافروف نظيره التركي في موسكو أمس."))
    assert plain.error is None and plain.events and not plain.decisions
