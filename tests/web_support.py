"""What the web tests share: an archive of the bundled samples (built once, copied per test that
writes), a real uvicorn server on a free localhost port, and a record that makes a new event."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
_built: dict[str, Path] = {}

#: a page whose event is new to the samples' archive: Lavrov meets Mekdad in Moscow, in 2030
NEW_EVENT = {"id": "web-test-2030", "url": "https://example-news.com/2030/05/21/1", "published": "2030-05-21T10:00:00+03:00",
             "title": "لافروف يستقبل المقداد في موسكو",
             "text": "لافروف يستقبل المقداد في موسكو\n\nموسكو - استقبل وزير الخارجية الروسي سيرغي لافروف نظيره السوري "
                     "فيصل المقداد في موسكو يوم الثلاثاء، وبحث الجانبان العلاقات الثنائية."}


def sample_archive(directory: Path) -> Path:
    """A SQLite archive of ``samples/``, ingested once per test session and copied into ``directory``."""
    if "samples" not in _built:
        from rasad.archive.ingest import ingest

        base = Path(directory).parent / "web-samples.db"
        summary = ingest([SAMPLES], f"sqlite:///{base}", jobs=1)
        assert summary.stored == 21 and summary.failed == 0
        _built["samples"] = base
    target = Path(directory) / "archive.db"
    shutil.copyfile(_built["samples"], target)
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(url: str, **options: object) -> Iterator[str]:
    """``rasad serve``'s app under a real uvicorn server in a thread; yields its base URL."""
    import uvicorn

    from rasad.web.app import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(url, **options), host="127.0.0.1", port=port,  # type: ignore[arg-type]
                                           log_level="warning", lifespan="off", timeout_graceful_shutdown=2))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
