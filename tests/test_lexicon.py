"""The lexicon files: their schema, one-line errors naming the file and the key, and user files
that add words to the shipped lists (``rasad.lexicon``, ``rasad lexicon check``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import rasad.lexicon as lexicon
from rasad.errors import DataError
from rasad.lexicon import check_lexicons, read_lexicon, word_list
from rasad.lexicon.schema import SCHEMAS

# written for this test: "The Saudi foreign ministry condemned, the day before yesterday, the attack
# on the embassy"; البارحة is no word the shipped lexicon lets stand between a verb and its subject
SENTENCE = "أدانت البارحة وزارة الخارجية السعودية الهجوم على السفارة."
EVENTS_OF = """
import json, sys
from rasad.model import RawDoc
from rasad.pipeline import Pipeline
doc = Pipeline(learned=False)(RawDoc(source="t", kind="page", text=sys.argv[1]))
print(json.dumps({"error": doc.error, "events": [[e.type, [a.country for a in e.actor], e.rule] for e in doc.events]}))
"""


def run_with(user_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RASAD_LEXICON_DIR": str(user_dir)}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, check=False)


@pytest.fixture
def shipped_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped lexicon directory that a test may break."""
    copy = tmp_path / "shipped"
    copy.mkdir()
    for path in lexicon.LEXICON_DIR.glob("*.yaml"):
        shutil.copy(path, copy)
    monkeypatch.setattr(lexicon, "LEXICON_DIR", copy)
    return copy


def test_every_shipped_lexicon_file_is_valid_and_has_a_schema() -> None:
    shipped = {p.name for p in lexicon.LEXICON_DIR.glob("*.yaml")} - {"cameo.yaml"}  # cameo: rasad.cameo checks it
    assert shipped == set(SCHEMAS) == set(lexicon.LEXICON_FILES)
    files = check_lexicons(())
    assert [f.name for f in files] == list(SCHEMAS)


def test_a_checked_file_is_not_checked_again_until_it_changes(
    shipped_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RASAD_CACHE_DIR", str(tmp_path / "cache"))
    checked: list[str] = []
    real = lexicon._validate
    monkeypatch.setattr(lexicon, "_validate", lambda name, *a, **k: (checked.append(name), real(name, *a, **k)))
    first = read_lexicon("grammar.yaml", ())
    assert checked == ["grammar.yaml"]
    assert read_lexicon("grammar.yaml", ()) == first and checked == ["grammar.yaml"]  # remembered
    assert read_lexicon("grammar.yaml", (), recheck=True) == first and len(checked) == 2  # rasad lexicon check
    path = shipped_copy / "grammar.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("prepositions:", "prepositionz:", 1), encoding="utf-8")
    with pytest.raises(DataError, match="prepositionz"):  # changed: checked again, and it fails
        read_lexicon("grammar.yaml", ())
    with pytest.raises(DataError, match="prepositionz"):  # a failed check is never remembered
        read_lexicon("grammar.yaml", ())


def test_word_lists_are_normalised_unless_read_as_written() -> None:
    assert {"الي", "علي", "لدي"} <= word_list("grammar.yaml", "prepositions")  # إلى، على، لدى
    particles = word_list("grammar.yaml", "particles_as_written", as_written=True)
    assert "على" in particles and "علي" not in particles  # the preposition, never the name Ali
    assert word_list("parties.yaml", "subject_skip") is word_list("parties.yaml", "subject_skip")  # read once


def test_a_renamed_key_names_the_file_and_both_keys(shipped_copy: Path) -> None:
    path = shipped_copy / "grammar.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\nprepositions:", "\npreposition:"), encoding="utf-8")
    with pytest.raises(DataError) as exc:
        read_lexicon("grammar.yaml", ())
    message = str(exc.value)
    assert message == f"{path}: prepositions: required key missing; preposition: unknown key"
    assert "\n" not in message


def test_a_wrong_type_names_the_entry_and_key(shipped_copy: Path) -> None:
    path = shipped_copy / "events.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  pos: verb\n", "  pos: [verb]\n", 1), encoding="utf-8")
    with pytest.raises(DataError, match=r"events\.yaml: entry 1 \(AGREE\)\.pos: input should be 'verb' or 'noun' "
                                        r"\(got \['verb'\]\)$"):
        read_lexicon("events.yaml", ())
    path.write_text(text.replace("  rule: agree.agree.verb\n  forms:", "  rule: agree.agree.verb\n  form:", 1), encoding="utf-8")
    with pytest.raises(DataError, match=r"events\.yaml: entry 1 \(AGREE\)\.forms: required key missing; "
                                        r"entry 1 \(AGREE\)\.form: unknown key$"):
        read_lexicon("events.yaml", ())
    grammar = shipped_copy / "grammar.yaml"
    lines = grammar.read_text(encoding="utf-8").replace("auxiliaries: [قد, وقد,", "auxiliaries: [قد, 1,")
    grammar.write_text(lines, encoding="utf-8")
    with pytest.raises(DataError, match=r"grammar\.yaml: auxiliaries\[1\]: input should be a valid string \(got 1\)$"):
        read_lexicon("grammar.yaml", ())


def test_a_missing_shipped_file_is_one_error(shipped_copy: Path) -> None:
    (shipped_copy / "parties.yaml").unlink()
    with pytest.raises(DataError, match=r"parties\.yaml: the lexicon file is missing"):
        read_lexicon("parties.yaml", ())


def test_a_user_file_adds_words_and_entries(tmp_path: Path) -> None:
    (tmp_path / "parties-mine.yaml").write_text("subject_skip: [البارحة, أمس]\n", encoding="utf-8")
    (tmp_path / "events.yaml").write_text("- {type: ASSAULT, rule: assault.test, forms: [فجّروا]}\n", encoding="utf-8")
    (tmp_path / "quantities-more.yaml").write_text("numbers: {بضعة: 3, عشرة: 10}\n", encoding="utf-8")
    parties = read_lexicon("parties.yaml", (tmp_path,))
    shipped = read_lexicon("parties.yaml", ())
    assert parties["subject_skip"] == [*shipped["subject_skip"], "البارحة"]  # أمس is shipped already
    events = read_lexicon("events.yaml", (tmp_path,))
    assert len(events) == len(read_lexicon("events.yaml", ())) + 1 and events[-1]["rule"] == "assault.test"
    assert read_lexicon("quantities.yaml", (tmp_path,))["numbers"]["بضعة"] == 3


@pytest.mark.parametrize(("name", "text", "message"), [
    ("parties-mine.yaml", "subject_skip: البارحة\n", "subject_skip: must be a list, as in the shipped file"),
    ("parties-mine.yaml", "subject_skip: [البارحة, 3]\n", "subject_skip: input should be a valid string (got 3)"),
    ("parties-mine.yaml", "subject_skp: [البارحة]\n", "subject_skp: unknown key"),
    ("events-mine.yaml", "- {type: ASSAULT, forms: [فجّروا], pos: 3}\n", "entry 1 (ASSAULT).pos: input should be 'verb' or 'noun' (got 3)"),
    ("quantities-mine.yaml", "numbers: {عشرة: 11}\n", "numbers.عشرة: the shipped value is 10; a user file adds"),
    ("events-mine.yaml", "- {type: ASAULT, forms: [فجّروا]}\n", "entry 1 (ASAULT).type: input should be 'AGREE', "),
    ("groups-mine.yaml", "- {forms: [الحرس], sector: GOVT}\n", "entry 1 (GOVT).sector: 'GOVT' is no sector (BUS, "),
    ("partys.yaml", "subject_skip: [البارحة]\n", "names no lexicon file"),
    ("parties-mine.yaml", "subject_skip: [البارحة\n", "cannot read the data file"),
])
def test_a_broken_user_file_is_one_line_naming_file_and_key(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as exc:
        check_lexicons((tmp_path,))
    assert str(exc.value).startswith(f"{path}: ")
    assert message in str(exc.value)
    assert "\n" not in str(exc.value).strip() or "cannot read" in message  # YAML's own message may wrap


def test_a_user_word_changes_what_the_events_stage_finds(tmp_path: Path) -> None:
    plain, mine = tmp_path / "none", tmp_path / "mine"
    plain.mkdir()
    mine.mkdir()
    (mine / "parties-mine.yaml").write_text("subject_skip: [البارحة]\n", encoding="utf-8")
    before = json.loads(run_with(plain, "-c", EVENTS_OF, SENTENCE).stdout)
    after = json.loads(run_with(mine, "-c", EVENTS_OF, SENTENCE).stdout)
    assert before["error"] is None and after["error"] is None
    # shipped: البارحة is a definite word between the verb and the ministry, so no actor, no ACCUSE
    assert not any(e[0] == "ACCUSE" for e in before["events"])
    # extended: the ministry is the subject of أدانت
    assert ["ACCUSE", ["SAU"], "accuse.disapprove.verb (actor: party after the trigger)"] in after["events"]


def test_a_broken_user_file_stops_the_pipeline_at_start_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "parties-mine.yaml").write_text("subject_skip: [البارحة, 3]\n", encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text(SENTENCE + "\n", encoding="utf-8")
    done = run_with(tmp_path, "-m", "rasad.cli", "extract", str(page), "--jobs", "1")
    assert done.returncode == 2
    assert done.stdout == ""  # no document was processed, so none carries the error
    assert done.stderr == (f"rasad: {tmp_path / 'parties-mine.yaml'}: subject_skip: input should be a valid string "
                           "(got 3)\n")


def test_lexicon_check_command(tmp_path: Path) -> None:
    ok = run_with(tmp_path, "-m", "rasad.cli", "lexicon", "check")
    assert ok.returncode == 0 and ok.stdout.startswith(f"10 lexicon files valid: 10 shipped, 0 from {tmp_path}")
    (tmp_path / "grammar-mine.yaml").write_text("question_words: [أحقا]\n", encoding="utf-8")
    ok = run_with(tmp_path, "-m", "rasad.cli", "lexicon", "check")
    assert ok.returncode == 0 and f"1 from {tmp_path}" in ok.stdout and "grammar-mine.yaml" in ok.stdout
    other = tmp_path / "other"
    other.mkdir()
    (other / "grammar.yaml").write_text("question_words: أحقا\n", encoding="utf-8")
    bad = run_with(tmp_path, "-m", "rasad.cli", "lexicon", "check", str(other))
    assert bad.returncode == 1
    assert bad.stderr == f"rasad: {other / 'grammar.yaml'}: question_words: must be a list, as in the shipped file\n"


def test_explain_knows_the_entries_of_user_event_files(tmp_path: Path) -> None:
    (tmp_path / "events-mine.yaml").write_text("- {type: ASSAULT, rule: assault.user_test, forms: [فجّروا]}\n", encoding="utf-8")
    code = "from rasad.explain import lexicon_entries as e; print('assault.user_test' in e(), 'assault.user_test' in e() or len(e()) > 100)"
    got = run_with(tmp_path, "-c", code)
    assert got.returncode == 0, got.stderr
    assert got.stdout.split() == ["True", "True"]
    assert run_with(tmp_path / "none", "-c", code).stdout.split() == ["False", "True"]
