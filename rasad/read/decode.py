"""Bytes → text with the encodings Arabic news pages come in.

UTF-8 (with or without BOM), UTF-16 with a BOM, Windows-1256 and ISO-8859-6 are recognised by
rule; when none fits, charset-normalizer is asked, and its answer is kept only if it is an
encoding that can hold Arabic and the text it gives is Arabic. Anything else — binary data,
Greek or Cyrillic text, another encoding — is an :class:`InputError` naming the file, never
mojibake — and the message names what was tried. Text that is UTF-8 but for a few bytes (a
flipped bit, a file cut inside its last character) is read with U+FFFD for each bad sequence and
a warning naming the count; so is the odd NUL. For HTML, :func:`decode_html_bytes` first honours
the charset the server or the page declares. README and ``docs/extract.md`` give the same account.
"""

from __future__ import annotations

import codecs
import logging
import re

from rasad.errors import InputError

_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LETTER = re.compile(r"[^\W\d_]")
_COMMON = frozenset("اليمونهرتبعدسفكقةأإح")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_ASCII = bytes(range(128))
_META_CHARSET = re.compile(rb"<meta\s[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE)
# encodings charset-normalizer may propose that can hold Arabic text
_ARABIC_CODECS = frozenset(
    {"utf_8", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be",
     "cp1256", "iso8859_6", "cp720", "cp864", "mac_arabic"}
)
# declared charsets too often wrong on Arabic pages to be trusted before detection
_WEAK = frozenset({"latin_1", "iso8859_1", "cp1252", "ascii"})
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
log = logging.getLogger("rasad")
_SNIFF = 64 * 1024


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a page's bytes: ``decode_bytes("سوريا".encode("cp1256"), "a.txt")`` → ``"سوريا"``.

    Text that is UTF-8 but for a few bytes (a flipped bit, a file cut inside its last character)
    is decoded with U+FFFD for each bad sequence and a warning naming the count.
    """
    if not data.strip():
        raise InputError(source, "empty input: the file holds no text")
    if data.startswith(codecs.BOM_UTF8):
        text = _mostly_utf8(data[3:], source)
        if text is None:
            return _checked(data[3:], "utf-8", source)
        return _tolerate_controls(text, source)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(data, "utf-16", source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _mostly_utf8(data, source) or _single_byte(data, source)
    else:
        if "\x00" in text[:4096]:  # UTF-16 without a byte-order mark is valid UTF-8 full of NULs
            text = _normalizer(data) or text
    return _tolerate_controls(text, source)


def _mostly_utf8(data: bytes, source: str) -> str | None:
    """UTF-8 with a few bad byte sequences, each replaced by U+FFFD (with a warning), or None.

    A few means at most one bad sequence for every 20 good non-ASCII characters, or for every
    200 bytes of mostly ASCII text (escaped JSON): Windows-1256 or ISO-8859-6 Arabic read as UTF-8
    is bad at nearly every letter.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or data[:4096].count(b"\x00") > 2:
        return None  # UTF-16, with or without its byte-order mark
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = len(_NON_ASCII.findall(text)) - text.count("\ufffd")
    if bad <= 0 or (good < 20 * bad and len(data) < 200 * bad):
        return None
    log.warning("%s: %d invalid UTF-8 byte sequence%s replaced with \ufffd", source, bad, "" if bad == 1 else "s")
    return text


def decode_html_bytes(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode an HTML page: the HTTP charset ``declared``, then ``<meta charset>``, then detection.

    Bytes that are valid UTF-8 are read as UTF-8 whatever the page declares (Arabic single-byte
    text is practically never valid UTF-8, while UTF-8 pages labelled windows-1256 are common).
    A declared charset the bytes do not decode under is passed over, as are Latin-1/Windows-1252
    declarations (Arabic pages often carry them by mistake) unless detection finds nothing.
    ``decode_html_bytes(b'<meta charset="windows-1256"><p>\\xe3\\xd5\\xd1</p>', "a.html")`` →
    ``'<meta charset="windows-1256"><p>مصر</p>'``.
    """
    if not data.strip():
        raise InputError(source, "empty input: the file holds no text")
    weak: list[str] = []
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark is not part of the page
    except UnicodeDecodeError:
        mostly = _mostly_utf8(data, source)
        if mostly is not None:
            return _tolerate_controls(mostly, source)
    else:
        if "\x00" not in text[:4096]:
            return _tolerate_controls(text, source)
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        for label in (declared, meta_charset(data)):
            codec = _codec(label)
            if codec is None:
                continue
            if codec in _WEAK:
                weak.append(codec)
                continue
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            return _tolerate_controls(text, source)
    try:
        return decode_bytes(data, source)
    except InputError as exc:
        if not weak or "unknown encoding" not in exc.reason:
            raise
        return data.decode(weak[0], errors="replace")


def meta_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 2 KB (``<meta charset>`` or ``http-equiv``), or None."""
    m = _META_CHARSET.search(data[:2048])
    return m.group(1).decode("ascii") if m else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("\"'").lower()).name.replace("-", "_")
    except LookupError:
        return None


def _checked(data: bytes, encoding: str, source: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not valid {encoding} despite its byte-order mark ({exc.reason})") from None
    return _tolerate_controls(text, source)


def _single_byte(data: bytes, source: str) -> str:
    """Windows-1256 or ISO-8859-6 when plausible (the better of the two), else ask charset-normalizer."""
    if b"\x00" not in data:
        best: tuple[float, str] | None = None
        for codec in ("cp1256", "iso8859_6"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            score = _arabic_score(data, text)
            if score is not None and (best is None or score > best[0]):
                best = (score, text)
        if best is not None:
            return best[1]
    text_or_none = _normalizer(data)
    if text_or_none is not None:
        return text_or_none
    if data.count(b"\x00") > 2:
        raise InputError(source, "binary data, not text (NUL bytes); give a text, HTML or JSONL file")
    raise InputError(source, _unknown(data))


def _unknown(data: bytes) -> str:
    """The unknown-encoding message, naming what was tried and how it failed."""
    try:
        data.decode("utf-8")
        utf8 = "UTF-8 (valid, but not text)"
    except UnicodeDecodeError as exc:
        utf8 = f"UTF-8 (invalid at byte {exc.start}, too often to be damage)"
    from charset_normalizer import from_bytes

    best = from_bytes(data[:_SNIFF]).best()
    guess = f"its guess, {best.encoding}, gives no Arabic text" if best is not None else "it found no encoding"
    return (
        f"unknown encoding: tried {utf8}, UTF-16 (no byte-order mark), Windows-1256 and ISO-8859-6 "
        f"(not plausible Arabic), charset-normalizer ({guess}); re-save it as UTF-8"
    )


def _arabic_score(data: bytes, text: str) -> float | None:
    """How Arabic a single-byte decoding looks (share of common letters), or None if implausible.

    Arabic single-byte encodings map most high bytes to Arabic letters, and most of those letters
    are the common ones; Greek, Cyrillic or binary bytes read as Arabic give rare letters.
    """
    high = len(data.translate(None, _ASCII))  # the non-ASCII bytes: markup and Latin text are ASCII
    letters = _ARABIC.findall(text)
    common = sum(1 for c in letters if c in _COMMON) / max(1, len(letters))
    if high and (len(letters) / high < 0.7 or common < 0.78):
        return None
    return common


def _normalizer(data: bytes) -> str | None:
    """charset-normalizer's decoding when it is an Arabic-capable encoding giving Arabic text."""
    from charset_normalizer import from_bytes  # imported here: only odd inputs reach this

    best = from_bytes(data[:_SNIFF]).best()
    if best is None or _codec(best.encoding) not in _ARABIC_CODECS:
        return None
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    sample = text[:_SNIFF]
    letters = _LETTER.findall(sample)
    if not letters or len(_ARABIC.findall(sample)) / len(letters) < 0.5:
        return None
    return text


def _reject_binary(text: str, source: str) -> None:
    sample = text[:4096]
    if sample.count("\x00") > 2 or len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise InputError(source, "binary data, not text (control characters); give a text, HTML or JSONL file")


def _tolerate_controls(text: str, source: str) -> str:
    """Refuse binary data; in text, replace the odd NUL (a flipped byte) by U+FFFD, with a warning."""
    _reject_binary(text, source)
    if "\x00" in text:
        count = text.count("\x00")
        if count * 100 > len(text):
            raise InputError(source, "binary data, not text (NUL bytes); give a text, HTML or JSONL file")
        log.warning("%s: %d NUL character%s replaced with \ufffd", source, count, "" if count == 1 else "s")
        text = text.replace("\x00", "\ufffd")
    return text
