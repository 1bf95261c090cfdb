"""A deliberately simple model of what the door must do, for the stateful test to compare against.

It knows nothing of leases, buzzers or screens: only which authorities are live, whether the door
is open, and which alarms are due at which instant.
"""

from __future__ import annotations

from dataclasses import dataclass

from store_controller.door import AlarmKind, DoorConfig, Severity

Expected = tuple[AlarmKind, Severity, float]


@dataclass
class Oracle:
    config: DoorConfig
    t: float = 0.0
    lockdown: bool = False
    entry_end: float | None = None
    remote_end: float | None = None
    exit_until: float | None = None
    pulse_end: float | None = None
    maint_until: float | None = None
    door: str = "closed"  # closed, open, unknown
    prior_open: bool = False  # while unknown: was it open when the fault came
    trusted: bool = True  # alarm timing is checked only while the contact was never in doubt
    pending_since: float | None = None
    held_since: float | None = None
    held_level: int = 0

    # -- queries ---------------------------------------------------------------------------------

    def relay_ends(self) -> list[float]:
        ends = [self.entry_end, self.remote_end, self.maint_until, self.pulse_end]
        return [e for e in ends if e is not None and e > self.t]

    def _thresholds(self) -> tuple[float, float]:
        return (self.config.held_open_s, self.config.held_open_escalate_s)

    # -- time ------------------------------------------------------------------------------------

    def expire(self, t: float) -> list[Expected]:
        self.t = t
        grace = self.config.forced_grace_s
        if self.maint_until is not None and self.maint_until <= t:
            self._end_maintenance(self.maint_until)
        if self.entry_end is not None and self.entry_end + grace <= t:
            self.entry_end = None
        if self.remote_end is not None and self.remote_end + grace <= t:
            self.remote_end = None
        if self.exit_until is not None and self.exit_until <= t:
            self.exit_until = self.pulse_end = None
        return []

    def escalate(self) -> list[Expected]:
        if self.door != "open":
            return []
        due: list[Expected] = []
        grace = self.config.forced_grace_s
        if self.pending_since is not None and self.pending_since + grace <= self.t:
            due.append((AlarmKind.FORCED_OPEN, Severity.CRITICAL, self.pending_since + grace))
            self.pending_since = None
        levels = (Severity.WARNING, Severity.CRITICAL)
        while (
            self.held_since is not None
            and self.held_level < 2
            and self.held_since + self._thresholds()[self.held_level] <= self.t
        ):
            at = self.held_since + self._thresholds()[self.held_level]
            due.append((AlarmKind.HELD_OPEN, levels[self.held_level], at))
            self.held_level += 1
        return due

    # -- inputs ----------------------------------------------------------------------------------

    def grant(self, window: float) -> None:
        if not self.lockdown and self.door != "open":
            self.entry_end = self.t + min(window, self.config.entry_window_max_s)

    def remote(self, window: float, override: bool) -> None:
        if not self.lockdown or override:
            self.remote_end = self.t + min(window, self.config.remote_window_max_s)

    def maintenance(self, duration: float, override: bool) -> None:
        if self.lockdown and not override:
            return
        self.maint_until = self.t + min(duration, self.config.maintenance_max_s)
        self.held_since, self.held_level = None, 0

    def end_maintenance(self) -> None:
        if self.maint_until is not None:
            self._end_maintenance(self.t)

    def _end_maintenance(self, at: float) -> None:
        self.maint_until = None
        if self.door == "open":
            self.held_since, self.held_level = at, 0

    def start_lockdown(self) -> None:
        self.lockdown = True
        self.entry_end = self.remote_end = None
        if self.maint_until is not None:
            self._end_maintenance(self.t)

    def exit_pressed(self) -> None:
        if self.door == "open" and self.pending_since is not None:
            self.pending_since = None
            return
        self.exit_until = self.t + self.config.exit_window_s
        pulse = self.config.exit_pulse_s
        self.pulse_end = None if pulse is None else self.t + pulse

    def opened(self) -> None:
        if self.door == "open":
            return
        if self.door == "unknown" and self.prior_open:
            self.door = "open"
            return
        # every authority is dropped from the model once it can no longer explain an opening
        authorities = (self.entry_end, self.remote_end, self.exit_until, self.maint_until)
        authorised = any(end is not None for end in authorities)
        self.entry_end = self.remote_end = self.exit_until = self.pulse_end = None
        self.door = "open"
        self.pending_since = None if authorised else self.t
        self.held_since = None if self.maint_until is not None else self.t
        self.held_level = 0

    def closed(self) -> list[Expected]:
        due: list[Expected] = []
        was_open = self.door == "open" or (self.door == "unknown" and self.prior_open)
        if was_open and self.pending_since is not None:
            due.append((AlarmKind.FORCED_OPEN, Severity.CRITICAL, self.t))
        self.door = "closed"
        self.pending_since = self.held_since = None
        self.held_level = 0
        return due

    def contact_fault(self) -> None:
        if self.door != "unknown":
            self.prior_open = self.door == "open"
            self.door = "unknown"
        self.trusted = False
