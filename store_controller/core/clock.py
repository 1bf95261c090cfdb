"""Time for the controller: monotonic seconds for timers, UTC wall time for records.

A wrong wall clock at boot must not lock people in or out, so every timer, window and debounce uses
`monotonic()`; only records carry `now()`. `ManualClock` is the twin that tests move by hand.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds on a clock that never jumps; only differences mean anything."""
        ...

    def now(self) -> datetime:
        """The current wall time, timezone-aware UTC."""
        ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to: `advance(seconds)` moves both readings."""

    def __init__(self, start: datetime | None = None, monotonic: float = 1000.0) -> None:
        self._now = start or datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
        self._monotonic = monotonic

    def monotonic(self) -> float:
        return self._monotonic

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock does not run backwards; use set_wall_time for a jump")
        self._monotonic += seconds
        self._now += timedelta(seconds=seconds)

    def set_wall_time(self, when: datetime) -> None:
        """Jump the wall clock (an NTP correction) without touching monotonic time."""
        self._now = when
