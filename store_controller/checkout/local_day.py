"""The local date of a UTC time, worked out once per local day rather than on every call.

The kiosk asks for the sale's local date on every scan and every screen update; converting to
the store's time zone each time costs more than the scan's own arithmetic. `LocalDay` keeps the
date with the UTC instants where it starts and ends, so a call within that day is two
comparisons; a time outside (midnight passed, or the wall clock was set back) works it out anew.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_NEVER = datetime.min.replace(tzinfo=UTC)


class LocalDay:
    """`on(now)` is `now.astimezone(tz).date()`; see the module docstring."""

    def __init__(self, tz: ZoneInfo) -> None:
        self._tz = tz
        self._day = date.min
        self._starts = self._ends = _NEVER

    def on(self, now: datetime) -> date:
        if self._starts <= now < self._ends:
            return self._day
        day = now.astimezone(self._tz).date()
        starts = _first_instant(day, self._tz)
        ends = _first_instant(day + timedelta(days=1), self._tz)
        if starts <= now < ends:  # else an odd zone's day (not contiguous): no shortcut
            self._day, self._starts, self._ends = day, starts, ends
        return day


def _first_instant(day: date, tz: ZoneInfo) -> datetime:
    """The UTC instant where local midnight of `day` falls (the first one, if it repeats; the
    transition itself, if a clock change skips it)."""
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
