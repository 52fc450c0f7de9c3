"""How an ingest shows itself: a rich progress bar on a terminal, a plain line per 1,000 pages
otherwise (a log file, CI), a one-line error per failed document, and a summary at the end."""

from __future__ import annotations

import sys
from typing import IO, Any

from rasad.archive.ingest import Summary
from rasad.archive.records import Record, status
from rasad.output import echo_error

LOG_EVERY = 1000


class IngestDisplay:
    """``with IngestDisplay() as show: ingest(..., on_document=show)``."""

    def __init__(self, stream: IO[str] | None = None, tty: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.progress: Any = None
        self.task: Any = None
        self.logged = 0  # thousands of pages reported (no terminal)

    def __enter__(self) -> IngestDisplay:
        if self.tty:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.progress = Progress(
                SpinnerColumn(), BarColumn(), TextColumn("{task.completed} pages"),
                TextColumn("{task.fields[rate]:.1f} pages/s"), TextColumn("{task.fields[stored]} stored"),
                TextColumn("{task.fields[already]} already stored"), TextColumn("[red]{task.fields[failed]} failed"),
                TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=Console(file=self.stream),
                transient=False)
            self.task = self.progress.add_task("ingest", total=None, rate=0.0, stored=0, already=0, failed=0)
            self.progress.start()
        return self

    def count(self, paths: list[str]) -> None:
        """Count the documents ahead in a thread; the bar gets its total (and an ETA) when known."""
        if self.progress is None:
            return
        import threading

        from rasad.archive.estimate import count_documents

        def work() -> None:
            total = count_documents(paths)
            if total:
                self.progress.update(self.task, total=total)

        threading.Thread(target=work, daemon=True).start()

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def __call__(self, summary: Summary, record: Record | None) -> None:
        if record is not None and status(record) == "failed":  # a stored failure is news (an empty page is not)
            line = f"rasad: {record.source}: {record.error}"
            if self.progress is not None:
                self.progress.console.print(line, markup=False, highlight=False)
            else:
                echo_error(line)
        done = summary.processed + summary.already
        if self.progress is not None:
            self.progress.update(self.task, completed=done, rate=summary.rate, stored=summary.stored + summary.reprocessed,
                                 already=summary.already, failed=summary.failed)
        elif record is None and done // LOG_EVERY > self.logged:
            self.logged = done // LOG_EVERY
            echo_error(f"rasad: ingest: {done} pages, {summary.stored + summary.reprocessed} stored, "
                       f"{summary.already} already stored, {summary.failed} failed, {summary.rate:.1f} pages/s")


def summary_lines(summary: Summary, url: str) -> list[str]:
    """The closing report: counts, rate, and the failures grouped by reason."""
    s = summary
    lines = [f"rasad ingest: {s.read} read, {s.stored} stored, {s.already} already stored, "
             + (f"{s.reprocessed} reprocessed, " if s.reprocessed else "")
             + (f"{s.empty} empty, " if s.empty else "")
             + f"{s.failed} failed ({s.seconds:.1f} s, {s.rate:.1f} pages/s) into {url}"]
    if s.processed:
        lines.append(f"  pipeline: {s.cpu:.1f} CPU-seconds ({s.cpu / s.processed:.3f} a page), "
                     f"peak memory of a pipeline process {s.peak_kb / 1024:.0f} MB; reading and storing: "
                     f"{s.writer_cpu:.1f} CPU-seconds ({s.writer_cpu / s.processed:.4f} a page)")
    for reason, n in s.reasons.most_common(10):
        lines.append(f"  failed {n}: {reason}")
    return lines
