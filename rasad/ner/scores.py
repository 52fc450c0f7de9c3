"""The CRF's weights as arrays, and CRFsuite run on state scores summed per word.

A linear-chain CRF scores label ``y`` at token ``t`` with the sum of the weights of ``(f, y)`` over
the token's features ``f``; every feature is a word's own, or a neighbour's at ±1 or ±2 (and a few
marks of the sentence's ends and of KB names). So the sum splits into five parts that depend on
one word each: the word's features weighed as its own, as the neighbour before a token, after it,
two before, two after. :class:`ModelWeights` reads the model's exact weights (the float64s of its
file, not the six decimals of its dump) so that a word's five parts are computed once, when it is
first seen (``FeatureCache(weights=...)``), and a sentence's scores are five shifted array sums.

CRFsuite then decodes them: :meth:`ModelWeights.score_tagger` builds a small model whose
attributes are the label names, each weighing 1.0 for its own label and 0.0 for the others, with
the transitions of the real model copied bit for bit. Passing a token ``{b"B-PER": s, ...}`` (its
scores as attribute values) gives that model the same state scores as the real one on the
token's feature strings (up to the order of the additions: the last bits), and CRFsuite's own
Viterbi and marginals run on them, in C, on 9 short attributes a token instead of ~24 strings.
"""

from __future__ import annotations

import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pycrfsuite  # type: ignore[import-untyped]

from rasad.errors import DataError

_HEADER = struct.Struct("<4sI4s9I")  # magic, size, type, version, counts and chunk offsets
_FEATURE = struct.Struct("<IIId")  # type (0 state, 1 transition), source, destination, weight
_STATE, _TRANSITION = 0, 1


@dataclass(frozen=True)
class ModelWeights:
    """A CRFsuite model's labels, attributes and weights. ``state[a, y]``: the weight of attribute
    ``a`` (its id in ``attributes``) for label ``y`` (an index of ``labels``), with one more row of
    zeros at the end (:attr:`zero`) for the attributes the model lacks; ``transition[y, z]``."""

    labels: tuple[str, ...]
    attributes: dict[str, int]
    state: np.ndarray
    transition: np.ndarray

    @property
    def zero(self) -> int:
        """The row of ``state`` that weighs nothing."""
        return len(self.attributes)

    @classmethod
    def read(cls, path: Path | str) -> ModelWeights:
        """The weights of the model file at ``path`` (CRFsuite's CRF1d format, ``lCRF``/``FOMC``)."""
        data = Path(path).read_bytes()
        crf = pycrfsuite.Tagger()
        crf.open(str(path))
        labels = tuple(crf.labels())
        names = _attribute_names(crf)
        state, transition = _weights(data, len(names), len(labels), str(path))
        return cls(labels, {name: i for i, name in enumerate(names)}, state, transition)

    def vector(self, features: list[str]) -> np.ndarray:
        """The summed weights by label of ``features`` (the names the model lacks weigh nothing)."""
        ids = [i for i in map(self.attributes.get, features) if i is not None]
        return self.state[ids].sum(axis=0) if ids else self.state[self.zero].copy()

    def score_tagger(self) -> pycrfsuite.Tagger:
        """A CRFsuite tagger that decodes state scores given as attribute values (see above): a
        token is ``dict(zip(label_keys(), scores))``, the scores in the order of ``labels``."""
        names = self.labels
        with tempfile.TemporaryDirectory(prefix="rasad-ner-") as tmp:
            path = Path(tmp) / "scores.crfsuite"
            trainer = pycrfsuite.Trainer(verbose=False)
            # each label's name as an attribute seen with it once: with every possible state and
            # transition generated, the file has a feature for every (name, label) and label pair
            trainer.append([{name: 1.0} for name in names], list(names))
            trainer.set_params({"feature.possible_states": True, "feature.possible_transitions": True,
                                "c1": 0.0, "c2": 1.0, "max_iterations": 1})
            trainer.train(str(path))
            template = path.read_bytes()
            crf = pycrfsuite.Tagger()
            crf.open(str(path))  # CRFsuite reads a model file into its own memory
            t_labels = crf.labels()
            t_attrs = _attribute_names(crf)
            if sorted(t_labels) != sorted(names) or sorted(t_attrs) != sorted(names):
                raise DataError("rasad.ner: the score model's labels came out wrong")
            label_at = {name: names.index(name) for name in names}
            patched = bytearray(template)
            off, count = _features_at(template, "score model")
            if count != 2 * len(names) ** 2:
                raise DataError(f"rasad.ner: the score model has {count} features, not {2 * len(names) ** 2}")
            for k in range(count):
                at = off + k * _FEATURE.size
                kind, src, dst, _ = _FEATURE.unpack_from(template, at)
                if kind == _STATE:
                    weight = 1.0 if t_attrs[src] == t_labels[dst] else 0.0
                else:
                    weight = float(self.transition[label_at[t_labels[src]], label_at[t_labels[dst]]])
                _FEATURE.pack_into(patched, at, kind, src, dst, weight)
            path.write_bytes(bytes(patched))
            scorer = pycrfsuite.Tagger()
            scorer.open(str(path))
        return scorer

    def label_keys(self) -> tuple[bytes, ...]:
        """The attribute names of :meth:`score_tagger`'s model, in the order of ``labels``."""
        return tuple(name.encode() for name in self.labels)


def _attribute_names(crf: pycrfsuite.Tagger) -> list[str]:
    """An opened model's attribute names by id: the ``ATTRIBUTES`` section of its dump."""
    with tempfile.TemporaryDirectory(prefix="rasad-ner-") as tmp:
        dump = Path(tmp) / "model.txt"
        crf.dump(str(dump))
        lines = dump.read_text(encoding="utf-8").split("\n")
    start = lines.index("ATTRIBUTES = {") + 1
    end = lines.index("}", start)
    names = []
    for n, line in enumerate(lines[start:end]):
        number, name = line.split(": ", 1)
        if int(number) != n:
            raise DataError(f"rasad.ner: attribute {n} of the model's dump is numbered {number.strip()}")
        names.append(name)
    return names


def _features_at(data: bytes, what: str) -> tuple[int, int]:
    """The offset of the first feature of a CRF1d model file and how many there are."""
    magic, _, kind, *fields = _HEADER.unpack_from(data, 0)
    if magic != b"lCRF" or kind != b"FOMC":
        raise DataError(f"{what}: not a CRFsuite CRF1d model")
    off_features = fields[4]
    chunk, _, count = struct.unpack_from("<4sII", data, off_features)
    if chunk != b"FEAT":
        raise DataError(f"{what}: no feature chunk where the header says")
    return off_features + 12, count


def _weights(data: bytes, attributes: int, labels: int, what: str) -> tuple[np.ndarray, np.ndarray]:
    off, count = _features_at(data, what)
    rows = np.frombuffer(data, dtype=np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("w", "<f8")]),
                         count=count, offset=off)
    state = np.zeros((attributes + 1, labels))
    transition = np.zeros((labels, labels))
    kinds = rows["type"]
    st, tr = rows[kinds == _STATE], rows[kinds == _TRANSITION]
    state[st["src"], st["dst"]] = st["w"]
    transition[tr["src"], tr["dst"]] = tr["w"]
    return state, transition
