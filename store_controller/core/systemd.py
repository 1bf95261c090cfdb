"""Telling systemd how the controller is doing: ready, stopping, and alive (watchdog).

Without `NOTIFY_SOCKET` (tests, a developer's terminal) every call is a no-op. The watchdog ping
comes from the event loop itself, so a hung loop (the one consumer of door and checkout events)
stops the pings and systemd restarts the controller.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket

log = logging.getLogger(__name__)


def sd_notify(message: str) -> bool:
    """Send `message` (e.g. "READY=1") to systemd; False when not run by systemd."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]  # an abstract socket
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(message.encode())
    except OSError as exc:
        log.warning("systemd notification failed", extra={"error": exc.strerror})
        return False
    return True


def watchdog_interval_s() -> float | None:
    """Half the `WatchdogSec=` systemd asked for (sd_watchdog_enabled(3)), or None."""
    usec = os.environ.get("WATCHDOG_USEC", "")
    pid = os.environ.get("WATCHDOG_PID", "")
    if not usec.isdigit() or (pid and pid != str(os.getpid())):
        return None
    return int(usec) / 2_000_000


class SystemdNotifier:
    """READY=1 once started, WATCHDOG=1 from the event loop, STOPPING=1 at shutdown."""

    def __init__(self) -> None:
        self._pinger: asyncio.Task[None] | None = None

    def started(self) -> None:
        sd_notify("READY=1\nSTATUS=store controller running")
        if (interval := watchdog_interval_s()) is not None:
            self._pinger = asyncio.create_task(self._ping(interval), name="systemd-watchdog")

    async def stopping(self) -> None:
        sd_notify("STOPPING=1")
        if self._pinger is not None:
            self._pinger.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pinger

    @staticmethod
    async def _ping(interval_s: float) -> None:
        while True:
            sd_notify("WATCHDOG=1")
            await asyncio.sleep(interval_s)
