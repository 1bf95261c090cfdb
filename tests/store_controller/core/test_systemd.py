"""The controller tells systemd it is ready, pings the watchdog from its loop, and says stopping."""

from __future__ import annotations

import asyncio
import itertools
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from gpiozero.pins.mock import MockFactory

from store_controller.bootstrap import build_controller, create_app
from store_controller.core.systemd import SystemdNotifier, sd_notify, watchdog_interval_s
from store_controller.settings import ControllerSettings


@pytest.fixture
def systemd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[socket.socket]:
    """A datagram socket standing in for systemd's notify socket."""
    path = tmp_path / "notify"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as receiver:
        receiver.bind(str(path))
        receiver.settimeout(5)
        monkeypatch.setenv("NOTIFY_SOCKET", str(path))
        yield receiver


def received(receiver: socket.socket) -> str:
    return receiver.recv(4096).decode()


def test_without_systemd_nothing_is_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    assert sd_notify("READY=1") is False
    assert watchdog_interval_s() is None


def test_ready_watchdog_pings_and_stopping(
    systemd: socket.socket, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATCHDOG_USEC", "100000")
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    assert watchdog_interval_s() == 0.05

    async def main() -> list[str]:
        notifier = SystemdNotifier()
        notifier.started()
        messages = [await asyncio.to_thread(received, systemd) for _ in range(3)]
        await notifier.stopping()
        return messages

    messages = asyncio.run(main())
    assert messages[0].startswith("READY=1")
    assert messages[1:] == ["WATCHDOG=1", "WATCHDOG=1"]
    # pings already in flight may come first, then STOPPING=1, then nothing more
    tail = [received(systemd)]
    while tail[-1] == "WATCHDOG=1" and len(tail) < 10:
        tail.append(received(systemd))
    assert tail[-1] == "STOPPING=1"


def test_a_watchdog_meant_for_another_process_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATCHDOG_USEC", "100000")
    monkeypatch.setenv("WATCHDOG_PID", "1")
    assert watchdog_interval_s() is None


def test_the_controller_says_ready_once_started(systemd: socket.socket, tmp_path: Path) -> None:
    factory = MockFactory()
    try:
        app = create_app(
            build_controller(ControllerSettings(data_dir=tmp_path), pin_factory=factory)
        )
        with TestClient(app):
            assert received(systemd).startswith("READY=1")
        assert received(systemd) == "STOPPING=1"
    finally:
        factory.reset()


def test_a_hung_event_loop_stops_the_pings(
    systemd: socket.socket, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pings come from the loop itself: while it hangs, systemd hears nothing (and kills
    and restarts the controller once WatchdogSec passes)."""
    monkeypatch.setenv("WATCHDOG_USEC", "40000")
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    hang_s = 0.5
    arrivals: list[float] = []
    pinging = threading.Event()
    hang_over = threading.Event()

    def listen() -> None:  # until the first ping after the hang
        while not (hang_over.is_set() and len(arrivals) > 2):
            received(systemd)
            arrivals.append(time.monotonic())
            if len(arrivals) == 2:  # READY=1 and a first ping
                pinging.set()

    def stuck_handler() -> None:
        """What a handler stuck in blocking code does to the loop."""
        time.sleep(hang_s)

    async def main() -> None:
        notifier = SystemdNotifier()
        listener = asyncio.create_task(asyncio.to_thread(listen))
        notifier.started()
        assert await asyncio.to_thread(pinging.wait, 5)
        stuck_handler()
        hang_over.set()
        await listener
        await notifier.stopping()

    asyncio.run(main())
    # pings every 20 ms, except for one silence as long as the hang (a ping sent just before it
    # may still be read just after it started; the next is sent only when the loop runs again)
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    assert max(gaps) >= 0.5 * hang_s  # margin for a listener thread slowed by a busy machine
