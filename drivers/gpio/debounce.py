"""A pure debouncer: a level counts once it has held still for `settle_s` seconds."""

from __future__ import annotations


class Debouncer:
    """Feed raw edges with `edge()`; `settle()` returns the new stable level once it is due.

    Time is whatever monotonic clock the caller passes in. Not thread-safe: callers lock.
    """

    def __init__(self, settle_s: float, initial: bool) -> None:
        if settle_s < 0:
            raise ValueError("settle_s must not be negative")
        self.settle_s = settle_s
        self.stable = initial
        self._raw = initial
        self._changed_at = float("-inf")

    def edge(self, level: bool, now: float) -> float:
        """Record a raw level; returns the time at which it would count as stable."""
        self._raw = level
        self._changed_at = now
        return self.due_at

    @property
    def due_at(self) -> float:
        """When the last raw level will count as stable."""
        return self._changed_at + self.settle_s

    @property
    def pending(self) -> bool:
        """True while a raw level differs from the stable one."""
        return self._raw != self.stable

    def settle(self, now: float) -> bool | None:
        """The new stable level if the raw level held long enough and differs, else None."""
        if self._raw == self.stable or now < self.due_at:
            return None
        self.stable = self._raw
        return self.stable
