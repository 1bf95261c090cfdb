"""The manual clock moves only when told, and wall-clock jumps leave monotonic time alone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from store_controller.core.clock import ManualClock, SystemClock


def test_advance_moves_both_readings() -> None:
    clock = ManualClock(datetime(2026, 1, 1, tzinfo=UTC), monotonic=5.0)
    clock.advance(2.5)
    assert clock.monotonic() == 7.5
    assert clock.now() == datetime(2026, 1, 1, 0, 0, 2, 500000, tzinfo=UTC)


def test_a_wall_clock_jump_does_not_move_timers() -> None:
    clock = ManualClock()
    before = clock.monotonic()
    clock.set_wall_time(datetime(1970, 1, 1, tzinfo=UTC))
    assert clock.monotonic() == before
    assert clock.now().year == 1970


def test_time_does_not_run_backwards() -> None:
    with pytest.raises(ValueError, match="backwards"):
        ManualClock().advance(-1)


def test_the_system_clock_is_utc_and_monotonic() -> None:
    clock = SystemClock()
    first = clock.monotonic()
    assert clock.now().tzinfo is UTC
    assert clock.monotonic() >= first
