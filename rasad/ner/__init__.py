"""Statistical name recognition (CRF) for names the knowledge base lacks.

``find_names(tokens)`` gives token spans ``(start, end, type)`` (end exclusive, type PER/ORG/LOC);
``rasad.ner.tagger.Tagger`` gives the BIO tags themselves.
"""

from __future__ import annotations

from collections.abc import Container

from rasad.ner.tagger import Tagger, default_tagger

__all__ = ["Tagger", "default_tagger", "find_names", "find_scored_names", "spans_of"]

_ENDS = frozenset((".", "!", "؟", "?"))


def spans_of(tags: list[str]) -> list[tuple[int, int, str]]:
    """Entity spans of BIO tags: ``["B-PER", "I-PER", "O", "B-LOC"]`` → ``[(0, 2, "PER"), (3, 4, "LOC")]``."""
    out: list[tuple[int, int, str]] = []
    start, cls = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, name = tag[:1], tag[2:]
        if start >= 0 and not (prefix == "I" and name == cls):
            out.append((start, i, cls))
            start, cls = -1, ""
        if name and (prefix == "B" or (prefix == "I" and start < 0)):
            start, cls = i, name
    return out


def find_names(paragraph_tokens: list[str]) -> list[tuple[int, int, str]]:
    """Names in a paragraph's tokens, found by the shipped CRF model.

    ``find_names("قال وزير الخارجية الروسي سيرغي لافروف في موسكو".split())``
    → ``[(4, 6, "PER"), (7, 8, "LOC")]``. The paragraph is tagged sentence by sentence (split after
    ``.``, ``!``, ``؟`` tokens) as the model was trained on sentences; spans index the whole list.
    """
    return [(a, b, kind) for a, b, kind, _ in find_scored_names(paragraph_tokens)]


def find_scored_names(
    paragraph_tokens: list[str], skip: Container[int] = ()
) -> list[tuple[int, int, str, float]]:
    """:func:`find_names` with each span's confidence: the least marginal probability of its
    tokens' labels (``(4, 6, "PER", 0.97)``). A sentence whose every token is in ``skip`` (token
    indices whose names are already known) is not tagged: it gives no span."""
    tagger = default_tagger()
    tags: list[str] = []
    probs: list[float] = []
    start = 0
    last = len(paragraph_tokens) - 1
    for i, tok in enumerate(paragraph_tokens):
        if tok in _ENDS or i == last:
            if all(k in skip for k in range(start, i + 1)):
                tags.extend(["O"] * (i + 1 - start))
                probs.extend([1.0] * (i + 1 - start))
            else:
                t, p = tagger.tag_scored(paragraph_tokens[start : i + 1], names_only=True)
                tags.extend(t)
                probs.extend(p)
            start = i + 1
    return [(a, b, kind, min(probs[a:b])) for a, b, kind in spans_of(tags)]
