"""A per-document time budget that stops a runaway document, without signals.

``with TimeBudget(30.0):`` raises :class:`BudgetExceeded` inside the block once 30 seconds have
passed. A watchdog thread raises the exception asynchronously in the thread running the block
(``PyThreadState_SetAsyncExc``), so it works in any thread and any process — a process pool's
workers, Dask threads — where ``signal.alarm`` works only in the main thread of the main process.
Pure Python code stops within a few bytecodes; one long call into C (a regular expression over a
huge string) stops when it returns, which the pipeline's check between stages also catches.
"""

from __future__ import annotations

import ctypes
import heapq
import itertools
import os
import threading
import time
from types import TracebackType


class BudgetExceeded(Exception):
    """The time budget of a document ran out."""


def _set_async_exc(thread_id: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else None
    )


class TimeBudget:
    """Context manager: raise :class:`BudgetExceeded` in this thread after ``seconds``.

    ``seconds`` of None or ≤ 0 disables it. ``expired`` tells whether the budget ran out,
    ``elapsed`` how long the block has run so far. One watchdog thread per process serves every
    budget (a thread started per document cost about 5% of the pipeline's time).
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds if seconds and seconds > 0 else None
        self.start = 0.0
        self.fired = False
        self._lock = threading.Lock()
        self._armed = False
        self._thread_id = 0

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.start

    @property
    def expired(self) -> bool:
        return self.seconds is not None and (self.fired or self.elapsed > self.seconds)

    def __enter__(self) -> TimeBudget:
        self.start = time.monotonic()
        if self.seconds is not None:
            self._thread_id = threading.get_ident()
            self._armed = True
            _WATCHDOG.watch(self.start + self.seconds, self)
        return self

    def _fire(self) -> None:
        with self._lock:
            if self._armed:
                self.fired = True
                _set_async_exc(self._thread_id, BudgetExceeded)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.seconds is None:
            return
        with self._lock:
            self._armed = False
            if self.fired:  # fired as the block ended: drop the exception if it is still pending
                _set_async_exc(self._thread_id, None)


class _Watchdog:
    """One daemon thread that fires the armed budgets whose deadline has passed."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._due: list[tuple[float, int, TimeBudget]] = []  # a heap by deadline
        self._count = itertools.count()
        self._thread: threading.Thread | None = None
        self._pid = 0

    def watch(self, deadline: float, budget: TimeBudget) -> None:
        with self._cond:
            if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
                self._due, self._pid = [], os.getpid()  # a forked child has no watchdog thread
                self._thread = threading.Thread(target=self._run, name="rasad-time-budget", daemon=True)
                self._thread.start()
            # the budgets of finished documents stay until the watchdog wakes (one budget's time
            # later): waking it for each document costs a thread switch every time
            heapq.heappush(self._due, (deadline, next(self._count), budget))
            if self._due[0][2] is budget:  # sooner than what it waits for
                self._cond.notify()

    def _run(self) -> None:
        with self._cond:
            while True:
                while self._due and not self._due[0][2]._armed:
                    heapq.heappop(self._due)
                if not self._due:
                    self._cond.wait()
                    continue
                wait = self._due[0][0] - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._due)[2]._fire()


_WATCHDOG = _Watchdog()
