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
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import urlsplit

from rasad.errors import InputError
from rasad.extract.patterns import line_key
from rasad.model import RawDoc

WINDOW = 200  # documents looked ahead (at most)
WINDOW_CHARS = 8_000_000  # characters of text held ahead (at most): bounds memory, whatever the pages' size
MIN_PAGES = 3
MIN_SHARE = 0.5
MAX_WORDS = 12  # longer lines are content even when repeated (syndicated paragraphs)
MAX_LINE_CHARS = 200  # ... and so are lines this long, whatever their word count


def site_key(raw: RawDoc) -> str:
    """``https://www.example.com/a`` → ``example.com``; ``pages/site1/a.txt`` → ``pages/site1``."""
    url = raw.meta.get("url")
    if isinstance(url, str) and url:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:  # "http://[bad": a broken URL is no site
            host = ""
        if host:
            return host.removeprefix("www.")
    source = raw.source.split("#", 1)[0]
    return source if "#" in raw.source else str(PurePath(source).parent)


def _line_keys(text: str) -> frozenset[str]:
    return frozenset(
        line_key(line) for line in text.splitlines() if len(line) <= MAX_LINE_CHARS and 0 < len(line.split()) <= MAX_WORDS
    )


@dataclass(slots=True)
class _Seen:
    """What the learner keeps of a page it counted: its site and line keys, not its text."""

    site: str
    keys: frozenset[str]
    digest: int
    counted: bool  # False for a copy of a page already in the window: copies count once


class ChromeLearner:
    """Annotates flattened pages with their site's learned chrome (``raw.meta["chrome"]``).

    The pages held ahead are bounded by count (``window``) and by text size (``window_chars``);
    a page repeated in the window (same text) counts once, so copies of one page never make its
    own title look like chrome.
    """

    def __init__(self, window: int = WINDOW, window_chars: int = WINDOW_CHARS) -> None:
        self.window, self.window_chars = window, window_chars
        self.lines: dict[str, Counter[str]] = defaultdict(Counter)
        self.pages: Counter[str] = Counter()
        self.texts: Counter[int] = Counter()  # hashes of the page texts counted in the window

    def _add(self, seen: _Seen, sign: int) -> None:
        if not seen.counted:
            return
        self.pages[seen.site] += sign
        counts = self.lines[seen.site]
        for key in seen.keys:
            counts[key] += sign
            if counts[key] <= 0:
                del counts[key]

    def chrome_of(self, raw: RawDoc, keys: frozenset[str] | None = None) -> frozenset[str]:
        """The learned chrome line keys of this page's site, given the window's pages."""
        site = site_key(raw)
        pages = self.pages[site]
        if pages < MIN_PAGES:
            return frozenset()
        need = max(MIN_PAGES, MIN_SHARE * pages)
        counts = self.lines[site]
        return frozenset(k for k in (keys if keys is not None else _line_keys(raw.text)) if counts[k] >= need)

    def annotate(self, items: Iterable[RawDoc | InputError]) -> Iterator[RawDoc | InputError]:
        """Pass the stream through, in order, setting ``meta["chrome"]`` on flattened pages.

        Counts cover the pages before and after the page being released, as far as the window goes.
        """
        ahead: deque[tuple[RawDoc | InputError, _Seen | None]] = deque()
        behind: deque[_Seen] = deque()
        held = 0
        for item in items:
            seen = None
            if isinstance(item, RawDoc) and item.kind == "page":
                digest = hash(item.text)
                seen = _Seen(site_key(item), _line_keys(item.text), digest, counted=self.texts[digest] == 0)
                self.texts[digest] += 1
                self._add(seen, +1)
            ahead.append((item, seen))
            held += _size(item)
            while ahead and (len(ahead) > self.window or held > self.window_chars):
                released = ahead.popleft()
                held -= _size(released[0])
                yield self._release(*released, behind)
        while ahead:
            yield self._release(*ahead.popleft(), behind)

    def _release(self, item: RawDoc | InputError, seen: _Seen | None, behind: deque[_Seen]) -> RawDoc | InputError:
        if isinstance(item, RawDoc) and seen is not None:
            chrome = self.chrome_of(item, seen.keys)
            if chrome:
                item.meta["chrome"] = chrome
            behind.append(seen)
            if len(behind) > self.window:
                self._forget(behind.popleft())
        return item

    def _forget(self, seen: _Seen) -> None:
        self._add(seen, -1)
        self.texts[seen.digest] -= 1
        if self.texts[seen.digest] <= 0:
            del self.texts[seen.digest]


def _size(item: RawDoc | InputError) -> int:
    return len(item.text) if isinstance(item, RawDoc) else 0
