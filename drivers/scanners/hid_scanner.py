"""`HidScanner`: a USB keyboard-wedge scanner read through evdev, grabbed exclusively (Linux)."""

from __future__ import annotations

import contextlib
import select
import sys
import time
from typing import Any

from drivers.errors import DeviceUnavailableError
from drivers.events import EventSink
from drivers.scanners.framing import Scan
from drivers.scanners.keymap import WedgeDecoder
from drivers.scanners.reader import ReaderThread
from drivers.symbology import Symbology
from drivers.timing import Backoff, Clock

POLL_S = 0.1


def _evdev() -> Any:
    if not sys.platform.startswith("linux"):
        raise DeviceUnavailableError("HID scanners need Linux (evdev); use a serial scanner")
    try:
        import evdev
    except ImportError as exc:
        raise DeviceUnavailableError(
            "HID scanners need python-evdev (`pip install evdev`)"
        ) from exc
    return evdev


class _HidConnection:
    def __init__(self, device: Any) -> None:
        self._device = device
        self._decoder = WedgeDecoder()

    def read(self) -> list[Scan]:
        ready, _, _ = select.select([self._device.fd], [], [], POLL_S)
        if not ready:
            return []
        scans = []
        for event in self._device.read():
            text = self._decoder.feed(event.type, event.code, event.value)
            if text is not None:
                scans.append(Scan(text, Symbology.UNKNOWN))
        return scans

    def close(self) -> None:
        with contextlib.suppress(OSError):  # already gone with the unplugged device
            self._device.ungrab()
        self._device.close()


class HidScanner:
    """Reads a wedge scanner at `device` (`/dev/input/by-id/...-event-kbd`); needs the `input`
    group. The grab keeps scans from typing into the kiosk browser. `ports.BarcodeScanner`."""

    def __init__(
        self,
        *,
        name: str,
        device: str,
        clock: Clock = time.monotonic,
        backoff: Backoff | None = None,
    ) -> None:
        self.name = name
        self.device = device
        self._clock = clock
        self._backoff = backoff or Backoff(first_s=0.2, maximum_s=5.0)
        self._reader: ReaderThread | None = None

    def start(self, sink: EventSink) -> None:
        _evdev()
        if self._reader is not None:
            raise RuntimeError(f"scanner {self.name} already started")
        self._reader = ReaderThread(
            source=self.name,
            open_connection=self._connect,
            sink=sink,
            clock=self._clock,
            backoff=self._backoff,
        )
        self._reader.start()

    def stop(self) -> None:
        if self._reader is not None:
            self._reader.stop()
            self._reader = None

    def probe(self) -> str:
        connection = self._connect()
        connection.close()
        return f"opened and grabbed {self.device}"

    def _connect(self) -> _HidConnection:
        evdev = _evdev()
        try:
            device = evdev.InputDevice(self.device)
        except OSError as exc:
            raise DeviceUnavailableError(f"cannot open {self.device}: {exc.strerror}") from exc
        try:
            device.grab()
        except OSError as exc:
            device.close()
            raise DeviceUnavailableError(f"cannot grab {self.device}: {exc.strerror}") from exc
        return _HidConnection(device)
