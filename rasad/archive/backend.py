"""The two databases behind the archive, one small interface: SQLite (the default) and PostgreSQL.

Statements are written once with ``?`` placeholders; the PostgreSQL backend (psycopg 3) turns them
into ``%s``. Both run in autocommit mode with explicit ``BEGIN``/``COMMIT`` so that a batch is one
transaction on either, and savepoints let one document fail without undoing its batch. Only the
full-text search statements differ, and they live here.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rasad.errors import RasadError

ENV = "RASAD_DB"


class StoreError(RasadError):
    """The archive cannot be opened or written: a bad URL, an unreachable server, a full disk."""


def default_url() -> str:
    """``$RASAD_DB``, else one SQLite file in the user's data directory (platformdirs)."""
    if os.environ.get(ENV):
        return os.environ[ENV]
    from platformdirs import user_data_dir

    return "sqlite:///" + str(Path(user_data_dir("rasad", appauthor=False)) / "rasad.db")


def connect(url: str | None = None) -> Backend:
    """``sqlite:///relative.db``, ``sqlite:////absolute.db``, a path ending in ``.db``, or
    ``postgresql://user@host:port/name``; None: :func:`default_url`."""
    url = url or default_url()
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresBackend(url)
    if url.startswith("sqlite:///"):
        return SqliteBackend(url, Path(url.removeprefix("sqlite:///")))
    if url.startswith("sqlite:") or "://" in url:
        raise StoreError(f"{url}: not a database URL rasad knows; give sqlite:///FILE.db or postgresql://...")
    return SqliteBackend("sqlite:///" + url, Path(url))


class Backend:
    dialect = ""

    def __init__(self, url: str) -> None:
        self.url = url
        self.depth = 0

    # -- statements ---------------------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.execute(sql, params).fetchone()
        return None if row is None else next(iter(row.values())) if isinstance(row, dict) else row[0]

    def close(self) -> None:
        raise NotImplementedError

    @staticmethod
    def now() -> str:
        return datetime.now(UTC).isoformat(timespec="seconds")

    # -- transactions -------------------------------------------------------------------------
    def begin(self) -> None:
        self.execute("BEGIN")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; nested uses become savepoints, so an inner failure undoes only its part."""
        if self.depth:
            name = f"sp{self.depth}"
            self.execute(f"SAVEPOINT {name}")
            self.depth += 1
            try:
                yield
            except BaseException:
                self.execute(f"ROLLBACK TO SAVEPOINT {name}")
                self.execute(f"RELEASE SAVEPOINT {name}")
                raise
            finally:
                self.depth -= 1
            self.execute(f"RELEASE SAVEPOINT {name}")
            return
        self.begin()
        self.depth = 1
        try:
            yield
        except BaseException:
            self.depth = 0
            self.execute("ROLLBACK")
            raise
        self.depth = 0
        self.execute("COMMIT")

    # -- full-text search -----------------------------------------------------------------------
    def add_search(self, article_id: int, title: str, body: str, stems: str) -> None:
        raise NotImplementedError

    def delete_search(self, article_id: int) -> None:
        raise NotImplementedError

    def update_stems(self, rows: Sequence[tuple[str, int]]) -> None:
        """New stem text for indexed articles: ``(stems, article_id)`` rows."""
        raise NotImplementedError

    def search_sql(self, terms: list[str]) -> tuple[str, list[Any]]:
        """``SELECT article_id, rank`` of the articles holding every stem in ``terms``, best first."""
        raise NotImplementedError


class SqliteBackend(Backend):
    dialect = "sqlite"

    def __init__(self, url: str, path: Path) -> None:
        super().__init__(url)
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(path, isolation_level=None, timeout=60, check_same_thread=False)
            self.conn.row_factory = _dict_row
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")  # durable across a killed process
            self.conn.execute("PRAGMA foreign_keys = ON")
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{path}: cannot open the SQLite archive ({exc})") from None

    def begin(self) -> None:
        self.execute("BEGIN IMMEDIATE")  # take the write lock now, not at the first write

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(sql, tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.conn.executemany(sql, rows)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return list(self.conn.execute(sql, tuple(params)).fetchall())

    def close(self) -> None:
        self.conn.close()

    def add_search(self, article_id: int, title: str, body: str, stems: str) -> None:
        self.execute("INSERT INTO article_search (rowid, title, body, stems) VALUES (?, ?, ?, ?)",
                     (article_id, title, body, stems))

    def delete_search(self, article_id: int) -> None:
        self.execute("DELETE FROM article_search WHERE rowid = ?", (article_id,))

    def update_stems(self, rows: Sequence[tuple[str, int]]) -> None:
        self.executemany("UPDATE article_search SET stems = ? WHERE rowid = ?", rows)

    def search_sql(self, terms: list[str]) -> tuple[str, list[Any]]:
        match = "stems : (" + " AND ".join('"' + t.replace('"', "") + '"' for t in terms) + ")"
        return ("SELECT rowid AS article_id, bm25(article_search) AS rank FROM article_search "
                "WHERE article_search MATCH ? ORDER BY rank", [match])


def _dict_row(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> dict[str, Any]:
    return {d[0]: v for d, v in zip(cursor.description, row, strict=True)}


class PostgresBackend(Backend):
    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        super().__init__(url)
        import psycopg
        from psycopg.rows import dict_row

        try:
            self.conn = psycopg.connect(url, autocommit=True, row_factory=dict_row, connect_timeout=20)
        except psycopg.Error as exc:
            raise StoreError(f"{safe_url(url)}: cannot connect to PostgreSQL ({' '.join(str(exc).split())})") from None
        self.url = safe_url(url)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(sql.replace("?", "%s"), tuple(params))  # type: ignore[arg-type]

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self.conn.cursor() as cur:
                cur.executemany(sql.replace("?", "%s"), rows)  # type: ignore[arg-type]

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return list(self.execute(sql, params).fetchall())

    def close(self) -> None:
        self.conn.close()

    def add_search(self, article_id: int, title: str, body: str, stems: str) -> None:
        self.execute("INSERT INTO article_search (article_id, title, body, stems) VALUES (?, ?, ?, ?)",
                     (article_id, title, body, stems))

    def delete_search(self, article_id: int) -> None:
        self.execute("DELETE FROM article_search WHERE article_id = ?", (article_id,))

    def update_stems(self, rows: Sequence[tuple[str, int]]) -> None:
        self.executemany("UPDATE article_search SET stems = ? WHERE article_id = ?", rows)

    def search_sql(self, terms: list[str]) -> tuple[str, list[Any]]:
        query = " & ".join("'" + t.replace("'", "") + "'" for t in terms)
        return ("SELECT article_id, -ts_rank(tsv, to_tsquery('simple', ?)) AS rank FROM article_search "
                "WHERE tsv @@ to_tsquery('simple', ?) ORDER BY rank", [query, query])


def safe_url(url: str) -> str:
    """A PostgreSQL URL without its password, for messages."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
        if parts.password:
            netloc = parts.netloc.replace(":" + parts.password + "@", ":***@")
            return urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        pass
    return url
