"""Reading the YAML data files rasad ships (KB, lexicons, patterns) — fast, with a clear error."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from rasad.errors import DataError

# the shared data that training and evaluation read (gold, GSR, corpus, NER corpora, gazetteers):
# $RASAD_SHARED, else ../shared beside the project's checkout
SHARED = Path(os.environ.get("RASAD_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def user_dir(name: str, env: str) -> Path:
    """A directory of the user's own data files (``kb``, ``lexicon``): ``$<env>``, else
    ``$XDG_DATA_HOME/rasad/<name>`` (``~/.local/share/rasad/<name>``)."""
    given = os.environ.get(env)
    if given:
        return Path(given)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "rasad" / name


# libyaml's C loader reads the KB ~10x faster than the pure-Python one
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path) -> Any:
    """Parse a YAML data file; a broken file is a DataError naming it."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"{path}: cannot read the data file ({exc}); fix the YAML or remove the file") from None
