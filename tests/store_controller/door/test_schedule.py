"""Opening hours: parsing, weekly and overnight intervals, exceptions, and both DST nights."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import hypothesis.strategies as st
import pytest
from hypothesis import example, given, settings
from pydantic import ValidationError

from store_controller.door import Interval, OpeningHours
from store_controller.door.schedule import local_instant

STOCKHOLM = ZoneInfo("Europe/Stockholm")
CLOSED: list[Interval] = []


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A Stockholm wall time (fold=0), as UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM).astimezone(UTC)


def hours(**days: list[str]) -> OpeningHours:
    """Closed every day except those given."""
    week = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    return OpeningHours.model_validate({day: days.get(day, []) for day in week})


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("07:00-22:00", 420, 1320),
        ("22:00-02:00", 1320, 1560),
        ("00:00-24:00", 0, 1440),
        ("23:30-23:00", 1410, 2820),
        ("10:00-10:00", 600, 2040),  # a full 24 hours from ten
        (" 7:05 - 9:10 ", 425, 550),
    ],
)
def test_interval_parses_and_prints(text: str, start: int, end: int) -> None:
    interval = Interval.model_validate(text)
    assert (interval.start, interval.end) == (start, end)
    assert Interval.model_validate(str(interval)) == interval


@pytest.mark.parametrize(
    "text", ["7-22", "24:00-01:00", "07:60-08:00", "08:00-24:30", "08:00-25:00"]
)
def test_interval_rejects_nonsense(text: str) -> None:
    with pytest.raises(ValidationError):
        Interval.model_validate(text)


def test_hours_round_trip_through_toml_shape() -> None:
    text = """
    monday = ["07:00-22:00"]
    saturday = ["08:00-12:00", "13:00-22:00"]
    sunday = ["22:00-02:00"]
    [exceptions]
    2026-12-24 = ["07:00-13:00"]
    2026-12-25 = []
    """
    parsed = OpeningHours.model_validate(tomllib.loads(text))
    assert parsed.intervals_on(date(2026, 12, 25)) == []
    assert parsed.tuesday == OpeningHours().tuesday  # unspecified days stay open all day
    dumped = parsed.model_dump(mode="json")
    assert dumped["sunday"] == ["22:00-02:00"]
    assert dumped["exceptions"] == {"2026-12-24": ["07:00-13:00"], "2026-12-25": []}
    assert OpeningHours.model_validate(dumped) == parsed
    with pytest.raises(ValidationError):
        OpeningHours.model_validate({"mondays": ["07:00-22:00"]})


WEEK = hours(
    monday=["07:00-22:00"],
    tuesday=["07:00-12:00", "13:00-22:00"],
    friday=["07:00-22:00", "22:00-02:00"],
    saturday=["00:00-24:00"],
)


@pytest.mark.parametrize(
    ("when", "is_open"),
    [
        (local(2026, 11, 30, 6, 59), False),  # Monday before opening
        (local(2026, 11, 30, 7, 0), True),
        (local(2026, 11, 30, 21, 59), True),
        (local(2026, 11, 30, 22, 0), False),  # the end is exclusive
        (local(2026, 12, 1, 12, 30), False),  # Tuesday lunch break
        (local(2026, 12, 1, 13, 0), True),
        (local(2026, 12, 2, 12, 0), False),  # Wednesday closed
        (local(2026, 12, 4, 23, 0), True),  # Friday night
        (local(2026, 12, 5, 1, 59), True),  # Friday's interval, after midnight
        (local(2026, 12, 6, 0, 30), False),  # Saturday's all-day ends at midnight
        (local(2026, 6, 1, 7, 0), True),  # a summer Monday, in CEST
        (local(2026, 6, 1, 6, 59), False),
    ],
)
def test_weekly_hours(when: datetime, is_open: bool) -> None:
    assert WEEK.is_open(when, STOCKHOLM) is is_open


def test_exceptions_replace_the_day_including_its_night() -> None:
    christmas = hours(
        thursday=["07:00-22:00"], friday=["22:00-02:00"], saturday=["08:00-20:00"]
    ).model_copy(
        update={
            "exceptions": {
                date(2026, 12, 24): [Interval.model_validate("07:00-13:00")],
                date(2026, 12, 25): CLOSED,  # a Friday: its 22:00-02:00 goes too
            }
        }
    )
    assert christmas.is_open(local(2026, 12, 24, 12, 59), STOCKHOLM)
    assert not christmas.is_open(local(2026, 12, 24, 13, 0), STOCKHOLM)
    assert not christmas.is_open(local(2026, 12, 25, 23, 0), STOCKHOLM)
    assert not christmas.is_open(local(2026, 12, 26, 1, 0), STOCKHOLM)
    assert christmas.is_open(local(2026, 12, 26, 8, 0), STOCKHOLM)  # Saturday as usual
    assert christmas.is_open(local(2026, 12, 19, 1, 0), STOCKHOLM)  # an ordinary Friday night
    opening = christmas.next_opening(local(2026, 12, 24, 14, 0), STOCKHOLM)
    assert opening == datetime(2026, 12, 26, 8, 0, tzinfo=STOCKHOLM)


def test_default_is_open_around_the_clock() -> None:
    always = OpeningHours()
    for hour in range(0, 24 * 8, 5):
        assert always.is_open(utc(2026, 3, 28) + timedelta(hours=hour), STOCKHOLM)


# Spring forward: Sunday 2026-03-29, 02:00 CET becomes 03:00 CEST (01:00 UTC).
SPRING = hours(saturday=["22:00-06:00"], sunday=["02:30-04:00"])


@pytest.mark.parametrize(
    ("when", "is_open"),
    [
        (utc(2026, 3, 28, 20, 59), False),  # 21:59 CET
        (utc(2026, 3, 28, 21, 0), True),  # 22:00 CET
        (utc(2026, 3, 29, 3, 59), True),  # 05:59 CEST: the night is one hour shorter
        (utc(2026, 3, 29, 4, 0), False),  # 06:00 CEST
    ],
)
def test_spring_forward_night(when: datetime, is_open: bool) -> None:
    assert SPRING.is_open(when, STOCKHOLM) is is_open


def test_a_start_in_the_spring_gap_opens_when_the_clock_jumps() -> None:
    gap = hours(sunday=["02:30-04:00"])
    assert local_instant(date(2026, 3, 29), 150, STOCKHOLM) == utc(2026, 3, 29, 1, 0)
    assert not gap.is_open(utc(2026, 3, 29, 0, 59), STOCKHOLM)
    assert gap.is_open(utc(2026, 3, 29, 1, 0), STOCKHOLM)  # 03:00 CEST
    assert not gap.is_open(utc(2026, 3, 29, 2, 0), STOCKHOLM)  # 04:00 CEST
    opening = gap.next_opening(utc(2026, 3, 28, 12, 0), STOCKHOLM)
    assert opening == datetime(2026, 3, 29, 3, 0, tzinfo=STOCKHOLM)


# Fall back: Sunday 2026-10-25, 03:00 CEST becomes 02:00 CET (01:00 UTC).
@pytest.mark.parametrize(
    ("when", "is_open"),
    [
        (utc(2026, 10, 24, 19, 59), False),  # 21:59 CEST
        (utc(2026, 10, 24, 20, 0), True),  # 22:00 CEST
        (utc(2026, 10, 25, 0, 29), True),  # 02:29 CEST, the first time
        (utc(2026, 10, 25, 0, 30), False),  # 02:30 CEST: closed ...
        (utc(2026, 10, 25, 1, 15), False),  # ... and it stays closed at 02:15 CET
    ],
)
def test_fall_back_night_closes_once(when: datetime, is_open: bool) -> None:
    late = hours(saturday=["22:00-02:30"])
    assert late.is_open(when, STOCKHOLM) is is_open


def test_all_day_on_the_fall_back_sunday_lasts_25_hours() -> None:
    sunday = hours(sunday=["00:00-24:00"])
    assert sunday.is_open(utc(2026, 10, 24, 22, 0), STOCKHOLM)  # 00:00 CEST
    assert sunday.is_open(utc(2026, 10, 25, 22, 59), STOCKHOLM)  # 23:59 CET
    assert not sunday.is_open(utc(2026, 10, 25, 23, 0), STOCKHOLM)


def test_next_opening() -> None:
    monday_night = local(2026, 11, 30, 23, 0)
    assert WEEK.next_opening(monday_night, STOCKHOLM) == datetime(
        2026, 12, 1, 7, 0, tzinfo=STOCKHOLM
    )
    assert hours().next_opening(monday_night, STOCKHOLM) is None


day_intervals = st.builds(
    lambda start, length: Interval(start=start, end=start + length),
    st.integers(0, 1439),
    st.integers(1, 1440),
)


@settings(max_examples=60, deadline=None)
@given(
    week=st.lists(st.lists(day_intervals, max_size=2), min_size=7, max_size=7),
    minutes=st.integers(0, 366 * 24 * 60),
)
# Sunday 29 March 2026, the spring-forward night: 02:00-04:00 opens at 03:00 summer time (the
# second before it is 01:59:59 winter time, closed); 02:00-02:01 lies wholly in the gap and
# never opens, so the next opening is a week later.
@example(week=[[], [], [], [], [], [], [Interval(start=120, end=240)]], minutes=115_380)
@example(week=[[], [], [], [], [], [], [Interval(start=120, end=121)]], minutes=115_261)
def test_closed_until_the_next_opening(week: list[list[Interval]], minutes: int) -> None:
    names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    schedule = OpeningHours.model_validate(dict(zip(names, week, strict=True)))
    now = utc(2026, 1, 1) + timedelta(minutes=minutes)
    if schedule.is_open(now, STOCKHOLM):
        return
    local_opening = schedule.next_opening(now, STOCKHOLM)
    if local_opening is None:
        assert not any(week)
        return
    # Arithmetic on real time: an aware local datetime minus a second is wall-clock arithmetic
    # (03:00 summer time - 1 s = 02:59:59, a time the spring-forward night does not have).
    opening = local_opening.astimezone(UTC)
    assert opening > now
    assert schedule.is_open(opening, STOCKHOLM)
    assert not schedule.is_open(now + (opening - now) / 2, STOCKHOLM)
    assert not schedule.is_open(opening - timedelta(seconds=1), STOCKHOLM)


_CLOCK = st.integers(0, 23).map(lambda h: f"{h:02d}")
_INTERVAL = st.tuples(_CLOCK, st.sampled_from(["00", "30"]), _CLOCK, st.sampled_from(["00", "45"]))


@settings(max_examples=150, deadline=None)
@given(
    week=st.lists(st.lists(_INTERVAL, max_size=2), min_size=7, max_size=7),
    closed_day=st.none() | st.integers(0, 6),
    minutes=st.integers(0, 366 * 24 * 60),
)
@example(week=[[("22", "00", "02", "00")]] * 7, closed_day=None, minutes=86 * 24 * 60 + 60)
def test_is_open_is_whether_a_span_of_yesterday_or_today_holds_the_instant(
    week: list[list[tuple[str, str, str, str]]], closed_day: int | None, minutes: int
) -> None:
    days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    when = utc(2026, 1, 1) + timedelta(minutes=minutes)  # both DST nights of 2026 inside
    today = when.astimezone(STOCKHOLM).date()
    data: dict[str, object] = {
        day: [f"{a}:{b}-{c}:{d}" for a, b, c, d in intervals]
        for day, intervals in zip(days, week, strict=True)
    }
    if closed_day is not None:  # an exception on yesterday or today (or neither)
        data["exceptions"] = {today - timedelta(days=closed_day % 3): []}
    opening = OpeningHours.model_validate(data)
    spans = opening.spans(today - timedelta(days=1), 2, STOCKHOLM)
    held = any(start <= when < end for start, end in spans)
    assert opening.is_open(when, STOCKHOLM) is held
    assert opening.is_open(when, STOCKHOLM, today=today) is held  # the day given, as `decide`
