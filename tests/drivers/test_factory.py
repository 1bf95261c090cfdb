from __future__ import annotations

import queue
import threading
from pathlib import Path
from typing import Any

import pytest

from drivers.config import (
    HardwareConfig,
    LockConfig,
    SerialScannerConfig,
    SignalsConfig,
    SimulatedThermometerConfig,
)
from drivers.events import (
    BarcodeScanned,
    DoorClosed,
    DoorOpened,
    Event,
    ExitRequested,
    LockEngaged,
    LockReleased,
    TemperatureRead,
)
from drivers.factory import build_devices, build_scanner
from drivers.gpio.simulation import SimulatedWiring
from drivers.scanners.serial_scanner import SerialScanner
from drivers.scanners.simulated import SimulatedScanner
from drivers.timing import ManualScheduler
from tests.waits import WAIT_S


def test_a_simulated_store_end_to_end(scheduler: ManualScheduler, events: list[Event]) -> None:
    config = HardwareConfig(cabinet_lock=LockConfig(pin=16, unlock_s=2, max_unlock_s=3))
    with build_devices(config, sink=events.append, scheduler=scheduler) as devices:
        wiring = SimulatedWiring(config, devices.pin_factory)
        devices.start()
        assert devices.door_lock.unlock(5) == 5
        assert wiring.strike_energised("door")
        wiring.close_door()
        scheduler.advance(0.05)
        wiring.open_door()
        scheduler.advance(0.05)
        wiring.press_exit()
        scheduler.advance(0.05)
        scanner = devices.scanner("kiosk")
        assert isinstance(scanner, SimulatedScanner)
        assert scanner.scan("7310865004703")
        scheduler.advance(5)
        assert not wiring.strike_energised("door")
        assert devices.cabinet_lock is not None
        assert devices.cabinet_lock.unlock(60) == 3
        assert wiring.strike_energised("cabinet")
    assert not wiring.strike_energised("cabinet")
    kinds = [type(e) for e in events if not isinstance(e, TemperatureRead)]
    assert kinds == [
        LockReleased,
        DoorClosed,
        DoorOpened,
        ExitRequested,
        BarcodeScanned,
        LockEngaged,
        LockReleased,
        LockEngaged,
    ]


def test_close_releases_every_pin_and_thread(scheduler: ManualScheduler) -> None:
    read = threading.Event()

    def sink(event: Event) -> None:
        if isinstance(event, TemperatureRead):
            read.set()

    before = threading.active_count()
    devices = build_devices(HardwareConfig(), sink=sink, scheduler=scheduler)
    devices.start()
    assert read.wait(5)
    devices.close()
    devices.close()
    assert threading.active_count() == before
    # Every pin is free again: a second store on the same factory builds fine.
    again = build_devices(
        HardwareConfig(), sink=sink, scheduler=scheduler, pin_factory=devices.pin_factory
    )
    again.close()


def test_default_scheduler_and_pin_factory_are_owned(events: list[Event]) -> None:
    devices = build_devices(
        HardwareConfig(signals=SignalsConfig(buzzer_pin=None)), sink=events.append
    )
    assert set(devices.signals) == {"green", "red"}
    devices.door_lock.unlock(0.01)
    devices.close()
    assert devices.door_lock.is_locked


def test_a_failing_device_closes_what_was_built(
    mock_factory: Any, scheduler: ManualScheduler
) -> None:
    from gpiozero import DigitalOutputDevice

    blocker = DigitalOutputDevice(25, pin_factory=mock_factory)  # the red LED's pin is taken
    with pytest.raises(Exception, match="in use"):
        build_devices(
            HardwareConfig(), sink=lambda _e: None, scheduler=scheduler, pin_factory=mock_factory
        )
    blocker.close()
    build_devices(
        HardwareConfig(), sink=lambda _e: None, scheduler=scheduler, pin_factory=mock_factory
    ).close()


def test_scanners_and_thermometers_by_kind(tmp_path: Path) -> None:
    serial = build_scanner(SerialScannerConfig(url="loop://", suffix="LF", symbology_prefix=True))
    assert isinstance(serial, SerialScanner)
    assert (serial.suffix, serial.aim_prefix) == ("LF", True)
    received: queue.Queue[Event] = queue.Queue()
    config = HardwareConfig(thermometers=(SimulatedThermometerConfig(name="freezer", celsius=-18),))
    with build_devices(config, sink=received.put) as devices:
        devices.start()
        reading = received.get(timeout=WAIT_S)
    assert reading == TemperatureRead("freezer", -18, reading.at_monotonic)
