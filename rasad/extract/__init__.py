"""Article extraction: flattened pages, HTML and JSONL records → Article."""

from rasad.extract.page import article_from_page, classify_page

__all__ = ["article_from_page", "classify_page"]
