"""Text at the input edge: what every document's text goes through before any stage sees it.

- Lone surrogates (``"\\ud83d"``, half of a cut-off emoji escaped in JSON, or undecodable bytes
  of a file name) become U+FFFD: they cannot be written as UTF-8, so one of them would crash the
  output of a whole batch.
- Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF: the glyph shapes text copied out of
  PDFs often carries) become the letters they show, by NFKC on those characters only —
  ``"ﻣﺼﺮ"`` → ``"مصر"``. The rest of the text is left exactly as written (NFKC on everything
  would also turn ``…`` into ``...`` and change the body the contract promises "as in the input").
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from rasad.model import RawDoc

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_PRESENTATION = re.compile(r"[\ufb50-\ufdff\ufe70-\ufefe]+")


def _nfkc(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


def clean_text(text: str) -> str:
    """``clean_text("ﻣﺼﺮ \\ud83d")`` → ``"مصر \\ufffd"``: no lone surrogates, no presentation forms."""
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    if _PRESENTATION.search(text):
        text = _PRESENTATION.sub(_nfkc, text)
    return text


def safe_text(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD, so it can always be written as UTF-8."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def clean_value(value: Any) -> Any:
    """:func:`clean_text` on a string, or on every string inside lists and dicts."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_value(v) for v in value]
    if isinstance(value, dict):
        return {safe_text(str(k)): clean_value(v) for k, v in value.items()}
    return value


def clean_raw(raw: RawDoc) -> RawDoc:
    """The RawDoc with its text, source and metadata cleaned (in place; returned for chaining)."""
    raw.text = clean_text(raw.text)
    raw.source = safe_text(raw.source)
    raw.meta = {k: v if isinstance(v, frozenset) else clean_value(v) for k, v in raw.meta.items()}
    return raw
