from __future__ import annotations

import queue
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from drivers.errors import DeviceUnavailableError
from drivers.events import BarcodeScanned, Event, ScannerLost, ScannerRestored
from drivers.scanners.serial_scanner import SerialScanner
from drivers.symbology import Symbology
from drivers.timing import Backoff
from tests.drivers.opened import Opened
from tests.drivers.scanners.ptys import FakeSerialScanner
from tests.waits import WAIT_S


@pytest.fixture
def device(tmp_path: Path) -> Iterator[FakeSerialScanner]:
    fake = FakeSerialScanner(tmp_path / "ttyScanner")
    yield fake
    fake.close()


@pytest.fixture
def received() -> queue.Queue[Event]:
    return queue.Queue()


def make_scanner(url: str, opened: Opened, **kwargs: Any) -> SerialScanner:
    return SerialScanner(
        name="kiosk", url=url, open_port=opened, backoff=Backoff(0.01, 0.05), **kwargs
    )


def next_event(events: queue.Queue[Event]) -> Event:
    return events.get(timeout=WAIT_S)


def test_scans_arrive_as_events(device: FakeSerialScanner, received: queue.Queue[Event]) -> None:
    opened = Opened()
    scanner = make_scanner(str(device.link), opened, suffix="CRLF", aim_prefix=True)
    scanner.start(received.put)
    try:
        opened.wait()
        device.send(b"]E04006381333931\r\n]C1010950110153000310")
        device.send(b"AB\r\n\x00\xff\r\n")
        first, second = next_event(received), next_event(received)
        assert isinstance(first, BarcodeScanned)
        assert isinstance(second, BarcodeScanned)
        assert (first.text, first.symbology, first.source) == (
            "4006381333931",
            Symbology.EAN13,
            "kiosk",
        )
        assert (second.text, second.symbology) == ("010950110153000310AB", Symbology.GS1_128)
        assert received.empty()
    finally:
        scanner.stop()


def test_unplug_and_replug(device: FakeSerialScanner, received: queue.Queue[Event]) -> None:
    opened = Opened()
    scanner = make_scanner(str(device.link), opened)
    scanner.start(received.put)
    try:
        opened.wait()
        device.send(b"111\r22")
        assert next_event(received).text == "111"  # type: ignore[union-attr]
        device.unplug()
        lost = next_event(received)
        assert isinstance(lost, ScannerLost)
        assert lost.source == "kiosk"
        device.plug()
        opened.wait()
        assert isinstance(next_event(received), ScannerRestored)
        device.send(b"333\r")
        scan = next_event(received)
        assert isinstance(scan, BarcodeScanned)
        assert scan.text == "333"
        assert received.empty()
    finally:
        scanner.stop()


def test_absent_device_is_lost_once_then_found(
    tmp_path: Path, received: queue.Queue[Event]
) -> None:
    opened = Opened()
    link = tmp_path / "ttyLater"
    scanner = make_scanner(str(link), opened)
    scanner.start(received.put)
    device: FakeSerialScanner | None = None
    try:
        lost = next_event(received)
        assert isinstance(lost, ScannerLost)
        assert "cannot open" in lost.reason
        device = FakeSerialScanner(link)
        opened.wait()
        assert isinstance(next_event(received), ScannerRestored)
    finally:
        scanner.stop()
        if device is not None:
            device.close()
    assert all(not isinstance(e, ScannerLost) for e in received.queue)


def test_loop_url_and_probe(received: queue.Queue[Event]) -> None:
    scanner = SerialScanner(name="loop", url="loop://")
    assert scanner.probe() == "opened loop:// at 9600 baud"


def test_probe_reports_an_absent_device(tmp_path: Path) -> None:
    with pytest.raises(DeviceUnavailableError, match="cannot open"):
        SerialScanner(name="x", url=str(tmp_path / "nothing")).probe()


def test_stop_is_prompt_and_idempotent(device: FakeSerialScanner) -> None:
    opened = Opened()
    scanner = make_scanner(str(device.link), opened)
    scanner.start(lambda _event: None)
    opened.wait()
    scanner.stop()
    scanner.stop()


def test_start_twice_is_refused(device: FakeSerialScanner) -> None:
    scanner = make_scanner(str(device.link), Opened())
    scanner.start(lambda _event: None)
    try:
        with pytest.raises(RuntimeError, match="already started"):
            scanner.start(lambda _event: None)
    finally:
        scanner.stop()
