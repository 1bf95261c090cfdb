"""The idle door screen's opening-hours texts, in the store's local time and both languages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from store_controller.door.policy import AccessPolicy
from store_controller.entry.hours import hours_view

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
POLICY = AccessPolicy.model_validate(
    {
        "hours": {
            **{day: ["07:00-22:00"] for day in WEEKDAYS},
            "wednesday": [],
            "thursday": ["08:00-12:00", "13:00-21:00"],
            "exceptions": {"2026-12-24": ["07:00-13:00"], "2026-12-25": []},
        }
    }
)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """December 2026, Stockholm wall clock (UTC+1 in winter)."""
    return datetime(2026, 12, day, hour - 1, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "sv", "en"),
    [
        (at(1, 6, 59), "Stängt. Öppnar kl. 07:00", "Closed. Opens at 07:00"),  # Tuesday early
        (at(1, 22, 0), "Stängt. Öppnar på torsdag kl. 08:00", "Closed. Opens on Thursday at 08:00"),
        (at(3, 12, 30), "Stängt. Öppnar kl. 13:00", "Closed. Opens at 13:00"),  # lunch break
        (at(2, 12), "Stängt. Öppnar i morgon kl. 08:00", "Closed. Opens tomorrow at 08:00"),
        (at(24, 14), "Stängt. Öppnar på lördag kl. 07:00", "Closed. Opens on Saturday at 07:00"),
    ],
)
def test_outside_the_hours_it_says_when_the_store_opens(now: datetime, sv: str, en: str) -> None:
    view = hours_view(POLICY, now)
    assert not view.open_now
    assert view.closed is not None
    assert (view.closed.sv, view.closed.en) == (sv, en)


def test_inside_the_hours_it_shows_todays_hours_and_no_closed_text() -> None:
    view = hours_view(POLICY, at(3, 9))
    assert view.open_now
    assert view.closed is None
    assert view.today.sv == "Öppet i dag 08:00–12:00, 13:00–21:00"
    assert view.today.en == "Open today 08:00–12:00, 13:00–21:00"
    assert hours_view(POLICY, at(24, 8)).today.en == "Open today 07:00–13:00"  # an exception
    assert hours_view(POLICY, at(2, 9)).today.sv == "Stängt i dag"


def test_a_store_open_around_the_clock_says_so() -> None:
    view = hours_view(AccessPolicy(), at(5, 3))
    assert view.open_now
    assert view.today.sv == "Öppet dygnet runt i dag"


def test_a_store_that_never_opens_says_closed_without_a_time() -> None:
    never = AccessPolicy.model_validate({"hours": {day: [] for day in WEEKDAYS}})
    view = hours_view(never, at(5, 12))
    assert view.closed is not None
    assert view.closed.en == "The store is closed."
