"""Pure rules for an open door: its deadlines, its escalation and what closing it reports."""

from __future__ import annotations

from dataclasses import replace

from store_controller.door.config import DoorConfig
from store_controller.door.effects import (
    AlarmKind,
    ClearAlarm,
    DoorEffect,
    RaiseAlarm,
    RecordDoorClosed,
    Severity,
)
from store_controller.door.state import Opening, OpeningCause

_HELD_SEVERITY = (Severity.WARNING, Severity.CRITICAL)


def held_thresholds(config: DoorConfig) -> tuple[float, float]:
    return (config.held_open_s, config.held_open_escalate_s)


def opening_deadlines(opening: Opening, config: DoorConfig) -> list[float]:
    """When the forced-open grace ends and when the next held-open escalation is due."""
    times: list[float] = []
    if opening.cause is OpeningCause.UNEXPLAINED:
        times.append(opening.opened_at + config.forced_grace_s)
    if opening.held_since is not None and opening.held_level < 2:
        times.append(opening.held_since + held_thresholds(config)[opening.held_level])
    return times


def forced_alarm(opening: Opening, now: float) -> RaiseAlarm:
    detail = "opened with no grant, exit request or maintenance"
    return RaiseAlarm(AlarmKind.FORCED_OPEN, Severity.CRITICAL, detail, now, opening.opened_at)


def escalate(opening: Opening, now: float, config: DoorConfig) -> tuple[Opening, list[RaiseAlarm]]:
    """Turn an unexplained opening past its grace into forced, and raise due held-open levels.

    A late caller gets every level it missed, in order, each stamped `now`.
    """
    alarms: list[RaiseAlarm] = []
    if (
        opening.cause is OpeningCause.UNEXPLAINED
        and opening.opened_at + config.forced_grace_s <= now
    ):
        alarms.append(forced_alarm(opening, now))
        opening = replace(opening, cause=OpeningCause.FORCED)
    thresholds = held_thresholds(config)
    while (
        opening.held_since is not None
        and opening.held_level < 2
        and opening.held_since + thresholds[opening.held_level] <= now
    ):
        detail = f"open for {thresholds[opening.held_level]:g} s ({opening.cause.value})"
        if opening.visits:
            detail += f", visit {', '.join(opening.visits)}"
        severity = _HELD_SEVERITY[opening.held_level]
        alarms.append(RaiseAlarm(AlarmKind.HELD_OPEN, severity, detail, now))
        opening = replace(opening, held_level=opening.held_level + 1)
    return opening, alarms


def closing_effects(opening: Opening, now: float) -> list[DoorEffect]:
    """What closing the door reports: a forced alarm still unreported, cleared alarms, the visit."""
    effects: list[DoorEffect] = []
    if opening.cause is OpeningCause.UNEXPLAINED:
        effects.append(forced_alarm(opening, now))
    if opening.cause in (OpeningCause.UNEXPLAINED, OpeningCause.FORCED):
        effects.append(ClearAlarm(AlarmKind.FORCED_OPEN, now))
    if opening.held_level > 0:
        effects.append(ClearAlarm(AlarmKind.HELD_OPEN, now))
    effects += [RecordDoorClosed(visit_id) for visit_id in opening.visits]
    return effects
