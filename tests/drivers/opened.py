"""A `serial_for_url` wrapper that tells a test when the reader has opened its port.

pyserial discards pending input when it opens a port (pty or socket://), so a test must not send
before the open has finished.
"""

from __future__ import annotations

import threading
from typing import Any

import serial


class Opened:
    def __init__(self) -> None:
        self.count = 0
        self.event = threading.Event()

    def __call__(self, url: str, **kwargs: Any) -> Any:
        port = serial.serial_for_url(url, **kwargs)
        self.count += 1
        self.event.set()
        return port

    def wait(self, timeout: float = 5.0) -> None:
        assert self.event.wait(timeout), "the scanner never opened the port"
        self.event.clear()
