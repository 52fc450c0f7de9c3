"""Word clusters: training on a tiny corpus, the file format, the shipped table."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasad.cli import app
from rasad.clusters import LEVELS, cluster_of, clusters, read_clusters
from rasad.clusters.train import sentences_of, train_clusters
from rasad.errors import DataError

_WORDS = ["قصفت", "هاجمت", "ضربت", "الطائرات", "المدفعية", "القوات", "مدينة", "قرية", "بلدة", "امس", "اليوم", "صباحا"]


def _corpus(path: Path, n: int = 300) -> Path:
    lines = []
    for i in range(n):
        verb, force, place, when = _WORDS[i % 3], _WORDS[3 + i % 3], _WORDS[6 + (i // 3) % 3], _WORDS[9 + (i // 9) % 3]
        lines.append(json.dumps({"title": f"{force} {verb} {place}", "text": f"{verb} {force} {place} {when} وقتل 5 اشخاص."},
                                ensure_ascii=False))
    lines.append("not json")
    lines.append(json.dumps(["a list"]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_sentences_are_light_stems_with_numbers_folded() -> None:
    (words,) = list(sentences_of("وقصفها الطيران امس وقتل 12 شخصا"))
    assert words[0] == "قصف" and "<num>" in words and "12" not in words


def test_training_writes_nested_clusters(tmp_path: Path) -> None:
    out = tmp_path / "c.tsv.gz"
    summary = train_clusters([_corpus(tmp_path / "c.jsonl")], out, dim=16, min_count=2, epochs=2, workers=1,
                             levels=(2, 4, 8))
    table = read_clusters(out)
    assert summary["words"] == len(table) >= len(_WORDS)
    assert all(c2 // 2 == c1 and c3 // 2 == c2 for c1, c2, c3 in table.values())  # each level splits the last


def test_a_broken_clusters_file_is_one_data_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv.gz"
    with gzip.open(bad, "wt", encoding="utf-8") as fh:
        fh.write("قصف\t1\tx\t3\n")
    with pytest.raises(DataError, match=r"bad\.tsv\.gz"):
        read_clusters(bad)
    (tmp_path / "short.tsv.gz").write_bytes(b"not gzip")
    with pytest.raises(DataError, match=r"short\.tsv\.gz"):
        read_clusters(tmp_path / "short.tsv.gz")


def test_the_cli_trains_and_reports(tmp_path: Path) -> None:
    out = tmp_path / "c.tsv.gz"
    got = CliRunner().invoke(app, ["train-clusters", str(_corpus(tmp_path / "c.jsonl")), "--out", str(out),
                                   "--min-count", "2", "--dim", "8", "--epochs", "1"])
    assert got.exit_code == 0, got.output
    assert json.loads(got.output)["words"] > 0 and out.is_file()
    missing = CliRunner().invoke(app, ["train-clusters", str(tmp_path / "nothing.jsonl"), "--out", str(out)])
    assert missing.exit_code == 2 and "nothing.jsonl" in missing.output


def test_the_shipped_clusters_cover_common_news_words() -> None:
    table = clusters()
    assert len(table) > 20_000
    for word in ("قصف", "اعتقل", "وزير", "مظاهرات", "رياض"):
        got = cluster_of(word)
        assert got is not None and all(0 <= c < k for c, k in zip(got, LEVELS, strict=True)), word
    assert cluster_of("كلمةلاتوجد") is None
