"""Door timings: data the controller's TOML holds (`[door]`), validated once at start.

TOML (every key optional)::

    [door]
    entry_window_s = 5.0
    held_open_s = 20.0
    held_open_escalate_s = 40.0
    forced_grace_s = 1.5
    exit_pulse_s = 3.0        # only for doors without mechanical egress
"""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat, model_validator


class DoorConfig(BaseModel):
    """Timings of one door, in seconds.

    * `entry_window_s`: the window the glue asks for in `EntryGranted` after a BankID grant.
    * `entry_window_max_s`, `remote_window_max_s`, `maintenance_max_s`: the longest unlock each
      kind of authority may ask for; longer requests are clamped.
    * `max_energise_s`: the longest single `EnergiseLock`; keep it at or below the lock driver's
      `max_unlock_s` and the hardware timer relay, if any. Longer unlocks are leases renewed
      `renew_margin_s` before each one ends.
    * `exit_window_s`: an opening this soon after request-to-exit is a departure.
    * `exit_pulse_s`: if set, request-to-exit also energises the lock this long (for doors whose
      egress is not mechanical); `None` (the default) leaves the relay alone.
    * `forced_grace_s`: an unexplained opening waits this long for a late request-to-exit, and an
      opening this soon after a grant's window ended still counts as that grant.
    * `held_open_s` / `held_open_escalate_s`: chirp and warn, then sound continuously and raise a
      critical alarm, when the door stays open this long.
    * `forced_buzzer`: sound the buzzer continuously while a forced door stays open.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    entry_window_s: PositiveFloat = 5.0
    entry_window_max_s: PositiveFloat = 15.0
    remote_window_max_s: PositiveFloat = 60.0
    maintenance_max_s: PositiveFloat = 4 * 3600.0
    max_energise_s: PositiveFloat = 10.0
    renew_margin_s: PositiveFloat = 1.0
    exit_window_s: PositiveFloat = 10.0
    exit_pulse_s: PositiveFloat | None = None
    forced_grace_s: float = Field(default=1.5, ge=0)
    held_open_s: PositiveFloat = 20.0
    held_open_escalate_s: PositiveFloat = 40.0
    forced_buzzer: bool = True

    @model_validator(mode="after")
    def _check_order(self) -> Self:
        if self.entry_window_s > self.entry_window_max_s:
            raise ValueError("entry_window_s must not be longer than entry_window_max_s")
        if self.held_open_escalate_s <= self.held_open_s:
            raise ValueError("held_open_escalate_s must be longer than held_open_s")
        if self.renew_margin_s * 2 > self.max_energise_s:
            raise ValueError("renew_margin_s must be at most half of max_energise_s")
        if self.exit_pulse_s is not None and self.exit_pulse_s > self.exit_window_s:
            raise ValueError("exit_pulse_s must not be longer than exit_window_s")
        return self
