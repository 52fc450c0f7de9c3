"""The knowledge base: entities with dated offices, titles and set phrases, and its matcher."""

from functools import lru_cache

from rasad.kb.load import Entry, KnowledgeBase, Office, load_kb
from rasad.kb.matcher import Hit, Matcher


@lru_cache(maxsize=4)
def default_matcher(extra: tuple[str, ...] = ()) -> Matcher:
    """The matcher of the shipped + user KB, built once per process (its index kept on disk
    beside the parsed KB, see ``rasad.kb.cache``)."""
    from rasad.kb import cache
    from rasad.kb.load import kb_key

    kb = load_kb(extra) if extra else load_kb()  # one cache entry with every other load_kb() call
    key = kb_key(extra)
    index = cache.load("matcher", key)
    if isinstance(index, tuple) and len(index) == 3:
        return Matcher(kb, index)
    matcher = Matcher(kb)
    cache.store("matcher", key, matcher.compiled())
    return matcher


__all__ = ["Entry", "Hit", "KnowledgeBase", "Matcher", "Office", "default_matcher", "load_kb"]
