"""What the door machine asks the world to do: immutable, imperative names.

The glue carries them out in order: lock effects go to `drivers.ports.Lock`, buzzer patterns to
the buzzer `Signal`, alarms to the local alert queue, audit and visit records to the database and
its outbox, door states to the door screen.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class DoorState(enum.StrEnum):
    """The door as a screen or a status board shows it."""

    LOCKED = "locked"
    UNLOCKED = "unlocked"
    OPEN = "open"
    HELD_OPEN = "held_open"
    FORCED_OPEN = "forced_open"
    MAINTENANCE = "maintenance"
    LOCKDOWN = "lockdown"
    CONTACT_FAULT = "contact_fault"


class BuzzerPattern(enum.StrEnum):
    """What the buzzer does until told otherwise."""

    OFF = "off"
    CHIRP = "chirp"
    CONTINUOUS = "continuous"


class AlarmKind(enum.StrEnum):
    FORCED_OPEN = "forced_open"
    HELD_OPEN = "held_open"
    CONTACT_TAMPER = "contact_tamper"
    LOCK_FAULT = "lock_fault"


class Severity(enum.StrEnum):
    WARNING = "warning"
    CRITICAL = "critical"


class AuditAction(enum.StrEnum):
    REMOTE_UNLOCK = "remote_unlock"
    REMOTE_UNLOCK_REFUSED = "remote_unlock_refused"
    MAINTENANCE_STARTED = "maintenance_started"
    MAINTENANCE_REFUSED = "maintenance_refused"
    MAINTENANCE_ENDED = "maintenance_ended"
    LOCKDOWN_STARTED = "lockdown_started"
    LOCKDOWN_ENDED = "lockdown_ended"


class RefusalReason(enum.StrEnum):
    LOCKDOWN = "lockdown"


@dataclass(frozen=True, slots=True)
class EnergiseLock:
    """Energise the relay (fail-secure: unlock) for at most `window_s` seconds from now.

    Pass `window_s` to `Lock.unlock`, whose watchdog relocks by itself when it ends. A new
    `EnergiseLock` while energised replaces the window (a lease renewal or a shortening); the
    machine always ends the episode with exactly one `DeenergiseLock`, no later than the window.
    """

    window_s: float


@dataclass(frozen=True, slots=True)
class DeenergiseLock:
    """De-energise the relay now: the lock engages (`Lock.lock`)."""


@dataclass(frozen=True, slots=True)
class SoundBuzzer:
    """Set the door buzzer to `pattern` (OFF silences it)."""

    pattern: BuzzerPattern


@dataclass(frozen=True, slots=True)
class RaiseAlarm:
    """Put an alarm in the local alert queue; `at` is the monotonic time it was detected,
    `since` (monotonic too) when what it reports began, if earlier (the door's opening)."""

    kind: AlarmKind
    severity: Severity
    details: str
    at: float
    since: float | None = None


@dataclass(frozen=True, slots=True)
class ClearAlarm:
    """The condition behind `kind` has ended; the alert may still await acknowledgement."""

    kind: AlarmKind
    at: float


@dataclass(frozen=True, slots=True)
class RecordAudit:
    """Write an audit record: who (`operator`), why (`reason`), when (`at`, monotonic; the glue adds
    UTC wall time), what (`action`) and, for unlocks, the window actually granted."""

    action: AuditAction
    operator: str
    reason: str
    at: float
    window_s: float | None = None


@dataclass(frozen=True, slots=True)
class ShowDoorState:
    """Tell the door screen and the status board the door's new state."""

    state: DoorState


@dataclass(frozen=True, slots=True)
class RecordDoorOpened:
    """The door opened under visit `visit_id`'s grant."""

    visit_id: str


@dataclass(frozen=True, slots=True)
class RecordDoorClosed:
    """The door closed again after visit `visit_id`'s entry."""

    visit_id: str


@dataclass(frozen=True, slots=True)
class RecordEntryUnused:
    """Visit `visit_id`'s grant ended unused: window over, replaced, or lock-down."""

    visit_id: str


@dataclass(frozen=True, slots=True)
class RecordEntryRefused:
    """The machine refused visit `visit_id`'s grant (lock-down began after the policy said yes)."""

    visit_id: str
    reason: RefusalReason


DoorEffect = (
    EnergiseLock
    | DeenergiseLock
    | SoundBuzzer
    | RaiseAlarm
    | ClearAlarm
    | RecordAudit
    | ShowDoorState
    | RecordDoorOpened
    | RecordDoorClosed
    | RecordEntryUnused
    | RecordEntryRefused
)
