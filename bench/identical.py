"""Is `rasad extract`'s output byte-identical to a reference recorded earlier?

    python bench/identical.py --record           # once, with the code as it was: the reference
    python bench/identical.py                    # after a change: re-run and diff
    python bench/identical.py --jobs 2           # the same, through the process pool
    python bench/identical.py --sets dev         # one input set only

Three input sets: ``corpus`` (a fixed subset of ../shared/corpus: every 31st SaudiNewsNet record
and every 11th ANT record, about 2,000, written once to the work directory), ``dev``
(../shared/gold/inputs) and ``train`` (../shared/gold/train/inputs). The work directory (default
/tmp/rasad-identical) holds the subset and the outputs, never the repository: the corpus is not
ours to copy. Prints, for each set, the documents, the seconds and the differing lines; exit
status 1 if any output differs.
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
STEPS = {"saudinewsnet.jsonl.gz": 31, "ant2018.jsonl.gz": 11}


def corpus_subset(work: Path) -> Path:
    """The fixed corpus subset as one JSONL file in ``work`` (written on first use)."""
    out = work / "corpus-subset.jsonl"
    if not out.exists():
        lines: list[str] = []
        for name, step in STEPS.items():
            with gzip.open(SHARED / "corpus" / name, "rt", encoding="utf-8") as f:
                lines += [line for i, line in enumerate(f) if i % step == 0]
        out.write_text("".join(lines), encoding="utf-8")
    return out


def input_sets(work: Path) -> dict[str, Path]:
    return {"corpus": corpus_subset(work), "dev": SHARED / "gold" / "inputs", "train": SHARED / "gold" / "train" / "inputs"}


def extract(path: Path, out: Path, jobs: int | None) -> float:
    """Run ``rasad extract`` on ``path`` into ``out``; the seconds it took."""
    cmd = [sys.executable, "-m", "rasad.cli", "extract", str(path), "--format", "jsonl"]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    t0 = time.perf_counter()
    with out.open("wb") as f:
        subprocess.run(cmd, stdout=f, stderr=subprocess.DEVNULL, cwd=ROOT, check=False)
    return time.perf_counter() - t0


def diff(ref: Path, new: Path) -> tuple[int, int, str]:
    """(lines, differing lines, the first differing line's start) of two JSONL outputs."""
    a = ref.read_bytes().splitlines()
    b = new.read_bytes().splitlines()
    bad = [i for i in range(max(len(a), len(b))) if i >= len(a) or i >= len(b) or a[i] != b[i]]
    first = ""
    if bad:
        line = b[bad[0]] if bad[0] < len(b) else b"<missing>"
        first = line[:120].decode("utf-8", "replace")
    return len(a), len(bad), first


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--record", action="store_true", help="write the reference instead of comparing with it")
    ap.add_argument("--work", type=Path, default=Path("/tmp/rasad-identical"))
    ap.add_argument("--jobs", type=int, default=None, help="pass --jobs N to rasad extract")
    ap.add_argument("--sets", nargs="*", default=["corpus", "dev", "train"])
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    failed = False
    for name, path in input_sets(args.work).items():
        if name not in args.sets:
            continue
        ref = args.work / f"{name}.ref.jsonl"
        out = ref if args.record else args.work / f"{name}.new.jsonl"
        seconds = extract(path, out, args.jobs)
        if args.record:
            print(f"{name}: recorded {len(out.read_bytes().splitlines())} documents in {seconds:.1f} s")
            continue
        lines, bad, first = diff(ref, out)
        failed |= bad > 0
        print(f"{name}: {lines} documents, {seconds:.1f} s, {bad} differ" + (f" (first: {first})" if bad else ""))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
