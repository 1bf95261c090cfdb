"""`DoorMachine`: the pure door state machine. Values in, effects out; time is passed in.

Relock timing: a grant energises the strike until the door has actually swung open (or the window
ends), and the strike is de-energised the moment the contact reports open, so the latch catches
by itself when the door closes. Only maintenance keeps the strike energised while the door is open.
"""

from __future__ import annotations

from dataclasses import replace

from store_controller.door.config import DoorConfig
from store_controller.door.derive import (
    buzzer_for,
    deadlines,
    desired_relay_end,
    plan_lease,
    state_for,
)
from store_controller.door.effects import (
    AlarmKind,
    AuditAction,
    BuzzerPattern,
    ClearAlarm,
    DeenergiseLock,
    DoorEffect,
    DoorState,
    EnergiseLock,
    RaiseAlarm,
    RecordAudit,
    RecordDoorOpened,
    RecordEntryRefused,
    RecordEntryUnused,
    RefusalReason,
    Severity,
    ShowDoorState,
    SoundBuzzer,
)
from store_controller.door.inputs import (
    ContactClosed,
    ContactFaultReported,
    ContactOpened,
    DoorInput,
    EntryGranted,
    ExitButtonPressed,
    LockdownEnded,
    LockdownStarted,
    LockFaultReported,
    MaintenanceEnded,
    MaintenanceRequested,
    RemoteUnlockRequested,
)
from store_controller.door.opening import closing_effects, escalate
from store_controller.door.state import (
    Contact,
    ContactUnknown,
    DoorClosed,
    DoorSnapshot,
    EntryAuthority,
    ExitAuthority,
    Maintenance,
    Opening,
    OpeningCause,
    RemoteAuthority,
)


class DoorMachine:
    """One door: a fail-secure lock, a contact, a request-to-exit button and a buzzer.

    Contract for the glue (one consumer thread; the machine holds no lock):

    * `handle(input, now)` applies one input at monotonic time `now` (seconds) and returns the
      effects to carry out, in order. Deadlines already due are processed first.
    * `tick(now)` processes the deadlines due by `now`; call it at `next_deadline()` (or later:
      a late tick still yields correct state, but the lock driver's own watchdog is what bounds
      the relay then). A `now` earlier than the last one seen is treated as the last one.
    * Every `EnergiseLock(window_s)` is bounded by `DoorConfig.max_energise_s` and by the
      authority behind it; each energised episode ends with exactly one `DeenergiseLock`.
    """

    def __init__(self, config: DoorConfig, *, now: float, door_open: bool = False) -> None:
        self._config = config
        self._now = now
        self._contact: Contact = (
            Opening(now, OpeningCause.BOOT, (), held_since=now) if door_open else DoorClosed()
        )
        self._entry: EntryAuthority | None = None
        self._remote: RemoteAuthority | None = None
        self._exit: ExitAuthority | None = None
        self._maintenance: Maintenance | None = None
        self._lockdown = False
        self._relay_until: float | None = None
        self._buzzer = BuzzerPattern.OFF
        self._shown = self._derive_state()

    # -- public contract -------------------------------------------------------------------------

    @property
    def state(self) -> DoorState:
        return self._shown

    def snapshot(self) -> DoorSnapshot:
        return DoorSnapshot(
            now=self._now,
            state=self._shown,
            contact=self._contact,
            entry=self._entry,
            remote=self._remote,
            exit=self._exit,
            maintenance=self._maintenance,
            lockdown=self._lockdown,
            relay_until=self._relay_until,
            buzzer=self._buzzer,
        )

    def handle(self, event: DoorInput, now: float) -> list[DoorEffect]:
        """Apply `event` at monotonic `now`; return the effects to carry out, in order."""
        effects = self._advance(now)
        effects += self._apply(event)
        effects += self._reconcile()
        return effects

    def tick(self, now: float) -> list[DoorEffect]:
        """Process every deadline due by monotonic `now`."""
        effects = self._advance(now)
        effects += self._reconcile()
        return effects

    def next_deadline(self) -> float | None:
        """The monotonic time at which `tick` must next run, or None if nothing is pending."""
        due = [t for t in deadlines(self.snapshot(), self._config) if t > self._now]
        return min(due, default=None)

    # -- time ------------------------------------------------------------------------------------

    def _advance(self, now: float) -> list[DoorEffect]:
        """Move the clock to `now` and expire what has ended."""
        self._now = max(self._now, now)
        now = self._now
        grace = self._config.forced_grace_s
        effects: list[DoorEffect] = []
        if self._maintenance is not None and self._maintenance.ends_at <= now:
            effects += self._end_maintenance(self._maintenance.operator, "maintenance window ended")
        if self._entry is not None and self._entry.ends_at + grace <= now:
            effects.append(RecordEntryUnused(self._entry.visit_id))
            self._entry = None
        if self._remote is not None and self._remote.ends_at + grace <= now:
            self._remote = None
        if self._exit is not None and self._exit.valid_until <= now:
            self._exit = None
        if self._relay_until is not None and self._relay_until <= now:
            self._relay_until = None
            effects.append(DeenergiseLock())
        return effects

    # -- inputs ----------------------------------------------------------------------------------

    def _apply(self, event: DoorInput) -> list[DoorEffect]:  # noqa: PLR0911 - one arm per input
        match event:
            case EntryGranted():
                return self._grant_entry(event)
            case ContactOpened():
                return self._contact_opened()
            case ContactClosed():
                return self._contact_closed()
            case ExitButtonPressed():
                return self._exit_pressed()
            case RemoteUnlockRequested():
                return self._remote_unlock(event)
            case MaintenanceRequested():
                return self._start_maintenance(event)
            case MaintenanceEnded():
                if self._maintenance is None:
                    return []
                return self._end_maintenance(event.operator, "ended by operator")
            case LockdownStarted():
                return self._start_lockdown(event)
            case LockdownEnded():
                return self._end_lockdown(event)
            case LockFaultReported():
                return [self._alarm(AlarmKind.LOCK_FAULT, Severity.CRITICAL, event.detail)]
            case ContactFaultReported():
                return self._contact_fault(event)

    def _grant_entry(self, event: EntryGranted) -> list[DoorEffect]:
        if self._lockdown:
            return [RecordEntryRefused(event.visit_id, RefusalReason.LOCKDOWN)]
        contact = self._contact
        if isinstance(contact, Opening):
            # The door already stands open (someone is leaving): the customer walks straight in,
            # and energising the strike would only let a stranger in after it closes.
            self._contact = replace(contact, visits=(*contact.visits, event.visit_id))
            return [RecordDoorOpened(event.visit_id)]
        effects: list[DoorEffect] = []
        if self._entry is not None:
            effects.append(RecordEntryUnused(self._entry.visit_id))
        window = min(event.window_s, self._config.entry_window_max_s)
        self._entry = EntryAuthority(event.visit_id, self._now + window)
        return effects

    def _exit_pressed(self) -> list[DoorEffect]:
        contact = self._contact
        if isinstance(contact, Opening) and contact.cause is OpeningCause.UNEXPLAINED:
            self._contact = replace(contact, cause=OpeningCause.EXIT)
            return []
        pulse = self._config.exit_pulse_s
        self._exit = ExitAuthority(
            valid_until=self._now + self._config.exit_window_s,
            pulse_until=None if pulse is None else self._now + pulse,
        )
        return []

    def _remote_unlock(self, event: RemoteUnlockRequested) -> list[DoorEffect]:
        if self._lockdown and not event.override_lockdown:
            return [self._audit(AuditAction.REMOTE_UNLOCK_REFUSED, event.operator, event.reason)]
        window = min(event.window_s, self._config.remote_window_max_s)
        self._remote = RemoteAuthority(event.operator, self._now + window)
        reason = _with_override(event.reason, self._lockdown)
        return [self._audit(AuditAction.REMOTE_UNLOCK, event.operator, reason, window)]

    def _start_maintenance(self, event: MaintenanceRequested) -> list[DoorEffect]:
        if self._lockdown and not event.override_lockdown:
            return [self._audit(AuditAction.MAINTENANCE_REFUSED, event.operator, event.reason)]
        duration = min(event.duration_s, self._config.maintenance_max_s)
        self._maintenance = Maintenance(event.operator, event.reason, self._now + duration)
        reason = _with_override(event.reason, self._lockdown)
        effects: list[DoorEffect] = [
            self._audit(AuditAction.MAINTENANCE_STARTED, event.operator, reason, duration)
        ]
        contact = self._contact
        if isinstance(contact, Opening):
            if contact.held_level > 0:
                effects.append(ClearAlarm(AlarmKind.HELD_OPEN, self._now))
            self._contact = replace(contact, held_since=None, held_level=0)
        return effects

    def _end_maintenance(self, operator: str, reason: str) -> list[DoorEffect]:
        self._maintenance = None
        contact = self._contact
        if isinstance(contact, Opening):
            self._contact = replace(contact, held_since=self._now, held_level=0)
        return [self._audit(AuditAction.MAINTENANCE_ENDED, operator, reason)]

    def _start_lockdown(self, event: LockdownStarted) -> list[DoorEffect]:
        self._lockdown = True
        effects: list[DoorEffect] = [
            self._audit(AuditAction.LOCKDOWN_STARTED, event.operator, event.reason)
        ]
        if self._entry is not None:
            effects.append(RecordEntryUnused(self._entry.visit_id))
            self._entry = None
        self._remote = None
        if self._maintenance is not None:
            effects += self._end_maintenance(event.operator, "lock-down started")
        return effects

    def _end_lockdown(self, event: LockdownEnded) -> list[DoorEffect]:
        was_on, self._lockdown = self._lockdown, False
        if not was_on:
            return []
        return [self._audit(AuditAction.LOCKDOWN_ENDED, event.operator, "lock-down ended")]

    # -- the contact -----------------------------------------------------------------------------

    def _contact_opened(self) -> list[DoorEffect]:
        contact = self._contact
        if isinstance(contact, Opening):
            detail = "the contact reported open twice without closing"
            return [self._alarm(AlarmKind.CONTACT_TAMPER, Severity.WARNING, detail)]
        effects: list[DoorEffect] = []
        if isinstance(contact, ContactUnknown):
            effects.append(ClearAlarm(AlarmKind.CONTACT_TAMPER, self._now))
            if contact.prior is not None:
                self._contact = contact.prior
                return effects
        cause, visits = self._explain_opening()
        effects += [RecordDoorOpened(visit_id) for visit_id in visits]
        held_since = None if self._maintenance is not None else self._now
        self._contact = Opening(self._now, cause, visits, held_since)
        return effects

    def _explain_opening(self) -> tuple[OpeningCause, tuple[str, ...]]:
        """Consume every one-shot authority; name the strongest reason the door may open."""
        entry, remote, exit_ = self._entry, self._remote, self._exit
        self._entry = self._remote = self._exit = None
        if entry is not None:
            return OpeningCause.ENTRY, (entry.visit_id,)
        if remote is not None:
            cause = OpeningCause.REMOTE
        elif exit_ is not None:
            cause = OpeningCause.EXIT
        elif self._maintenance is not None:
            cause = OpeningCause.MAINTENANCE
        else:
            cause = OpeningCause.UNEXPLAINED
        return cause, ()

    def _contact_closed(self) -> list[DoorEffect]:
        contact = self._contact
        if isinstance(contact, DoorClosed):
            detail = "the contact reported closed twice without opening"
            return [self._alarm(AlarmKind.CONTACT_TAMPER, Severity.WARNING, detail)]
        effects: list[DoorEffect] = []
        if isinstance(contact, ContactUnknown):
            effects.append(ClearAlarm(AlarmKind.CONTACT_TAMPER, self._now))
            if contact.prior is None:
                self._contact = DoorClosed()
                return effects
            contact = contact.prior
        self._contact = DoorClosed()
        return effects + closing_effects(contact, self._now)

    def _contact_fault(self, event: ContactFaultReported) -> list[DoorEffect]:
        contact = self._contact
        if not isinstance(contact, ContactUnknown):
            prior = contact if isinstance(contact, Opening) else None
            self._contact = ContactUnknown(prior)
        return [self._alarm(AlarmKind.CONTACT_TAMPER, Severity.CRITICAL, event.detail)]

    # -- derived outputs -------------------------------------------------------------------------

    def _reconcile(self) -> list[DoorEffect]:
        """Escalate the opening, then bring relay, buzzer and screen in line with the state."""
        effects = self._escalate()
        effects += self._reconcile_relay()
        buzzer = self._derive_buzzer()
        if buzzer is not self._buzzer:
            self._buzzer = buzzer
            effects.append(SoundBuzzer(buzzer))
        shown = self._derive_state()
        if shown is not self._shown:
            self._shown = shown
            effects.append(ShowDoorState(shown))
        return effects

    def _escalate(self) -> list[DoorEffect]:
        if not isinstance(self._contact, Opening):
            return []
        self._contact, alarms = escalate(self._contact, self._now, self._config)
        return list(alarms)

    def _desired_relay_end(self) -> float | None:
        return desired_relay_end(
            now=self._now,
            entry=self._entry,
            remote=self._remote,
            exit_=self._exit,
            maintenance=self._maintenance,
        )

    def _reconcile_relay(self) -> list[DoorEffect]:
        desired = self._desired_relay_end()
        if desired is None:
            if self._relay_until is None:
                return []
            self._relay_until = None
            return [DeenergiseLock()]
        lease_end = plan_lease(
            now=self._now, desired=desired, relay_until=self._relay_until, config=self._config
        )
        if lease_end is None:
            return []
        self._relay_until = lease_end
        return [EnergiseLock(lease_end - self._now)]

    def _derive_buzzer(self) -> BuzzerPattern:
        return buzzer_for(
            self._contact,
            maintenance=self._maintenance,
            forced_buzzer=self._config.forced_buzzer,
        )

    def _derive_state(self) -> DoorState:
        return state_for(
            self._contact,
            maintenance=self._maintenance is not None,
            relay_on=self._relay_until is not None,
            lockdown=self._lockdown,
        )

    # -- effect builders -------------------------------------------------------------------------

    def _alarm(self, kind: AlarmKind, severity: Severity, detail: str) -> RaiseAlarm:
        return RaiseAlarm(kind, severity, detail, self._now)

    def _audit(
        self, action: AuditAction, operator: str, reason: str, window_s: float | None = None
    ) -> RecordAudit:
        return RecordAudit(action, operator, reason, self._now, window_s)


def _with_override(reason: str, lockdown: bool) -> str:
    return f"{reason} (overrides lock-down)" if lockdown else reason
