"""A pty pair that stands in for a USB serial scanner, with unplug and replug."""

from __future__ import annotations

import contextlib
import os
import tty
from pathlib import Path


class FakeSerialScanner:
    """The scanner end of a pty; `link` is a stable path (like /dev/serial/by-id/...) to it."""

    def __init__(self, link: Path) -> None:
        self.link = link
        self.master = -1
        self.plug()

    def plug(self) -> None:
        master, slave = os.openpty()
        tty.setraw(master)
        path = os.ttyname(slave)
        os.close(slave)
        self.master = master
        with contextlib.suppress(FileNotFoundError):
            self.link.unlink()
        self.link.symlink_to(path)

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def unplug(self) -> None:
        if self.master >= 0:
            os.close(self.master)
            self.master = -1
        with contextlib.suppress(FileNotFoundError):
            self.link.unlink()

    def close(self) -> None:
        self.unplug()
