"""A linear model's weights as rows over its types, for scores only compared with a threshold.

A feature of a site is either plain (``prev=قال``) or typed (``prev=قال|type=CONSULT``); most
families fire both for a word, one typed name per candidate type. :class:`Rows` holds each *base*
(the name without ``|type=…``) once, as a row id: its plain weight in ``plain`` and its typed
weights in one row of ``typed`` (a column per type the model has typed weights for, and a last
column of zeros for a type it has none for). One dictionary lookup per base then gives a
family's weights for every type at once, and a family's terms of a site are a gather and a sum
over a few rows (:meth:`Rows.vector`), computed once for all the site's types.

Numpy adds in its own order: the sums are within a few units of the last bit of the reference
``Linear.score``, never used where a score is kept or printed, only where a score is compared
with a threshold and recomputed to the last bit near it (the bounds of
:mod:`rasad.decide.coder`; ``tests/test_decide.py`` checks the difference stays below 1e-9).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from rasad.decide.model import S_WORD, Weights

TYPE_SEP = "|type="


class Rows:
    """A model's weights by base name: ``plain[i]`` and ``typed[i, column]`` (float64 arrays; the
    last row, for a base the model has no weight for, and the last column are zeros)."""

    __slots__ = ("columns", "ids", "missing", "other", "plain", "typed")

    def __init__(self, weights: Mapping[str, float]) -> None:
        ids: dict[str, int] = {}
        plain_ids: list[int] = []
        plain: list[float] = []
        typed_ids: list[int] = []
        typed_types: list[str] = []
        typed: list[float] = []
        for name, w in weights.items():
            base, sep, t = name.partition(TYPE_SEP)
            i = ids.setdefault(base, len(ids))
            if sep:
                typed_ids.append(i)
                typed_types.append(t)
                typed.append(w)
            else:
                plain_ids.append(i)
                plain.append(w)
        words = weights.words if isinstance(weights, Weights) else None
        names = list(words.columns) if words is not None else []
        if words is not None:  # the sentence words' table: each word's terms are × 0.5 (× 2: the same float)
            for word, (half, row) in words.words.items():
                i = ids.setdefault(S_WORD + word, len(ids))
                if half:
                    plain_ids.append(i)
                    plain.append(half * 2.0)
                for t, h in zip(names, row, strict=True):
                    if h:
                        typed_ids.append(i)
                        typed_types.append(t)
                        typed.append(h * 2.0)
        self.columns = {t: n for n, t in enumerate(sorted(set(typed_types)))}
        self.other = len(self.columns)  # the column of a type without typed weights (zeros)
        self.missing = len(ids)  # the row of a base without weights (zeros)
        self.ids = ids
        self.plain = np.zeros(len(ids) + 1)
        self.plain[np.array(plain_ids, np.intp)] = np.array(plain, np.float64)
        self.typed = np.zeros((len(ids) + 1, len(self.columns) + 1))
        cols = [self.columns[t] for t in typed_types]
        self.typed[np.array(typed_ids, np.intp), np.array(cols, np.intp)] = np.array(typed, np.float64)

    def column(self, t: str) -> int:
        """The column of type ``t`` in the vectors (the zeros' column for a type without typed weights)."""
        return self.columns.get(t, self.other)

    def vector(self, typed: Iterable[str] = (), plain: Iterable[str] = (), both: Iterable[str] = (),
               scale: float = 1.0) -> np.ndarray:
        """``scale ×`` the sum, for every column, of the typed weights of the ``typed`` and ``both``
        bases and the plain weights of the ``plain`` and ``both`` ones (a weight the model has
        not counts 0)."""
        get, missing = self.ids.get, self.missing
        t_ids = [get(b, missing) for b in typed]
        p_ids = [get(b, missing) for b in plain]
        for b in both:
            i = get(b, missing)
            t_ids.append(i)
            p_ids.append(i)
        out = self.typed[t_ids].sum(axis=0) if t_ids else np.zeros(self.other + 1)
        if p_ids:
            out += self.plain[p_ids].sum()
        if scale != 1.0:
            out *= scale
        return out

    def zeros(self) -> np.ndarray:
        return np.zeros(self.other + 1)


_ROWS: dict[int, tuple[Mapping[str, float], Rows]] = {}


def rows_of(weights: Mapping[str, float]) -> Rows:
    """The :class:`Rows` of a model's weights (built once per weights object; the last 8 kept:
    a cross-validation trains many models)."""
    got = _ROWS.get(id(weights))
    if got is None or got[0] is not weights:
        if len(_ROWS) >= 8:
            _ROWS.clear()
        got = _ROWS[id(weights)] = (weights, Rows(weights))
    return got[1]


__all__ = ["S_WORD", "TYPE_SEP", "Rows", "rows_of"]
