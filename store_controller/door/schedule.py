"""Opening hours as data: weekly intervals in local wall-clock time, with exceptions by date.

An interval is written "HH:MM-HH:MM". An end at or before the start runs past midnight into the
next day ("22:00-02:00"); "00:00-24:00" is the whole day. An interval belongs to the day it starts
on: an exception for a date replaces that date's intervals, including their part after midnight.

Local times become real instants through the store's time zone. A start or end that falls in the
spring-forward gap moves to the first minute that exists (02:30 becomes 03:00); one that occurs
twice on the fall-back night means the first occurrence. So every interval opens and closes once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Self
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, model_serializer, model_validator

_DAY = 24 * 60
_PATTERN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
_LOOKAHEAD_DAYS = 60
_ONE_DAY = timedelta(days=1)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""The weekly fields by `date.weekday()`."""


class Interval(BaseModel):
    """One opening interval: minutes after the local midnight of its day; `end` may pass 1440."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int
    end: int

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        match = _PATTERN.match(value)
        if match is None:
            raise ValueError(f"an interval looks like '07:00-22:00', not {value!r}")
        sh, sm, eh, em = (int(g) for g in match.groups())
        if sh > 23 or eh > 24 or sm > 59 or em > 59 or (eh == 24 and em != 0):
            raise ValueError(f"no such time of day in {value!r}")
        start, end = sh * 60 + sm, eh * 60 + em
        if end <= start and not (start == 0 and end == _DAY):
            end += _DAY
        return {"start": start, "end": end}

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not (0 <= self.start < _DAY and self.start < self.end <= self.start + _DAY):
            raise ValueError("an interval starts within its day and lasts 1 minute to 24 hours")
        return self

    @model_serializer
    def _to_text(self) -> str:
        return str(self)

    def __str__(self) -> str:
        end = self.end if self.end == _DAY else self.end % _DAY
        return f"{_hhmm(self.start)}-{_hhmm(end)}"


ALL_DAY: list[Interval] = [Interval(start=0, end=_DAY)]


class OpeningHours(BaseModel):
    """Weekly hours plus dated exceptions; the default is open around the clock.

    TOML::

        [policy.hours]
        monday = ["07:00-22:00"]
        saturday = ["08:00-12:00", "13:00-22:00"]
        sunday = ["22:00-02:00"]        # runs into Monday night
        [policy.hours.exceptions]
        2026-12-24 = ["07:00-13:00"]    # special hours
        2026-12-25 = []                 # closed all day
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    monday: list[Interval] = ALL_DAY
    tuesday: list[Interval] = ALL_DAY
    wednesday: list[Interval] = ALL_DAY
    thursday: list[Interval] = ALL_DAY
    friday: list[Interval] = ALL_DAY
    saturday: list[Interval] = ALL_DAY
    sunday: list[Interval] = ALL_DAY
    exceptions: dict[date, list[Interval]] = {}

    def intervals_on(self, day: date) -> list[Interval]:
        """The intervals that start on local date `day`."""
        if day in self.exceptions:
            return self.exceptions[day]
        intervals: list[Interval] = getattr(self, _WEEKDAYS[day.weekday()])
        return intervals

    def spans(self, first: date, days: int, tz: ZoneInfo) -> Iterator[tuple[datetime, datetime]]:
        """Real (UTC) open spans of the intervals starting on `days` local dates from `first`."""
        for offset in range(days):
            day = first + timedelta(days=offset)
            for interval in self.intervals_on(day):
                yield (
                    local_instant(day, interval.start, tz),
                    local_instant(day, interval.end, tz),
                )

    def is_open(self, now_utc: datetime, tz: ZoneInfo, *, today: date | None = None) -> bool:
        """Whether an interval of yesterday or today (local dates) spans `now_utc`: `spans` of
        those two days, unrolled (asked at every door entry). `today` is `now_utc`'s local date
        in `tz`, when the caller has it already."""
        if today is None:
            today = now_utc.astimezone(tz).date()
        for day in (today - _ONE_DAY, today):
            for interval in self.intervals_on(day):
                if (
                    local_instant(day, interval.start, tz)
                    <= now_utc
                    < local_instant(day, interval.end, tz)
                ):
                    return True
        return False

    def next_opening(self, now_utc: datetime, tz: ZoneInfo) -> datetime | None:
        """The next instant after `now_utc` at which the store opens (in `tz`), within 60 days.

        An interval that lies wholly in the spring-forward gap opens and closes at the same
        instant (both ends move to the first minute that exists): it never opens, so it is not
        an opening."""
        today = now_utc.astimezone(tz).date()
        spans = self.spans(today, _LOOKAHEAD_DAYS, tz)
        starts = (s for s, e in spans if s > now_utc and e > s)
        first = min(starts, default=None)
        return None if first is None else first.astimezone(tz)


@functools.lru_cache(maxsize=512)
def local_instant(day: date, minutes: int, tz: ZoneInfo) -> datetime:
    """The UTC instant at which the wall clock in `tz` shows `minutes` after `day`'s midnight.

    A wall time in the spring-forward gap moves to the first minute that exists; a wall time that
    occurs twice means the first occurrence (fold=0). Remembered for the last few hundred
    (day, minutes, zone): every door decision asks for today's and yesterday's opening spans.
    """
    day += timedelta(days=minutes // _DAY)
    minutes %= _DAY
    for shift in range(0, 181):
        wall = datetime.combine(day, time(0), tzinfo=tz) + timedelta(minutes=minutes + shift)
        wall = datetime.combine(wall.date(), wall.time(), tzinfo=tz)
        instant = wall.astimezone(UTC)
        if instant.astimezone(tz).replace(tzinfo=None) == wall.replace(tzinfo=None):
            return instant
    raise ValueError(f"no wall time near {day} +{minutes} min exists in {tz}")  # pragma: no cover


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
