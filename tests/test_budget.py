"""The time budget: one watchdog thread for every document, and it still fires."""

from __future__ import annotations

import threading
import time

import pytest

from rasad.budget import BudgetExceeded, TimeBudget


def test_one_watchdog_thread_serves_many_budgets_and_fires_after_them() -> None:
    for _ in range(500):  # documents that end in time
        with TimeBudget(30.0) as budget:
            pass
        assert not budget.expired
    watchdogs = [t for t in threading.enumerate() if t.name == "rasad-time-budget"]
    assert len(watchdogs) == 1
    with pytest.raises(BudgetExceeded), TimeBudget(0.2) as late:
        while True:
            time.sleep(0.01)
    assert late.expired and late.fired


def test_a_finished_budget_never_fires_into_later_work() -> None:
    with TimeBudget(0.1):
        pass
    time.sleep(0.3)  # past its deadline: nothing is raised here
    assert [t.name for t in threading.enumerate()].count("rasad-time-budget") == 1
