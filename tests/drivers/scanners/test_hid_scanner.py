from __future__ import annotations

import os
import queue
import sys
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import ClassVar

import pytest

from drivers.errors import DeviceUnavailableError
from drivers.events import BarcodeScanned, Event
from drivers.scanners.hid_scanner import HidScanner
from tests.conftest import missing_component
from tests.waits import WAIT_S


def test_absent_device_is_reported(tmp_path: Path) -> None:
    scanner = HidScanner(name="kiosk", device=str(tmp_path / "event99"))
    with pytest.raises(DeviceUnavailableError, match="cannot open"):
        scanner.probe()


def test_other_platforms_get_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    scanner = HidScanner(name="kiosk", device="/dev/input/event0")
    with pytest.raises(DeviceUnavailableError, match="need Linux"):
        scanner.start(lambda _e: None)


@pytest.mark.skipif(
    os.environ.get("BYABUTIK_UINPUT") != "1", reason="opt-in: needs /dev/uinput (BYABUTIK_UINPUT=1)"
)
def test_uinput_keyboard_end_to_end() -> None:
    if not os.path.exists("/dev/uinput"):
        missing_component("/dev/uinput")
    from evdev import UInput, ecodes

    received: queue.Queue[Event] = queue.Queue()
    with UInput(name="byabutik-test-wedge") as keyboard:
        scanner = HidScanner(name="kiosk", device=str(keyboard.device.path))
        scanner.start(received.put)
        try:
            for key in (ecodes.KEY_4, ecodes.KEY_2, ecodes.KEY_ENTER):
                keyboard.write(ecodes.EV_KEY, key, 1)
                keyboard.write(ecodes.EV_KEY, key, 0)
                keyboard.syn()
            scan = received.get(timeout=WAIT_S)
            assert isinstance(scan, BarcodeScanned)
            assert scan.text == "42"
        finally:
            scanner.stop()


class FakeInputDevice:
    """Just enough of evdev.InputDevice: a selectable fd, read(), grab()/ungrab(), close()."""

    instances: ClassVar[list[FakeInputDevice]] = []
    grabs: ClassVar[threading.Event] = threading.Event()

    def __init__(self, path: str) -> None:
        self.path = path
        self.fd, self._writer = os.pipe()
        self.pending: list[SimpleNamespace] = []
        self.grabbed = False
        FakeInputDevice.instances.append(self)

    def type_keys(self, codes: list[int]) -> None:
        for code in codes:
            self.pending.append(SimpleNamespace(type=1, code=code, value=1))
            self.pending.append(SimpleNamespace(type=1, code=code, value=0))
        os.write(self._writer, b"x")

    def read(self) -> list[SimpleNamespace]:
        os.read(self.fd, 1024)
        events, self.pending = self.pending, []
        return events

    def grab(self) -> None:
        self.grabbed = True
        FakeInputDevice.grabs.set()

    def ungrab(self) -> None:
        self.grabbed = False

    def close(self) -> None:
        os.close(self.fd)
        os.close(self._writer)


def test_reads_a_grabbed_device(monkeypatch: pytest.MonkeyPatch) -> None:
    from evdev import ecodes

    monkeypatch.setattr(FakeInputDevice, "instances", [])
    fake_evdev = SimpleNamespace(InputDevice=FakeInputDevice)
    monkeypatch.setattr("drivers.scanners.hid_scanner._evdev", lambda: fake_evdev)
    received: queue.Queue[Event] = queue.Queue()
    scanner = HidScanner(name="kiosk", device="/dev/input/by-id/usb-scanner-event-kbd")
    assert scanner.probe() == "opened and grabbed /dev/input/by-id/usb-scanner-event-kbd"
    FakeInputDevice.grabs.clear()
    scanner.start(received.put)
    try:
        assert FakeInputDevice.grabs.wait(5)
        FakeInputDevice.instances[1].type_keys([ecodes.KEY_9, ecodes.KEY_6, ecodes.KEY_ENTER])
        scan = received.get(timeout=WAIT_S)
        assert isinstance(scan, BarcodeScanned)
        assert (scan.text, scan.source) == ("96", "kiosk")
    finally:
        scanner.stop()
    assert not FakeInputDevice.instances[1].grabbed
