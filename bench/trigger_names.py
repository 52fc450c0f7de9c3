"""On unannotated corpus records: how many coded events have a trigger word that is part of a
name or place, and how many come from a learned word alone.

    python bench/trigger_names.py --n 800 [--model /tmp/x.json ...]

Runs the pipeline (the shipped event model, or each ``--model`` in turn) on ``n`` records of
``../shared/corpus`` (alternating between its two files, as ``bench/pipeline.py`` reads them) and
prints, per model: the events, those whose trigger's first word lies inside a mention of the
entities stage or a knowledge-base match of an entity, a title or a nationality adjective, those
whose trigger's word comes right before such a name (a place noun: ``مدينة`` before a city's
name), and those of a learned word alone (rule ``learned.*``), in all and of those two kinds. Counts only; no corpus text is
printed or kept.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipeline import corpus_docs

import rasad.decide.model as model_mod
from rasad.arabic.text import first_token_at
from rasad.model import Document
from rasad.pipeline import Pipeline
from rasad.read.text import clean_raw


def counts(docs: list[Document]) -> dict[str, int]:
    out = {"events": 0, "trigger in a name": 0, "trigger right before a name": 0, "learned word alone": 0,
           "learned word alone, in a name": 0, "learned word alone, right before a name": 0}
    for doc in docs:
        paras = {p.index: p for p in doc.paragraphs}
        for e in doc.events:
            out["events"] += 1
            out["learned word alone"] += e.rule.startswith("learned.")
            para = paras.get(e.paragraph)
            if para is None or not para.tokens:
                continue
            s_at = max(para.text.find(e.sentence), 0)
            at = para.text.find(e.trigger, s_at)
            if at < 0:
                continue
            i = first_token_at(para.tokens, at)
            if i >= len(para.tokens):
                continue
            spans = [(h.first, h.last) for h in para.hits if h.category in ("entity", "title", "adjective")]
            for m in doc.entities:
                if m.paragraph == para.index:
                    got = [k for k, t in enumerate(para.tokens) if t.start < m.end and m.start < t.end]
                    if got:
                        spans.append((got[0], got[-1] + 1))
            inside, before = any(a <= i < b for a, b in spans), any(a == i + 1 for a, _ in spans)
            out["trigger in a name"] += inside
            out["trigger right before a name"] += before
            out["learned word alone, in a name"] += inside and e.rule.startswith("learned.")
            out["learned word alone, right before a name"] += before and e.rule.startswith("learned.")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=800)
    ap.add_argument("--model", type=Path, action="append", default=[])
    ap.add_argument("--families", action="store_true",
                    help="register session 8's opt-in site families (for a model bench/site_cv.py --fit trained with them)")
    args = ap.parse_args()
    if args.families:
        from rasad.decide import evidence_features, modality_features, site_context

        for module in (evidence_features, modality_features, site_context):
            module.register()
    raws = corpus_docs(args.n)
    for path in args.model or [model_mod.MODEL_PATH]:
        model_mod.MODEL_PATH = path
        model_mod.default_model.cache_clear()
        pipe = Pipeline()
        docs = []
        for raw in raws:  # the stages one by one: the pipeline's own call lets the paragraphs go
            doc = Document(source=raw.source, raw=clean_raw(raw))
            for _, stage in pipe.stages:
                doc = stage(doc)
            docs.append(doc)
        print(json.dumps({"model": str(path), "records": len(raws), **counts(docs)}), flush=True)


if __name__ == "__main__":
    main()
