"""`DoorContact` and `ExitButton`: debounced GPIO inputs that emit events."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from drivers.events import DoorClosed, DoorOpened, Event, EventSink, ExitRequested, discard
from drivers.gpio.debounce import Debouncer
from drivers.timing import Scheduler

_MIN_RETRY_S = 0.001


class _DebouncedInput:
    """A pull-up input (active = pulled to GND) whose edges settle in our code, not gpiozero's:
    gpiozero's MockPin ignores `bounce_time`, and one debounce for every pin library is simpler."""

    def __init__(
        self,
        *,
        pin: int,
        pin_factory: Any,
        scheduler: Scheduler,
        settle_s: float,
        on_stable: Callable[[bool, float], Event | None],
        sink: EventSink,
    ) -> None:
        from gpiozero import DigitalInputDevice

        self._scheduler = scheduler
        self._on_stable = on_stable
        self._sink = sink
        self._mutex = threading.Lock()
        self._device = DigitalInputDevice(pin, pull_up=True, pin_factory=pin_factory)
        self._debouncer = Debouncer(settle_s, initial=bool(self._device.is_active))
        self._device.when_activated = self._edge
        self._device.when_deactivated = self._edge

    @property
    def active(self) -> bool:
        with self._mutex:
            return self._debouncer.stable

    def close(self) -> None:
        self._device.close()

    def _edge(self) -> None:
        level = bool(self._device.value)
        with self._mutex:
            due = self._debouncer.edge(level, self._scheduler.now())
        self._scheduler.call_later(due - self._scheduler.now(), self._settle)

    def _settle(self) -> None:
        now = self._scheduler.now()
        with self._mutex:
            level = self._debouncer.settle(now)
            retry = level is None and self._debouncer.pending and now < self._debouncer.due_at
            due = self._debouncer.due_at
        if retry:  # a timer fired a hair early
            self._scheduler.call_later(max(due - now, _MIN_RETRY_S), self._settle)
        if level is not None:
            event = self._on_stable(level, now)
            if event is not None:
                self._sink(event)


class DoorContact:
    """A reed contact: closed door = contact pulls the pin to GND (internal pull-up).

    A cut cable or an unplugged connector therefore reads as open. Implements `ports.Contact`.
    """

    def __init__(
        self,
        *,
        name: str,
        pin: int,
        pin_factory: Any,
        scheduler: Scheduler,
        settle_s: float = 0.05,
        sink: EventSink = discard,
    ) -> None:
        self.name = name
        self._input = _DebouncedInput(
            pin=pin,
            pin_factory=pin_factory,
            scheduler=scheduler,
            settle_s=settle_s,
            on_stable=self._event,
            sink=sink,
        )

    @property
    def is_closed(self) -> bool:
        return self._input.active

    def close(self) -> None:
        self._input.close()

    def _event(self, closed: bool, now: float) -> Event:
        return DoorClosed(self.name, now) if closed else DoorOpened(self.name, now)


class ExitButton:
    """A request-to-exit button to GND (internal pull-up); a settled press emits ExitRequested.

    Only for logging "left, not forced": egress never depends on the Pi.
    """

    def __init__(
        self,
        *,
        name: str,
        pin: int,
        pin_factory: Any,
        scheduler: Scheduler,
        settle_s: float = 0.05,
        sink: EventSink = discard,
    ) -> None:
        self.name = name
        self._input = _DebouncedInput(
            pin=pin,
            pin_factory=pin_factory,
            scheduler=scheduler,
            settle_s=settle_s,
            on_stable=self._event,
            sink=sink,
        )

    @property
    def is_pressed(self) -> bool:
        return self._input.active

    def close(self) -> None:
        self._input.close()

    def _event(self, pressed: bool, now: float) -> Event | None:
        return ExitRequested(self.name, now) if pressed else None
