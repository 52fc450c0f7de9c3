"""Bytes → text with the encodings Arabic news pages come in.

UTF-8 (with or without BOM), UTF-16 with a BOM, and Windows-1256 are accepted. Anything else —
binary data, another encoding — is an :class:`InputError` naming the file, never mojibake.
"""

from __future__ import annotations

import codecs
import re

from rasad.errors import InputError

_ARABIC = re.compile(r"[\u0600-\u06FF]")
_COMMON = frozenset("اليمونهرتبعدسفكقةأإح")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a page's bytes: ``decode_bytes("سوريا".encode("cp1256"), "a.txt")`` → ``"سوريا"``."""
    if not data.strip():
        raise InputError(source, "empty input: the file holds no text")
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[3:], "utf-8", source)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(data, "utf-16", source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _windows_1256(data, source)
    _reject_binary(text, source)
    return text


def _checked(data: bytes, encoding: str, source: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not valid {encoding} despite its byte-order mark ({exc.reason})") from None
    _reject_binary(text, source)
    return text


def _windows_1256(data: bytes, source: str) -> str:
    if b"\x00" in data:
        raise InputError(source, "binary data, not text (NUL bytes); give a text, HTML or JSONL file")
    text = data.decode("cp1256", errors="replace")
    letters = _ARABIC.findall(text)
    high = sum(1 for b in data if b >= 0x80)
    # Windows-1256 Arabic maps most high bytes to Arabic letters, and most of those letters are
    # the common ones; Greek, Cyrillic or binary bytes read as Windows-1256 give rare letters.
    common = sum(1 for c in letters if c in _COMMON) / max(1, len(letters))
    if high and (len(letters) / high < 0.7 or common < 0.78):
        raise InputError(
            source,
            "unknown encoding: neither UTF-8, UTF-16 with BOM nor Windows-1256 Arabic; re-save it as UTF-8",
        )
    return text


def _reject_binary(text: str, source: str) -> None:
    sample = text[:4096]
    if "\x00" in sample or len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise InputError(source, "binary data, not text (control characters); give a text, HTML or JSONL file")
