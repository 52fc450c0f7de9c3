"""The knowledge base: entities with dated offices, titles and set phrases, and its matcher."""

from functools import lru_cache

from rasad.kb.load import Entry, KnowledgeBase, Office, load_kb
from rasad.kb.matcher import Hit, Matcher


@lru_cache(maxsize=4)
def default_matcher(extra: tuple[str, ...] = ()) -> Matcher:
    """The matcher of the shipped + user KB, built once per process."""
    return Matcher(load_kb(extra))


__all__ = ["Entry", "Hit", "KnowledgeBase", "Matcher", "Office", "default_matcher", "load_kb"]
