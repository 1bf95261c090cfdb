"""What the idle door screen says about opening hours (pure: policy and time in, texts out).

Today's hours in the store's local time, and outside them a clear "closed, opens at ..." (with
the weekday when it is not today). Both languages; 24-hour clock, as Swedish shops write it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from store_controller.door.policy import AccessPolicy
from store_controller.door.schedule import Interval
from store_controller.i18n import Text

_WEEKDAYS = (
    Text("måndag", "Monday"),
    Text("tisdag", "Tuesday"),
    Text("onsdag", "Wednesday"),
    Text("torsdag", "Thursday"),
    Text("fredag", "Friday"),
    Text("lördag", "Saturday"),
    Text("söndag", "Sunday"),
)
_DASH = "\u2013"


@dataclass(frozen=True, slots=True)
class HoursView:
    open_now: bool
    today: Text
    """Today's hours ("Öppet i dag 07:00–22:00")."""
    closed: Text | None
    """Outside the hours: "Stängt. Öppnar i morgon kl. 07:00"; None while open."""

    def as_dict(self) -> dict[str, object]:
        return {
            "open": self.open_now,
            "today": self.today.as_dict(),
            "closed": None if self.closed is None else self.closed.as_dict(),
        }


def _span(interval: Interval) -> str:
    return str(interval).replace("-", _DASH)


def _today_text(policy: AccessPolicy, now_utc: datetime) -> Text:
    intervals = policy.hours.intervals_on(now_utc.astimezone(policy.zone).date())
    if not intervals:
        return Text("Stängt i dag", "Closed today")
    if len(intervals) == 1 and intervals[0].start == 0 and intervals[0].end == 24 * 60:
        return Text("Öppet dygnet runt i dag", "Open around the clock today")
    spans = ", ".join(_span(i) for i in intervals)
    return Text(f"Öppet i dag {spans}", f"Open today {spans}")


def _opens_text(opens: datetime | None, now_utc: datetime, policy: AccessPolicy) -> Text:
    if opens is None:
        return Text("Butiken är stängd.", "The store is closed.")
    today = now_utc.astimezone(policy.zone).date()
    clock = opens.strftime("%H:%M")
    if opens.date() == today:
        return Text(f"Stängt. Öppnar kl. {clock}", f"Closed. Opens at {clock}")
    if opens.date() == today + timedelta(days=1):
        return Text(f"Stängt. Öppnar i morgon kl. {clock}", f"Closed. Opens tomorrow at {clock}")
    day = _WEEKDAYS[opens.weekday()]
    if opens.date() - today >= timedelta(days=7):
        date_sv = f"{day.sv} {opens.day}/{opens.month}"
        date_en = f"{day.en} {opens.day} {opens.strftime('%b')}"
        return Text(f"Stängt. Öppnar {date_sv} kl. {clock}", f"Closed. Opens {date_en} at {clock}")
    return Text(f"Stängt. Öppnar på {day.sv} kl. {clock}", f"Closed. Opens on {day.en} at {clock}")


def hours_view(policy: AccessPolicy, now_utc: datetime) -> HoursView:
    """The door screen's opening-hours texts at `now_utc` (timezone-aware)."""
    zone = policy.zone
    open_now = policy.hours.is_open(now_utc, zone)
    closed = (
        None if open_now else _opens_text(policy.hours.next_opening(now_utc, zone), now_utc, policy)
    )
    return HoursView(open_now, _today_text(policy, now_utc), closed)
