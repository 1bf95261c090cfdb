"""What a report covers: which stores, which local days (both ends included), in which zone.

Days are local days: a report for 2026-03-29 in Europe/Stockholm runs from local midnight to local
midnight (23 hours that day, the clocks go forward). The zone must keep a whole-hour offset from UTC
over the range, so that local days are whole UTC hours (the rollups' buckets); Swedish stores do.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backoffice.errors import BackofficeError

DEFAULT_ZONE = "Europe/Stockholm"
MAX_DAYS = 3 * 366
"""The longest range a report takes (three years)."""


class ReportError(BackofficeError):
    """A report asked for something it cannot answer (400 with the reason)."""

    status_code = 400


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone `name`, or a ReportError that names it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ReportError(f"unknown time zone {name!r}") from None


@dataclass(frozen=True, slots=True)
class ReportScope:
    """Stores `store_ids` from local day `start` through local day `end` in `zone`."""

    store_ids: tuple[int, ...]
    start: date
    end: date
    zone: ZoneInfo

    def __post_init__(self) -> None:
        if not self.store_ids:
            raise ReportError("a report needs at least one store")
        if self.end < self.start:
            raise ReportError("the range ends before it starts")
        if self.days > MAX_DAYS:
            raise ReportError(f"a report covers at most {MAX_DAYS} days")
        _check_whole_hours(self.zone, self.start, self.end)

    @classmethod
    def of(
        cls, store_ids: list[int] | tuple[int, ...], start: date, end: date, zone: str
    ) -> ReportScope:
        return cls(tuple(sorted(set(store_ids))), start, end, zone_named(zone))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def utc_start(self) -> datetime:
        """The instant the first local day begins."""
        return local_midnight(self.start, self.zone)

    @property
    def utc_end(self) -> datetime:
        """The instant after the last local day (exclusive)."""
        return local_midnight(self.end + timedelta(days=1), self.zone)

    def with_range(self, start: date, end: date) -> ReportScope:
        return ReportScope(self.store_ids, start, end, self.zone)

    def previous(self) -> ReportScope:
        """The period to compare with: the previous calendar month(s) or year when the range is
        whole months, otherwise as many days right before."""
        months = _whole_months(self.start, self.end)
        if months:
            first = _add_months(self.start, -months)
            return self.with_range(first, self.start - timedelta(days=1))
        return self.with_range(self.start - timedelta(days=self.days), self.start - timedelta(1))


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant of local midnight starting `day` (midnight exists in Swedish time)."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def _check_whole_hours(zone: ZoneInfo, start: date, end: date) -> None:
    day = start
    while day <= end + timedelta(days=1):
        offset = datetime.combine(day, time(12), tzinfo=zone).utcoffset()
        if offset is None or offset.total_seconds() % 3600:
            raise ReportError(f"time zone {zone.key}: reports need a whole-hour offset from UTC")
        day += timedelta(days=14)
    for day in (start, end + timedelta(days=1)):
        offset = datetime.combine(day, time(0), tzinfo=zone).utcoffset()
        if offset is None or offset.total_seconds() % 3600:
            raise ReportError(f"time zone {zone.key}: reports need a whole-hour offset from UTC")


def _whole_months(start: date, end: date) -> int:
    """How many calendar months `start..end` spans exactly (0 when it is not whole months)."""
    if start.day != 1 or end.day != calendar.monthrange(end.year, end.month)[1]:
        return 0
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_range(year: int, month: int) -> tuple[date, date]:
    """The first and last day of a calendar month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
