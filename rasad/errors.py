"""rasad's one exception family: every message names the input and says what to do."""

from __future__ import annotations


class RasadError(Exception):
    """Base of every error rasad raises on purpose."""


class InputError(RasadError):
    """An input file or record cannot be read: empty, binary, unknown encoding, bad JSON."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        # pickled by its fields (its message is not its constructor's argument): a process pool
        # that sends one back would otherwise fail to rebuild it and wait forever
        return InputError, (self.source, self.reason)


class DataError(RasadError):
    """A data file shipped with rasad or added by the user (KB, lexicon) is invalid."""
