"""Times a person reads: the store's wall clock, written the way each language writes it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from byabutik.runtime.timefmt import format_date_time, format_time, wall_time_of

WINTER = datetime(2026, 12, 5, 13, 5, 9, tzinfo=UTC)
SUMMER = datetime(2026, 7, 5, 13, 5, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("at", "language", "expected"),
    [
        (WINTER, "sv", "5 dec. 2026 kl. 14:05"),
        (WINTER, "en", "5 Dec 2026, 14:05"),
        (SUMMER, "sv", "5 juli 2026 kl. 15:05"),  # summer time: UTC+2
        (SUMMER, "en", "5 Jul 2026, 15:05"),
    ],
)
def test_stockholm_wall_clock_per_language(at: datetime, language: str, expected: str) -> None:
    assert format_date_time(at, language) == expected  # type: ignore[arg-type]


def test_seconds_and_zone_on_request() -> None:
    assert format_date_time(WINTER, "en", seconds=True, with_zone=True) == (
        "5 Dec 2026, 14:05:09 CET"
    )
    assert format_date_time(SUMMER, "sv", seconds=True, with_zone=True) == (
        "5 juli 2026 kl. 15:05:09 CEST"
    )


def test_midnight_in_stockholm_is_the_next_day_there() -> None:
    late = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert format_date_time(late, "en") == "1 Jan 2027, 00:30"
    assert format_time(late) == "00:30"


def test_another_zone() -> None:
    assert format_time(WINTER, "Europe/Helsinki") == "15:05"


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        format_time(datetime(2026, 1, 1, 12, 0))


def test_a_monotonic_reading_becomes_the_wall_time_it_happened() -> None:
    assert wall_time_of(5472.5, now=WINTER, monotonic_now=5482.5) == datetime(
        2026, 12, 5, 13, 4, 59, tzinfo=UTC
    )
