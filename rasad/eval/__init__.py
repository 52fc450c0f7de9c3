"""``rasad eval``: grade rasad's output against a directory of gold files (users bring their own).

The gold format is that of ``../shared/gold/dev``: one JSON file per document, with ``input`` (the
input's path, relative to the gold file) and any of ``article``, ``entities``, ``events``,
``quotes`` as rasad outputs them (see ``docs/eval.md``).
"""

from __future__ import annotations

import json
import shlex
import subprocess
from collections.abc import Iterable
from pathlib import Path

from rasad.errors import RasadError
from rasad.eval.measures import Json
from rasad.eval.report import Report

__all__ = ["Report", "evaluate", "load_gold", "predictions_from_command", "predictions_from_lines", "source_key"]


def source_key(source: str) -> str:
    """A file's base name; ``page.jsonl#1`` (record 1 of a one-record file) is ``page.jsonl``."""
    name = Path(source).name
    return name[:-2] if name.endswith("#1") else name


def load_gold(gold_dir: Path) -> dict[str, Json]:
    """Gold files by the base name of their input."""
    gold: dict[str, Json] = {}
    for path in sorted(gold_dir.glob("*.json")):
        try:
            item = json.loads(path.read_text(encoding="utf-8"))
            gold[source_key(item["input"])] = item
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise RasadError(f"{path}: not a gold file ({exc}); see docs/eval.md") from None
    if not gold:
        raise RasadError(f"{gold_dir}: no gold *.json files")
    return gold


def gold_inputs(gold_dir: Path, gold: dict[str, Json]) -> list[Path]:
    return [(gold_dir / g["input"]).resolve() for g in gold.values()]


def predictions_from_lines(lines: Iterable[str]) -> dict[str, Json]:
    preds: dict[str, Json] = {}
    for n, line in enumerate(lines, 1):
        if line.strip():
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RasadError(f"prediction line {n} is not JSON: {exc}") from None
            preds[source_key(str(item.get("source", "")))] = item
    return preds


def predictions_from_command(command: str, inputs: list[Path]) -> dict[str, Json]:
    """Run ``command`` with ``{inputs}`` replaced by the quoted gold inputs; read its JSONL."""
    quoted = " ".join(shlex.quote(str(p)) for p in inputs)
    proc = subprocess.run(command.replace("{inputs}", quoted), shell=True, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RasadError(f"the command failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return predictions_from_lines(proc.stdout.splitlines())


def predictions_in_process(inputs: list[Path]) -> dict[str, Json]:
    """rasad's own output for the inputs, without a subprocess."""
    from rasad.pipeline import Pipeline

    return {source_key(d.source): d.to_dict() for d in Pipeline().run(inputs)}


def evaluate(gold: dict[str, Json], preds: dict[str, Json]) -> Report:
    """Grade every gold file against the prediction for its input."""
    report = Report()
    for name, g in gold.items():
        if name not in preds:
            report.missing.append(name)
        report.grade(g, preds.get(name, {}))
    return report
