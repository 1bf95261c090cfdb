"""One reader thread for every scanner kind: open, read scans, survive losses, stop cleanly."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Protocol

from drivers.events import BarcodeScanned, EventSink, ScannerLost, ScannerRestored
from drivers.scanners.framing import Scan
from drivers.timing import Backoff, Clock

log = logging.getLogger(__name__)
JOIN_TIMEOUT_S = 0.5  # daemon threads: a stuck open() is abandoned, the store stops in time


class Connection(Protocol):
    """An open scanner. `read()` waits at most ~0.2 s and returns the scans completed meanwhile;
    it raises (any exception) when the device is gone."""

    def read(self) -> list[Scan]: ...

    def close(self) -> None: ...


class ReaderThread:
    """Runs `open_connection()` and reads until stopped.

    A failure is reported once as `ScannerLost` and retried with exponential back-off; the first
    success after it is reported as `ScannerRestored`."""

    def __init__(
        self,
        *,
        source: str,
        open_connection: Callable[[], Connection],
        sink: EventSink,
        clock: Clock,
        backoff: Backoff,
    ) -> None:
        self.source = source
        self._open = open_connection
        self._sink = sink
        self._clock = clock
        self._backoff = backoff
        self._stopping = threading.Event()
        self._lost = False
        self._thread = threading.Thread(target=self._run, name=f"scanner-{source}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(JOIN_TIMEOUT_S)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                connection = self._open()
            except Exception as exc:
                self._report_lost(exc)
                self._stopping.wait(self._backoff.next_delay())
                continue
            self._report_open()
            try:
                self._read_until_stopped(connection)
            except Exception as exc:
                self._report_lost(exc)
            finally:
                connection.close()

    def _read_until_stopped(self, connection: Connection) -> None:
        while not self._stopping.is_set():
            for scan in connection.read():
                self._sink(BarcodeScanned(scan.text, scan.symbology, self.source, self._clock()))

    def _report_open(self) -> None:
        self._backoff.reset()
        if self._lost:
            self._lost = False
            log.info("scanner %s restored", self.source)
            self._sink(ScannerRestored(self.source, self._clock()))

    def _report_lost(self, exc: Exception) -> None:
        if self._lost or self._stopping.is_set():
            return
        self._lost = True
        log.warning("scanner %s lost: %s", self.source, exc)
        self._sink(ScannerLost(self.source, str(exc) or type(exc).__name__, self._clock()))
