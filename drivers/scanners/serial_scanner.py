"""`SerialScanner`: a scanner in serial mode (CDC-ACM, RS-232), or what pyserial opens by URL."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import serial

from drivers.errors import DeviceUnavailableError
from drivers.events import EventSink
from drivers.scanners.framing import Framer, Scan, Suffix, decode_frame
from drivers.scanners.reader import ReaderThread
from drivers.timing import Backoff, Clock

READ_TIMEOUT_S = 0.1
OpenPort = Callable[..., Any]


class _SerialConnection:
    def __init__(self, port: Any, framer: Framer, aim_prefix: bool) -> None:
        self._port = port
        self._framer = framer
        self._aim_prefix = aim_prefix

    def read(self) -> list[Scan]:
        data = self._port.read(max(1, self._port.in_waiting))
        scans = (
            decode_frame(frame, aim_prefix=self._aim_prefix) for frame in self._framer.feed(data)
        )
        return [scan for scan in scans if scan is not None]

    def close(self) -> None:
        self._framer.reset()
        self._port.close()


class SerialScanner:
    """Reads scans from `url`: a device path (`/dev/serial/by-id/...`), `loop://`, `socket://h:p`.

    Frames end with `suffix`; with `aim_prefix` the scanner sends an AIM identifier ("]E0") that
    names the symbology. Implements `ports.BarcodeScanner`.
    """

    def __init__(
        self,
        *,
        name: str,
        url: str,
        baudrate: int = 9600,
        suffix: Suffix = "CR",
        aim_prefix: bool = False,
        clock: Clock = time.monotonic,
        backoff: Backoff | None = None,
        open_port: OpenPort = serial.serial_for_url,
    ) -> None:
        self.name = name
        self.url = url
        self.baudrate = baudrate
        self.suffix: Suffix = suffix
        self.aim_prefix = aim_prefix
        self._clock = clock
        self._backoff = backoff or Backoff(first_s=0.1, maximum_s=5.0)
        self._open_port = open_port
        self._reader: ReaderThread | None = None

    def start(self, sink: EventSink) -> None:
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
        return f"opened {self.url} at {self.baudrate} baud"

    def _connect(self) -> _SerialConnection:
        try:
            port = self._open_port(self.url, baudrate=self.baudrate, timeout=READ_TIMEOUT_S)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise DeviceUnavailableError(f"cannot open {self.url}: {exc}") from exc
        return _SerialConnection(port, Framer(self.suffix), self.aim_prefix)
