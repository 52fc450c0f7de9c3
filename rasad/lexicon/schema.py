"""The shape of every lexicon file of ``rasad/lexicon``, as pydantic models.

A lexicon file is data a user may edit or extend, so it is checked when read: a renamed or
missing key, a word that is not a string, a list that is a string is a :class:`DataError` naming
the file and the key (``rasad.lexicon.load_lexicon``), raised once when the pipeline is built.
Models are strict (no coercion: ``1`` is not a word) and forbid unknown keys (a renamed key is
reported twice: as unknown, and its old name as missing).

Why pydantic: it is already installed with rasad (FastAPI, the web app, is built on it); its
errors give the path of the bad value (``quotes.speaker_skip[3]``), which the message names;
and a model is also the reference of each file's keys.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, RootModel, StringConstraints

from rasad.kb.check import SECTORS

#: one word or phrase of a list: a non-empty string
Word = Annotated[str, StringConstraints(pattern=r"\S")]
Words = list[Word]
#: PLOVER's event types (``../shared/CONTRACT.md``)
EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT",
]  # fmt: skip
Modality = Literal["asserted", "negated", "hypothetical", "claimed"]


def _sector(value: str) -> str:
    if value not in SECTORS:
        raise ValueError(f"{value!r} is no sector ({', '.join(sorted(SECTORS))})")
    return value


Sector = Annotated[str, AfterValidator(_sector)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Context(_Strict):
    topic_words: Words
    accusatory_words: Words
    demonstratives: Words
    place_words: Words
    function_words: Words


class CueVerb(_Strict):
    forms: Words
    cue: Word | None = None
    modality: Modality | None = None


class QuoteWords(_Strict):
    verbal_nouns: Words
    quoted_name_heads: Words
    clause_openers: Words
    prayer_objects: Words
    strict_verbs: list[CueVerb]
    speaker_required: Words
    speaker_skip: Words
    documents: Words
    phrase_heads: Words
    first_person: Words
    same_source: Words
    unnamed_sources: Words
    cue_prepositions: Words
    complement_prepositions: Words
    statement_prepositions: dict[Word, dict[Word, float]]
    more_complementizers: Words


class Cues(_Strict):
    verbs: list[CueVerb]
    complementizers: Words
    negation: Words
    hypothetical: Words
    claimed: Words
    future: Words
    purpose: Words = []
    called_off: Words = []
    impersonal: Words
    nominal_object: Words
    quotes: QuoteWords


class EventEntry(_Strict):
    type: EventType
    forms: Words
    mode: Word | None = None
    rule: Word | None = None
    pos: Literal["verb", "noun"] | None = None
    recipient: Literal["object"] | Words | None = None  # the direct object, or after these prepositions
    reverse: bool = False
    future: EventType | None = None  # the type of the act when it is future or intended
    note: str | None = None


class Group(_Strict):
    forms: Words
    sector: Sector


class Grammar(_Strict):
    prepositions: Words
    locative_prepositions: Words
    particles_as_written: Words
    auxiliaries: Words
    pluperfect: Words
    demonstratives: Words
    question_words: Words
    relative_pronouns: Words
    pronoun_complementizers: Words
    subjunctive_particles: Words
    nominal_endings: Words
    alif_lam_roots: Words


class Names(_Strict):
    heads: Words
    common_words: Words
    person_heads: Words
    kingdoms: Words
    kingdom_words: Words
    kingdom_qualifiers: Words
    common_heads: Words
    not_names: Words
    name_connectors: Words
    org_heads: dict[Sector, Words]
    body_qualifiers: Words
    definite_body_heads: Words
    not_surnames: Words
    compound_second: Words
    compound_first: Words
    opening_connectors: Words
    name_chain: Words
    chain_links: Words
    not_before_surname: Words


class Occurrence(_Strict):
    not_done_frames: Words
    background_frames: Words
    hedges: Words
    generic_heads: Words
    idioms: Words
    not_violence: Words
    expected: Words
    history: Words
    relatives: Words
    occurrence_words: Words
    casualty_words: Words
    cumulative_words: Words
    number_words: Words
    protesters: Words
    crowd_acts: Words
    crowd_sizes: Words
    chants: Words
    in_protest: Words
    passive_verbs: Words
    means: Words
    means_prepositions: Words
    violence_words: Words
    province_cues: Words
    thousands: Words
    so_far: Words


class Parties(_Strict):
    subject_skip: Words
    own_country: Words
    here: Words
    here_after_in: Words
    call_words: Words
    receive_verbs: Words
    participles: Words


class Quantities(_Strict):
    units: Words
    numbers: dict[Word, int]
    teen: Words
    scales: dict[Word, int]
    vague: dict[Word, int]


class SpeechVerb(_Strict):
    past: Word
    cue: Word
    present: Word | None = None
    participle: Word | None = None
    noun: Word | None = None
    feminine: bool = True
    after: Word | None = None
    transitive: bool = False
    modality: Modality | None = None


#: each lexicon file and the model of its content; a user file ``<stem>-*.yaml`` extends ``<stem>.yaml``
SCHEMAS: dict[str, type[BaseModel]] = {
    "context.yaml": Context,
    "cues.yaml": Cues,
    "events.yaml": RootModel[list[EventEntry]],
    "grammar.yaml": Grammar,
    "groups.yaml": RootModel[list[Group]],
    "names.yaml": Names,
    "occurrence.yaml": Occurrence,
    "parties.yaml": Parties,
    "quantities.yaml": Quantities,
    "speech_verbs.yaml": RootModel[list[SpeechVerb]],
}


def where(loc: tuple[Any, ...], data: Any) -> str:
    """A pydantic error location as the key it names: ``quotes.speaker_skip[3]``, ``entry 12 (type
    ASSAULT).forms``; an empty location is the file itself."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            label = f"entry {part + 1}" if not out and isinstance(data, list) else f"[{part}]"
            if not out and isinstance(data, list) and part < len(data) and isinstance(data[part], dict):
                head = data[part].get("type") or data[part].get("past") or data[part].get("sector")
                label += f" ({head})" if head else ""
            out += label
        else:
            out += f".{part}" if out else str(part)
    return out or "(the file)"
