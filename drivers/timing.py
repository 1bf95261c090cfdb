"""Time for drivers: a monotonic clock and a scheduler of one-shot timers, both injectable.

`ThreadingScheduler` runs callbacks on timer threads; `ManualScheduler` is its deterministic twin
(the fake moves only when `advance()` is called), used by tests and by hand-driven simulations.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

Clock = Callable[[], float]


class Timer(Protocol):
    def cancel(self) -> None:
        """Stop the timer if it has not fired; harmless afterwards."""


class Scheduler(Protocol):
    """Runs `callback` once, `delay_s` seconds (monotonic) from now, on any thread.

    Implementations must not run the callback before the delay, must run it even if the caller
    drops the returned timer, and must tolerate `cancel()` at any time.
    """

    def now(self) -> float: ...

    def call_later(self, delay_s: float, callback: Callable[[], None]) -> Timer: ...

    def close(self) -> None:
        """Cancel every pending timer and wait for running callbacks."""


class ThreadingScheduler:
    """Each timer is a daemon `threading.Timer` on `time.monotonic`."""

    def __init__(self) -> None:
        self._timers: set[threading.Timer] = set()
        self._lock = threading.Lock()

    def now(self) -> float:
        return time.monotonic()

    def call_later(self, delay_s: float, callback: Callable[[], None]) -> Timer:
        def run() -> None:
            try:
                callback()
            finally:
                with self._lock:
                    self._timers.discard(timer)

        timer = threading.Timer(max(delay_s, 0.0), run)
        timer.daemon = True
        with self._lock:
            self._timers.add(timer)
        timer.start()
        return timer

    def close(self) -> None:
        with self._lock:
            timers = list(self._timers)
        for timer in timers:
            timer.cancel()
        for timer in timers:
            if timer is not threading.current_thread():
                timer.join(timeout=5)


@dataclass(order=True)
class _Due:
    at: float
    seq: int
    callback: Callable[[], None] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)

    def cancel(self) -> None:
        self.cancelled = True


class ManualScheduler:
    """A fake clock with timers; `advance(dt)` runs due callbacks in the caller's thread."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start
        self._due: list[_Due] = []
        self._seq = 0
        self._lock = threading.RLock()

    def now(self) -> float:
        return self._now

    def call_later(self, delay_s: float, callback: Callable[[], None]) -> Timer:
        with self._lock:
            self._seq += 1
            due = _Due(self._now + max(delay_s, 0.0), self._seq, callback)
            self._due.append(due)
            return due

    def advance(self, seconds: float) -> None:
        with self._lock:
            end = self._now + seconds
            while True:
                pending = sorted(d for d in self._due if not d.cancelled and d.at <= end)
                if not pending:
                    break
                first = pending[0]
                self._due.remove(first)
                self._now = max(self._now, first.at)
                first.callback()
            self._now = end

    def pending(self) -> int:
        return sum(1 for d in self._due if not d.cancelled)

    def close(self) -> None:
        with self._lock:
            for due in self._due:
                due.cancel()
            self._due.clear()


@dataclass
class Backoff:
    """Exponential back-off delays for reconnect loops: first, first*factor, ... up to `maximum`."""

    first_s: float = 0.1
    maximum_s: float = 5.0
    factor: float = 2.0
    _next: float = field(default=0.0, init=False)

    def next_delay(self) -> float:
        delay = self._next or self.first_s
        self._next = min(delay * self.factor, self.maximum_s)
        return delay

    def reset(self) -> None:
        self._next = 0.0
