"""`DoorService`: the pure door machine on the event loop, wired to the relay, buzzer and database.

Driver events become machine inputs; the machine's effects become relay and buzzer commands,
alert, visit and audit rows (with their outbox rows) and door states for the screens. Deadlines
run on the loop's timer at `next_deadline()`; every reading of time is `clock.monotonic()`.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from byabutik.runtime.timefmt import DEFAULT_ZONE, format_date_time, wall_time_of
from drivers.events import DeviceFault, DoorClosed, DoorOpened, ExitRequested, LockEngaged
from drivers.ports import Lock, Signal
from retail.wire import AlertCategory, VisitOutcome
from retail.wire import Severity as WireSeverity
from store_controller.alerts import service as alerts
from store_controller.core.clock import Clock
from store_controller.db.sessions import Sessions
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
    RemoteUnlockRequested,
    ShowDoorState,
    SoundBuzzer,
)
from store_controller.entry import records
from store_controller.i18n import LANGUAGES

log = logging.getLogger(__name__)

CATEGORY = {
    AlarmKind.FORCED_OPEN: AlertCategory.DOOR_FORCED,
    AlarmKind.HELD_OPEN: AlertCategory.DOOR_HELD_OPEN,
    AlarmKind.CONTACT_TAMPER: AlertCategory.CONTACT_TAMPER,
    AlarmKind.LOCK_FAULT: AlertCategory.LOCK_FAULT,
}
ALARM_TEXT = {
    AlarmKind.FORCED_OPEN: "Door forced open",
    AlarmKind.HELD_OPEN: "Door held open",
    AlarmKind.CONTACT_TAMPER: "Door contact tampered with or faulty",
    AlarmKind.LOCK_FAULT: "Door lock fault",
}
CHIRP_BEEPS = 3
REFUSED = (AuditAction.REMOTE_UNLOCK_REFUSED, AuditAction.MAINTENANCE_REFUSED)


class DoorService:
    """The store's door, driven from one thread: the event loop.

    Contract: every public method except `wake` must run on the event loop's thread (the bus
    handlers and the web routes do). `start()` engages the lock and arms the deadline timer;
    `stop()` cancels the timer and engages the lock. Inputs are applied in arrival order; each
    effect is carried out before the next input (the relay first, in the machine's order), and a
    failing database write is logged without stopping the lock effects after it. Listeners added
    with `on_state` are called with each new `DoorState`.
    """

    def __init__(
        self,
        *,
        config: DoorConfig,
        lock: Lock,
        sessions: Sessions,
        clock: Clock,
        buzzer: Signal | None = None,
        door_open: bool = False,
        contact_name: str = "door",
        lock_name: str = "door",
        zone: Callable[[], ZoneInfo] = lambda: ZoneInfo(DEFAULT_ZONE),
    ) -> None:
        self.config = config
        self._zone = zone  # the store's time zone now (the access policy's), for alert texts
        self.machine = DoorMachine(config, now=clock.monotonic(), door_open=door_open)
        self._lock = lock
        self._buzzer = buzzer
        self._sessions = sessions
        self._clock = clock
        self._contact = contact_name
        self._lock_name = lock_name
        self._alerts: dict[AlarmKind, str] = {}
        self._listeners: list[Callable[[DoorState], None]] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._pending_faults: list[DoorInput] = []
        self.forced_latched = False
        """A forced-door alarm is raised and not yet acknowledged by a person."""
        self.forced_at: datetime | None = None
        """When the door was forced (wall clock), if known."""

    @property
    def state(self) -> DoorState:
        return self.machine.state

    def on_state(self, listener: Callable[[DoorState], None]) -> None:
        self._listeners.append(listener)

    def start(self, *, door_open: bool | None = None) -> None:
        """Relay off first, then (re)read the contact: `door_open` rebuilds the machine from the
        contact's settled state now. Reopens the alarms still open in the database; arms the timer.
        """
        self._loop = asyncio.get_running_loop()
        self._lock.lock()
        if door_open is not None:
            self.machine = DoorMachine(
                self.config, now=self._clock.monotonic(), door_open=door_open
            )
        for kind, category in CATEGORY.items():
            if (alert_id := alerts.open_alert_id(self._sessions, category)) is not None:
                self._alerts[kind] = alert_id
        if AlarmKind.FORCED_OPEN in self._alerts:
            self.forced_latched = True  # a break-in stays on screen until a person says seen
        if door_open is False:
            # The opening a held-open alarm reported has ended while we were away; a forced
            # door, a tamper or a lock fault still needs a person, so those stay.
            self._alarm(ClearAlarm(AlarmKind.HELD_OPEN, self._clock.monotonic()))
        self._notify(self.machine.state)
        self._schedule()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._lock.lock()
        if self._buzzer is not None:
            self._buzzer.off()

    def wake(self) -> None:
        """Run due deadlines soon; callable from any thread (tests moving a manual clock)."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self.tick)

    # --- inputs -----------------------------------------------------------------------------

    def apply(self, event: DoorInput) -> list[DoorEffect]:
        """Apply one input now and carry out its effects; returns them (for callers' checks)."""
        effects = self.machine.handle(event, self._clock.monotonic())
        self._carry_out(effects)
        return effects

    def tick(self) -> None:
        self._carry_out(self.machine.tick(self._clock.monotonic()))

    def grant_entry(self, visit_id: str) -> list[DoorEffect]:
        return self.apply(EntryGranted(visit_id=visit_id, window_s=self.config.entry_window_s))

    def on_door_opened(self, _event: DoorOpened) -> None:
        self.apply(ContactOpened())

    def on_door_closed(self, _event: DoorClosed) -> None:
        self.apply(ContactClosed())

    def on_exit_requested(self, _event: ExitRequested) -> None:
        self.apply(ExitButtonPressed())

    def on_device_fault(self, event: DeviceFault) -> None:
        """`DeviceFault("contact door", ...)` or `("lock door", ...)` (named like the poller)."""
        detail = f"{event.device}: {event.error}"[:200]
        if event.device == f"contact {self._contact}":
            self.apply(ContactFaultReported(detail=detail))
        elif event.device == f"lock {self._lock_name}":
            self.apply(LockFaultReported(detail=detail))

    def on_lock_engaged(self, event: LockEngaged) -> None:
        if event.reason == "watchdog" and self.machine.snapshot().relay_until is not None:
            log.warning("the lock's watchdog ended a window the door still held: loop was late")

    # --- commands (remote unlock, maintenance, lock-down), each audited by the machine -----

    def remote_unlock(
        self, *, operator: str, reason: str, window_s: float, override_lockdown: bool = False
    ) -> bool:
        """Unlock once for `window_s` (clamped); False when refused (lock-down)."""
        event = RemoteUnlockRequested(
            operator=operator,
            reason=reason,
            window_s=window_s,
            override_lockdown=override_lockdown,
        )
        return not _refused(self.apply(event))

    def start_maintenance(
        self, *, operator: str, reason: str, duration_s: float, override_lockdown: bool = False
    ) -> bool:
        """Hold the door unlocked for maintenance; False when refused (lock-down)."""
        event = MaintenanceRequested(
            operator=operator,
            reason=reason,
            duration_s=duration_s,
            override_lockdown=override_lockdown,
        )
        return not _refused(self.apply(event))

    def end_maintenance(self, *, operator: str) -> None:
        self.apply(MaintenanceEnded(operator=operator))

    def start_lockdown(self, *, operator: str, reason: str) -> None:
        self.apply(LockdownStarted(operator=operator, reason=reason))

    def end_lockdown(self, *, operator: str) -> None:
        self.apply(LockdownEnded(operator=operator))

    # --- effects ------------------------------------------------------------------------------

    def _carry_out(self, effects: list[DoorEffect]) -> None:
        for effect in effects:
            try:
                self._effect(effect)
            except Exception:
                log.exception("door effect failed", extra={"effect": type(effect).__name__})
        faults, self._pending_faults = self._pending_faults, []
        for fault in faults:
            self._carry_out(self.machine.handle(fault, self._clock.monotonic()))
        self._schedule()

    def _effect(self, effect: DoorEffect) -> None:
        if isinstance(effect, EnergiseLock):
            self._energise(effect.window_s)
        elif isinstance(effect, DeenergiseLock):
            self._lock.lock()
        elif isinstance(effect, SoundBuzzer):
            self._sound(effect.pattern)
        elif isinstance(effect, ShowDoorState):
            self._notify(effect.state)
        elif isinstance(effect, RaiseAlarm | ClearAlarm):
            self._alarm(effect)
        else:
            self._record(effect)

    def _energise(self, window_s: float) -> None:
        try:
            self._lock.unlock(window_s)
        except Exception as exc:
            log.exception("the lock relay failed")
            self._lock.lock()
            detail = f"unlock failed: {type(exc).__name__}"
            self._pending_faults.append(LockFaultReported(detail=detail))

    def _sound(self, pattern: BuzzerPattern) -> None:
        if self._buzzer is None:
            return
        if pattern is BuzzerPattern.OFF:
            self._buzzer.off()
        elif pattern is BuzzerPattern.CHIRP:
            self._buzzer.beep(n=CHIRP_BEEPS, on_s=0.1, off_s=0.2)
        else:
            self._buzzer.on()

    def _notify(self, state: DoorState) -> None:
        for listener in self._listeners:
            try:
                listener(state)
            except Exception:
                log.exception("door state listener failed")

    def acknowledge_forced(self) -> bool:
        """A person has seen the forced-door alarm: it clears (if the door is closed again).
        False when there was nothing to acknowledge or the door still stands forced open."""
        if not self.forced_latched or self.machine.state is DoorState.FORCED_OPEN:
            return False
        self.forced_latched, self.forced_at = False, None
        if (alert_id := self._alerts.pop(AlarmKind.FORCED_OPEN, None)) is not None:
            alerts.clear_alert(self._sessions, alert_id, at=self._clock.now())
        log.info("forced-door alarm acknowledged")
        self._notify(self.machine.state)
        return True

    def _alarm(self, effect: RaiseAlarm | ClearAlarm) -> None:
        now = self._clock.now()
        if isinstance(effect, ClearAlarm) and effect.kind is AlarmKind.FORCED_OPEN:
            return  # latched: a forced door clears when a person acknowledges it, not on closing
        if isinstance(effect, ClearAlarm):
            alert_id = self._alerts.pop(effect.kind, None)
            if alert_id is not None:
                alerts.clear_alert(self._sessions, alert_id, at=now)
            return
        alert_id = self._alerts.setdefault(effect.kind, str(uuid.uuid4()))
        log.warning("door alarm %s (%s)", effect.kind.value, effect.severity.value)
        details = _details(effect)
        message = f"{ALARM_TEXT[effect.kind]}: {effect.details}"
        if effect.since is not None:  # a monotonic reading means nothing to a person
            began = wall_time_of(effect.since, now=now, monotonic_now=self._clock.monotonic())
            if effect.kind is AlarmKind.FORCED_OPEN:
                self.forced_latched, self.forced_at = True, began
            zone = self._zone()
            details["began_at"] = began.isoformat()
            details["began_local"] = {
                lang: format_date_time(began, lang, zone, seconds=True, with_zone=True)
                for lang in LANGUAGES
            }
            message += f" ({details['began_local']['en']})"
        alerts.raise_alert(
            self._sessions,
            alert_id=alert_id,
            category=CATEGORY[effect.kind],
            severity=WireSeverity(effect.severity.value),
            message=message,
            details=details,
            at=now,
        )

    def _record(self, effect: DoorEffect) -> None:
        now = self._clock.now()
        if isinstance(effect, RecordAudit):
            records.record_audit(
                self._sessions,
                action=effect.action.value,
                operator=effect.operator,
                reason=effect.reason,
                window_s=effect.window_s,
                at=now,
            )
        elif isinstance(effect, RecordDoorOpened):
            records.mark_door_opened(self._sessions, effect.visit_id, at=now)
        elif isinstance(effect, RecordDoorClosed):
            records.finish_visit(self._sessions, effect.visit_id, closed_at=now)
        elif isinstance(effect, RecordEntryUnused):
            records.finish_visit(self._sessions, effect.visit_id)
        elif isinstance(effect, RecordEntryRefused):
            records.finish_visit(self._sessions, effect.visit_id, outcome=VisitOutcome.LOCK_DOWN)

    def _schedule(self) -> None:
        if self._loop is None:
            return
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        deadline = self.machine.next_deadline()
        if deadline is not None:
            delay = max(deadline - self._clock.monotonic(), 0.0)
            self._timer = self._loop.call_later(delay, self.tick)


def _refused(effects: list[DoorEffect]) -> bool:
    return any(isinstance(e, RecordAudit) and e.action in REFUSED for e in effects)


def _details(effect: RaiseAlarm) -> dict[str, Any]:
    return {"kind": effect.kind.value, "details": effect.details}
