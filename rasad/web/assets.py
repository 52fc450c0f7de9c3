"""The web app's front-end files, from npm packages pinned in ``frontend/package-lock.json``.

The files the app serves are shipped in the Python package (``static/vendor/``) so that
``pip install`` alone gives a working ``rasad serve``, offline and without npm. This script
refreshes them from the lockfile::

    python -m rasad.web.assets          # npm ci in rasad/web/frontend, then copy the files below
    python -m rasad.web.assets --check  # the shipped files are those of the lockfile's versions

``static/vendor/manifest.json`` records, per package, the version and integrity hash of the
lockfile and the sha256 of each copied file; :func:`check` (and a test) compares the three.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
FRONTEND = HERE / "frontend"
VENDOR = HERE / "static" / "vendor"
MANIFEST = VENDOR / "manifest.json"

#: package: the files of it the app serves (with its licence)
FILES: dict[str, list[str]] = {
    "@fontsource/noto-naskh-arabic": [
        "LICENSE",
        "files/noto-naskh-arabic-arabic-400-normal.woff2", "files/noto-naskh-arabic-arabic-700-normal.woff2",
        "files/noto-naskh-arabic-latin-400-normal.woff2", "files/noto-naskh-arabic-latin-700-normal.woff2",
    ],
    "swagger-ui-dist": ["LICENSE", "NOTICE", "swagger-ui-bundle.js", "swagger-ui-bundle.js.LICENSE.txt", "swagger-ui.css"],
}


def locked() -> dict[str, dict[str, str]]:
    """Version and integrity of each package in the lockfile."""
    lock = json.loads((FRONTEND / "package-lock.json").read_text(encoding="utf-8"))
    out = {}
    for name in FILES:
        entry = lock["packages"].get(f"node_modules/{name}")
        if entry is None:
            raise SystemExit(f"rasad.web.assets: {name} is not in {FRONTEND / 'package-lock.json'}; add it with npm install")
        out[name] = {"version": entry["version"], "integrity": entry.get("integrity", "")}
    return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vendor() -> dict[str, Any]:
    """``npm ci`` (when node_modules is missing or stale), then copy :data:`FILES` and write the manifest."""
    modules = FRONTEND / "node_modules"
    pins = locked()
    stale = any(not (modules / name / "package.json").is_file()
                or json.loads((modules / name / "package.json").read_text(encoding="utf-8"))["version"] != pin["version"]
                for name, pin in pins.items())
    if stale:
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=FRONTEND, check=True)
    manifest: dict[str, Any] = {}
    for name, files in FILES.items():
        target = VENDOR / name.lstrip("@").replace("/", "-")
        if target.exists():
            shutil.rmtree(target)
        copied = {}
        for rel in files:
            dest = target / Path(rel).name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(modules / name / rel, dest)
            copied[Path(rel).name] = _sha256(dest)
        manifest[name] = {**pins[name], "dir": target.name, "files": copied}
    MANIFEST.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def check() -> list[str]:
    """What differs between the lockfile, the manifest and the shipped files (empty: all agree)."""
    problems = []
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    for name, pin in locked().items():
        shipped = manifest.get(name)
        if shipped is None:
            problems.append(f"{name}: not vendored; run python -m rasad.web.assets")
            continue
        for key in ("version", "integrity"):
            if shipped[key] != pin[key]:
                problems.append(f"{name}: {key} {shipped[key]} shipped, {pin[key]} locked; run python -m rasad.web.assets")
        for file, digest in shipped["files"].items():
            path = VENDOR / shipped["dir"] / file
            if not path.is_file() or _sha256(path) != digest:
                problems.append(f"{path}: missing or changed since it was copied from {name} {shipped['version']}")
    return problems


def main(argv: list[str]) -> int:
    if "--check" in argv:
        problems = check()
        for p in problems:
            print(p, file=sys.stderr)
        return 1 if problems else 0
    for name, entry in vendor().items():
        print(f"{name} {entry['version']}: {len(entry['files'])} files in {VENDOR / entry['dir']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
