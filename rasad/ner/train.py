"""Train the CRF name tagger: seeded, reproducible, from the corpora in /work/shared/ner.

    python -m rasad.ner.train --out rasad/ner/model.crfsuite [--heldout /tmp/aner_heldout.conll]

The last 10% of ANERcorp's train sentences are held out (written to ``--heldout`` for grading);
the model trains on the first 90% plus NewsFANE Gold mapped to PER/ORG/LOC (MISC kept as a label
so the model learns what is *not* a graded name; the tagger prints it as O).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import pycrfsuite  # type: ignore[import-untyped]

from rasad.arabic.normalize import normalize
from rasad.datafiles import SHARED
from rasad.ner.features import FEATURES_VERSION, PERSONS_FILE, PLACES_FILE, FeatureCache

NER_DIR = SHARED / "ner"
GAZ_DIR = SHARED / "gazetteers"
ANERCORP = NER_DIR / "anercorp_train.txt"
NEWSFANE = NER_DIR / "newsfane-gold" / "NewsFANE_Gold_2014_170K.txt"
AQMAR = NER_DIR / "aqmar"

Sentence = tuple[list[str], list[str]]

# NewsFANE's fine classes, coarsely (its README); anything else (Book, Movie, Group, Food...) is MISC
_FANE_LOC = {
    "Nation",
    "Population-Center",
    "State-or-Province",
    "County-or-District",
    "GPE-Cluster",
    "Continent",
    "Water-Body",
    "Land-Region-Natural",
    "Celestial",
}
_FANE_PER = {
    "Politician",
    "Athlete",
    "Artist",
    "Scientist",
    "Businessperson",
    "Religious_PER",
    "Other_PER",
    "Lawyer",
    "Engineer",
}
_FANE_ORG = {
    "Government",
    "Non-Governmental",
    "Commercial",
    "Media",
    "Educational",
    "Sports",
    "Police",
    "Religious_ORG",
    "Entertainment",
    "Medical-Science",
}
_FANE_O = {"Group"}  # peoples and nationalities ("الفلسطينيون"): not names in ANERcorp's scheme

TRAINING_DATA = {
    "ANERcorp (first 90% of CAMeL's train split)": "CC BY-SA 4.0 — Benajiba et al. 2007",
    "NewsFANE Gold 2014": "CC BY-SA 3.0 — Alotaibi & Lee, COLING 2014",
}
GAZETTEERS = {
    "world-cities-translations (gaz_places.txt)": "CC BY 4.0 — jamsshhayd/world-cities-translations",
    "arabic-names-akhateeb (gaz_persons.txt, first_names.txt)": "MIT — akhateeb/arabic-names",
    "wikidata-names-amazon (gaz_persons.txt)": "CC0 1.0 — amazon-science/wikidata-names",
    "rasad knowledge base": "Apache-2.0 (rasad)",
}


def read_conll(path: Path, label: Callable[[str], str]) -> list[Sentence]:
    """Sentences of a ``token TAG`` file; ``label`` maps each raw tag to ours (B-PER, I-LOC, O...)."""
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        parts = line.replace("\u200e", "").replace("\r", "").split()
        if len(parts) >= 2:
            tokens.append(parts[0])
            tags.append(label(parts[-1]))
        elif not parts and tokens:
            sentences.append((tokens, repair(tags)))
            tokens, tags = [], []
    if tokens:
        sentences.append((tokens, repair(tags)))
    return sentences


def repair(tags: list[str]) -> list[str]:
    """An I- that does not continue an entity of its class becomes B-."""
    out: list[str] = []
    for tag in tags:
        if tag.startswith("I-") and (not out or out[-1][2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append(tag)
    return out


def _split(tag: str) -> tuple[str, str]:
    prefix, _, name = tag.partition("-")
    if prefix not in ("B", "I") or not name:
        return "O", ""
    return prefix, name.strip("-`")


def anercorp_label(tag: str) -> str:
    prefix, name = _split(tag)
    name = {"PERS": "PER", "PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}.get(name, "")
    return f"{prefix}-{name}" if name else "O"


def newsfane_label(tag: str) -> str:
    prefix, name = _split(tag)
    if not name or name in _FANE_O:
        return "O"
    coarse = (
        "LOC" if name in _FANE_LOC else "PER" if name in _FANE_PER else "ORG" if name in _FANE_ORG else "MISC"
    )
    return f"{prefix}-{coarse}"


def aqmar_label(tag: str) -> str:
    prefix, name = _split(tag)
    if name in ("PER", "LOC", "ORG"):
        return f"{prefix}-{name}"
    return f"{prefix}-MISC" if name else "O"


def anercorp_split(
    path: Path = ANERCORP, heldout_share: float = 0.1
) -> tuple[list[Sentence], list[Sentence]]:
    """(train, held-out): the held-out part is the last ``heldout_share`` of the sentences."""
    sentences = read_conll(path, anercorp_label)
    cut = len(sentences) - round(len(sentences) * heldout_share)
    return sentences[:cut], sentences[cut:]


def write_conll(sentences: Iterable[Sentence], path: Path) -> None:
    """Write gold sentences as ``token TAG`` lines (ANERcorp's tags; MISC kept, it is not graded)."""
    lines: list[str] = []
    for tokens, tags in sentences:
        lines.extend(f"{tok} {tag}" for tok, tag in zip(tokens, tags, strict=True))
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def build_gazetteers(
    gaz_dir: Path = GAZ_DIR, places_out: Path = PLACES_FILE, persons_out: Path = PERSONS_FILE
) -> None:
    """Derive the shipped name lists from the shared gazetteers (run when they change, then retrain)."""
    cities = gaz_dir / "world-cities-translations" / "world-cities.csv"
    place_names: set[str] = set()
    with cities.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            for key in ("CountryNameAr", "CityNameAr"):
                if row.get(key):
                    place_names.add(normalize(row[key].strip()))
    # a token in many names is a generic word ("ولاية", "مدينة"), not a place
    counts = Counter(tok for name in place_names for tok in set(name.split()))
    places = sorted(t for t, n in counts.items() if n <= 15 and len(t) >= 2)
    header = "# Arabic place-name tokens from world-cities-translations (CC BY 4.0, jamsshhayd)\n"
    places_out.write_text(header + "\n".join(places) + "\n", encoding="utf-8")

    persons: set[str] = set()
    names_dir = gaz_dir / "arabic-names-akhateeb"
    for fname in (
        "last-names-in-arabic.txt",
        "male-first--names-in-arabic.txt",
        "female-first-names-in-arabic.txt",
    ):
        path = names_dir / fname
        if path.is_file():
            for line in path.read_text(encoding="utf-8-sig").splitlines():
                persons.update(t for t in normalize(line.strip()).split() if len(t) >= 2)
    wikidata = gaz_dir / "wikidata-names-amazon" / "wd_arabic.normalized.aligned.tokens"
    for line in wikidata.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            token = normalize(parts[1].replace(" ", ""))
            if len(token) >= 3:
                persons.add(token)
    header = "# Arabic person-name tokens: arabic-names-akhateeb (MIT) and wikidata-names-amazon (CC0 1.0)\n"
    persons_out.write_text(header + "\n".join(sorted(persons)) + "\n", encoding="utf-8")


def default_corpus(
    extra: bool = True, aqmar: bool = False, dev: bool = False
) -> tuple[list[Sentence], list[Sentence]]:
    """(training sentences, held-out ANERcorp sentences); with ``dev``, the held-out part is instead
    the last 10% of the training part of ANERcorp (for tuning: the held-out split stays unseen)."""
    train, heldout = anercorp_split()
    if dev:
        cut = len(train) - round(len(train) * 0.1)
        train, heldout = train[:cut], train[cut:]
    if extra and NEWSFANE.is_file():
        train = train + read_conll(NEWSFANE, newsfane_label)
    if aqmar:
        for path in sorted(AQMAR.glob("*.txt")):
            train = train + read_conll(path, aqmar_label)
    return train, heldout


def train_model(
    out_path: Path | str,
    seed: int = 13,
    sentences: list[Sentence] | None = None,
    c1: float = 0.1,
    c2: float = 0.01,
    max_iterations: int = 200,
    cache: FeatureCache | None = None,
) -> Path:
    """Train a CRF on ``sentences`` (default: ANERcorp's first 90% + NewsFANE) and save it.

    L-BFGS is deterministic; ``seed`` fixes the order the sentences are fed in, so a run is repeatable.
    """
    if sentences is None:
        sentences = default_corpus()[0]
    order = list(range(len(sentences)))
    random.Random(seed).shuffle(order)
    cache = cache or FeatureCache()
    trainer = pycrfsuite.Trainer(verbose=False)
    for i in order:
        tokens, tags = sentences[i]
        trainer.append(cache.sentence(tokens), tags)
    trainer.set_params(
        {"c1": c1, "c2": c2, "max_iterations": max_iterations, "feature.possible_transitions": True}
    )
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return out


def write_metadata(
    model: Path, scores: dict[str, object], params: dict[str, object], data: dict[str, str] | None = None
) -> Path:
    """model.json next to the model: data, licences, date, features version, held-out scores."""
    meta = {
        "model": model.name,
        "trained": dt.date.today().isoformat(),
        "features_version": FEATURES_VERSION,
        "features": {"kb_name_spans": True, "word_clusters": False},
        "labels": ["PER", "ORG", "LOC"],
        "training_data": data if data is not None else TRAINING_DATA,
        "gazetteers": GAZETTEERS,
        "heldout": "last 10% of ANERcorp train sentences (CAMeL split), never trained on",
        "heldout_scores": scores,
        "params": params,
    }
    path = model.with_suffix(".json")
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def evaluate(model: Path, heldout: list[Sentence]) -> dict[str, object]:
    """Entity-level precision, recall and F1 per class on gold sentences (as score_ner.py counts them)."""
    from rasad.eval.conll import grade
    from rasad.ner.tagger import Tagger, clean_tags

    tagger = Tagger(model)
    gold: list[str] = []
    pred: list[str] = []
    tokens_seen = 0
    for tokens, tags in heldout:
        # an O between sentences keeps an entity from running across the boundary
        gold.extend([*clean_tags(tags), "O"])
        pred.extend([*tagger.tag(tokens), "O"])
        tokens_seen += len(tokens)
    scores: dict[str, object] = {
        cls: {"P": round(row["p"], 3), "R": round(row["r"], 3), "F1": round(row["f1"], 3), "gold": int(row["gold"])}
        for cls, row in grade(gold, pred).items()
    }
    scores["all_f1"] = scores["all"]["F1"]  # type: ignore[index]
    scores["tokens"] = tokens_seen
    return scores


def train_command(
    out: Path,
    heldout_path: Path | None = None,
    seed: int = 13,
    c1: float = 0.1,
    c2: float = 0.01,
    iterations: int = 200,
    newsfane: bool = True,
    aqmar: bool = False,
    dev: bool = False,
) -> dict[str, object]:
    """Train, score on the held-out split, write ``model.json``; the summary (``rasad train-ner``).
    With ``dev`` it trains without the last 10% of ANERcorp's training part and scores on that
    (tuning runs: the held-out split is scored once, with the chosen settings)."""
    train, heldout = default_corpus(extra=newsfane, aqmar=aqmar, dev=dev)
    if heldout_path is not None:
        write_conll(heldout, heldout_path)
    start = time.perf_counter()
    train_model(out, seed, train, c1, c2, iterations)
    seconds = round(time.perf_counter() - start, 1)
    scores = evaluate(out, heldout)
    data = {k: v for k, v in TRAINING_DATA.items() if newsfane or "NewsFANE" not in k}
    if aqmar:
        data["AQMAR Arabic Wikipedia NER"] = "CC BY-SA 3.0 — Mohit et al., EACL 2012"
    params = {
        "algorithm": "lbfgs",
        "c1": c1,
        "c2": c2,
        "max_iterations": iterations,
        "seed": seed,
        "training_sentences": len(train),
        "training_seconds": seconds,
    }
    if not dev:
        write_metadata(out, scores, params, data)
    return {"model": str(out), "heldout_scores": scores, **params}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path(__file__).with_name("model.crfsuite"))
    ap.add_argument("--heldout", type=Path, default=Path("/tmp/aner_heldout.conll"))
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--anercorp-only", action="store_true", help="train without NewsFANE")
    ap.add_argument("--aqmar", action="store_true", help="add AQMAR (Wikipedia) to the training data")
    ap.add_argument("--dev", action="store_true",
                    help="tune: train without the last 10%% of the training part, score on it (no model.json)")
    ap.add_argument("--build-gazetteers", action="store_true", help="rebuild gaz_*.txt from the shared lists")
    args = ap.parse_args(argv)
    if args.build_gazetteers:
        build_gazetteers()
    summary = train_command(
        args.out,
        args.heldout,
        args.seed,
        args.c1,
        args.c2,
        args.iterations,
        not args.anercorp_only,
        args.aqmar,
        args.dev,
    )
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
