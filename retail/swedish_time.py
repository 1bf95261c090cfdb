"""The calendar day in Sweden of a moment in UTC, without a time-zone database.

Swedish law (VAT rates, say) changes at midnight Swedish time. Sweden keeps CET (UTC+1) and
summer time (UTC+2) by the EU rule in force since 1996 (Directive 2000/84/EC): from 01:00 UTC on
the last Sunday of March to 01:00 UTC on the last Sunday of October. Computing it keeps the
kernel free of I/O (a zoneinfo lookup reads files); the tests check it against
Europe/Stockholm for every hour around each change of 2000-2099.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

_SUNDAY = 6
_WINTER, _SUMMER = timedelta(hours=1), timedelta(hours=2)


def _last_sunday(year: int, month: int) -> date:
    last = date(year, month, 31)  # March and October both have 31 days
    return last - timedelta(days=(last.weekday() - _SUNDAY) % 7)


@lru_cache(maxsize=8)
def _summer_time(year: int) -> tuple[datetime, datetime]:
    return (
        datetime.combine(_last_sunday(year, 3), time(1), UTC),
        datetime.combine(_last_sunday(year, 10), time(1), UTC),
    )


def swedish_offset(moment: datetime) -> timedelta:
    """UTC+2 in summer time, UTC+1 otherwise, at the aware `moment`."""
    utc = moment.astimezone(UTC)
    summer_starts, summer_ends = _summer_time(utc.year)
    return _SUMMER if summer_starts <= utc < summer_ends else _WINTER


def swedish_date(moment: datetime) -> date:
    """The date in Sweden at the aware `moment`."""
    return (moment.astimezone(UTC) + swedish_offset(moment)).date()
