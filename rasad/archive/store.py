"""The archive's one writer: documents and everything derived from them, a batch per transaction.

:meth:`Archive.store` writes a batch of :class:`~rasad.archive.records.Record` in one transaction,
each document inside a savepoint: a document the database refuses (a value it cannot hold) is
stored as failed with the reason, and the rest of the batch goes on. A process killed mid-batch
leaves the database as it was before that batch — never half a document — and the next ingest,
which skips the content hashes already stored, finishes the job.

Syndicated copies join a story cluster (:mod:`rasad.dedup`): the LSH bands of every stored
article's signature are rows of ``story_bands``, written with the article, so finding the candidate
copies of a new article is one indexed lookup and the writer's memory does not grow with the
archive (nor is anything to undo in memory when a batch rolls back). An event whose key
(:func:`~rasad.archive.records.event_key`) is already stored gets one more row in
``event_mentions`` instead of a second event, and its ``num_articles``, ``num_sources``,
``first_report`` and ``latest_report`` are recomputed, as GDELT counts its events' mentions.

The precomputed counts of :mod:`rasad.archive.tally` change with the events, in the same
transaction: what a document adds or takes away is gathered while it is stored and kept only if
its savepoint is, and the batch's sum is written before the batch commits.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rasad import __version__
from rasad.archive import tally
from rasad.archive.backend import Backend, connect
from rasad.archive.records import Record, compatible, event_key, match_key, status
from rasad.archive.schema import migrate
from rasad.dedup import band_keys, similar

#: Documents stored by another pipeline version are processed again only with ``--reprocess``.
PIPELINE_VERSION = __version__
MAX_STORIES_TRIED = 8  # story clusters whose oldest close article is verified against a new one


class AlreadyStored(Exception):
    """The document was stored by another ingest running at the same time."""


@dataclass(slots=True)
class Known:
    """A stored document, as the ingest sees it when deciding what to skip."""

    id: int
    pipeline_version: str


class Archive:
    """An opened, migrated archive: ``Archive.open(url)``; ``with archive:`` closes it."""

    def __init__(self, db: Backend) -> None:
        self.db = db
        self._delta: tally.Delta = Counter()  # what the document being stored changes in the counts

    @classmethod
    def open(cls, url: str | None = None) -> Archive:
        db = connect(url)
        try:
            migrate(db)
        except BaseException:
            db.close()
            raise
        return cls(db)

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @property
    def url(self) -> str:
        return self.db.url

    # -- reading what is there ---------------------------------------------------------------------
    def known(self, hashes: Iterable[str]) -> dict[str, Known]:
        """Which of ``hashes`` are stored, with their document ids and pipeline versions (asked 500 at
        a time: the archive's hashes are never read whole into memory)."""
        wanted = list(dict.fromkeys(hashes))
        out: dict[str, Known] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            out.update((r["content_hash"], Known(r["id"], r["pipeline_version"])) for r in self.db.rows(
                f"SELECT id, content_hash, pipeline_version FROM documents WHERE content_hash IN ({', '.join('?' * len(chunk))})",
                chunk))
        return out

    def counts(self) -> dict[str, int]:
        """Rows per table, and documents per status: what a test compares between two runs."""
        out = {t: int(self.db.scalar(f"SELECT COUNT(*) FROM {t}")) for t in
               ("documents", "articles", "mentions", "caption_mentions", "events", "event_actors",
                "event_mentions", "quotes")}
        out["failed"] = int(self.db.scalar("SELECT COUNT(*) FROM documents WHERE status = 'failed'"))
        out["empty"] = int(self.db.scalar("SELECT COUNT(*) FROM documents WHERE status = 'empty'"))
        out["stories"] = int(self.db.scalar("SELECT COUNT(DISTINCT story_id) FROM articles"))
        return out

    # -- writing -------------------------------------------------------------------------------
    def store(self, batch: Iterable[Record], replace: dict[str, int] | None = None) -> list[tuple[Record, str]]:
        """Store a batch in one transaction; ``replace`` maps content hashes to the ids of stored
        documents to process again (``--reprocess``). Returns each record (a failed one in place of
        a record the database refused) with what became of it: ``stored``, ``failed``, ``empty`` (an
        input with nothing to read, :func:`~rasad.archive.records.status`), or ``already`` when
        another ingest stored the same document meanwhile."""
        replace = replace or {}
        out: list[tuple[Record, str]] = []
        touched: set[int] = set()
        delta: tally.Delta = Counter()
        with self.db.transaction():
            for rec in batch:
                self._delta = Counter()
                try:
                    with self.db.transaction():
                        events = self._store_one(rec, replace.get(rec.content_hash))
                except AlreadyStored:
                    out.append((rec, "already"))
                    continue
                except Exception as exc:  # a value the database refuses: store the failure instead
                    reason = f"cannot store the document ({exc.__class__.__name__}: {' '.join(str(exc).split())[:160]})"
                    failed = Record(rec.content_hash, rec.source, error=reason)
                    self._delta = Counter()
                    with self.db.transaction():
                        self._store_one(failed, replace.get(rec.content_hash))
                    delta.update(self._delta)
                    out.append((failed, "failed"))
                    continue
                touched |= events
                delta.update(self._delta)
                out.append((rec, "stored" if rec.error is None else status(rec)))
            self._recount(touched)
            tally.flush(self.db, delta)
        return out

    def _store_one(self, rec: Record, old_id: int | None) -> set[int]:
        db = self.db
        state = status(rec)
        touched: set[int] = set()
        if old_id is not None:
            touched = self.forget(old_id)
            db.execute("UPDATE documents SET source = ?, status = ?, error = ?, pipeline_version = ?, ingested_at = ? "
                       "WHERE id = ?", (rec.source, state, rec.error, PIPELINE_VERSION, db.now(), old_id))
            doc_id = old_id
        else:
            doc_id = db.scalar("INSERT INTO documents (content_hash, source, status, error, pipeline_version, ingested_at) "
                               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (content_hash) DO NOTHING RETURNING id",
                               (rec.content_hash, rec.source, state, rec.error, PIPELINE_VERSION, db.now()))
            if doc_id is None:  # another ingest into the same archive stored it meanwhile
                raise AlreadyStored(rec.content_hash)
        if rec.error is not None:
            return touched
        story_id, story_hash = self._story_of(doc_id, rec)
        a = rec.article
        db.execute(
            "INSERT INTO articles (id, title, published, day, dateline, outlet, url, site, credits, body, captions, "
            "related, story_id, story_hash, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (doc_id, a["title"], a["published"], a["day"], a["dateline"], a["outlet"], a["url"], a["site"],
             _json(a["credits"]), _json(a["body"]), _json(a["captions"]), _json(a["related"]),
             story_id, story_hash, rec.signature))
        db.add_search(doc_id, rec.search["title"], rec.search["body"], rec.search["stems"])
        if rec.signature is not None:  # later copies, in this batch too, find it by its bands
            db.executemany("INSERT INTO story_bands (band_key, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                           [(key, doc_id) for key in band_keys(rec.signature)])
        db.executemany("INSERT INTO mentions (article_id, paragraph, start_offset, end_offset, text, type, canonical, "
                       "name_en, kb_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [(doc_id, *m) for m in rec.mentions])
        if rec.caption_mentions:  # (an archive older than schema 9 has no table to write none into)
            db.executemany("INSERT INTO caption_mentions (article_id, caption, start_offset, end_offset, text, type, "
                           "canonical, name_en, kb_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           [(doc_id, *m) for m in rec.caption_mentions])
        db.executemany("INSERT INTO quotes (article_id, paragraph, speaker_text, speaker_canonical, speaker_country, "
                       "speaker_sector, text, direct, cue) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [(doc_id, *q) for q in rec.quotes])
        for event in rec.events:
            touched.add(self._store_event(doc_id, event, story_hash, a))
        return touched

    def _story_of(self, doc_id: int, rec: Record) -> tuple[int, str]:
        """The story cluster an article joins: that of a verified near-duplicate, else its own.

        One candidate per cluster is verified (its oldest), at most :data:`MAX_STORIES_TRIED` of
        them, so a story reprinted a thousand times costs no more than one printed twice.
        """
        if rec.signature is None:
            return doc_id, rec.content_hash
        column = "s.rowid" if self.db.dialect == "sqlite" else "s.article_id"
        for cluster, candidate in self._representatives(rec.signature)[:MAX_STORIES_TRIED]:
            row = self.db.rows(f"SELECT a.story_hash AS story_hash, s.body AS body FROM articles a "
                               f"JOIN article_search s ON {column} = a.id WHERE a.id = ?", (candidate,))
            if row and similar(rec.search["body"], row[0]["body"]):
                return cluster, row[0]["story_hash"]
        return doc_id, rec.content_hash

    def _representatives(self, sig: bytes) -> list[tuple[int, int]]:
        """``(cluster, article)`` for each story cluster among the stored articles sharing an LSH band
        with ``sig``: its oldest such article, the clusters in the order of those articles."""
        keys = band_keys(sig)
        rows = self.db.rows(
            "SELECT DISTINCT b.article_id AS article_id, a.story_id AS story_id FROM story_bands b "
            f"JOIN articles a ON a.id = b.article_id WHERE b.band_key IN ({', '.join('?' * len(keys))}) "
            "ORDER BY b.article_id", keys)
        seen: dict[int, int] = {}
        for r in rows:
            seen.setdefault(int(r["story_id"]), int(r["article_id"]))
        return list(seen.items())

    def _store_event(self, article_id: int, event: dict[str, Any], story: str, article: dict[str, Any]) -> int:
        """The event's row — a stored one when this is another report of it — and this report's mention."""
        db = self.db
        match = match_key(event, story)
        date = event["date"]
        known = db.rows("SELECT id, date FROM events WHERE match_key = ? ORDER BY id", (match,))
        candidates = [r for r in known if compatible(r["date"], date)]
        same = [r for r in candidates if r["date"] == date] or (candidates if len(candidates) == 1 else [])
        if same:
            event_id = same[0]["id"]
            if date and len(date) > len(same[0]["date"] or ""):  # a month, now known to the day
                tally.add(self._delta, tally.of_event(db, event_id), -1)
                db.execute("UPDATE events SET date = ?, date_precision = ?, date_text = ? WHERE id = ?",
                           (date, event["date_precision"], event["date_text"], event_id))
                tally.add(self._delta, tally.of_event(db, event_id), 1)
        else:
            loc, qty = event["location"], event["quantity"]
            event_id = db.scalar(
                "INSERT INTO events (event_key, match_key, type, mode, cameo, date, date_precision, date_text, modality, "
                "location_text, location_canonical, location_country, quantity_value, quantity_unit, quantity_item) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (event_key(match, date, len(known)), match, event["type"], event["mode"], event["cameo"], date,
                 event["date_precision"], event["date_text"], event["modality"], *loc, *qty))
            db.executemany("INSERT INTO event_actors (event_id, role, position, text, canonical, name_en, kb_id, "
                           "country, sector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           [(event_id, *actor) for actor in event["actors"]])
            tally.add(self._delta, tally.of_event(db, event_id), 1)
        m = event["mention"]
        db.execute("INSERT INTO event_mentions (event_id, article_id, paragraph, sentence, trigger, trigger_start, "
                   "trigger_end, rule, site, published) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (event_id, article_id, m["paragraph"], m["sentence"], m["trigger"], m["trigger_start"],
                    m["trigger_end"], m["rule"], article["site"], article["published"]))
        return int(event_id)

    def forget(self, doc_id: int) -> set[int]:
        """Delete what was derived from a document (to process it again); returns the events it
        was a mention of that still exist (to be recounted)."""
        db = self.db
        events = {int(r["event_id"]) for r in db.rows(
            "SELECT DISTINCT event_id FROM event_mentions WHERE article_id = ?", (doc_id,))}
        db.delete_search(doc_id)
        sig = db.scalar("SELECT signature FROM articles WHERE id = ?", (doc_id,))
        if sig is not None:
            keys = band_keys(bytes(sig))
            db.execute(f"DELETE FROM story_bands WHERE article_id = ? AND band_key IN ({', '.join('?' * len(keys))})",
                       (doc_id, *keys))
        for table, column in (("event_mentions", "article_id"), ("mentions", "article_id"),
                              ("caption_mentions", "article_id"), ("quotes", "article_id"), ("articles", "id")):
            db.execute(f"DELETE FROM {table} WHERE {column} = ?", (doc_id,))
        for event_id in list(events):
            if db.scalar("SELECT COUNT(*) FROM event_mentions WHERE event_id = ?", (event_id,)) == 0:
                tally.add(self._delta, tally.of_event(db, event_id), -1)
                db.execute("DELETE FROM event_actors WHERE event_id = ?", (event_id,))
                db.execute("DELETE FROM events WHERE id = ?", (event_id,))
                events.discard(event_id)
        return events

    def _recount(self, events: set[int]) -> None:
        """num_articles, num_sources, first and latest report of the events a batch touched."""
        ids = sorted(events)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            self.db.execute(
                "UPDATE events SET "
                "num_articles = (SELECT COUNT(DISTINCT m.article_id) FROM event_mentions m WHERE m.event_id = events.id), "
                "num_sources = (SELECT COUNT(DISTINCT m.site) FROM event_mentions m WHERE m.event_id = events.id), "
                "first_report = (SELECT MIN(m.published) FROM event_mentions m WHERE m.event_id = events.id), "
                "latest_report = (SELECT MAX(m.published) FROM event_mentions m WHERE m.event_id = events.id) "
                f"WHERE id IN ({marks})", chunk)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
