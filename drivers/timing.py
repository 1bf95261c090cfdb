"""Time for drivers: a monotonic clock and a scheduler of one-shot timers, both injectable.

`ThreadingScheduler` runs callbacks on timer threads; `TimerThread` runs them all on one thread of
its own (a lock's watchdog: arming it starts no thread); `ManualScheduler` is their deterministic
twin (the fake moves only when `advance()` is called), used by tests and by hand-driven simulations.
"""

from __future__ import annotations

import heapq
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

Clock = Callable[[], float]
log = logging.getLogger(__name__)


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


class TimerThread:
    """Every timer on one long-lived daemon thread (started with the first timer), on
    `time.monotonic`, run in deadline order.

    For a lock's watchdog: `ThreadingScheduler` starts a thread per timer, and `Thread.start()`
    waits until the new thread has run, so arming the watchdog waited for the OS to schedule it
    (up to milliseconds on a busy Pi) between the relay and the screen. Here `call_later` queues
    the deadline and wakes the thread only when it is earlier than the one the thread waits for;
    `cancel()` marks the timer, which the thread drops at its deadline. A callback that raises is
    logged and the thread carries on with the next timer.
    """

    def __init__(self, name: str = "timers") -> None:
        self._name = name
        self._due: list[_Due] = []
        self._seq = 0
        self._wake = threading.Condition(threading.Lock())
        self._thread: threading.Thread | None = None
        self._closed = False

    def now(self) -> float:
        return time.monotonic()

    def call_later(self, delay_s: float, callback: Callable[[], None]) -> Timer:
        with self._wake:
            if self._closed:
                raise RuntimeError(f"{self._name} is closed")
            self._seq += 1
            due = _Due(time.monotonic() + max(delay_s, 0.0), self._seq, callback)
            earliest = self._due[0] if self._due else None
            heapq.heappush(self._due, due)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            elif earliest is None or due < earliest:
                self._wake.notify()
        return due

    def _run(self) -> None:
        while True:
            with self._wake:
                due = self._next()
            if due is None:
                return
            try:
                due.callback()
            except Exception:
                log.exception("timer callback failed", extra={"timers": self._name})

    def _next(self) -> _Due | None:
        """The next due timer (called holding the lock); None once closed."""
        while not self._closed:
            if not self._due:
                self._wake.wait()
                continue
            first = self._due[0]
            if first.cancelled:
                heapq.heappop(self._due)
                continue
            wait = first.at - time.monotonic()
            if wait <= 0:
                return heapq.heappop(self._due)
            self._wake.wait(wait)
        return None

    def close(self) -> None:
        """Cancel every pending timer and wait for a running callback (not from inside one)."""
        with self._wake:
            self._closed = True
            for due in self._due:
                due.cancel()
            self._due.clear()
            self._wake.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)


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
