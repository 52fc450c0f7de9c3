"""Arabic orthographic normalisation with an offset map back to the original text.

Matching happens on normalised text: hamza-carrying alefs fold to bare alef, alef maqsura to ya,
ta marbuta to ha, diacritics and tatweel vanish, Arabic-Indic digits become ASCII. Every
character of the normalised string remembers the index of the character it came from, so a match
in normalised text maps back to exact offsets in the text as output.
"""

from __future__ import annotations

import re

_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "ک": "ك", "ی": "ي", "ي": "ي",
}
_DIGITS = dict(zip("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789", strict=True))
_DROP = re.compile(r"[\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u200c-\u200f\u061c]+")

_TABLE = str.maketrans({**_FOLD, **_DIGITS})
FOLD_TABLE = _TABLE  # what ``normalize`` folds by ``str.translate``, character for character
_DIGIT_TABLE = str.maketrans("".join(_DIGITS), "".join(_DIGITS.values()))


def normalize(text: str) -> str:
    """Fold orthographic variants: ``normalize("سوريّة")`` → ``"سوريه"``."""
    return _DROP.sub("", text).translate(_TABLE)


def needs_map(text: str) -> bool:
    """Does normalising ``text`` drop characters (so that offsets move)? When not, ``normalize``
    is ``text.translate(FOLD_TABLE)`` and every character keeps its index."""
    return _DROP.search(text) is not None


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` and return, for each output character, its index in ``text``.

    The map has one extra final entry, ``len(text)``, so that an end offset maps too.
    """
    if not _DROP.search(text):  # the common case: folding keeps every character in place
        return text.translate(_TABLE), list(range(len(text) + 1))
    kept: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _DROP.finditer(text):
        kept.append(text[pos : m.start()])
        offsets.extend(range(pos, m.start()))
        pos = m.end()
    kept.append(text[pos:])
    offsets.extend(range(pos, len(text)))
    offsets.append(len(text))
    return "".join(kept).translate(_TABLE), offsets


def to_ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits to ASCII: ``"٢٠٢٠"`` → ``"2020"``."""
    return text.translate(_DIGIT_TABLE)
