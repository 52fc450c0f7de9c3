"""How fast the web app answers on a large archive: the event explorer's API and an article page.

    python bench/web.py                         # builds bench/out/web-100k.db once (100,000 events), then times
    python bench/web.py --events 20000 --repeat 30
    python bench/web.py --rebuild

The archive is built through the store's own writer (:meth:`rasad.archive.store.Archive.store`):
the bundled samples are processed once by the pipeline, then their records are stored again and
again as new documents (distinct content hashes, each copy a few days later, so their events are
new events; no story clustering between copies), until the archive holds ``--events`` events.

Then a real ``rasad serve`` subprocess on a free localhost port is asked each request ``--repeat``
times (after one warm-up) by an HTTP client in this process; the figures are wall-clock
milliseconds per request, median and p95, on a machine shared with other sessions. Prints JSON
lines; asserts nothing. Targets (issue 17): the explorer's API under 200 ms, an article page
under 300 ms.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def sample_records() -> list[Any]:
    """The samples through the pipeline, as the records the writer stores."""
    from rasad.archive.ingest import process_one
    from rasad.archive.records import content_hash
    from rasad.errors import InputError
    from rasad.extract.chrome import ChromeLearner
    from rasad.pool import init_worker
    from rasad.read import iter_inputs

    init_worker({})
    items = ChromeLearner().annotate(iter_inputs([str(ROOT / "samples")]))
    return [process_one((content_hash(i), i)) for i in items if not isinstance(i, InputError)]


def _shift(value: str | None, days: int) -> str | None:
    """A date (day, month or year) or timestamp ``days`` later, keeping its precision."""
    if not value:
        return value
    head, tail = value[:10], value[10:]
    if len(head) == 10:
        return (date.fromisoformat(head) + timedelta(days=days)).isoformat() + tail
    anchor = date.fromisoformat(head + ("-15" if len(head) == 7 else "-07-01")) + timedelta(days=days)
    return anchor.isoformat()[: len(head)]


def copy_of(rec: Any, k: int) -> Any:
    """Copy ``k`` of a record: another document, ``k`` days later."""
    new = copy.deepcopy(rec)
    new.content_hash = hashlib.sha256(f"{rec.content_hash}:{k}".encode()).hexdigest()
    new.source = f"{rec.source}@{k}"
    new.signature = None  # copies of copies would make one story of thousands
    a = new.article
    a["published"] = _shift(a["published"], k)
    a["day"] = (a["published"] or "")[:10] or None
    for e in new.events:
        e["date"] = _shift(e["date"], k)
    return new


def build(path: Path, events: int) -> dict[str, Any]:
    from rasad.archive.store import Archive

    started = time.monotonic()
    base = sample_records()
    path.unlink(missing_ok=True)
    k = 0
    with Archive.open(f"sqlite:///{path}") as archive:
        archive.store(base)
        while (n := int(archive.db.scalar("SELECT COUNT(*) FROM events"))) < events:
            archive.store([copy_of(r, (k + j) * 3 + 1) for j in range(24) for r in base])
            k += 24
            print(json.dumps({"building": str(path), "events": n}), file=sys.stderr, flush=True)
        counts = archive.counts()
    return {"built": str(path), "seconds": round(time.monotonic() - started, 1), **counts}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def timed(client: Any, url: str, repeat: int) -> dict[str, Any]:
    """The first request (cold: nothing kept) apart, then the median and p95 of ``repeat`` more.
    A ``{i}`` in ``url`` makes each request a distinct one, so that none is answered from what
    the server keeps."""
    start = time.perf_counter()
    first = client.get(url.format(i=0))
    first_ms = (time.perf_counter() - start) * 1000
    if first.status_code != 200:
        raise SystemExit(f"bench: {url} answered {first.status_code}: {first.text[:200]}")
    times = []
    for i in range(1, repeat + 1):
        start = time.perf_counter()
        r = client.get(url.format(i=i))
        times.append((time.perf_counter() - start) * 1000)
        assert r.status_code == 200
    times.sort()
    return {"first_ms": round(first_ms, 1), "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], 1),
            "max_ms": round(times[-1], 1), "bytes": len(first.content)}


def deep_cursor(client: Any, base: str, depth: int) -> tuple[str, int]:
    """The cursor of the page after the first ``depth`` events (walked 500 at a time)."""
    cursor, seen = None, 0
    while seen < depth:
        page = client.get(f"{base}/api/events", params={"limit": 500, **({"next": cursor} if cursor else {})}).json()
        seen += len(page["rows"])
        cursor = page["next"]
        if cursor is None:
            break
    return cursor or "", seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    import httpx

    OUT.mkdir(parents=True, exist_ok=True)
    path = args.db or OUT / f"web-{args.events // 1000}k.db"
    if args.rebuild or not path.exists():
        print(json.dumps(build(path, args.events), ensure_ascii=False), flush=True)
    url = f"sqlite:///{path}"
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "rasad.cli", "serve", "--db", url, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ})
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(timeout=120) as client:
            for _ in range(600):
                try:
                    if client.get(f"{base}/api/stats").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            stats = client.get(f"{base}/api/stats").json()
            print(json.dumps({"archive": str(path), "events": stats["events"], "articles": stats["articles"],
                              "event_mentions": stats["event_mentions"], "quotes": stats["quotes"]}), flush=True)
            cursor, depth = deep_cursor(client, base, stats["events"] // 2)
            article = client.get(f"{base}/api/articles", params={"limit": 1, "actor": "روسيا"}).json()["rows"][0]["id"]
            requests = {
                "events first page": "/api/events?limit=50",
                "events filtered: actor روسيا": "/api/events?limit=50&actor=روسيا",
                "events filtered: type CONSULT, country SYR": "/api/events?limit=50&type=CONSULT&country=SYR",
                "events filtered: since..until": "/api/events?limit=50&since=2022-01&until=2022-06-30",
                f"events deep cursor page (after {depth})": f"/api/events?limit=50&next={cursor}",
                "events, a distinct deep-ish page each time": "/api/events?limit=50&until=2030-{i:02d}",
                "stats (week timeline, country pairs)": "/api/stats",
                "stats filtered: actor روسيا": "/api/stats?actor=روسيا",
                "stats, never kept (a distinct since each time; every event matches)": "/api/stats?since=19{i:02d}",
                "network": "/api/network",
                "network, never kept": "/api/network?since=19{i:02d}",
                "explorer page / (HTML: table, timeline, network)": "/",
                f"article page /articles/{article} (HTML)": f"/articles/{article}",
                f"article API /api/articles/{article}": f"/api/articles/{article}",
                "actor page /actors/russia (HTML)": "/actors/russia",
            }
            for name, path_ in requests.items():
                print(json.dumps({"request": name, "url": path_, "repeat": args.repeat,
                                  **timed(client, base + path_, args.repeat)}, ensure_ascii=False), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
