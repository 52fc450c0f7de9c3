"""Site chrome learned from the batch: lines that many pages of one site repeat.

A flattened page carries its site's menus, taglines and widgets as ordinary lines. Across a batch
they repeat page after page while articles do not, so, as jusText and datatrove do with
frequencies, a short line found on at least half of a site's pages (and on three or more) is
chrome for that site. The learner looks over a sliding window of upcoming documents, so the first
pages of a batch benefit too, and memory stays bounded however long the stream is.

A *site* is the URL host of a page when it has one, else the folder it was read from (or the
JSONL, WARC or archive file holding it): pages saved from one site usually sit together.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator
from pathlib import PurePath
from urllib.parse import urlsplit

from rasad.errors import InputError
from rasad.extract.patterns import line_key
from rasad.model import RawDoc

WINDOW = 200  # documents looked ahead
MIN_PAGES = 3
MIN_SHARE = 0.5
MAX_WORDS = 12  # longer lines are content even when repeated (syndicated paragraphs)


def site_key(raw: RawDoc) -> str:
    """``https://www.example.com/a`` → ``example.com``; ``pages/site1/a.txt`` → ``pages/site1``."""
    url = raw.meta.get("url")
    if isinstance(url, str) and url:
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.")
    source = raw.source.split("#", 1)[0]
    return source if "#" in raw.source else str(PurePath(source).parent)


def _line_keys(text: str) -> set[str]:
    return {line_key(line) for line in text.splitlines() if 0 < len(line.split()) <= MAX_WORDS}


class ChromeLearner:
    """Annotates flattened pages with their site's learned chrome (``raw.meta["chrome"]``)."""

    def __init__(self, window: int = WINDOW) -> None:
        self.window = window
        self.lines: dict[str, Counter[str]] = defaultdict(Counter)
        self.pages: Counter[str] = Counter()

    def _add(self, raw: RawDoc, sign: int) -> None:
        site = site_key(raw)
        self.pages[site] += sign
        counts = self.lines[site]
        for key in _line_keys(raw.text):
            counts[key] += sign

    def chrome_of(self, raw: RawDoc) -> frozenset[str]:
        """The learned chrome line keys of this page's site, given the window's pages."""
        site = site_key(raw)
        pages = self.pages[site]
        if pages < MIN_PAGES:
            return frozenset()
        need = max(MIN_PAGES, MIN_SHARE * pages)
        return frozenset(k for k in _line_keys(raw.text) if self.lines[site][k] >= need)

    def annotate(self, items: Iterable[RawDoc | InputError]) -> Iterator[RawDoc | InputError]:
        """Pass the stream through, in order, setting ``meta["chrome"]`` on flattened pages.

        Counts cover the ``window`` pages before and after the page being released.
        """
        ahead: deque[RawDoc | InputError] = deque()
        behind: deque[RawDoc] = deque()
        for item in items:
            ahead.append(item)
            if isinstance(item, RawDoc) and item.kind == "page":
                self._add(item, +1)
            if len(ahead) > self.window:
                yield self._release(ahead.popleft(), behind)
        while ahead:
            yield self._release(ahead.popleft(), behind)

    def _release(self, item: RawDoc | InputError, behind: deque[RawDoc]) -> RawDoc | InputError:
        if isinstance(item, RawDoc) and item.kind == "page":
            chrome = self.chrome_of(item)
            if chrome:
                item.meta["chrome"] = chrome
            behind.append(item)
            if len(behind) > self.window:
                self._add(behind.popleft(), -1)
        return item
