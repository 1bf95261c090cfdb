from __future__ import annotations

import threading
from typing import Any

import pytest

from drivers.errors import DeviceUnavailableError
from drivers.events import Event, LockEngaged, LockReleased
from drivers.gpio.lock import DoorLock
from drivers.timing import ManualScheduler, ThreadingScheduler, TimerThread


def locked(lock: DoorLock) -> bool:
    """Read through a call, so that mypy does not narrow the property between steps."""
    return lock.is_locked


def make_lock(
    factory: Any, scheduler: Any, events: list[Event], *, active_high: bool = True
) -> DoorLock:
    return DoorLock(
        name="door",
        pin=17,
        pin_factory=factory,
        scheduler=scheduler,
        active_high=active_high,
        max_unlock_s=10.0,
        sink=events.append,
    )


@pytest.mark.parametrize("active_high", [True, False])
def test_locked_at_construction(
    mock_factory: Any, scheduler: ManualScheduler, active_high: bool
) -> None:
    lock = make_lock(mock_factory, scheduler, [], active_high=active_high)
    pin = mock_factory.pin(17)
    assert locked(lock)
    assert pin.function == "output"
    assert bool(pin.state) is not active_high
    lock.close()


@pytest.mark.parametrize("active_high", [True, False])
def test_unlock_drives_the_relay_then_the_watchdog_relocks(
    mock_factory: Any, scheduler: ManualScheduler, events: list[Event], active_high: bool
) -> None:
    lock = make_lock(mock_factory, scheduler, events, active_high=active_high)
    pin = mock_factory.pin(17)
    assert lock.unlock(3.0) == 3.0
    assert not locked(lock)
    assert bool(pin.state) is active_high
    scheduler.advance(2.999)
    assert not locked(lock)
    scheduler.advance(0.001)
    assert locked(lock)
    assert bool(pin.state) is not active_high
    assert events == [LockReleased("door", 3.0, 1000.0), LockEngaged("door", "watchdog", 1003.0)]
    lock.close()


def test_unlock_is_clamped_to_the_maximum_window(
    mock_factory: Any, scheduler: ManualScheduler, events: list[Event]
) -> None:
    lock = make_lock(mock_factory, scheduler, events)
    assert lock.unlock(3600) == 10.0
    scheduler.advance(10.0)
    assert locked(lock)
    lock.close()


def test_zero_or_negative_window_keeps_it_locked(
    mock_factory: Any, scheduler: ManualScheduler, events: list[Event]
) -> None:
    lock = make_lock(mock_factory, scheduler, events)
    assert lock.unlock(-1) == 0.0
    assert locked(lock)
    assert events == []
    lock.close()


def test_new_unlock_replaces_the_window(
    mock_factory: Any, scheduler: ManualScheduler, events: list[Event]
) -> None:
    lock = make_lock(mock_factory, scheduler, events)
    lock.unlock(5)
    scheduler.advance(4)
    lock.unlock(5)
    scheduler.advance(4)
    assert not locked(lock)  # the first window's watchdog must not cut the second one short
    scheduler.advance(1)
    assert locked(lock)
    assert [type(e) for e in events] == [LockReleased, LockReleased, LockEngaged]
    lock.close()


def test_lock_command_cancels_the_watchdog(
    mock_factory: Any, scheduler: ManualScheduler, events: list[Event]
) -> None:
    lock = make_lock(mock_factory, scheduler, events)
    lock.unlock(5)
    lock.lock()
    assert locked(lock)
    assert scheduler.pending() == 0
    assert events[-1] == LockEngaged("door", "command", 1000.0)
    lock.close()


def test_close_engages_and_releases_the_pin(
    mock_factory: Any, scheduler: ManualScheduler, events: list[Event]
) -> None:
    lock = make_lock(mock_factory, scheduler, events)
    pin = mock_factory.pin(17)
    lock.unlock(5)
    lock.close()
    lock.close()
    assert [bool(s.state) for s in pin.states][-2:] == [True, False]
    assert pin.function == "input"
    assert locked(lock)
    assert events[-1].reason == "close"  # type: ignore[union-attr]
    with pytest.raises(DeviceUnavailableError):
        lock.unlock(5)
    assert locked(lock)
    assert scheduler.pending() == 0


@pytest.mark.parametrize("make", [ThreadingScheduler, TimerThread])
def test_real_timer_relocks(make: Any, mock_factory: Any, events: list[Event]) -> None:
    scheduler = make()
    engaged = threading.Event()

    def sink(event: Event) -> None:
        if isinstance(event, LockEngaged):
            engaged.set()

    lock = DoorLock(name="door", pin=17, pin_factory=mock_factory, scheduler=scheduler, sink=sink)
    lock.unlock(0.05)
    assert engaged.wait(5)
    assert locked(lock)
    lock.close()
    scheduler.close()


def test_the_watchdog_thread_ends_the_last_window_only(mock_factory: Any) -> None:
    """A shorter window after a longer one is ended on time, and an earlier window a newer
    unlock replaced no longer locks the door; a failing timer does not stop the thread."""
    scheduler = TimerThread("lock door watchdog")
    engaged = threading.Event()
    reasons: list[str] = []

    def sink(event: Event) -> None:
        if isinstance(event, LockEngaged):
            reasons.append(event.reason)
            engaged.set()

    def broken() -> None:
        raise RuntimeError("a failing timer")

    scheduler.call_later(0, broken)
    lock = DoorLock(name="door", pin=17, pin_factory=mock_factory, scheduler=scheduler, sink=sink)
    lock.unlock(10)
    lock.unlock(0.05)  # replaces the 10 s window with a shorter one
    assert engaged.wait(5)
    assert locked(lock)
    assert reasons == ["watchdog"]
    lock.close()
    scheduler.close()


def test_rejects_a_non_positive_maximum(mock_factory: Any, scheduler: ManualScheduler) -> None:
    with pytest.raises(ValueError, match="max_unlock_s"):
        DoorLock(name="d", pin=17, pin_factory=mock_factory, scheduler=scheduler, max_unlock_s=0)
