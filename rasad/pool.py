"""A process pool that gives results in task order and survives the death of a worker.

One engine for every command that runs the pipeline on many documents in parallel
(``rasad extract --jobs``, ``rasad archive ingest``): each worker process builds its pipeline
once (:func:`init_worker`), the documents go out in order and come back in order, a few per
worker in flight.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

IN_FLIGHT = 6  # tasks queued per worker


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# -- the workers' pipeline ----------------------------------------------------------------------------
_pipeline: Any = None
_options: dict[str, Any] | None = None


def init_worker(options: dict[str, Any]) -> None:
    """Build this process's pipeline, ``Pipeline(**options)`` (once for the same options)."""
    global _pipeline, _options
    from rasad.output import setup_logging
    from rasad.pipeline import Pipeline

    setup_logging()
    if _pipeline is None or _options != options:
        _pipeline, _options = Pipeline(**options), dict(options)


def worker_pipeline() -> Any:
    """The pipeline :func:`init_worker` built in this process."""
    return _pipeline


# -- the pool -----------------------------------------------------------------------------------------
@dataclass
class _Pending(Generic[T, R]):
    task: T
    done: R | None = None
    future: Future[R] | None = None


class OrderedPool(Generic[T, R]):
    """``work(task)`` in ``jobs`` worker processes, each started by ``init_worker(options)``.

    ``lost(task)`` is the result of a task whose worker died (killed, out of memory, a crash in
    C): a new pool processes the tasks the dead one held again, one at a time, and the one that
    kills a worker again gets ``lost(task)``; the others are not lost. ``work`` must be a
    module-level function (it is pickled by name).
    """

    def __init__(self, jobs: int, work: Callable[[T], R], lost: Callable[[T], R], options: dict[str, Any]) -> None:
        self.jobs, self.work, self.lost, self.options = jobs, work, lost, options
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["rasad.pool", "rasad.pipeline"])
        return ProcessPoolExecutor(self.jobs, mp_context=ctx, initializer=init_worker, initargs=(self.options,))

    def map(self, tasks: Iterable[T], ready: Callable[[T], R | None] = lambda task: None) -> Iterator[R]:
        """The results of ``tasks`` in their order; a task for which ``ready`` gives a result
        (a read error, say) never goes to a worker. Shuts the pool down at the end."""
        pending: deque[_Pending[T, R]] = deque()
        try:
            for task in tasks:
                done = ready(task)
                pending.append(_Pending(task, done) if done is not None else self._submit(task, pending))
                while len(pending) >= self.jobs * IN_FLIGHT:
                    yield self._result(pending)
            while pending:
                yield self._result(pending)
        finally:
            self.shutdown()

    def _submit(self, task: T, pending: deque[_Pending[T, R]]) -> _Pending[T, R]:
        """Send a task to a worker (after starting a new pool if the last one broke)."""
        try:
            return _Pending(task, future=self.executor.submit(self.work, task))
        except BrokenProcessPool:
            self._restart(pending)
            return _Pending(task, future=self.executor.submit(self.work, task))

    def _result(self, pending: deque[_Pending[T, R]]) -> R:
        """The result of the oldest pending task."""
        while True:
            head = pending[0]
            if head.done is not None:
                pending.popleft()
                return head.done
            assert head.future is not None
            try:
                result = head.future.result()
            except BrokenProcessPool:
                self._restart(pending)
                continue
            pending.popleft()
            return result

    def _restart(self, pending: deque[_Pending[T, R]]) -> None:
        """Start a new pool and run the tasks the dead one held again, one at a time."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._start()
        for p in pending:
            if p.done is not None or p.future is None:
                continue
            if p.future.done() and not p.future.cancelled() and p.future.exception() is None:
                p.done = p.future.result()
                continue
            try:
                p.done = self.executor.submit(self.work, p.task).result()
            except BrokenProcessPool:
                p.done = self.lost(p.task)
                self.executor.shutdown(wait=False, cancel_futures=True)
                self.executor = self._start()

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
