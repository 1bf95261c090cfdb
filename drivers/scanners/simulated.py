"""`SimulatedScanner`: the in-process twin of a scanner; codes come from `scan()`."""

from __future__ import annotations

import threading
import time

from drivers.events import BarcodeScanned, EventSink
from drivers.symbology import Symbology
from drivers.timing import Clock


class SimulatedScanner:
    """Implements `ports.BarcodeScanner`; `scan()` emits at once, from the caller's thread."""

    def __init__(self, *, name: str, clock: Clock = time.monotonic) -> None:
        self.name = name
        self._clock = clock
        self._sink: EventSink | None = None
        self._mutex = threading.Lock()

    def start(self, sink: EventSink) -> None:
        with self._mutex:
            self._sink = sink

    def stop(self) -> None:
        with self._mutex:
            self._sink = None

    def probe(self) -> str:
        return "simulated (codes come from scan())"

    def scan(self, text: str, symbology: Symbology = Symbology.UNKNOWN) -> bool:
        """Emit a scan; False when the scanner is not started (the code is dropped, as in life)."""
        with self._mutex:
            sink = self._sink
        if sink is None:
            return False
        sink(BarcodeScanned(text, symbology, self.name, self._clock()))
        return True
