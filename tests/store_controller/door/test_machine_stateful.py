"""Random sequences of inputs and waits, checked against the oracle and the door's invariants."""

from __future__ import annotations

import hypothesis.strategies as st
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

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
    DoorInput,
    DoorMachine,
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
    RemoteUnlockRequested,
    ShowDoorState,
    SoundBuzzer,
)
from tests.store_controller.door.oracle import Expected, Oracle

CONFIGS = [
    DoorConfig(),
    DoorConfig(exit_pulse_s=3.0, forced_grace_s=0.0, max_energise_s=4.0, renew_margin_s=0.5),
    DoorConfig(
        held_open_s=5.0,
        held_open_escalate_s=7.5,
        maintenance_max_s=30.0,
        remote_window_max_s=25.0,
        forced_buzzer=False,
    ),
]
EPS = 1e-9
VISIT_RECORDS = (RecordDoorOpened, RecordDoorClosed, RecordEntryUnused, RecordEntryRefused)
VISIT_LIFECYCLES = (
    ["RecordEntryRefused"],
    ["RecordEntryUnused"],
    ["RecordDoorOpened", "RecordDoorClosed"],
)
TIMED = (AlarmKind.FORCED_OPEN, AlarmKind.HELD_OPEN)
windows = st.floats(min_value=0.25, max_value=90.0)
waits = st.sampled_from([0.1, 0.5, 1.0, 1.5, 2.5, 5.0, 9.0, 20.0, 45.0, 400.0])


class DoorRun(RuleBasedStateMachine):
    """Feeds a `DoorMachine` like the controller loop would, and checks every step."""

    def __init__(self) -> None:
        super().__init__()
        self.machine = DoorMachine(CONFIGS[0], now=0.0)
        self.oracle = Oracle(CONFIGS[0])
        self.t = 0.0
        self.lease_end: float | None = None  # the relay as the effects left it
        self.buzzer = BuzzerPattern.OFF
        self.shown = self.machine.state
        self.visits: dict[str, list[str]] = {}  # visit id -> the records made about it

    @initialize(config=st.sampled_from(CONFIGS))
    def configure(self, config: DoorConfig) -> None:
        self.config = config
        self.machine = DoorMachine(config, now=0.0)
        self.oracle = Oracle(config)

    # -- driving ---------------------------------------------------------------------------------

    def _step(self, event: DoorInput | None, at: float) -> list[DoorEffect]:
        assert self.lease_end is None or at <= self.lease_end + EPS, "relay outlived its window"
        checking = self.oracle.trusted
        expected = self.oracle.expire(at)
        if event is not None:
            expected += _tell_oracle(self.oracle, event)
        expected += self.oracle.escalate()
        self.t = at
        effects = self.machine.tick(at) if event is None else self.machine.handle(event, at)
        self._check_effects(effects, expected if checking and self.oracle.trusted else None)
        following = self.machine.next_deadline()
        assert following is None or following > at
        return effects

    def _send(self, event: DoorInput) -> list[DoorEffect]:
        return self._step(event, self.t)

    # -- checks ----------------------------------------------------------------------------------

    def _check_effects(self, effects: list[DoorEffect], expected: list[Expected] | None) -> None:
        for effect in effects:
            if isinstance(effect, EnergiseLock):
                assert 0 < effect.window_s <= self.config.max_energise_s + EPS
                end = self.t + effect.window_s
                assert end <= max(self.oracle.relay_ends(), default=-1.0) + EPS
                if self.lease_end is not None:  # a renewal near the end, or a shortening
                    assert abs(end - self.lease_end) > EPS, "a needless lease"
                    if end > self.lease_end:
                        assert self.t >= self.lease_end - self.config.renew_margin_s - EPS
                self.lease_end = end
            elif isinstance(effect, DeenergiseLock):
                assert self.lease_end is not None, "released a relay that was not energised"
                self.lease_end = None
            elif isinstance(effect, SoundBuzzer):
                assert effect.pattern is not self.buzzer
                self.buzzer = effect.pattern
            elif isinstance(effect, ShowDoorState):
                assert effect.state is not self.shown
                self.shown = effect.state
            elif isinstance(effect, VISIT_RECORDS):
                self.visits[effect.visit_id].append(type(effect).__name__)
        if expected is not None:
            raised = [
                (e.kind, e.severity, e.at)
                for e in effects
                if isinstance(e, RaiseAlarm) and e.kind in TIMED
            ]
            assert raised == expected

    @invariant()
    def relay_matches_the_live_authorities(self) -> None:
        live = bool(self.oracle.relay_ends())
        assert (self.lease_end is not None) == live
        assert self.machine.snapshot().relay_until == self.lease_end

    @invariant()
    def outputs_match_the_state(self) -> None:
        snapshot = self.machine.snapshot()
        assert snapshot.buzzer is self.buzzer
        assert snapshot.state is self.shown
        if self.oracle.door == "closed":
            assert self.buzzer is BuzzerPattern.OFF

    # -- rules -----------------------------------------------------------------------------------

    @rule(seconds=waits)
    def wait(self, seconds: float) -> None:
        target = self.t + seconds
        deadline = self.machine.next_deadline()
        while deadline is not None and deadline <= target:
            self._step(None, deadline)
            deadline = self.machine.next_deadline()
        self._step(None, target)

    @rule(window=windows)
    def grant(self, window: float) -> None:
        lockdown = self.oracle.lockdown
        visit_id = f"v{len(self.visits)}"
        self.visits[visit_id] = []
        effects = self._send(EntryGranted(visit_id, window))
        if lockdown:
            assert any(isinstance(e, RecordEntryRefused) for e in effects)
            assert not any(isinstance(e, EnergiseLock) for e in effects)

    @rule()
    def open_door(self) -> None:
        self._send(ContactOpened())

    @rule()
    def close_door(self) -> None:
        was_held = self.machine.snapshot().state.value == "held_open"
        effects = self._send(ContactClosed())
        if was_held:
            assert ClearAlarm(AlarmKind.HELD_OPEN, self.t) in effects

    @rule()
    def press_exit(self) -> None:
        self._send(ExitButtonPressed())

    @rule(window=windows, override=st.booleans())
    def remote_unlock(self, window: float, override: bool) -> None:
        effects = self._send(RemoteUnlockRequested("op", "help", window, override))
        audits = [e.action for e in effects if isinstance(e, RecordAudit)]
        assert audits in ([AuditAction.REMOTE_UNLOCK], [AuditAction.REMOTE_UNLOCK_REFUSED])

    @rule(duration=windows, override=st.booleans())
    def start_maintenance(self, duration: float, override: bool) -> None:
        effects = self._send(MaintenanceRequested("tech", "fix", duration, override))
        audits = [e.action for e in effects if isinstance(e, RecordAudit)]
        assert audits in ([AuditAction.MAINTENANCE_STARTED], [AuditAction.MAINTENANCE_REFUSED])

    @rule()
    def end_maintenance(self) -> None:
        self._send(MaintenanceEnded("tech"))

    @rule()
    def start_lockdown(self) -> None:
        self._send(LockdownStarted("op", "threat"))

    @rule()
    def end_lockdown(self) -> None:
        self._send(LockdownEnded("op"))

    @rule()
    def lock_fault(self) -> None:
        effects = self._send(LockFaultReported("stuck"))
        assert any(isinstance(e, RaiseAlarm) and e.kind is AlarmKind.LOCK_FAULT for e in effects)

    @rule()
    def contact_fault(self) -> None:
        self._send(ContactFaultReported("wire"))

    def teardown(self) -> None:
        """However the run ended: once every authority lapses the relay is released, and every
        visit ended in exactly one way."""
        self._send(MaintenanceEnded("tech"))
        if self.oracle.door != "closed":
            self._send(ContactClosed())
        self.wait(self.config.remote_window_max_s + self.config.held_open_escalate_s + 2.0)
        assert self.lease_end is None
        assert self.machine.next_deadline() is None
        for records in self.visits.values():
            assert records in VISIT_LIFECYCLES


def _tell_oracle(o: Oracle, event: DoorInput) -> list[Expected]:
    """Apply `event` to the oracle; return the alarms it expects from that event itself."""
    match event:
        case EntryGranted():
            o.grant(event.window_s)
        case RemoteUnlockRequested():
            o.remote(event.window_s, event.override_lockdown)
        case MaintenanceRequested():
            o.maintenance(event.duration_s, event.override_lockdown)
        case MaintenanceEnded():
            o.end_maintenance()
        case LockdownStarted():
            o.start_lockdown()
        case LockdownEnded():
            o.lockdown = False
        case ExitButtonPressed():
            o.exit_pressed()
        case ContactOpened():
            o.opened()
        case ContactClosed():
            return o.closed()
        case ContactFaultReported():
            o.contact_fault()
        case LockFaultReported():
            pass
    return []


DoorRun.TestCase.settings = settings(
    max_examples=250,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestDoorRun = DoorRun.TestCase
