"""The log's figures, from one thermometer's readings in one month (pure: no database).

- A summary per local hour or day: number of readings, lowest, highest, mean, and how many were
  outside the limits held at the time (each reading carries its own limits).
- An excursion is a run of readings outside their limits: it starts at the first reading out and
  ends at the first reading back inside (None while it lasts); its peak is the reading furthest
  past the limit. Readings without limits (not reported) are never called out of range.
- Each excursion is matched by time to the store's temperature alert cases: the one whose span
  (first seen .. resolved, or still open) overlaps it, preferring a case whose words name the
  thermometer; it tells who acknowledged and when.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

Grain = Literal["hour", "day"]


@dataclass(frozen=True, slots=True)
class Reading:
    at: datetime
    centi: int
    min_centi: int | None
    max_centi: int | None

    @property
    def outside(self) -> bool:
        return (self.min_centi is not None and self.centi < self.min_centi) or (
            self.max_centi is not None and self.centi > self.max_centi
        )

    @property
    def past_limit(self) -> int:
        """How far past its limit (hundredths), 0 inside."""
        if self.max_centi is not None and self.centi > self.max_centi:
            return self.centi - self.max_centi
        if self.min_centi is not None and self.centi < self.min_centi:
            return self.min_centi - self.centi
        return 0


@dataclass(frozen=True, slots=True)
class Summary:
    start: datetime  # local, the hour's or day's start
    count: int
    min_centi: int
    max_centi: int
    mean_centi: int
    outside: int


@dataclass(frozen=True, slots=True)
class Case:
    """What the log needs of an alert case."""

    id: int
    message: str
    first_seen: datetime
    resolved_at: datetime | None
    acknowledged_by: str | None
    acknowledged_at: datetime | None


@dataclass(frozen=True, slots=True)
class Excursion:
    start: datetime
    end: datetime | None  # None: still out at the last reading
    last_out: datetime
    peak: Reading
    readings: int
    case: Case | None = None

    def duration(self, now: datetime) -> timedelta:
        return (self.end or max(now, self.last_out)) - self.start

    @property
    def too_warm(self) -> bool:
        return self.peak.max_centi is not None and self.peak.centi > self.peak.max_centi


def summaries(readings: Iterable[Reading], zone: str, grain: Grain) -> list[Summary]:
    tz = ZoneInfo(zone)
    groups: dict[datetime, list[Reading]] = {}
    for reading in readings:
        local = reading.at.astimezone(tz)
        key = local.replace(minute=0, second=0, microsecond=0)
        if grain == "day":
            key = key.replace(hour=0)
        groups.setdefault(key, []).append(reading)
    return [
        Summary(
            start=key,
            count=len(group),
            min_centi=min(r.centi for r in group),
            max_centi=max(r.centi for r in group),
            mean_centi=round(sum(r.centi for r in group) / len(group)),
            outside=sum(r.outside for r in group),
        )
        for key, group in sorted(groups.items())
    ]


def excursions(readings: Sequence[Reading]) -> list[Excursion]:
    """Runs of readings out of range, in time order (the readings must be in time order)."""
    found: list[Excursion] = []
    run: list[Reading] = []
    for reading in readings:
        if reading.outside:
            run.append(reading)
            continue
        if run:
            found.append(_excursion(run, end=reading.at))
            run = []
    if run:
        found.append(_excursion(run, end=None))
    return found


def _excursion(run: list[Reading], end: datetime | None) -> Excursion:
    peak = max(run, key=lambda r: r.past_limit)
    return Excursion(run[0].at, end, run[-1].at, peak, len(run))


def match_cases(
    found: Sequence[Excursion], cases: Sequence[Case], sensor: str, now: datetime
) -> list[Excursion]:
    """Each excursion with the temperature alert case that covers it in time, if any."""
    matched = []
    for excursion in found:
        start, end = excursion.start, excursion.end or now
        overlapping = [
            case
            for case in cases
            if case.first_seen <= end and (case.resolved_at or now) >= start - _GRACE
        ]
        overlapping.sort(key=lambda c: (sensor not in c.message, abs(c.first_seen - start)))
        matched.append(
            Excursion(
                excursion.start,
                excursion.end,
                excursion.last_out,
                excursion.peak,
                excursion.readings,
                overlapping[0] if overlapping else None,
            )
        )
    return matched


# A case raised by the controller after N readings out may be resolved by the store a little
# before our first reading back inside arrives (heartbeat vs. report timing).
_GRACE = timedelta(minutes=5)


def month_bounds(month: date, zone: str) -> tuple[datetime, datetime]:
    """The month's first and next month's first local midnight, as aware datetimes."""
    tz = ZoneInfo(zone)
    first = datetime(month.year, month.month, 1, tzinfo=tz)
    following = datetime(month.year + (month.month == 12), month.month % 12 + 1, 1, tzinfo=tz)
    return first, following
