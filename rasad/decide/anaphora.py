"""Anaphoric nouns as candidate parties: ``الحركة`` for the ``حركة حماس`` the document named before.

A definite noun that is the first word of an organisation's name the document gave earlier
(``حركة``, ``تنظيم``, ``منظمة``, ``جماعة`` ... — whatever the names of *this* document begin
with, no word list) stands for that organisation when it comes back alone (``وقالت الحركة``,
``هذه المنظمة``). Such a word is a candidate party of kind ``anaphor`` with the organisation's
actor; whether it is the actor or the recipient is the party models' to say (issue 13, session 7).
"""

from __future__ import annotations

from rasad.arabic.text import Paragraph, clitic_variants
from rasad.model import Actor, Document, Mention
from rasad.stages.actors import Unit, prepositions

KIND = "anaphor"


def _order(paragraph: int, start: int) -> tuple[int, int, int]:
    """Reading order: the title, then the body's paragraphs."""
    return (paragraph >= 0, paragraph, start)


def _heads(doc: Document) -> list[tuple[tuple[int, int, int], str, Mention]]:
    """The organisations the document names with more than one word, in reading order, with
    their first word (normalised, no article, no proclitic)."""
    out = []
    for m in doc.entities:
        if m.type != "ORG" or not (m.canonical or m.country) or " " not in m.text.strip():
            continue
        para = next((p for p in doc.paragraphs if p.index == m.paragraph), None)
        if para is None:
            continue
        toks = [t for t in para.tokens if m.start <= t.start < m.end]
        if len(toks) < 2:
            continue
        variants = clitic_variants(toks[0].norm)
        head = variants[-1]
        if len(head) >= 3 and "ال" + head not in variants:  # the name's head in the construct state: حركة حماس
            out.append((_order(m.paragraph, m.start), head, m))
    out.sort(key=lambda x: x[0])
    return out


def anaphors(doc: Document, para: Paragraph, units: list[Unit], lo: int, hi: int) -> list[tuple[int, Actor, bool, str]]:
    """The anaphoric nouns among tokens [lo, hi) of ``para`` that no unit covers: (token, the
    actor of the organisation named last before it, governed, the preposition)."""
    heads = _heads(doc)
    if not heads:
        return []
    covered = {i for u in units if u.last > lo and u.first < hi for i in range(u.first, u.last)}
    out = []
    for i in range(lo, min(hi, len(para.tokens))):
        if i in covered:
            continue
        tok = para.tokens[i]
        variants = clitic_variants(tok.norm)
        word = variants[-1]
        if len(word) < 3 or "ال" + word not in variants:  # definite only: الحركة, للحركة, والحركة
            continue
        at = _order(para.index, tok.start)
        named = [m for key, head, m in heads if head == word and key < at]
        if not named:
            continue
        m = named[-1]
        actor = Actor(tok.text, m.canonical, m.country, m.sector, how=f"antecedent of '{tok.text}': {m.text}")
        clitic = tok.norm[: len(tok.norm) - len(word)].removesuffix("ال")
        if "ب" in clitic or "ل" in clitic:
            out.append((i, actor, True, "ل" if "ل" in clitic else "ب"))
        else:
            before = para.tokens[i - 1].norm if i > 0 else ""
            out.append((i, actor, before in prepositions(), before))
    return out
