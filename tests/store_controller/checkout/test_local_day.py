"""LocalDay gives the same date as converting each time, across midnights and clock changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from store_controller.checkout.local_day import LocalDay

ZONES = ["Europe/Stockholm", "America/Havana", "America/Santiago", "Asia/Kathmandu", "UTC"]


@pytest.mark.parametrize("zone", ZONES)
def test_every_quarter_hour_of_a_year_has_the_converted_date(zone: str) -> None:
    tz = ZoneInfo(zone)
    day = LocalDay(tz)
    at = datetime(2026, 1, 1, tzinfo=UTC)
    for _ in range(4 * 24 * 366):
        assert day.on(at) == at.astimezone(tz).date(), at
        at += timedelta(minutes=15)


def test_a_wall_clock_set_back_gives_the_earlier_date() -> None:
    tz = ZoneInfo("Europe/Stockholm")
    day = LocalDay(tz)
    later = datetime(2026, 11, 28, 12, tzinfo=UTC)
    assert str(day.on(later)) == "2026-11-28"
    assert str(day.on(later - timedelta(days=3))) == "2026-11-25"
    assert str(day.on(datetime(2026, 11, 27, 22, 59, 59, tzinfo=UTC))) == "2026-11-27"
    assert str(day.on(datetime(2026, 11, 27, 23, 0, tzinfo=UTC))) == "2026-11-28"
