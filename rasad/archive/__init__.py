"""The archive: what ``rasad ingest`` stores and the query, search and export commands read.

- :mod:`~rasad.archive.backend`: SQLite (default, WAL) and PostgreSQL behind one small interface
- :mod:`~rasad.archive.schema`: the tables, a version table and numbered plain-SQL migrations
- :mod:`~rasad.archive.records`: a processed document as rows (built in the pool's workers)
- :mod:`~rasad.archive.store`: the one writer (a batch per transaction, events merged by key)
- :mod:`~rasad.archive.ingest`: reading, the process pool, idempotency, the summary
- :mod:`~rasad.archive.query`, :mod:`~rasad.archive.views`, :mod:`~rasad.archive.export`: reading it back
- :mod:`~rasad.archive.textsearch`: the normalised and stemmed text of Arabic full-text search

``docs/archive.md`` describes the commands.
"""
