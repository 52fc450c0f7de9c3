"""Arabic text handling: normalisation with offset maps, clitic-aware tokens, sentences."""

from rasad.arabic.normalize import normalize, normalize_with_map, to_ascii_digits
from rasad.arabic.text import Paragraph, Token, analyse, clitic_variants, tokenize

__all__ = [
    "Paragraph",
    "Token",
    "analyse",
    "clitic_variants",
    "normalize",
    "normalize_with_map",
    "to_ascii_digits",
    "tokenize",
]
