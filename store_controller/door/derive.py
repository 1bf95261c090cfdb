"""Pure functions that derive the door's outputs (relay, buzzer, screen state) from its memory."""

from __future__ import annotations

from store_controller.door.config import DoorConfig
from store_controller.door.effects import BuzzerPattern, DoorState
from store_controller.door.opening import opening_deadlines
from store_controller.door.state import (
    Contact,
    ContactUnknown,
    DoorSnapshot,
    EntryAuthority,
    ExitAuthority,
    Maintenance,
    Opening,
    OpeningCause,
    RemoteAuthority,
)

HELD_BUZZER = (BuzzerPattern.OFF, BuzzerPattern.CHIRP, BuzzerPattern.CONTINUOUS)


def desired_relay_end(
    *,
    now: float,
    entry: EntryAuthority | None,
    remote: RemoteAuthority | None,
    exit_: ExitAuthority | None,
    maintenance: Maintenance | None,
) -> float | None:
    """Until when some authority wants the relay energised, or None if none does any more."""
    ends: list[float] = []
    if maintenance is not None:
        ends.append(maintenance.ends_at)
    if entry is not None:
        ends.append(entry.ends_at)
    if remote is not None:
        ends.append(remote.ends_at)
    if exit_ is not None and exit_.pulse_until is not None:
        ends.append(exit_.pulse_until)
    return max((t for t in ends if t > now), default=None)


def deadlines(door: DoorSnapshot, config: DoorConfig) -> list[float]:
    """Every instant at which the door's state changes by itself (some may be past)."""
    grace = config.forced_grace_s
    times: list[float] = []
    if door.relay_until is not None:
        times.append(door.relay_until)
        desired = desired_relay_end(
            now=door.now,
            entry=door.entry,
            remote=door.remote,
            exit_=door.exit,
            maintenance=door.maintenance,
        )
        if desired is not None and desired > door.relay_until:
            times.append(door.relay_until - config.renew_margin_s)
    for authority in (door.entry, door.remote):
        if authority is not None:
            times += [authority.ends_at, authority.ends_at + grace]
    if door.exit is not None:
        times.append(door.exit.valid_until)
        if door.exit.pulse_until is not None:
            times.append(door.exit.pulse_until)
    if door.maintenance is not None:
        times.append(door.maintenance.ends_at)
    if isinstance(door.contact, Opening):
        times += opening_deadlines(door.contact, config)
    return times


# Leases that end within this of each other are the same lease: float rounding of "now + window"
# must never make the machine send a renewal or a shortening that changes nothing.
LEASE_RESOLUTION_S = 1e-6


def plan_lease(
    *, now: float, desired: float, relay_until: float | None, config: DoorConfig
) -> float | None:
    """The end of the lease to send now, if any: start, renew near its end, or shorten one.

    A lease never exceeds `max_energise_s` nor the authority's end (`desired`); it is renewed
    `renew_margin_s` before it runs out so the driver's watchdog never drops it in between.
    """
    target = min(desired, now + config.max_energise_s)
    if relay_until is None or target < relay_until - LEASE_RESOLUTION_S:
        return target
    if relay_until - config.renew_margin_s <= now and target > relay_until + LEASE_RESOLUTION_S:
        return target
    return None


def buzzer_for(
    contact: Contact, *, maintenance: Maintenance | None, forced_buzzer: bool
) -> BuzzerPattern:
    opening = contact.prior if isinstance(contact, ContactUnknown) else contact
    if maintenance is not None or not isinstance(opening, Opening):
        return BuzzerPattern.OFF
    if opening.cause is OpeningCause.FORCED and forced_buzzer:
        return BuzzerPattern.CONTINUOUS
    return HELD_BUZZER[opening.held_level]


def state_for(contact: Contact, *, maintenance: bool, relay_on: bool, lockdown: bool) -> DoorState:
    """The screen state, by priority: fault, maintenance, open kinds, unlocked, lock-down."""
    if isinstance(contact, ContactUnknown):
        return DoorState.CONTACT_FAULT
    if maintenance:
        return DoorState.MAINTENANCE
    if isinstance(contact, Opening):
        if contact.cause is OpeningCause.FORCED:
            return DoorState.FORCED_OPEN
        return DoorState.HELD_OPEN if contact.held_level > 0 else DoorState.OPEN
    if relay_on:
        return DoorState.UNLOCKED
    return DoorState.LOCKDOWN if lockdown else DoorState.LOCKED
