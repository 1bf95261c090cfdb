from __future__ import annotations

import threading
from typing import Any

import pytest

from drivers.events import DoorClosed, DoorOpened, Event, ExitRequested
from drivers.gpio.inputs import DoorContact, ExitButton
from drivers.timing import ManualScheduler, ThreadingScheduler


def pressed(button: ExitButton) -> bool:
    return button.is_pressed


def closed(contact: DoorContact) -> bool:
    return contact.is_closed


def test_contact_reads_open_when_the_cable_is_cut(
    mock_factory: Any, scheduler: ManualScheduler
) -> None:
    contact = DoorContact(name="door", pin=27, pin_factory=mock_factory, scheduler=scheduler)
    # Nothing pulls the pin down: the internal pull-up makes it read HIGH, which means open.
    assert mock_factory.pin(27).state
    assert not closed(contact)
    contact.close()


def test_contact_events_after_debounce(
    mock_factory: Any, scheduler: ManualScheduler, events: list[Event]
) -> None:
    contact = DoorContact(
        name="door", pin=27, pin_factory=mock_factory, scheduler=scheduler, sink=events.append
    )
    pin = mock_factory.pin(27)
    pin.drive_low()  # magnet at the reed: closed
    assert events == []
    scheduler.advance(0.05)
    assert closed(contact)
    pin.drive_high()
    scheduler.advance(0.05)
    assert events == [DoorClosed("door", 1000.05), DoorOpened("door", pytest.approx(1000.1))]  # type: ignore[arg-type]
    contact.close()


def test_contact_bounce_gives_one_event(
    mock_factory: Any, scheduler: ManualScheduler, events: list[Event]
) -> None:
    contact = DoorContact(
        name="door", pin=27, pin_factory=mock_factory, scheduler=scheduler, sink=events.append
    )
    pin = mock_factory.pin(27)
    for _ in range(5):
        pin.drive_low()
        scheduler.advance(0.01)
        pin.drive_high()
        scheduler.advance(0.01)
    pin.drive_low()
    scheduler.advance(0.049)
    assert events == []
    scheduler.advance(0.001)
    assert [type(e) for e in events] == [DoorClosed]
    contact.close()


def test_a_short_glitch_is_ignored(
    mock_factory: Any, scheduler: ManualScheduler, events: list[Event]
) -> None:
    contact = DoorContact(
        name="door", pin=27, pin_factory=mock_factory, scheduler=scheduler, sink=events.append
    )
    pin = mock_factory.pin(27)
    pin.drive_low()
    scheduler.advance(1)
    pin.drive_high()
    scheduler.advance(0.02)
    pin.drive_low()
    scheduler.advance(1)
    assert [type(e) for e in events] == [DoorClosed]
    assert closed(contact)
    contact.close()


def test_exit_button_press_requests_exit_once(
    mock_factory: Any, scheduler: ManualScheduler, events: list[Event]
) -> None:
    button = ExitButton(
        name="exit", pin=22, pin_factory=mock_factory, scheduler=scheduler, sink=events.append
    )
    pin = mock_factory.pin(22)
    assert not pressed(button)
    pin.drive_low()
    pin.drive_high()
    pin.drive_low()
    scheduler.advance(0.05)
    assert pressed(button)
    pin.drive_high()
    scheduler.advance(0.05)
    assert events == [ExitRequested("exit", 1000.05)]
    assert not pressed(button)
    button.close()


def test_contact_with_real_timers(mock_factory: Any) -> None:
    scheduler = ThreadingScheduler()
    door_closed = threading.Event()

    def sink(event: Event) -> None:
        if isinstance(event, DoorClosed):
            door_closed.set()

    contact = DoorContact(
        name="door", pin=27, pin_factory=mock_factory, scheduler=scheduler, settle_s=0.02, sink=sink
    )
    mock_factory.pin(27).drive_low()
    assert door_closed.wait(5)
    assert closed(contact)
    contact.close()
    scheduler.close()
