"""Pages per second and peak memory of extraction (``rasad extract --only article``), one core.

    python bench/extract.py                  # every case below, one JSON line each
    python bench/extract.py --html 500 --jsonl 2000 --seeds 1000

Cases:
  seeds   the two seed pages (../shared/gold/inputs/0*.txt) repeated: flattened pages
  jsonl   records streamed from ../shared/corpus/*.jsonl.gz (alternately) by rasad's JSONL reader;
          'errors' counts corpus records with an empty text
  html    synthetic HTML pages built from corpus records (title in <h1>, paragraphs in <p>, plus
          nav, breadcrumbs, 'read also' links, a 'most read' box, footer and <script>s), run
          through rasad, trafilatura.extract alone and jusText alone; the true paragraphs are
          known, so paragraph precision/recall (exact match after whitespace folding) is printed
  warc    the same HTML pages in a temporary .warc.gz: rasad's WARC reader alone, then rasad

Each measurement runs in its own subprocess so ``peak_rss_mb`` (``ru_maxrss``) is its own.
Reads ../shared (never copied into the repo; the synthetic pages live in memory or a temp dir).
"""

from __future__ import annotations

import argparse
import gzip
import io
import itertools
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
CORPORA = [SHARED / "corpus" / "saudinewsnet.jsonl.gz", SHARED / "corpus" / "ant2018.jsonl.gz"]
SECTIONS = ["الرئيسية", "محليات", "سياسة", "اقتصاد", "رياضة", "ثقافة", "منوعات", "تقنية", "رأي", "فيديو"]
_SPACE = re.compile(r"\s+")


def corpus_records(n: int, skip: int = 0) -> list[dict[str, Any]]:
    """``n`` corpus records (after ``skip``) alternating between the two corpora."""
    streams = [gzip.open(f, "rt", encoding="utf-8") for f in CORPORA if f.exists()]  # noqa: SIM115
    if not streams:
        sys.exit(f"bench: no corpus under {SHARED / 'corpus'}")
    lines = itertools.islice(itertools.chain.from_iterable(zip(*streams, strict=False)), skip, None)
    out = []
    for line in lines:
        record = json.loads(line)
        if record.get("title") and len(paragraphs_of(record)) >= 2:
            out.append(record)
        if len(out) >= n:
            break
    return out


def paragraphs_of(record: dict[str, Any]) -> list[str]:
    return [fold(p) for p in str(record.get("text", "")).split("\n") if fold(p)]


def fold(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def synth_html(record: dict[str, Any], others: list[dict[str, Any]], rng: random.Random) -> str:
    """A realistic news page around one record: the true body is its paragraphs, in <p>s."""
    title = record["title"]
    nav = "".join(f'<li><a href="/section/{i}">{s}</a></li>' for i, s in enumerate(SECTIONS))
    related = "".join(f'<li><a href="/news/{rng.randrange(10**6)}">{o["title"]}</a></li>' for o in others[:3])
    most = "".join(f'<li><span>{i + 1}</span><a href="/news/{rng.randrange(10**6)}">{o["title"]}</a></li>'
                   for i, o in enumerate(others[3:8]))
    body = "".join(f"<p>{p}</p>" for p in paragraphs_of(record))
    published = record.get("published") or "2015-08-01T10:00:00+03:00"
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title} | صحيفة المثال</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="صحيفة المثال">
<meta property="article:published_time" content="{published}">
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}gtag('js',new Date());</script>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-XXXX"></script>
<link rel="stylesheet" href="/static/site.css"></head>
<body><header class="site-header"><div class="logo"><a href="/">صحيفة المثال</a></div>
<nav class="main-menu"><ul>{nav}</ul></nav>
<form class="search"><input type="text" placeholder="ابحث في الموقع"><button>بحث</button></form></header>
<div class="breadcrumb"><a href="/">الرئيسية</a> &gt; <a href="/section/2">سياسة</a></div>
<main><article class="post"><h1 class="post-title">{title}</h1>
<div class="meta"><time datetime="{published}">{published[:10]}</time> <span class="views">1520 مشاهدة</span></div>
<div class="share"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a></div>
<div class="post-body">{body}</div>
<div class="tags"><a href="/tag/1">أخبار</a> <a href="/tag/2">عاجل</a></div>
<section class="related"><h3>اقرأ أيضا</h3><ul>{related}</ul></section></article>
<aside class="sidebar"><h3>الأكثر قراءة</h3><ol>{most}</ol>
<div class="ad"><script>googletag.cmd.push(function(){{googletag.display('ad-1');}});</script></div></aside></main>
<footer><ul><li><a href="/about">من نحن</a></li><li><a href="/contact">اتصل بنا</a></li>
<li><a href="/privacy">سياسة الخصوصية</a></li></ul><p>جميع الحقوق محفوظة © صحيفة المثال 2015</p></footer>
<script src="/static/app.js"></script></body></html>"""


def html_pages(n: int) -> list[tuple[str, list[str]]]:
    """``n`` synthetic pages with their true paragraphs."""
    rng = random.Random(7)
    records = corpus_records(n + 8, skip=20_000)
    return [(synth_html(r, records[i + 1:i + 9], rng), paragraphs_of(r)) for i, r in enumerate(records[:n])]


def score(pred: list[list[str]], gold: list[list[str]]) -> dict[str, float]:
    """Micro paragraph precision/recall: a paragraph counts when it matches a true one exactly (folded)."""
    tp = n_pred = n_gold = 0
    for p, g in zip(pred, gold, strict=True):
        ps, gs = [fold(x) for x in p if fold(x)], set(g)
        tp += sum(1 for x in set(ps) if x in gs)
        n_pred += len(set(ps))
        n_gold += len(gs)
    return {"precision": round(tp / max(1, n_pred), 3), "recall": round(tp / max(1, n_gold), 3)}


def timed(items: Iterator[Any] | list[Any], run: Any) -> tuple[list[Any], float]:
    t0 = time.perf_counter()
    out = [run(x) for x in items]
    return out, time.perf_counter() - t0


def measure(case: str, system: str, n: int) -> dict[str, Any]:
    """One measurement (run in a child process)."""
    from rasad.model import RawDoc
    from rasad.pipeline import Pipeline

    extra: dict[str, Any] = {}
    t_start = time.perf_counter()
    if case == "seeds":
        seeds = sorted((SHARED / "gold" / "inputs").glob("0*.txt"))
        pages = [RawDoc(str(p), "page", p.read_text(encoding="utf-8")) for p in seeds]
        docs: list[Any] = [pages[i % len(pages)] for i in range(n)]
    elif case == "jsonl":
        from rasad.read.content import stream_records

        handles = [gzip.open(f, "rb") for f in CORPORA if f.exists()]  # noqa: SIM115
        streams = [stream_records(fh, f"corpus{i}") for i, fh in enumerate(handles)]
        docs = list(itertools.islice(itertools.chain.from_iterable(zip(*streams, strict=False)), n))
        for fh in handles:
            fh.close()
    else:
        pages_gold = html_pages(n)
        gold = [g for _, g in pages_gold]
        docs = [h for h, _ in pages_gold]
    load = time.perf_counter() - t_start
    pipeline = Pipeline(only="article") if system in ("rasad", "rasad+warc") else None
    if pipeline is not None and case in ("html", "warc"):  # warm up: trafilatura is imported lazily
        pipeline(RawDoc("warm-up", "html", "<html><body><h1>عنوان</h1><p>نص الخبر.</p></body></html>"))
    if case == "warc":
        from rasad.read.warc import read_warc

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "pages.warc.gz"
            write_warc(path, docs)
            extra["warc_mb"] = round(path.stat().st_size / 2**20, 1)
            t0 = time.perf_counter()
            raws = list(read_warc(path))
            if pipeline is not None:
                outs = list(pipeline.pipe(raws))
                extra["errors"] = sum(d.error is not None for d in outs)
            elapsed = time.perf_counter() - t0
    elif system == "rasad":
        assert pipeline is not None
        raws = [d if isinstance(d, RawDoc) else RawDoc(f"page#{i}", "html", d) for i, d in enumerate(docs)]
        t0 = time.perf_counter()
        outs = list(pipeline.pipe(raws))
        elapsed = time.perf_counter() - t0
        extra["errors"] = sum(d.error is not None for d in outs)
        if case == "html":
            extra.update(score([d.article.body for d in outs], gold))
    elif system == "trafilatura":
        import trafilatura

        outs, elapsed = timed(docs, lambda h: (trafilatura.extract(h) or "").split("\n"))
        extra.update(score(outs, gold))
    else:
        import justext

        stop = justext.get_stoplist("Arabic")
        outs, elapsed = timed(docs, lambda h: [p.text for p in justext.justext(h, stop) if not p.is_boilerplate])
        extra.update(score(outs, gold))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"case": case, "system": system, "pages": len(docs), "seconds": round(elapsed, 3),
            "pages_per_s": round(len(docs) / elapsed, 1), "load_s": round(load, 2),
            "peak_rss_mb": round(peak, 1), **extra}


def write_warc(path: Path, pages: list[str]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i, html in enumerate(pages):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            rec = writer.create_warc_record(f"https://example.com/news/{i}", "response",
                                            payload=io.BytesIO(html.encode("utf-8")), http_headers=http)
            writer.write_record(rec)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=2000, help="flattened pages (the two seeds repeated)")
    ap.add_argument("--jsonl", type=int, default=5000, help="JSONL corpus records")
    ap.add_argument("--html", type=int, default=1000, help="synthetic HTML pages")
    ap.add_argument("--one", help=argparse.SUPPRESS)  # CASE:SYSTEM:N, run in a child
    args = ap.parse_args()
    if args.one:
        case, system, n = args.one.split(":")
        print(json.dumps(measure(case, system, int(n)), ensure_ascii=False))
        return
    runs = [("seeds", "rasad", args.seeds), ("jsonl", "rasad", args.jsonl)]
    runs += [("html", s, args.html) for s in ("rasad", "trafilatura", "justext")]
    runs += [("warc", "warc-read", args.html), ("warc", "rasad+warc", args.html)]
    for case, system, n in runs:
        if n <= 0:
            continue
        proc = subprocess.run([sys.executable, __file__, "--one", f"{case}:{system}:{n}"],
                              capture_output=True, text=True, check=False)
        line = proc.stdout.strip().splitlines()[-1:] or [json.dumps({"case": case, "system": system,
                                                                    "error": proc.stderr.strip()[-300:]})]
        print(line[0], flush=True)


if __name__ == "__main__":
    main()
