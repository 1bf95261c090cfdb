from __future__ import annotations

import pytest

from drivers.gpio.debounce import Debouncer


def test_a_level_counts_once_it_held_still() -> None:
    debouncer = Debouncer(0.05, initial=False)
    assert debouncer.edge(True, 10.0) == 10.05
    assert debouncer.settle(10.04) is None
    assert debouncer.settle(10.05) is True
    assert debouncer.settle(10.10) is None  # no change to report twice


def test_bounces_back_to_the_stable_level_report_nothing() -> None:
    debouncer = Debouncer(0.05, initial=False)
    debouncer.edge(True, 10.0)
    debouncer.edge(False, 10.01)
    assert not debouncer.pending
    assert debouncer.settle(10.06) is None
    assert debouncer.stable is False


def test_every_bounce_restarts_the_window() -> None:
    debouncer = Debouncer(0.05, initial=False)
    debouncer.edge(True, 10.0)
    debouncer.edge(False, 10.02)
    debouncer.edge(True, 10.04)
    assert debouncer.settle(10.05) is None
    assert debouncer.settle(10.09) is True


def test_zero_settle_time_passes_edges_through() -> None:
    debouncer = Debouncer(0.0, initial=True)
    debouncer.edge(False, 1.0)
    assert debouncer.settle(1.0) is False


def test_negative_settle_time_is_refused() -> None:
    with pytest.raises(ValueError, match="settle_s"):
        Debouncer(-1, initial=False)
