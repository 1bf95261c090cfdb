"""The cold-chain log's figures: summaries per local hour/day and excursions judged by the limits
each reading carried, matched to the alert case that covered them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from backoffice.coldchain.log import (
    Case,
    Reading,
    excursions,
    match_cases,
    month_bounds,
    summaries,
)

T = datetime(2026, 5, 4, 21, 30, tzinfo=UTC)  # 23:30 in Stockholm


def fridge(minutes: int, centi: int) -> Reading:
    return Reading(T + timedelta(minutes=minutes), centi, 0, 800)


def test_summaries_follow_the_stores_local_hours_and_days() -> None:
    readings = [fridge(0, 400), fridge(20, 900), fridge(40, 500)]  # 23:30, 23:50, 00:10
    hours = summaries(readings, "Europe/Stockholm", "hour")
    assert [(h.start.hour, h.count, h.min_centi, h.max_centi, h.outside) for h in hours] == [
        (23, 2, 400, 900, 1),
        (0, 1, 500, 500, 0),
    ]
    days = summaries(readings, "Europe/Stockholm", "day")
    assert [(d.start.day, d.count, d.mean_centi) for d in days] == [(4, 2, 650), (5, 1, 500)]


def test_an_excursion_runs_from_the_first_reading_out_to_the_first_back_inside() -> None:
    readings = [fridge(0, 400), fridge(5, 900), fridge(10, 1250), fridge(15, 1000)]
    readings += [fridge(20, 600), fridge(25, -50), fridge(30, 300)]
    readings += [Reading(T + timedelta(minutes=35), 2000, None, None)]  # no limits: not judged
    readings += [fridge(40, 950)]
    first, cold, last = excursions(readings)
    assert (first.start, first.end, first.readings) == (
        T + timedelta(minutes=5),
        T + timedelta(minutes=20),
        3,
    )
    assert first.peak.centi == 1250
    assert first.too_warm
    assert first.duration(T) == timedelta(minutes=15)
    assert (cold.peak.centi, cold.too_warm) == (-50, False)
    assert last.end is None  # still out at the last reading
    assert last.duration(T + timedelta(hours=1)) == timedelta(minutes=20)


def test_excursions_are_matched_to_the_alert_case_of_that_time() -> None:
    readings = [fridge(0, 900), fridge(10, 400), fridge(120, 900), fridge(130, 400)]
    ack = T + timedelta(minutes=3)
    cases = [
        Case(7, "frys is at -10.0 °C", T, T + timedelta(minutes=9), "Per", ack),
        Case(
            8, "kyl is at 9.0 °C", T + timedelta(minutes=1), T + timedelta(minutes=9), "Vera", ack
        ),
    ]
    first, second = match_cases(excursions(readings), cases, "kyl", T + timedelta(hours=3))
    assert first.case is not None
    assert first.case.acknowledged_by == "Vera"
    assert second.case is None  # nobody was alerted about the second one


def test_a_month_is_the_stores_local_calendar_month() -> None:
    start, end = month_bounds(date(2026, 12, 1), "Europe/Stockholm")
    assert start.astimezone(UTC) == datetime(2026, 11, 30, 23, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2026, 12, 31, 23, 0, tzinfo=UTC)
