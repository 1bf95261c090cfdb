"""The door machine's memory: small frozen values, each holding only what its stage needs."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from store_controller.door.effects import BuzzerPattern, DoorState


class OpeningCause(enum.StrEnum):
    """Why the door is open."""

    ENTRY = "entry"
    REMOTE = "remote"
    EXIT = "exit"
    MAINTENANCE = "maintenance"
    BOOT = "boot"  # already open when the controller started
    UNEXPLAINED = "unexplained"  # within the forced-open grace, waiting for a late exit request
    FORCED = "forced"


@dataclass(frozen=True, slots=True)
class EntryAuthority:
    """A customer's grant: the relay is energised until `ends_at`; an opening up to the grace after
    it still counts as this visit."""

    visit_id: str
    ends_at: float


@dataclass(frozen=True, slots=True)
class RemoteAuthority:
    operator: str
    ends_at: float


@dataclass(frozen=True, slots=True)
class ExitAuthority:
    """Request-to-exit: openings until `valid_until` are departures; `pulse_until` is set only when
    the configuration pulses the lock on exit."""

    valid_until: float
    pulse_until: float | None


@dataclass(frozen=True, slots=True)
class Maintenance:
    """Held unlocked until `ends_at`; no forced or held-open alarms meanwhile."""

    operator: str
    reason: str
    ends_at: float


@dataclass(frozen=True, slots=True)
class DoorClosed:
    """The contact reads closed."""


@dataclass(frozen=True, slots=True)
class Opening:
    """The contact reads open since `opened_at`.

    `visits` walked in through this opening: the grant that opened it, and any grant that came
    while it stood open. `held_since` is when the held-open clock started (the opening, or the
    end of maintenance); `None` while maintenance covers the opening. `held_level` counts the
    escalations raised: 0, 1 (chirp, warning) or 2 (continuous, critical).
    """

    opened_at: float
    cause: OpeningCause
    visits: tuple[str, ...]
    held_since: float | None
    held_level: int = 0


@dataclass(frozen=True, slots=True)
class ContactUnknown:
    """The contact reported a fault; `prior` is the opening in progress when it did, if any."""

    prior: Opening | None


Contact = DoorClosed | Opening | ContactUnknown


@dataclass(frozen=True, slots=True)
class DoorSnapshot:
    """Everything the machine knows, for tests, diagnostics and the status page."""

    now: float
    state: DoorState
    contact: Contact
    entry: EntryAuthority | None
    remote: RemoteAuthority | None
    exit: ExitAuthority | None
    maintenance: Maintenance | None
    lockdown: bool
    relay_until: float | None
    buzzer: BuzzerPattern
