"""`SimulatedThermometer`: a temperature set by hand (or by a test), or a fault."""

from __future__ import annotations

import threading

from drivers.errors import ThermometerError


class SimulatedThermometer:
    """Implements `ports.Thermometer`; `set()` changes the reading, `fail()` makes reads raise."""

    def __init__(self, *, name: str, celsius: float = 4.0) -> None:
        self.name = name
        self._celsius = celsius
        self._fault: str | None = None
        self._mutex = threading.Lock()

    def set(self, celsius: float) -> None:
        with self._mutex:
            self._celsius, self._fault = celsius, None

    def fail(self, reason: str = "simulated fault") -> None:
        with self._mutex:
            self._fault = reason

    def read_celsius(self) -> float:
        with self._mutex:
            if self._fault is not None:
                raise ThermometerError(self._fault)
            return self._celsius
