"""Counts over every matching event — stats, the timeline, the actor network — kept while the
archive does not change. A filter of type, country, actor and dates is counted from the counts the
archive's writer keeps (:mod:`rasad.archive.tally`, tens of milliseconds on 100,000 events); one
with words (``q``) by the queries over every matching event (a few hundred milliseconds), and what
is counted is kept. The key of a kept count holds the newest document and event ids and the number
of events, which any ingest, upload or ``rasad watch`` writing to the database changes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from rasad.archive import browse, query
from rasad.archive.backend import Backend, connect
from rasad.archive.query import Filters

_counts: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_counts_lock = threading.Lock()
COUNTS_KEPT = 256


def counted(db: Backend, what: str, f: Filters, compute: Callable[[], Any], *extra: Any) -> Any:
    """``compute()`` (a count over every matching event), or the copy kept since the archive last changed."""
    version = tuple(db.rows("SELECT (SELECT MAX(id) FROM documents) AS d, (SELECT MAX(id) FROM events) AS e, "
                            "(SELECT COUNT(*) FROM events) AS n")[0].values())
    key = (db.url, what, f.actor, f.country, f.type, f.since, f.until, f.text, f.limit, extra, version)
    with _counts_lock:
        if key in _counts:
            _counts.move_to_end(key)
            return _counts[key]
    value = compute()
    with _counts_lock:
        _counts[key] = value
        while len(_counts) > COUNTS_KEPT:
            _counts.popitem(last=False)
    return value


def stats_of(db: Backend, f: Filters, period: str = "week") -> dict[str, Any]:
    whole = counted(db, "archive", Filters(), lambda: query.stats(db))  # the same for every filter
    return counted(db, "stats", f, lambda: {**whole, "timeline": browse.timeline(db, f, period),  # type: ignore[no-any-return]
                                            "country_pairs": browse.country_pairs(db, f)}, period)


def network_of(db: Backend, f: Filters, limit: int) -> dict[str, Any]:
    return counted(db, "network", f, lambda: browse.network(db, f, limit=limit), limit)  # type: ignore[no-any-return]


def timeline_of(db: Backend, f: Filters) -> dict[str, Any]:
    """The explorer's timeline: weeks, or months beyond two years of them."""
    return counted(db, "timeline", f, lambda: browse.timeline(db, f, "auto"))  # type: ignore[no-any-return]


def warm_up(url: str) -> None:
    """Count what the explorer and /api/stats show unfiltered, and load the KB, before anyone asks
    (on a large archive the first count takes a second; once kept, milliseconds)."""
    from rasad.kb.load import load_kb

    db = connect(url)
    try:
        f = Filters()
        stats_of(db, f)
        timeline_of(db, f)
        network_of(db, f, EXPLORER_EDGES)
        load_kb()
    finally:
        db.close()


EXPLORER_EDGES = 30  #: edges in the explorer's network
