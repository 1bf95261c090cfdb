from __future__ import annotations

import threading

import pytest

from drivers.errors import ThermometerError
from drivers.events import DeviceFault, Event, TemperatureRead
from drivers.thermometers.poller import ThermometerPoller
from drivers.thermometers.simulated import SimulatedThermometer


def test_simulated_thermometer_set_and_fail() -> None:
    thermometer = SimulatedThermometer(name="fridge", celsius=4.0)
    assert thermometer.read_celsius() == 4.0
    thermometer.fail("wire cut")
    with pytest.raises(ThermometerError, match="wire cut"):
        thermometer.read_celsius()
    thermometer.set(7.5)
    assert thermometer.read_celsius() == 7.5


def test_poll_once_reports_readings_and_faults() -> None:
    events: list[Event] = []
    fridge = SimulatedThermometer(name="fridge", celsius=4.0)
    freezer = SimulatedThermometer(name="freezer")
    freezer.fail("CRC check failed")
    poller = ThermometerPoller(
        [fridge, freezer], interval_s=60, sink=events.append, clock=lambda: 5.0
    )
    poller.poll_once()
    assert events == [
        TemperatureRead("fridge", 4.0, 5.0),
        DeviceFault("thermometer freezer", "CRC check failed", 5.0),
    ]


def test_poller_thread_reads_and_stops() -> None:
    read = threading.Event()

    def sink(event: Event) -> None:
        if isinstance(event, TemperatureRead):
            read.set()

    poller = ThermometerPoller([SimulatedThermometer(name="fridge")], interval_s=60, sink=sink)
    poller.start()
    assert read.wait(5)
    poller.stop()


def test_poller_without_thermometers_starts_nothing() -> None:
    poller = ThermometerPoller([], interval_s=1, sink=lambda _e: None)
    poller.start()
    poller.stop()
