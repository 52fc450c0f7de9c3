"""Archives of pages (``.zip``, ``.tar``, ``.tar.gz``, ``.tgz``) → documents, member by member.

Members are read in name order; directories and members whose names rasad does not know
(anything but ``.txt``/``.text``, ``.html``/``.htm``/``.xhtml``, ``.jsonl``/``.ndjson``, and
``.txt.gz``, ``.html.gz``, ``.jsonl.gz``) are skipped; archives inside archives are not opened. Sources:

- ``ARCHIVE#member/path`` for a page or an HTML page;
- ``ARCHIVE#member/path.jsonl#N`` for the N-th record (1-based) of a JSONL member.

No member is read past :data:`~rasad.read.limits.MAX_MEMBER_BYTES` uncompressed (a zip bomb is an
error for that member, and the archive goes on), and no page past ``MAX_DOC_BYTES``.
"""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from rasad.errors import InputError
from rasad.model import RawDoc
from rasad.read import limits
from rasad.read.content import HTML_SUFFIXES, JSONL_SUFFIXES, PAGE_SUFFIXES, items_from_bytes, stream_records

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz")
MEMBER_SUFFIXES = PAGE_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
_MEMBER_ERRORS = (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError, zlib.error, RuntimeError, ValueError,
                  NotImplementedError)

Item = RawDoc | InputError


def read_archive(path: Path) -> Iterator[Item]:
    """Yield a RawDoc or an InputError for every document in the zip or tar archive ``path``."""
    n = 0
    for item in _zip(path) if path.name.lower().endswith(".zip") else _tar(path):
        n += 1
        yield item
    if n == 0:
        yield InputError(str(path), "no documents: the archive holds no member rasad reads "
                                    "(.txt, .html, .jsonl, optionally gzipped)")


def _wanted(name: str) -> bool:
    return name.lower().endswith(MEMBER_SUFFIXES)


def _zip(path: Path) -> Iterator[Item]:
    source = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield InputError(source, f"not a readable zip archive ({exc}); is it truncated?")
        return
    with archive:
        infos = sorted((i for i in archive.infolist() if not i.is_dir() and _wanted(i.filename)),
                       key=lambda i: i.filename)
        for info in infos:
            src = f"{source}#{info.filename}"
            try:
                with archive.open(info) as fh:
                    yield from member_items(fh, src, info.file_size)
            except InputError as exc:
                yield exc
            except _MEMBER_ERRORS as exc:
                yield InputError(src, f"broken archive member ({exc.__class__.__name__}: {exc})")


def _tar(path: Path) -> Iterator[Item]:
    source = str(path)
    try:
        archive = tarfile.open(path, "r:*")  # noqa: SIM115 (closed by the with below; open can fail)
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        yield InputError(source, f"not a readable tar archive ({exc.__class__.__name__}: {exc})")
        return
    with archive:
        broken: BaseException | None = None
        members: list[tarfile.TarInfo] = []
        try:  # one pass over the headers; the data is read below, in name order
            while (member := archive.next()) is not None:
                members.append(member)
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
            broken = exc
        for member in sorted((m for m in members if m.isfile() and _wanted(m.name)), key=lambda m: m.name):
            src = f"{source}#{member.name}"
            try:
                fh = archive.extractfile(member)
                if fh is None:
                    continue
                with fh:
                    yield from member_items(fh, src, member.size)
            except InputError as exc:
                yield exc
            except _MEMBER_ERRORS as exc:
                yield InputError(src, f"broken archive member ({exc.__class__.__name__}: {exc})")
        if broken is not None:
            yield InputError(
                source,
                f"broken archive after {len(members)} members ({broken.__class__.__name__}: {broken}); "
                "the rest is not read",
            )


def member_items(fh: limits.ByteStream, source: str, size: int) -> Iterator[Item]:
    """Documents of one archive member, given its stream, source and declared uncompressed size."""
    name = source.rsplit("#", 1)[-1].lower()
    cap = limits.MAX_MEMBER_BYTES
    if size > cap:
        raise InputError(
            source, f"member too large ({limits.mb(size)} MB uncompressed > {limits.mb(cap)} MB); "
            "possible zip bomb, not read",
        )
    capped = io.BufferedReader(limits.CappedReader(fh, source, cap))
    if name.endswith(".gz"):
        inner = io.BufferedReader(limits.CappedReader(gzip.GzipFile(fileobj=capped), source, cap))
        if name.endswith(JSONL_SUFFIXES):
            yield from stream_records(inner, source)
        else:
            data = limits.read_capped(inner, source, drain=False)
            yield from items_from_bytes(data, source, html=name.endswith(HTML_SUFFIXES))
    elif name.endswith(JSONL_SUFFIXES):
        yield from stream_records(capped, source)
    else:
        data = limits.read_capped(capped, source, size=size, drain=False)
        yield from items_from_bytes(data, source, html=name.endswith(HTML_SUFFIXES))
