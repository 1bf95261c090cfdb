"""`ThermometerPoller`: reads every thermometer on one thread and emits the results as events."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

from drivers.errors import DriverError
from drivers.events import DeviceFault, EventSink, TemperatureRead
from drivers.ports import Thermometer
from drivers.timing import Clock


class ThermometerPoller:
    """Every `interval_s` seconds: `TemperatureRead` per good reading, `DeviceFault` per error."""

    def __init__(
        self,
        thermometers: Sequence[Thermometer],
        *,
        interval_s: float,
        sink: EventSink,
        clock: Clock = time.monotonic,
    ) -> None:
        self._thermometers = tuple(thermometers)
        self._interval_s = interval_s
        self._sink = sink
        self._clock = clock
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="thermometers", daemon=True)

    def start(self) -> None:
        if self._thermometers:
            self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(0.5)  # daemon thread: a stuck read never holds up a stop

    def poll_once(self) -> None:
        for thermometer in self._thermometers:
            try:
                celsius = thermometer.read_celsius()
            except DriverError as exc:
                self._sink(DeviceFault(f"thermometer {thermometer.name}", str(exc), self._clock()))
            else:
                self._sink(TemperatureRead(thermometer.name, celsius, self._clock()))

    def _run(self) -> None:
        while not self._stopping.is_set():
            self.poll_once()
            self._stopping.wait(self._interval_s)
