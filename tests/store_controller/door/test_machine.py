"""The door machine, scenario by scenario, with a fake clock."""

from __future__ import annotations

import pytest

from store_controller.door import (
    AlarmKind,
    AuditAction,
    BuzzerPattern,
    ClearAlarm,
    ContactClosed,
    ContactFaultReported,
    ContactOpened,
    DeenergiseLock,
    DoorConfig,
    DoorEffect,
    DoorState,
    EnergiseLock,
    EntryGranted,
    ExitButtonPressed,
    LockdownEnded,
    LockdownStarted,
    LockFaultReported,
    MaintenanceEnded,
    MaintenanceRequested,
    RaiseAlarm,
    RecordAudit,
    RecordDoorClosed,
    RecordDoorOpened,
    RecordEntryRefused,
    RecordEntryUnused,
    RefusalReason,
    RemoteUnlockRequested,
    Severity,
    ShowDoorState,
    SoundBuzzer,
)
from tests.store_controller.door.harness import Door, make_door


def alarms(effects: list[DoorEffect]) -> list[tuple[AlarmKind, Severity]]:
    return [(e.kind, e.severity) for e in effects if isinstance(e, RaiseAlarm)]


def test_grant_energises_for_the_window_then_relocks_unused(door: Door) -> None:
    assert door.send(EntryGranted("v1", 5.0)) == [
        EnergiseLock(5.0),
        ShowDoorState(DoorState.UNLOCKED),
    ]
    assert door.machine.next_deadline() == 5.0
    assert door.wait(5.0) == [DeenergiseLock(), ShowDoorState(DoorState.LOCKED)]
    assert door.wait(1.5) == [RecordEntryUnused("v1")]
    assert door.machine.next_deadline() is None


def test_opening_relocks_at_once_and_closing_records_the_visit(door: Door) -> None:
    door.send(EntryGranted("v1", 5.0))
    door.wait(2.0)
    assert door.send(ContactOpened()) == [
        RecordDoorOpened("v1"),
        DeenergiseLock(),
        ShowDoorState(DoorState.OPEN),
    ]
    door.wait(3.0)
    assert door.send(ContactClosed()) == [
        RecordDoorClosed("v1"),
        ShowDoorState(DoorState.LOCKED),
    ]


def test_grant_window_is_clamped_and_leased() -> None:
    door = make_door(DoorConfig(entry_window_max_s=12.0, max_energise_s=10.0))
    assert door.send(EntryGranted("v1", 99.0))[0] == EnergiseLock(10.0)
    assert door.wait(9.0) == [EnergiseLock(3.0)]  # renewed one margin before the lease ends
    assert door.wait(3.0) == [DeenergiseLock(), ShowDoorState(DoorState.LOCKED)]


def test_opening_without_authority_is_forced_after_the_grace(door: Door) -> None:
    assert door.send(ContactOpened()) == [ShowDoorState(DoorState.OPEN)]
    effects = door.wait(1.5)
    assert alarms(effects) == [(AlarmKind.FORCED_OPEN, Severity.CRITICAL)]
    assert SoundBuzzer(BuzzerPattern.CONTINUOUS) in effects
    assert door.machine.state is DoorState.FORCED_OPEN
    effects = door.send(ContactClosed())
    assert ClearAlarm(AlarmKind.FORCED_OPEN, 1.5) in effects
    assert SoundBuzzer(BuzzerPattern.OFF) in effects


def test_a_forced_opening_closed_within_the_grace_still_alarms(door: Door) -> None:
    door.send(ContactOpened())
    door.wait(0.5)
    assert alarms(door.send(ContactClosed())) == [(AlarmKind.FORCED_OPEN, Severity.CRITICAL)]


def test_zero_grace_alarms_on_the_opening_itself() -> None:
    door = make_door(DoorConfig(forced_grace_s=0.0))
    assert alarms(door.send(ContactOpened())) == [(AlarmKind.FORCED_OPEN, Severity.CRITICAL)]


@pytest.mark.parametrize("delay", [0.0, 9.9])
def test_exit_request_before_opening_is_a_departure(door: Door, delay: float) -> None:
    assert door.send(ExitButtonPressed()) == []  # egress is mechanical: no relay
    door.wait(delay)
    door.send(ContactOpened())
    assert alarms(door.wait(60.0))[0] == (AlarmKind.HELD_OPEN, Severity.WARNING)


def test_exit_request_expires(door: Door) -> None:
    door.send(ExitButtonPressed())
    door.wait(10.0)
    door.send(ContactOpened())
    assert alarms(door.wait(1.5)) == [(AlarmKind.FORCED_OPEN, Severity.CRITICAL)]


def test_late_exit_request_within_the_grace_explains_the_opening(door: Door) -> None:
    door.send(ContactOpened())
    door.wait(1.0)
    door.send(ExitButtonPressed())
    assert alarms(door.wait(5.0)) == []
    assert alarms(door.send(ContactClosed())) == []


def test_exit_pulse_when_configured() -> None:
    door = make_door(DoorConfig(exit_pulse_s=3.0))
    assert door.send(ExitButtonPressed())[0] == EnergiseLock(3.0)
    assert door.wait(3.0)[0] == DeenergiseLock()


def test_opening_just_after_the_window_counts_as_the_grant(door: Door) -> None:
    door.send(EntryGranted("v1", 5.0))
    door.wait(6.0)
    assert RecordDoorOpened("v1") in door.send(ContactOpened())
    assert alarms(door.wait(2.0)) == []


def test_a_grant_is_used_once(door: Door) -> None:
    door.send(EntryGranted("v1", 15.0))
    door.send(ContactOpened())
    door.send(ContactClosed())
    door.wait(1.0)
    door.send(ContactOpened())
    assert alarms(door.wait(1.5)) == [(AlarmKind.FORCED_OPEN, Severity.CRITICAL)]


def test_a_new_grant_replaces_the_unused_one(door: Door) -> None:
    door.send(EntryGranted("v1", 5.0))
    door.wait(1.0)
    assert door.send(EntryGranted("v2", 5.0)) == [RecordEntryUnused("v1")]
    assert door.wait(3.0) == [EnergiseLock(2.0)]  # renewed to the new grant's end
    assert RecordDoorOpened("v2") in door.send(ContactOpened())


def test_held_open_escalates_and_clears_on_close(door: Door) -> None:
    door.send(EntryGranted("v1", 5.0))
    door.send(ContactOpened())
    assert door.machine.next_deadline() == 20.0
    first = door.wait(20.0)
    assert alarms(first) == [(AlarmKind.HELD_OPEN, Severity.WARNING)]
    assert SoundBuzzer(BuzzerPattern.CHIRP) in first
    assert door.machine.state is DoorState.HELD_OPEN
    second = door.wait(20.0)
    assert alarms(second) == [(AlarmKind.HELD_OPEN, Severity.CRITICAL)]
    assert SoundBuzzer(BuzzerPattern.CONTINUOUS) in second
    assert door.now == 40.0
    closed = door.send(ContactClosed())
    assert ClearAlarm(AlarmKind.HELD_OPEN, 40.0) in closed
    assert SoundBuzzer(BuzzerPattern.OFF) in closed
    assert door.machine.next_deadline() is None


def test_a_late_tick_raises_every_missed_level(door: Door) -> None:
    door.send(ExitButtonPressed())
    door.send(ContactOpened())
    effects = door.machine.tick(100.0)
    assert alarms(effects) == [
        (AlarmKind.HELD_OPEN, Severity.WARNING),
        (AlarmKind.HELD_OPEN, Severity.CRITICAL),
    ]
    assert [e for e in effects if isinstance(e, SoundBuzzer)] == [
        SoundBuzzer(BuzzerPattern.CONTINUOUS)
    ]


def test_time_never_runs_backwards(door: Door) -> None:
    door.send(EntryGranted("v1", 5.0))
    assert door.machine.tick(-100.0) == []
    assert door.machine.snapshot().now == 0.0


def test_lockdown_refuses_entry_but_leaving_stays_free(door: Door) -> None:
    door.send(EntryGranted("v1", 5.0))
    effects = door.send(LockdownStarted("op-1", "police request"))
    assert isinstance(effects[0], RecordAudit)
    assert effects[0].action is AuditAction.LOCKDOWN_STARTED
    assert effects[1:] == [
        RecordEntryUnused("v1"),
        DeenergiseLock(),
        ShowDoorState(DoorState.LOCKDOWN),
    ]
    assert door.send(EntryGranted("v2", 5.0)) == [RecordEntryRefused("v2", RefusalReason.LOCKDOWN)]
    door.send(ExitButtonPressed())
    door.send(ContactOpened())
    assert alarms(door.wait(5.0)) == []
    door.send(ContactClosed())
    ended = door.send(LockdownEnded("op-1"))
    assert [type(e) for e in ended] == [RecordAudit, ShowDoorState]


def test_remote_unlock_in_lockdown_needs_an_explicit_override(door: Door) -> None:
    door.send(LockdownStarted("op-1", "break-in nearby"))
    refused = door.send(RemoteUnlockRequested("op-2", "let the police in", 20.0))
    assert refused == [
        RecordAudit(AuditAction.REMOTE_UNLOCK_REFUSED, "op-2", "let the police in", 0.0)
    ]
    allowed = door.send(
        RemoteUnlockRequested("op-2", "let the police in", 20.0, override_lockdown=True)
    )
    assert allowed[0] == RecordAudit(
        AuditAction.REMOTE_UNLOCK, "op-2", "let the police in (overrides lock-down)", 0.0, 20.0
    )
    assert allowed[1] == EnergiseLock(10.0)


def test_remote_unlock_is_audited_clamped_and_relocks_on_open(door: Door) -> None:
    effects = door.send(RemoteUnlockRequested("op-1", "delivery", 600.0))
    assert effects[0] == RecordAudit(AuditAction.REMOTE_UNLOCK, "op-1", "delivery", 0.0, 60.0)
    door.wait(30.0)
    effects = door.send(ContactOpened())
    assert DeenergiseLock() in effects
    assert alarms(door.wait(5.0)) == []


def test_maintenance_holds_the_lock_with_leases_and_suppresses_alarms() -> None:
    door = make_door(DoorConfig(max_energise_s=10.0, renew_margin_s=1.0))
    started = door.send(MaintenanceRequested("tech-7", "replace the strike", 30.0))
    assert started[0] == RecordAudit(
        AuditAction.MAINTENANCE_STARTED, "tech-7", "replace the strike", 0.0, 30.0
    )
    assert started[1:] == [EnergiseLock(10.0), ShowDoorState(DoorState.MAINTENANCE)]
    door.send(ContactOpened())
    renewals = door.wait(25.0)
    assert [e for e in renewals if isinstance(e, EnergiseLock)] == [
        EnergiseLock(10.0),
        EnergiseLock(10.0),
    ]
    assert alarms(renewals) == []
    ended = door.wait(5.0)
    assert ended[0] == EnergiseLock(3.0)  # the last lease stops at the maintenance end
    assert isinstance(ended[1], RecordAudit)
    assert ended[1].action is AuditAction.MAINTENANCE_ENDED
    assert DeenergiseLock() in ended
    # the held-open clock starts when maintenance ends
    assert alarms(door.wait(19.9)) == []
    assert alarms(door.wait(0.1)) == [(AlarmKind.HELD_OPEN, Severity.WARNING)]


def test_maintenance_started_while_held_open_clears_the_alarm(door: Door) -> None:
    door.send(ExitButtonPressed())
    door.send(ContactOpened())
    door.wait(25.0)
    effects = door.send(MaintenanceRequested("tech-7", "door stuck", 60.0))
    assert ClearAlarm(AlarmKind.HELD_OPEN, 25.0) in effects
    assert SoundBuzzer(BuzzerPattern.OFF) in effects


def test_maintenance_ended_by_operator_or_lockdown(door: Door) -> None:
    assert door.send(MaintenanceEnded("tech-7")) == []
    door.send(MaintenanceRequested("tech-7", "clean", 60.0))
    ended = door.send(MaintenanceEnded("tech-7"))
    assert ended[0] == RecordAudit(
        AuditAction.MAINTENANCE_ENDED, "tech-7", "ended by operator", 0.0
    )
    assert ended[1:] == [DeenergiseLock(), ShowDoorState(DoorState.LOCKED)]
    door.send(MaintenanceRequested("tech-7", "clean", 60.0))
    effects = door.send(LockdownStarted("op-1", "alarm"))
    actions = [e.action for e in effects if isinstance(e, RecordAudit)]
    assert actions == [AuditAction.LOCKDOWN_STARTED, AuditAction.MAINTENANCE_ENDED]
    assert DeenergiseLock() in effects
    refused = door.send(MaintenanceRequested("tech-7", "clean", 60.0))
    assert [e.action for e in refused if isinstance(e, RecordAudit)] == [
        AuditAction.MAINTENANCE_REFUSED
    ]


def test_contact_fault_and_recovery(door: Door) -> None:
    effects = door.send(ContactFaultReported("contact cable cut"))
    assert alarms(effects) == [(AlarmKind.CONTACT_TAMPER, Severity.CRITICAL)]
    assert door.machine.state is DoorState.CONTACT_FAULT
    effects = door.send(ContactClosed())
    assert effects == [ClearAlarm(AlarmKind.CONTACT_TAMPER, 0.0), ShowDoorState(DoorState.LOCKED)]


def test_contact_fault_while_open_resumes_the_same_opening(door: Door) -> None:
    door.send(EntryGranted("v1", 5.0))
    door.send(ContactOpened())
    door.send(ContactFaultReported("glitch"))
    reopened = door.send(ContactOpened())
    assert RecordDoorOpened("v1") not in reopened
    door.send(ContactFaultReported("glitch"))
    assert RecordDoorClosed("v1") in door.send(ContactClosed())


def test_impossible_sequences_are_tamper_warnings(door: Door) -> None:
    assert alarms(door.send(ContactClosed())) == [(AlarmKind.CONTACT_TAMPER, Severity.WARNING)]
    door.send(ExitButtonPressed())
    door.send(ContactOpened())
    assert alarms(door.send(ContactOpened())) == [(AlarmKind.CONTACT_TAMPER, Severity.WARNING)]


def test_lock_fault_raises_a_critical_alarm(door: Door) -> None:
    assert door.send(LockFaultReported("relay did not drop")) == [
        RaiseAlarm(AlarmKind.LOCK_FAULT, Severity.CRITICAL, "relay did not drop", 0.0)
    ]


def test_door_open_at_boot_is_not_forced_but_can_be_held_open() -> None:
    door = make_door(door_open=True)
    assert door.machine.state is DoorState.OPEN
    assert alarms(door.wait(20.0)) == [(AlarmKind.HELD_OPEN, Severity.WARNING)]


@pytest.mark.parametrize(
    "bad",
    [
        {"held_open_s": 30.0, "held_open_escalate_s": 30.0},
        {"max_energise_s": 1.0, "renew_margin_s": 0.6},
        {"exit_pulse_s": 20.0},
        {"entry_window_s": 20.0},
        {"forced_grace_s": -1.0},
        {"unknown_key": 1},
    ],
)
def test_config_rejects_nonsense(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - pydantic's message varies by field
        DoorConfig.model_validate(bad)


@pytest.mark.parametrize("window", [0.0, -1.0, float("nan"), float("inf")])
def test_inputs_reject_nonsense(window: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        EntryGranted("v1", window)
    with pytest.raises(ValueError, match="positive"):
        RemoteUnlockRequested("op", "why", window)


def test_inputs_reject_blank_names() -> None:
    with pytest.raises(ValueError, match="blank"):
        RemoteUnlockRequested(" ", "why", 5.0)
    with pytest.raises(ValueError, match="blank"):
        MaintenanceRequested("op", "", 5.0)
    with pytest.raises(ValueError, match="blank"):
        LockdownStarted("op", " ")


def test_a_grant_while_the_door_stands_open_walks_straight_in(door: Door) -> None:
    door.send(ExitButtonPressed())
    door.send(ContactOpened())
    assert door.send(EntryGranted("v1", 5.0)) == [RecordDoorOpened("v1")]  # no relay
    assert door.send(EntryGranted("v2", 5.0)) == [RecordDoorOpened("v2")]
    closed = door.send(ContactClosed())
    assert [e for e in closed if isinstance(e, RecordDoorClosed)] == [
        RecordDoorClosed("v1"),
        RecordDoorClosed("v2"),
    ]
    door.send(ContactOpened())  # nobody may follow on their grants
    assert alarms(door.wait(1.5)) == [(AlarmKind.FORCED_OPEN, Severity.CRITICAL)]
