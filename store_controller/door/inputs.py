"""What the door machine is told: immutable facts, past tense, built by the controller's glue.

The glue translates driver events (`drivers.events`), BankID grants and backoffice commands into
these; the machine never sees a driver type. Times are not carried here: every input is applied
at the monotonic `now` passed to `DoorMachine.handle`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def _require_positive(name: str, value: float) -> None:
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number of seconds, got {value!r}")


def _require_text(name: str, value: str) -> None:
    if not value.strip():
        raise ValueError(f"{name} must not be blank")


@dataclass(frozen=True, slots=True)
class EntryGranted:
    """The access policy let visit `visit_id` in: release the lock for up to `window_s` seconds."""

    visit_id: str
    window_s: float

    def __post_init__(self) -> None:
        _require_text("visit_id", self.visit_id)
        _require_positive("window_s", self.window_s)


@dataclass(frozen=True, slots=True)
class ContactOpened:
    """The door contact reports the door open (debounced)."""


@dataclass(frozen=True, slots=True)
class ContactClosed:
    """The door contact reports the door closed (debounced)."""


@dataclass(frozen=True, slots=True)
class ExitButtonPressed:
    """Someone inside pressed request-to-exit: an opening soon after is a departure, not forced."""


@dataclass(frozen=True, slots=True)
class RemoteUnlockRequested:
    """An operator asks, from the backoffice, to let someone in once.

    `window_s` is clamped to `DoorConfig.remote_window_max_s`. During lock-down the request is
    refused unless `override_lockdown` is set; both outcomes are audited.
    """

    operator: str
    reason: str
    window_s: float
    override_lockdown: bool = False

    def __post_init__(self) -> None:
        _require_text("operator", self.operator)
        _require_text("reason", self.reason)
        _require_positive("window_s", self.window_s)


@dataclass(frozen=True, slots=True)
class MaintenanceRequested:
    """An operator holds the door unlocked for maintenance until `duration_s` has passed.

    `duration_s` is clamped to `DoorConfig.maintenance_max_s`; `MaintenanceEnded` ends it earlier.
    No forced-open or held-open alarm is raised while it lasts. Lock-down refuses it unless
    `override_lockdown` is set.
    """

    operator: str
    reason: str
    duration_s: float
    override_lockdown: bool = False

    def __post_init__(self) -> None:
        _require_text("operator", self.operator)
        _require_text("reason", self.reason)
        _require_positive("duration_s", self.duration_s)


@dataclass(frozen=True, slots=True)
class MaintenanceEnded:
    """An operator ends maintenance: the lock engages and alarms apply again."""

    operator: str


@dataclass(frozen=True, slots=True)
class LockdownStarted:
    """No entry from now on; leaving stays free. Cancels pending unlocks and maintenance."""

    operator: str
    reason: str

    def __post_init__(self) -> None:
        _require_text("operator", self.operator)
        _require_text("reason", self.reason)


@dataclass(frozen=True, slots=True)
class LockdownEnded:
    """Entry is possible again."""

    operator: str


@dataclass(frozen=True, slots=True)
class LockFaultReported:
    """The lock or its relay misbehaved (e.g. did not engage when commanded); `detail` says how."""

    detail: str


@dataclass(frozen=True, slots=True)
class ContactFaultReported:
    """The door contact cannot be trusted (driver fault, cut cable): its state is unknown."""

    detail: str


DoorInput = (
    EntryGranted
    | ContactOpened
    | ContactClosed
    | ExitButtonPressed
    | RemoteUnlockRequested
    | MaintenanceRequested
    | MaintenanceEnded
    | LockdownStarted
    | LockdownEnded
    | LockFaultReported
    | ContactFaultReported
)
