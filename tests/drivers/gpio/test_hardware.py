"""Opt-in tier on a Raspberry Pi: the real lgpio path. BYABUTIK_HARDWARE=1 to run.

Wire nothing to the pins named by BYABUTIK_HW_RELAY_PIN (default 17) and BYABUTIK_HW_INPUT_PIN
(default 27), or a relay board you may click; the input pin is only read.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from drivers.events import Event, LockEngaged
from drivers.gpio.inputs import DoorContact
from drivers.gpio.lock import DoorLock
from drivers.gpio.pins import close_pin_factory, make_pin_factory
from drivers.timing import ThreadingScheduler

pytestmark = [
    pytest.mark.hardware,
    pytest.mark.skipif(
        os.environ.get("BYABUTIK_HARDWARE") != "1", reason="opt-in: a Pi with BYABUTIK_HARDWARE=1"
    ),
]
RELAY_PIN = int(os.environ.get("BYABUTIK_HW_RELAY_PIN", "17"))
INPUT_PIN = int(os.environ.get("BYABUTIK_HW_INPUT_PIN", "27"))


def locked(lock: DoorLock) -> bool:
    return lock.is_locked


@pytest.fixture
def lgpio_factory() -> Iterator[Any]:
    factory = make_pin_factory("lgpio")
    yield factory
    close_pin_factory(factory)


def test_real_relay_unlocks_and_the_watchdog_relocks(lgpio_factory: Any) -> None:
    scheduler = ThreadingScheduler()
    engaged = threading.Event()

    def sink(event: Event) -> None:
        if isinstance(event, LockEngaged):
            engaged.set()

    lock = DoorLock(
        name="door", pin=RELAY_PIN, pin_factory=lgpio_factory, scheduler=scheduler, sink=sink
    )
    try:
        assert lock.is_locked
        lock.unlock(0.2)
        assert not locked(lock)
        assert engaged.wait(5)
        assert locked(lock)
    finally:
        lock.close()
        scheduler.close()


def test_real_contact_reads_a_level(lgpio_factory: Any) -> None:
    scheduler = ThreadingScheduler()
    contact = DoorContact(
        name="door", pin=INPUT_PIN, pin_factory=lgpio_factory, scheduler=scheduler
    )
    try:
        assert contact.is_closed in (True, False)
    finally:
        contact.close()
        scheduler.close()
