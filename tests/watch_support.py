"""A real `rasad watch` subprocess for the tests: files dropped whole into its folder, its log read
while it runs, stopped by a signal."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 180  # seconds: loading the pipeline on a loaded CI machine


def drop(folder: Path, name: str, data: str | bytes) -> None:
    """Write a file whole, as a crawler should: a hidden temporary name, then a rename."""
    temp = folder / f".{name}.part"
    if isinstance(data, bytes):
        temp.write_bytes(data)
    else:
        temp.write_text(data, encoding="utf-8")
    os.replace(temp, folder / name)


class Watch:
    def __init__(self, folder: Path, db: Path, log: Path) -> None:
        self.log = log
        self.offset = log.stat().st_size if log.exists() else 0
        self.err = log.open("ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "rasad.cli", "watch", str(folder), "--db", f"sqlite:///{db}"],
                                     stdout=subprocess.PIPE, stderr=self.err, cwd=ROOT)

    def text(self) -> str:
        return self.log.read_bytes()[self.offset:].decode("utf-8", "replace")

    def wait_for(self, what: Callable[[], bool], message: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not what():
            if self.proc.poll() is not None:
                raise AssertionError(f"watch exited ({self.proc.returncode}) before {message}:\n{self.text()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {message}:\n{self.text()}")
            time.sleep(0.2)

    def stop(self, sig: int) -> tuple[int, str]:
        self.proc.send_signal(sig)
        out, _ = self.proc.communicate(timeout=60)
        self.err.close()
        return self.proc.returncode, out.decode("utf-8", "replace")
