"""The learned decision of the quotes stage: which candidate speaker of a cue, and whether it is a quote.

The rules of ``quotes.py`` / ``speakers.py`` give, for each speech cue, the speakers they chose
(``rule``) and alternatives (the words after the cue as a speaker the KB does not know, the last
speaker). A logistic model over named features (how the speaker was found, the cue, the
speaker's kind, the statement's shape) scores every candidate; per cue, the way of finding the
speaker with the best score wins, and its candidates are quotes when they reach the threshold.

``models/quotes.json`` ships in the package (trained by ``bench/quotes_cv.py --save`` on
``../shared/gold/train`` + ``dev``; see ``docs/quotes.md``); applying it needs no library: the
``Linear`` class of the event models. Without the file, the rules' own choices are printed.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasad.arabic.normalize import normalize
from rasad.arabic.text import Paragraph
from rasad.decide.model import Linear
from rasad.errors import RasadError
from rasad.model import Actor, Quote
from rasad.stages.statements import Cue, head_word

MODEL_PATH = Path(__file__).parent / "models" / "quotes.json"


@dataclass(slots=True)
class Candidate:
    """One possible quote of a cue: a speaker found one way (``origin``), with the statement.

    ``rule`` marks what the rules alone print; the other candidates of a cue are alternatives
    that only the learned model may choose."""

    quote: Quote
    origin: str
    group: int  # candidates of one cue share it
    rule: bool
    kind: str = ""  # the cue's kind
    speakers: int = 1  # how many speakers the cue has on this path (coordination)
    features: dict[str, float] = field(default_factory=dict)
    cut: bool = False  # the statement ends at a comma before its clause does (``statement_cuts``)
    share: float = 0.0  # a noun statement after a preposition: how often the corpus has a clause there


@dataclass(slots=True)
class QuoteModel:
    """``scorer``: is this candidate a quote (speaker and words right)? ``ranker`` (optional):
    which candidate of a cue is the one to judge (trained only on cues that have a right one)."""

    scorer: Linear
    threshold: float = 0.5
    about: dict[str, Any] = field(default_factory=dict)
    ranker: Linear | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {"about": self.about, "threshold": self.threshold, "model": self.scorer.to_dict()}
        if self.ranker is not None:
            out["ranker"] = self.ranker.to_dict()
        return out

    def save(self, path: Path = MODEL_PATH) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> QuoteModel:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            ranker = Linear.from_dict(data["ranker"]) if data.get("ranker") else None
            return cls(Linear.from_dict(data["model"]), float(data["threshold"]), dict(data.get("about") or {}), ranker)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise RasadError(f"{path}: not a rasad quote model ({exc}); rebuild it with bench/quotes_cv.py --save") from exc


@lru_cache(maxsize=1)
def default_quote_model() -> QuoteModel | None:
    """The shipped model, or None when the package has none (the rules alone then decide)."""
    return QuoteModel.load(MODEL_PATH) if MODEL_PATH.is_file() else None


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    return str(next((e for e in edges if n <= e), "more"))


def _place_kind(speaker: Actor) -> str:
    """The kind of place a speaker coded for its state is (``KB place new-york (city) for its
    state`` → ``city``), else ""."""
    how = speaker.how or ""
    if not how.startswith("KB place ") or "(" not in how:
        return ""
    return how[how.index("(") + 1 : how.find(")", how.index("("))]


def _speaker_features(f: dict[str, float], speaker: Actor) -> None:
    f["spk.canonical"] = float(bool(speaker.canonical))
    f["spk.country"] = float(bool(speaker.country))
    f[f"spk.sector={speaker.sector or '-'}"] = 1.0
    how = " ".join(speaker.how.split()[:2]) if speaker.how else "-"
    f[f"spk.how={how}"] = 1.0
    f[f"spk.words={_bucket(len(speaker.text.split()), (1, 2, 3, 5))}"] = 1.0
    f[f"spk.head={head_word(speaker.text)}"] = 1.0


def features(c: Candidate, para: Paragraph, cue: Cue | None, last: Actor | None, chosen: str) -> dict[str, float]:
    """The named features of a candidate (weights in ``models/quotes.json``); ``chosen`` is how
    the rules found the speakers of the same cue ("none" when they found none). ``cue`` is None
    for a statement that is the paragraph after its cue (``وقال النقيدان:``)."""
    q = c.quote
    origin = c.origin.split(":")[0]
    f: dict[str, float] = {f"origin={c.origin}": 1.0, f"kind={c.kind}": 1.0, f"lemma={normalize(q.cue)}": 1.0,
                           f"origin×kind={origin}×{c.kind}": 1.0, "rule": float(c.rule)}
    if origin != c.origin:
        f[f"origin={origin}"] = 1.0
        f[f"origin={':'.join(c.origin.split(':')[:2])}"] = 1.0
    _speaker_features(f, q.speaker)
    f[f"rules={chosen}"] = 1.0
    f[f"rules×origin={chosen}×{c.origin if c.rule else ':'.join(c.origin.split(':')[:2])}"] = 1.0
    f[f"origin×country={origin}×{bool(q.speaker.country)}"] = 1.0
    how = " ".join(q.speaker.how.split()[:2]) if q.speaker.how else "-"
    f[f"origin×how={origin}×{how}"] = 1.0
    f[f"origin×sector={origin}×{q.speaker.sector or '-'}"] = 1.0
    place = _place_kind(q.speaker)
    if place:  # نيويورك (a city) for its state: a dateline or a venue more often than a speaker
        f[f"spk.place={place}"] = 1.0
        f[f"origin×place={origin}×{place}"] = 1.0
    f["direct"] = float(q.direct)
    if origin.startswith("nominal"):  # أكدت موسكو دعمها ...: which cue, and the statement's first word
        f[f"nominal×lemma={normalize(q.cue)}"] = 1.0
        f[f"nominal×next={normalize(q.text.split()[0]) if q.text.split() else ''}"] = 1.0
    if origin == "prep":  # كشفت عن ...، مشيرا إلى ...: which preposition, after which cue
        _prep_features(f, q.text, normalize(q.cue), c.kind, c.share)
    f[f"text.words={_bucket(len(q.text.split()), (2, 4, 8, 16, 32, 64))}"] = 1.0
    first = normalize(q.text.split()[0]) if q.text.split() else ""
    f[f"text.first={first if first in ('ان', 'انه', 'انها', 'بان', 'الي', 'علي') else 'other'}"] = 1.0
    f["speakers>1"] = float(c.speakers > 1)
    f[f"para={_bucket(para.index, (0, 1, 2))}"] = 1.0
    if cue is not None:
        tok = para.tokens[cue.i]
        s_start = para.sentence_at(tok.start)[0]
        f["cue.sentence_start"] = float(tok.start == s_start or (cue.i > 0 and para.tokens[cue.i - 1].start < s_start))
        f["cue.wa"] = float(tok.norm[:1] in "وف")
    f["same_as_last"] = float(last is not None and q.speaker == last)
    f["speaker_in_text"] = float(normalize(q.speaker.text) in normalize(q.text))
    return f


def _prep_features(f: dict[str, float], text: str, lemma: str, kind: str, share: float) -> None:
    """A noun statement after a cue's preposition: which preposition after which cue, how often the
    corpus has a clause after it (``statement_prepositions``), the noun's shape."""
    words = normalize(text).split()
    f[f"prep.share={_bucket(int(share * 10), (1, 2, 4, 7))}"] = 1.0
    prep = words[0] if words and words[0] in ("عن", "الي", "من", "علي") else "ب"
    f[f"prep={prep}"] = 1.0
    f[f"prep×lemma={prep}×{lemma}"] = 1.0
    f[f"prep×kind={prep}×{kind}"] = 1.0
    noun = (words[1] if prep != "ب" and len(words) > 1 else words[0][1:] if words else "")
    f[f"prep.noun_pronoun={noun.endswith(('ه', 'ها', 'هم'))}"] = 1.0  # أعرب عن قلقه: an act more often than a statement
    f[f"prep.noun_article={noun.startswith('ال')}"] = 1.0


def end_features(f: dict[str, float], cut: int, next_word: str, dropped: int) -> None:
    """Where the statement ends: its whole clause (``cut`` 0) or its ``cut``-th comma, and the
    word after that comma (``، وجاء التصريح``: ``وجاء``), with how many words the cut drops."""
    f[f"end.cut={cut}"] = 1.0
    f[f"end.next={next_word or '-'}×{bool(cut)}"] = 1.0
    f[f"end.next_wa={next_word[:1] in ('و', 'ف')}×{bool(cut)}"] = 1.0
    f[f"end.dropped={_bucket(dropped, (0, 3, 8, 16))}×{bool(cut)}"] = 1.0


def _prob(model: Linear, feats: dict[str, float]) -> float:
    z = model.score(feats)
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def _explained(c: Candidate, p: float, among: int, model: QuoteModel) -> Quote:
    """The quote, its speaker's ``how`` telling the model's choice (for ``rasad explain``)."""
    top = ", ".join(f"{k} {w:+.1f}" for k, w in model.scorer.reasons(c.features, 3))
    how = f"{c.quote.speaker.how}; " if c.quote.speaker.how else ""
    speaker = replace(c.quote.speaker, how=f"{how}quote model: {c.origin}, p {p:.2f} among {among} candidates ({top})")
    return replace(c.quote, speaker=speaker)


def decide(candidates: list[Candidate], model: QuoteModel | None, threshold: float | None = None) -> list[Quote]:
    """The quotes: per cue, the candidates of the best-scored origin that reach the threshold;
    without a model, what the rules chose."""
    if model is None:
        return [c.quote for c in candidates if c.rule]
    limit = model.threshold if threshold is None else threshold
    groups: dict[int, list[tuple[float, Candidate]]] = {}
    for c in candidates:
        groups.setdefault(c.group, []).append((_prob(model.scorer, c.features), c))
    chosen: list[tuple[float, int, list[Quote]]] = []
    for group, scored in groups.items():
        if model.ranker is not None:
            ranker = model.ranker
            best = max(scored, key=lambda pc: ranker.score(pc[1].features))[1]
            p = next(q for q, c in scored if c is best)
        else:
            p, best = max(scored, key=lambda pc: pc[0])
        if p < limit:
            continue
        # the rules' speakers of a cue come together (أكدت أمريكا وفرنسا أن)
        kept = [(q, c) for q, c in scored if c.rule and q >= limit] if best.rule else [(p, best)]
        chosen.append((p, group, [_explained(c, q, len(scored), model) for q, c in kept]))
    # two cues of one statement (a verb and its participle): the better-scored one speaks
    taken: set[tuple[int, str]] = set()
    keep: set[int] = set()
    for _p, group, quotes in sorted(chosen, key=lambda x: -x[0]):
        key = (quotes[0].paragraph, quotes[0].text)
        if key not in taken:
            taken.add(key)
            keep.add(group)
    return [q for _p, group, quotes in chosen if group in keep for q in quotes]
