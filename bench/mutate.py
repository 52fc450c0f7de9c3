"""Mutation campaign: damaged real records through the whole pipeline, the way `rasad extract` runs.

    python bench/mutate.py [--records 2000] [--seed 14] [--corpus ../shared/corpus] [--keep DIR]

Samples records from the corpus (``../shared/corpus/*.jsonl.gz``; nothing of it is copied into
the repository: the mutated files go to a temporary directory), damages them — bits flipped,
lines cut, fields of the wrong type, invalid dates, lone surrogate escapes, U+2028 inside
strings, Arabic presentation forms, one huge paragraph, punctuation stripped, pages with chrome,
HTML nested deep, lines duplicated and shuffled — and writes them in batches as ``.jsonl``,
``.jsonl.gz``, UTF-16 ``.jsonl``, ``.json`` arrays and single ``.txt``/``.html`` pages. Then it runs
the pipeline over the directory through the CLI's own writer and prints records in and out (they
must match, source by source, in order), errors by reason, exceptions that escaped (tracebacks),
the worst document's time and the process's peak memory.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import random
import re
import resource
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROME = ["icon", "التغطية الحية", "+A", "حجم الخط", "أحدث المواد", "الرئيسية"]
_PUNCT = re.compile(r"[.،,؟?!:؛;]")
_ISOLATED: dict[str, str] = {}
for _cp in range(0xFE70, 0xFEFF):
    _norm = unicodedata.normalize("NFKC", chr(_cp))
    if len(_norm) == 1 and unicodedata.name(chr(_cp), "").endswith("ISOLATED FORM"):
        _ISOLATED.setdefault(_norm, chr(_cp))


def sample_records(corpus: Path, n: int, rng: random.Random) -> list[dict]:
    """``n`` records drawn evenly from the corpus files (reservoir sampling: one pass, bounded memory)."""
    files = sorted(corpus.glob("*.jsonl.gz"))
    per = -(-n // len(files))
    out: list[dict] = []
    for path in files:
        keep: list[str] = []
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if len(keep) < per:
                    keep.append(line)
                elif (j := rng.randrange(i + 1)) < per:
                    keep[j] = line
        out += [json.loads(line) for line in keep]
    rng.shuffle(out)
    return out[:n]


# ---- mutations of one record (text level) -------------------------------------------------------


def m_wrong_type(r: dict, rng: random.Random) -> dict:
    key = rng.choice(["site", "title", "url", "byline", "fetched", "id", "published"])
    r[key] = rng.choice([7, 3.5, [], {"a": 1}, True])
    return r


def m_bad_date(r: dict, rng: random.Random) -> dict:
    r["published"] = rng.choice(["not a date", "2020-02-31", "NaN", "2015-13-01", "", "٢٠١٥-٠٨-١٠"])
    return r


def m_surrogate(r: dict, rng: random.Random) -> dict:
    text = r.get("text") or ""
    i = rng.randrange(len(text) + 1)
    r["text"] = text[:i] + "\ud83d" + text[i:]
    return r


def m_line_separator(r: dict, rng: random.Random) -> dict:
    r["text"] = (r.get("text") or "").replace(" ", rng.choice(["\u2028", "\u0085", "\u2029"]), 3)
    return r


def m_presentation(r: dict, rng: random.Random) -> dict:
    r["text"] = "".join(_ISOLATED.get(c, c) for c in r.get("text") or "")
    return r


def m_one_paragraph(r: dict, rng: random.Random) -> dict:
    text = " ".join((r.get("text") or "").split())
    r["text"] = " ".join([text] * rng.randint(1, 40))
    return r


def m_no_punctuation(r: dict, rng: random.Random) -> dict:
    r["text"] = _PUNCT.sub("", r.get("text") or "").replace("\n", " ")
    return r


def m_page(r: dict, rng: random.Random) -> dict:
    title = r.get("title") or "عنوان"
    r["page"] = "\n".join([*rng.sample(CHROME, 2), str(title) + rng.choice(["", "؟", "!", "…", ":"]), "",
                           r.pop("text", "") or ""])
    return r


def m_html(r: dict, rng: random.Random) -> dict:
    depth = rng.choice([1, 50, 3000])
    paras = "".join(f"<p>{p}</p>" for p in (r.pop("text", "") or "").split("\n"))
    r["html"] = f"<html><head><title>{r.get('title')}</title></head><body>{'<div>' * depth}{paras}{'</div>' * depth}</body></html>"
    return r


def m_no_content(r: dict, rng: random.Random) -> dict:
    r.pop("text", None)
    return r


TEXT_MUTATIONS = [m_wrong_type, m_bad_date, m_surrogate, m_line_separator, m_presentation, m_one_paragraph,
                  m_no_punctuation, m_page, m_html, m_no_content]


# ---- mutations of bytes (never adding or removing a line break: a line stays one record) ---------


def flip_bits(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        pos = rng.randrange(len(out))
        new = out[pos] ^ (1 << rng.randrange(8))
        if new != 0x0A and out[pos] != 0x0A:
            out[pos] = new
    return bytes(out)


def cut(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data) + 1)] or b"{"


def damage(data: bytes, rng: random.Random, flip: float, cut_too: float) -> bytes:
    """Bits flipped with probability ``flip``, else the bytes cut short with probability ``cut_too``."""
    roll = rng.random()
    if roll < flip:
        return flip_bits(data, rng)
    if roll < flip + cut_too:
        return cut(data, rng)
    return data


def line_of(record: dict, rng: random.Random) -> bytes:
    for mutate in rng.sample(TEXT_MUTATIONS, rng.randint(0, 2)):
        record = mutate(record, rng)
    line = json.dumps(record, ensure_ascii=rng.random() < 0.5)
    data = damage(line.encode("utf-8", errors="surrogatepass"), rng, flip=0.2, cut_too=0.1)
    return data.replace(b"\n", b" ")


# ---- batches --------------------------------------------------------------------------------------


def write_batches(records: list[dict], out: Path, rng: random.Random) -> dict[str, int]:
    """Write the records as files of every kind; returns each file's number of documents."""
    expected: dict[str, int] = {}
    i, batch = 0, 0
    while i < len(records):
        kind = rng.choice(["jsonl", "jsonl", "jsonl.gz", "utf16", "json", "txt", "html"])
        size = 1 if kind in ("txt", "html") else rng.randint(20, 120)
        chunk, i = records[i : i + size], i + size
        name = out / f"{batch:04d}"
        batch += 1
        if kind in ("jsonl", "jsonl.gz"):
            lines = [line_of(r, rng) for r in chunk]
            lines += [rng.choice(lines) for _ in range(rng.randint(0, 3))]  # duplicated lines
            rng.shuffle(lines)
            data = b"\n".join(lines) + b"\n"
            path = name.with_suffix(".jsonl.gz" if kind == "jsonl.gz" else ".jsonl")
            path.write_bytes(gzip.compress(data) if kind == "jsonl.gz" else data)
            expected[str(path)] = len(lines)
        elif kind == "utf16":
            lines = []
            for r in chunk:
                for mutate in rng.sample(TEXT_MUTATIONS, rng.randint(0, 2)):
                    r = mutate(r, rng)
                lines.append(json.dumps(r, ensure_ascii=False).replace("\ud83d", "\\ud83d"))
            path = name.with_suffix(".jsonl")
            path.write_bytes("\n".join(lines).encode("utf-16"))
            expected[str(path)] = len(lines)
        elif kind == "json":
            path = name.with_suffix(".json")
            path.write_text(json.dumps(chunk))
            expected[str(path)] = len(chunk)
        else:
            r = chunk[0]
            text = m_page(dict(r), rng)["page"] if kind == "txt" else m_html(dict(r), rng)["html"]
            data = damage(text.encode("utf-8", errors="surrogatepass"), rng, flip=0.3, cut_too=0.1)
            path = name.with_suffix("." + kind)
            path.write_bytes(data)
            expected[str(path)] = 1
    return expected


def expected_sources(expected: dict[str, int]) -> list[str]:
    out: list[str] = []
    for path in sorted(expected):
        n = expected[path]
        single = path.endswith((".txt", ".html"))
        out += [path] if single else [f"{path}#{k}" for k in range(1, n + 1)]
    return out


def reason_of(error: str) -> str:
    """The kind of an error: its text up to the first detail (a parenthesis or a digit)."""
    head = re.split(r"\(|\s\d", error, maxsplit=1)[0]
    return head.strip(" :;,")[:70] or error[:40]


def run(directory: Path, budget: float) -> dict:
    from rasad.output import DocumentWriter
    from rasad.pipeline import Pipeline

    pipeline = Pipeline(time_budget=budget)
    sink = io.StringIO()
    writer = DocumentWriter(sink, "jsonl")
    times: list[tuple[float, str]] = []
    escaped = 0
    stream = pipeline.run([directory])
    start = time.monotonic()
    quiet = contextlib.redirect_stderr(io.StringIO())  # one line per error: counted below, not shown
    while True:
        t0 = time.monotonic()
        try:
            with quiet:
                doc = next(stream)
        except StopIteration:
            break
        except Exception as exc:  # must never happen: the invariant says every failure is a record
            escaped += 1
            print(f"ESCAPED {exc!r}", file=sys.stderr)
            break
        times.append((time.monotonic() - t0, doc.source))
        with quiet:
            writer.write(doc)
    writer.close()
    records = [json.loads(line) for line in sink.getvalue().splitlines()]
    return {"records": records, "times": times, "escaped": escaped, "wall": time.monotonic() - start,
            "status": writer.status}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--budget", type=float, default=None, help="per-document time budget (default: rasad's)")
    parser.add_argument("--keep", type=Path, default=None, help="write the mutated files here and keep them")
    args = parser.parse_args()

    import logging

    logging.getLogger("rasad").addHandler(logging.NullHandler())  # warnings are expected; counted below
    logging.getLogger("rasad").propagate = False
    logging.getLogger("trafilatura").propagate = False
    from rasad.pipeline import TIME_BUDGET

    rng = random.Random(args.seed)
    records = sample_records(args.corpus, args.records, rng)
    with tempfile.TemporaryDirectory(prefix="rasad-mutate-") as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        expected = write_batches(records, out, rng)
        want = expected_sources(expected)
        result = run(out, args.budget if args.budget is not None else TIME_BUDGET)
    got = [r["source"] for r in result["records"]]
    errors = Counter(reason_of(r["error"]) for r in result["records"] if "error" in r)
    kinds = Counter(Path(p).name.split(".", 1)[1] for p in expected)
    worst = sorted(result["times"], reverse=True)[:3]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus records sampled: {len(records)}; files: {len(expected)} ({dict(kinds)})")
    print(f"documents in: {len(want)}  records out: {len(got)}  in = out, same order: {got == want}")
    if got != want:
        missing = [s for s in want if s not in set(got)][:5]
        extra = [s for s in got if s not in set(want)][:5]
        print(f"  missing: {missing}  unexpected: {extra}")
    print(f"ok: {len(got) - sum(errors.values())}  errors: {sum(errors.values())}  "
          f"exceptions escaped (tracebacks): {result['escaped']}  exit status: {result['status']}")
    for reason, count in errors.most_common():
        print(f"  {count:5d}  {reason}")
    coded = [r for r in result["records"] if "error" not in r]
    print(f"coded: {sum(len(r['entities']) for r in coded)} entities, {sum(len(r['events']) for r in coded)} events, "
          f"{sum(len(r['quotes']) for r in coded)} quotes")
    print(f"wall time: {result['wall']:.1f} s  worst documents: "
          + ", ".join(f"{t:.2f} s {Path(s).name}" for t, s in worst))
    print(f"peak memory (max RSS of this process): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
