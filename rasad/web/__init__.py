"""rasad serve: the web app and JSON API over the archive (docs/web.md)."""
