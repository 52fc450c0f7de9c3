"""Forms of an Arabic verb generated from its stems, so that lexicons list lemmas, not forms.

A lemma is given by its stems, as a dictionary would: the past (``أكد``), the present of the
third person (``يؤكد``), the active participle (``مؤكد``) and the verbal noun (``تأكيد``). From them
come the persons and numbers news writes (``أكدت، أكدوا، أكدا، تؤكد، يؤكدون، نؤكد``), the
participles (``مؤكدا، مؤكدة، مؤكدين``), the verbal noun with a possessive (``تأكيده، تأكيدها``),
and, for a transitive verb, the past with an object pronoun (``وصفه، وصفتها``). Weak finals
(``نفى/ينفي``, ``دعا/يدعو``) drop the weak letter before the plural endings (``نفوا، ينفون``).

All forms are normalised (:func:`rasad.arabic.normalize.normalize`); proclitics (``و``, ``ف``) are
the matcher's business, not the generator's.
"""

from __future__ import annotations

from dataclasses import dataclass

from rasad.arabic.normalize import normalize
from rasad.arabic.text import clitic_variants

VERB, PARTICIPLE, NOUN, FIRST_PERSON = "verb", "participle", "noun", "first person"
_WEAK = ("ي", "ا", "و")  # after normalisation ى is ي
_OBJECTS = ("ه", "ها", "هم")


@dataclass(slots=True, frozen=True)
class Lemma:
    """The stems of one verb; ``None`` for a stem whose forms are too ambiguous to use
    (``مدعي`` is also "prosecutor", ``متهم`` "accused")."""

    past: str
    present: str | None = None
    participle: str | None = None
    noun: str | None = None
    transitive: bool = False  # the past takes an object pronoun: وصفه، اعتبرتها
    feminine: bool = True  # the feminine participle is no common noun (not مذكرة "memo")


def past_forms(past: str, transitive: bool = False) -> list[str]:
    """``أكد`` → أكد، أكدت، أكدوا; ``نفى`` → نفى، نفت، نفوا. The dual (``أكدا``) is left out: it
    reads as an adverbial participle (``مؤكدا``), and news rarely has two speakers on one verb."""
    p = normalize(past)
    if p.endswith(_WEAK) and len(p) > 2:
        stem = p[:-1]
        forms = [p, stem + "ت", stem + "وا"]
    else:
        forms = [p, p + "ت", p + "وا"]
    if transitive:
        forms += [f + o for f in forms[:2] for o in _OBJECTS]
    return forms


def present_forms(present: str) -> list[str]:
    """``يؤكد`` → يؤكد، تؤكد، يؤكدون، يؤكدان، تؤكدان; ``ينفي`` → ... ينفون."""
    body = _present_body(present)
    plural = body[:-1] if body.endswith(_WEAK) else body
    return ["ي" + body, "ت" + body, "ي" + plural + "ون", "ي" + body + "ان", "ت" + body + "ان"]


def first_person_forms(present: str) -> list[str]:
    """``يؤكد`` → نؤكد، أؤكد: the writer's own voice outside quotation marks, not a report."""
    body = _present_body(present)
    return ["ن" + body, "ا" + body]


def _present_body(present: str) -> str:
    y = normalize(present)
    if not y.startswith("ي") or len(y) < 3:
        raise ValueError(f"a present stem begins with ي: {present!r}")
    return y[1:]


def participle_forms(participle: str, feminine: bool = True) -> list[str]:
    """``مؤكد`` → مؤكدا، مؤكدة، مؤكدين، مؤكدان; ``نافي`` → نافيا، نافية، نافين.

    The bare masculine (``مؤكد``) is left out: without its case ending it is an adjective
    (``مصدر مؤكد``) far more often than a speech act."""
    m = normalize(participle)
    plural = m[:-1] + "ين" if m.endswith("ي") else m + "ين"
    forms = [m + "ا", plural, m + "ان"]
    return [*forms, m + "ه"] if feminine else forms


def noun_forms(noun: str) -> list[str]:
    """``تأكيد`` → تأكيده، تأكيدها، تأكيدهم; ``إشارة`` → إشارته..."""
    n = normalize(noun)
    stem = n[:-1] + "ت" if n.endswith("ه") else n
    return [stem + o for o in _OBJECTS]


def forms(lemma: Lemma) -> dict[str, str]:
    """Every form of a lemma → its kind (``verb``, ``participle``, ``noun``)."""
    out: dict[str, str] = {}
    for f in past_forms(lemma.past, lemma.transitive):
        out.setdefault(f, VERB)
    if lemma.present:
        for f in present_forms(lemma.present):
            out.setdefault(f, VERB)
        for f in first_person_forms(lemma.present):
            out.setdefault(f, FIRST_PERSON)
    if lemma.participle:
        for f in participle_forms(lemma.participle, lemma.feminine):
            out.setdefault(f, PARTICIPLE)
    if lemma.noun:
        for f in noun_forms(lemma.noun):
            out.setdefault(f, NOUN)
    return out


# ---- the other way: which listed forms a word of the text may be an inflection of --------------

PRONOUN_SUFFIXES = ("هما", "كما", "هم", "ها", "كم", "نا", "ني", "ه")


def light_stem(norm: str) -> str:
    """A normalised word without its proclitics, article and pronoun suffix (``وبقصفها`` →
    ``قصف``): the key of the learned trigger dictionary and of the word clusters."""
    base = clitic_variants(norm)[-1]
    for suf in PRONOUN_SUFFIXES:
        if base.endswith(suf) and len(base) - len(suf) >= 3:
            return base[: -len(suf)]
    return base
_PERSON_PREFIXES = "نتا"


def base_forms(norm: str, variants: tuple[str, ...]) -> tuple[str, ...]:
    """The forms a normalised word may be an inflection of, most literal first: ``variants`` (the
    word without its proclitics, :func:`rasad.arabic.text.clitic_variants`), each without a pronoun
    suffix (``قصفها`` → ``قصف``), the future prefix (``سنقاطع``), a person prefix (نـ تـ أ → يـ),
    a plural or dual ending (``الغارات`` → ``غاره``, ``يوقعان`` → ``يوقع``) or a past person ending
    (``منعت``, ``رفضنا``, ``قصفوا`` → the third person masculine). A lexicon lists lemmas' forms;
    these are the forms the lexicon's matcher finds from them (:func:`rasad.lexicon.generated_trigger`)."""
    out: dict[str, None] = {}
    for v in variants[:4]:
        stems = [v] + [v[: -len(s)] for s in PRONOUN_SUFFIXES if v.endswith(s) and len(v) - len(s) >= 3]
        for s in stems:
            cands = [s]
            if len(s) >= 4 and s[0] == "س" and s[1] in "يتنا":
                cands.append(s[1:])
            for c in list(cands):
                if len(c) >= 4 and c[0] in _PERSON_PREFIXES:
                    cands.append("ي" + c[1:])
                if len(c) >= 5 and c.endswith("ات"):
                    cands += [c[:-2] + "ه", c[:-2]]
                if len(c) >= 5 and c.endswith(("ون", "ين")):
                    cands += [c[:-2], c[:-2] + "ين", c[:-2] + "ون"]
                if len(c) >= 5 and c.endswith(("وا", "تم", "نا", "تا")):
                    cands.append(c[:-2])
                if len(c) >= 5 and c.endswith("ان") and c[0] in "يت":  # the present dual
                    cands.append("ي" + c[1:-2])
                if len(c) >= 4 and c.endswith("ت") and not c.endswith("ات"):  # the past feminine
                    cands.append(c[:-1])
            for c in cands:
                if len(c) >= 3:
                    out.setdefault(c, None)
    return tuple(out)
