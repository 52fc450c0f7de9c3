"""One event per occurrence per article: duplicates and title events the body restates."""

from __future__ import annotations

from rasad.model import Actor, Event


def duplicate(event: Event, events: list[Event]) -> bool:
    """One occurrence told twice: the same type and the same parties, or the same type in the
    same sentence."""
    actors, recipients = _parties(event)
    return any(
        e.type == event.type
        and (_same_parties(_parties(e), (actors, recipients)) or (e.paragraph, e.sentence) == (event.paragraph, event.sentence))
        for e in events
    )


def _same_parties(a: tuple[frozenset[str], frozenset[str]], b: tuple[frozenset[str], frozenset[str]]) -> bool:
    """The same parties, or overlapping ones on both sides (either way round)."""
    if a == b:
        return True
    if not (a[0] and b[0] and a[1] and b[1]):
        return False
    return bool((a[0] & b[0] and a[1] & b[1]) or (a[0] & b[1] and a[1] & b[0]))


def restated(event: Event, events: list[Event]) -> bool:
    """A title event the body already tells: same type, and a party in common."""
    names = {a.canonical or a.text for a in event.actor + event.recipient}
    states = {a.country for a in event.actor + event.recipient if a.country}
    return any(
        e.type == event.type
        and ({a.canonical or a.text for a in e.actor + e.recipient} & names
             or {a.country for a in e.actor + e.recipient if a.country} & states)
        for e in events
    )


def _parties(event: Event) -> tuple[frozenset[str], frozenset[str]]:
    def ids(actors: list[Actor]) -> frozenset[str]:
        return frozenset(a.canonical or a.country or a.text for a in actors)

    return ids(event.actor), ids(event.recipient)
