"""`rasad eval` prints the same figures as ../shared/tools/score.py for the same output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import GOLD, SHARED, need_shared


def test_eval_agrees_with_score_py(tmp_path: Path) -> None:
    need_shared()
    inputs = sorted(str(p) for p in (GOLD / "inputs").iterdir())
    out = subprocess.run([sys.executable, "-m", "rasad.cli", "extract", *inputs], capture_output=True, text=True, check=True)
    preds = tmp_path / "preds.jsonl"
    preds.write_text(out.stdout, encoding="utf-8")
    score = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score.py"), str(GOLD / "dev"), str(preds), "--json"],
        capture_output=True, text=True, check=True,
    )
    ours = tmp_path / "eval.json"
    proc = subprocess.run(
        [sys.executable, "-m", "rasad.cli", "eval", str(GOLD / "dev"), "--predictions", str(preds), "--json", str(ours)],
        capture_output=True, text=True, check=True,
    )
    assert json.loads(ours.read_text(encoding="utf-8"))["summary"] == json.loads(score.stdout)
    assert "entities (type+text)" in proc.stdout


def test_eval_on_a_users_gold(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "وزير الخارجية الأردني يبحث التطورات\n\nبحث وزير الخارجية الأردني أيمن الصفدي مع وزير الخارجية المصري "
        "سامح شكري في عمّان التطورات في المنطقة.\n",
        encoding="utf-8",
    )
    gold = {
        "input": "page.txt",
        "article": {"title": "وزير الخارجية الأردني يبحث التطورات"},
        "entities": [{"text": "أيمن الصفدي", "type": "PER", "canonical": "أيمن الصفدي"}],
        "events": [{"type": "CONSULT", "actor": [{"text": "أيمن الصفدي", "country": "JOR"}],
                    "recipient": [{"text": "سامح شكري", "country": "EGY"}], "date": None}],
    }
    (tmp_path / "page.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "eval.json"
    subprocess.run([sys.executable, "-m", "rasad.cli", "eval", str(tmp_path), "--json", str(out)], check=True, capture_output=True)
    summary = json.loads(out.read_text(encoding="utf-8"))["summary"]
    assert summary["title_acc"] == 1.0 and summary["event_f1"] > 0 and summary["missing"] == 0


def test_eval_conll_agrees_with_score_ner(tmp_path: Path) -> None:
    need_shared()
    lines = (SHARED / "ner" / "anercorp_train.txt").read_text(encoding="utf-8").splitlines()[:1500]
    while lines and lines[-1].strip():
        lines.pop()  # end on a sentence boundary
    conll = tmp_path / "sample.conll"
    conll.write_text("\n".join(lines) + "\n", encoding="utf-8")
    score = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score_ner.py"), str(conll), "--json",
         "--run", f"{sys.executable} -m rasad.cli ner --conll {{inputs}}"],
        capture_output=True, text=True, check=True,
    )
    out = tmp_path / "ner.json"
    subprocess.run([sys.executable, "-m", "rasad.cli", "eval", "--conll", str(conll), "--json", str(out)],
                   capture_output=True, text=True, check=True)
    ours = json.loads(out.read_text(encoding="utf-8"))
    theirs = json.loads(score.stdout)
    for cls in ("PER", "ORG", "LOC", "all"):
        assert round(ours[cls]["f1"], 3) == theirs[f"{cls}_f1"]
