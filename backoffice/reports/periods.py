"""Local periods: which day, ISO week, month, year, hour of day or weekday a UTC hour falls in."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from backoffice.reports.scope import ReportScope

WEEKDAYS_SV = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


class Grain(enum.StrEnum):
    """How a report's rows are cut."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    HOUR = "hour"
    """Hour of the day, 0-23, summed over the range."""
    WEEKDAY = "weekday"
    """Day of the week, 0 = Monday, summed over the range."""
    TOTAL = "total"


def period_of(local: datetime | date, grain: Grain) -> str:
    """The label of the period `local` (a local time, or a local day) falls in."""
    day = local.date() if isinstance(local, datetime) else local
    if grain is Grain.HOUR:
        if not isinstance(local, datetime):
            raise ValueError("the hour of a day needs a time")
        return f"{local.hour:02d}"
    if grain is Grain.WEEK:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    labels: dict[Grain, Callable[[], str]] = {
        Grain.DAY: day.isoformat,
        Grain.MONTH: lambda: f"{day.year}-{day.month:02d}",
        Grain.YEAR: lambda: str(day.year),
        Grain.WEEKDAY: lambda: str(day.weekday()),
        Grain.TOTAL: lambda: "total",
    }
    return labels[grain]()


LOCAL_GRAINS = (Grain.DAY, Grain.WEEK, Grain.MONTH, Grain.YEAR, Grain.WEEKDAY, Grain.HOUR)
"""Grains the database can sum per local day, or per local hour of the day (`Grain.HOUR`)."""


def local_label(key: date | int, grain: Grain) -> str:
    """The label of a local day (or, for `Grain.HOUR`, a local hour of the day) in `grain`."""
    if isinstance(key, int):
        return f"{key:02d}"
    return period_of(key, grain)


def periods(scope: ReportScope, grain: Grain) -> list[str]:
    """Every period of the scope in order, so that empty periods show as zero rows."""
    if grain is Grain.HOUR:
        return [f"{h:02d}" for h in range(24)]
    if grain is Grain.WEEKDAY:
        return [str(d) for d in range(7)]
    labels: list[str] = []
    for day in days(scope.start, scope.end):
        label = period_of(day, grain)
        if not labels or labels[-1] != label:
            labels.append(label)
    return labels


def days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


class LocalClock:
    """Converts UTC bucket starts to local time in one zone, remembering what it converted."""

    def __init__(self, zone: ZoneInfo) -> None:
        self._zone = zone
        self._seen: dict[datetime, datetime] = {}

    def local(self, at: datetime) -> datetime:
        found = self._seen.get(at)
        if found is None:
            moment = at if at.tzinfo else at.replace(tzinfo=UTC)
            found = self._seen[at] = moment.astimezone(self._zone)
        return found

    def label(self, at: datetime, grain: Grain) -> str:
        return period_of(self.local(at), grain)
