"""Article fields of saved HTML pages against gold files: title, published, outlet, credits, body.

    python bench/html_pages.py DIR            # DIR holds NAME.html (or .htm) and NAME.json
    python bench/html_pages.py DIR -v         # and one line per page with what differs
    python bench/html_pages.py DIR --trafilatura   # trafilatura's own metadata and text beside rasad's

A gold file holds any of ``title``, ``published``, ``outlet``, ``dateline``, ``credits``, ``body``
(a list of paragraphs), at its top level or under ``article`` (a contract document); a field
it lacks is not graded. Users bring their own pages and gold files: none ship with rasad.

Figures (each over the pages whose gold has the field):
  title      exact match after whitespace folding
  published  day: the same calendar day; exact: the same instant (or the same day for a date);
             contract: rasad's value has the contract's form (a date, or a time with its offset)
  outlet, dateline   exact match; credits: the same set
  body       paragraph F1 (exact paragraphs after whitespace folding) and token F1 (bags of
             words), micro-averaged over pages
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rasad.model import Document  # noqa: E402
from rasad.read import iter_inputs  # noqa: E402
from rasad.stages.extract import extract  # noqa: E402

_SPACE = re.compile(r"\s+")
CONTRACT = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z))?$")
FIELDS = ("title", "published", "outlet", "dateline", "credits", "body")


def fold(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def same_time(got: str | None, want: str | None) -> bool:
    """The same instant for two times with offsets, else the same string (days, naive times)."""
    if not got or not want:
        return got == want
    if len(want) == 10:  # the gold gives the day only
        return got[:10] == want
    if len(got) == 10:
        return False
    try:
        a, b = dt.datetime.fromisoformat(got), dt.datetime.fromisoformat(want)
    except ValueError:
        return got == want
    if (a.tzinfo is None) != (b.tzinfo is None):
        return False
    return a == b


class Counts:
    """Matches and totals of one field, and the body's paragraph and token overlaps."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.total: Counter[str] = Counter()
        self.overlap: Counter[str] = Counter()  # tp / got / want for paragraphs and tokens

    def add(self, name: str, ok: bool) -> None:
        self.total[name] += 1
        self.hits[name] += ok

    def add_body(self, got: list[str], want: list[str]) -> None:
        for unit, g, w in (("par", Counter(map(fold, got)), Counter(map(fold, want))),
                           ("tok", Counter(" ".join(got).split()), Counter(" ".join(want).split()))):
            self.overlap[unit + ".tp"] += sum((g & w).values())
            self.overlap[unit + ".got"] += sum(g.values())
            self.overlap[unit + ".want"] += sum(w.values())
        self.total["body"] += 1

    def f1(self, unit: str) -> float:
        tp, got, want = (self.overlap[f"{unit}.{k}"] for k in ("tp", "got", "want"))
        return 2 * tp / (got + want) if got + want else 0.0

    def report(self, label: str) -> list[str]:
        out = []
        for name in ("title", "published.day", "published.exact", "published.contract", "outlet", "dateline", "credits"):
            if self.total[name]:
                out.append(f"{label:12} {name:19} {self.hits[name] / self.total[name]:.2f}  ({self.hits[name]}/{self.total[name]})")
        if self.total["body"]:
            out.append(f"{label:12} {'body.paragraph_f1':19} {self.f1('par'):.2f}  ({self.total['body']} pages)")
            out.append(f"{label:12} {'body.token_f1':19} {self.f1('tok'):.2f}")
        return out


def gold_of(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data.get("article", data) if isinstance(data, dict) else {}


def grade(counts: Counts, got: dict[str, Any], want: dict[str, Any]) -> list[str]:
    """Add one page's figures; the names of the fields that differ."""
    wrong = []
    for name in ("title", "outlet", "dateline"):
        if name in want:
            ok = fold(got.get(name)) == fold(want[name])
            counts.add(name, ok)
            wrong += [] if ok else [f"{name}={got.get(name)!r} want {want[name]!r}"]
    if "credits" in want:
        ok = set(got.get("credits") or []) == set(want["credits"] or [])
        counts.add("credits", ok)
        wrong += [] if ok else [f"credits={got.get('credits')!r} want {want['credits']!r}"]
    if "published" in want:
        value, gold = got.get("published"), want["published"]
        counts.add("published.day", bool(value and gold and value[:10] == gold[:10]) or value == gold)
        exact = same_time(value, gold)
        counts.add("published.exact", exact)
        counts.add("published.contract", value is None or bool(CONTRACT.match(value)))
        wrong += [] if exact else [f"published={value!r} want {gold!r}"]
    if "body" in want:
        counts.add_body(got.get("body") or [], want["body"] or [])
    return wrong


def rasad_article(path: Path) -> dict[str, Any]:
    item = next(iter(iter_inputs([str(path)])))
    if not hasattr(item, "kind"):
        return {"error": str(item)}
    doc = extract(Document(source=str(path), raw=item))  # type: ignore[arg-type]
    return doc.to_dict()["article"]


def trafilatura_article(path: Path) -> dict[str, Any]:
    import trafilatura

    html = path.read_bytes()
    doc = trafilatura.bare_extraction(html, with_metadata=True)
    if doc is None:
        return {}
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return {"title": data.get("title"), "published": data.get("date"), "outlet": data.get("sitename"),
            "body": [p for p in (data.get("text") or "").splitlines() if p.strip()]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per page with the fields that differ")
    parser.add_argument("--trafilatura", action="store_true", help="grade trafilatura's metadata and text too")
    args = parser.parse_args()
    pages = sorted(p for p in args.folder.iterdir() if p.suffix in (".html", ".htm") and p.with_suffix(".json").exists())
    if not pages:
        sys.exit(f"bench: no NAME.html with a NAME.json gold file in {args.folder}")
    systems = {"rasad": rasad_article, **({"trafilatura": trafilatura_article} if args.trafilatura else {})}
    for label, run in systems.items():
        counts, errors = Counts(), 0
        for page in pages:
            got = run(page)
            errors += "error" in got
            wrong = grade(counts, got, gold_of(page.with_suffix(".json")))
            if args.verbose and wrong:
                print(f"{label}: {page.name}: " + "; ".join(wrong))
        print("\n".join(counts.report(label)) + f"\n{label:12} {'errors':19} {errors}  ({len(pages)} pages)")


if __name__ == "__main__":
    main()
