"""`DoorLock`: a fail-secure lock relay with a watchdog that ends every unlock window."""

from __future__ import annotations

import atexit
import logging
import threading
from typing import Any

from drivers.errors import DeviceUnavailableError
from drivers.events import EventSink, LockEngaged, LockReleased, discard
from drivers.timing import Scheduler, Timer

log = logging.getLogger(__name__)


class DoorLock:
    """A relay on one GPIO pin; relay off = locked. Implements `drivers.ports.Lock`.

    `active_high=False` suits the common active-low relay boards. The relay is driven off at
    construction (`initial_value=False`), and an atexit hook engages the lock before gpiozero's
    own shutdown releases the pin.
    """

    def __init__(
        self,
        *,
        name: str,
        pin: int,
        pin_factory: Any,
        scheduler: Scheduler,
        active_high: bool = True,
        max_unlock_s: float = 10.0,
        sink: EventSink = discard,
    ) -> None:
        from gpiozero import OutputDevice

        if max_unlock_s <= 0:
            raise ValueError("max_unlock_s must be positive")
        self.name = name
        self.max_unlock_s = max_unlock_s
        self._scheduler = scheduler
        self._sink = sink
        self._mutex = threading.RLock()
        self._watchdog: Timer | None = None
        self._generation = 0
        self._relay = OutputDevice(
            pin, active_high=active_high, initial_value=False, pin_factory=pin_factory
        )
        atexit.register(self.close)

    @property
    def is_locked(self) -> bool:
        with self._mutex:
            return self._relay.closed or not self._relay.is_active

    def unlock(self, window_s: float) -> float:
        """Open for `window_s` seconds, clamped to `(0, max_unlock_s]`; returns the window."""
        window = min(max(window_s, 0.0), self.max_unlock_s)
        if window <= 0:
            self.lock()
            return 0.0
        with self._mutex:
            if self._relay.closed:
                raise DeviceUnavailableError(f"lock {self.name} is closed")
            self._cancel_watchdog()
            self._generation += 1
            generation = self._generation
            self._watchdog = self._scheduler.call_later(window, lambda: self._expire(generation))
            self._relay.on()
        self._sink(LockReleased(self.name, window, self._scheduler.now()))
        return window

    def lock(self) -> None:
        self._engage("command")

    def close(self) -> None:
        """Engage the lock and release the pin; idempotent."""
        atexit.unregister(self.close)
        with self._mutex:
            if self._relay.closed:
                return
            self._engage("close")
            self._relay.close()

    def _expire(self, generation: int) -> None:
        with self._mutex:
            if generation != self._generation:
                return  # a newer unlock replaced this window
        self._engage("watchdog")

    def _engage(self, reason: str) -> None:
        with self._mutex:
            self._cancel_watchdog()
            self._generation += 1
            if self._relay.closed:
                return
            was_open = self._relay.is_active
            self._relay.off()
        if was_open:
            log.info("lock %s engaged (%s)", self.name, reason)
            self._sink(LockEngaged(self.name, reason, self._scheduler.now()))

    def _cancel_watchdog(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None
