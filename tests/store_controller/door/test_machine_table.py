"""Every door state × every input: the state that follows, and the invariants of each step."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from store_controller.door import (
    ContactClosed,
    ContactFaultReported,
    ContactOpened,
    DoorConfig,
    DoorInput,
    DoorState,
    EnergiseLock,
    EntryGranted,
    ExitButtonPressed,
    LockdownEnded,
    LockdownStarted,
    LockFaultReported,
    MaintenanceEnded,
    MaintenanceRequested,
    RecordEntryRefused,
    RefusalReason,
    RemoteUnlockRequested,
)
from tests.store_controller.door.harness import Door, make_door

CONFIG = DoorConfig()
L, U, O, H, F, M, D, X = (  # noqa: E741 - one letter per state keeps the table readable
    DoorState.LOCKED,
    DoorState.UNLOCKED,
    DoorState.OPEN,
    DoorState.HELD_OPEN,
    DoorState.FORCED_OPEN,
    DoorState.MAINTENANCE,
    DoorState.LOCKDOWN,
    DoorState.CONTACT_FAULT,
)


def _reach(state: DoorState) -> Door:
    """Drive a fresh door into `state` through real inputs and time."""
    door = make_door(CONFIG)
    steps: dict[DoorState, Callable[[], object]] = {
        L: lambda: None,
        U: lambda: door.send(EntryGranted("v0", 5.0)),
        O: lambda: (door.send(EntryGranted("v0", 5.0)), door.send(ContactOpened())),
        H: lambda: (door.send(ExitButtonPressed()), door.send(ContactOpened()), door.wait(21.0)),
        F: lambda: (door.send(ContactOpened()), door.wait(2.0)),
        M: lambda: door.send(MaintenanceRequested("tech", "check", 600.0)),
        D: lambda: door.send(LockdownStarted("op", "drill")),
        X: lambda: door.send(ContactFaultReported("wire")),
    }
    steps[state]()
    assert door.machine.state is state
    return door


INPUTS: dict[str, DoorInput] = {
    "grant": EntryGranted("v1", 5.0),
    "open": ContactOpened(),
    "close": ContactClosed(),
    "exit": ExitButtonPressed(),
    "remote": RemoteUnlockRequested("op", "delivery", 20.0),
    "maintenance": MaintenanceRequested("tech", "repair", 600.0),
    "maintenance_end": MaintenanceEnded("tech"),
    "lockdown": LockdownStarted("op", "threat"),
    "lockdown_end": LockdownEnded("op"),
    "lock_fault": LockFaultReported("relay stuck"),
    "contact_fault": ContactFaultReported("wire"),
}

# The state after each input, one row per starting state, columns in INPUTS order.
NEXT: dict[DoorState, tuple[DoorState, ...]] = {
    #   grant open close exit remote maint m_end lockdn ld_end lk_flt ct_flt
    L: (U, O, L, L, U, M, L, D, L, L, X),
    U: (U, O, U, U, U, M, U, D, U, U, X),
    O: (O, O, L, O, O, M, O, O, O, O, X),
    H: (H, H, L, H, H, M, H, H, H, H, X),
    F: (F, F, L, F, F, M, F, F, F, F, X),
    M: (M, M, M, M, M, M, L, D, M, M, X),
    D: (D, O, D, D, D, D, D, D, L, D, X),
    X: (X, O, L, X, X, X, X, X, X, X, X),
}

CASES = [
    pytest.param(state, name, NEXT[state][i], id=f"{state.value}-{name}")
    for state in NEXT
    for i, name in enumerate(INPUTS)
]


@pytest.mark.parametrize(("start", "name", "expected"), CASES)
def test_every_state_and_input(start: DoorState, name: str, expected: DoorState) -> None:
    door = _reach(start)
    lockdown = door.machine.snapshot().lockdown
    effects = door.send(INPUTS[name])
    assert door.machine.state is expected
    for effect in effects:
        if isinstance(effect, EnergiseLock):
            assert 0 < effect.window_s <= CONFIG.max_energise_s
    if lockdown and name == "grant":
        assert effects == [RecordEntryRefused("v1", RefusalReason.LOCKDOWN)]
    # whatever happened, the relay is off and nothing is pending once every authority ran out
    door.send(MaintenanceEnded("tech"))
    door.wait(CONFIG.remote_window_max_s + CONFIG.held_open_escalate_s)
    assert door.machine.snapshot().relay_until is None
    assert door.machine.next_deadline() is None
