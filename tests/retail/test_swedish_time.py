from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retail.swedish_time import swedish_date, swedish_offset

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.mark.parametrize("year", range(2000, 2100))
def test_agrees_with_the_time_zone_database_around_every_change(year: int) -> None:
    for month in (3, 10):
        for day in range(24, 32):
            for hour in range(24):
                moment = datetime(year, month, day, hour, tzinfo=UTC)
                assert swedish_offset(moment) == moment.astimezone(STOCKHOLM).utcoffset()


@settings(deadline=None)
@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2099, 12, 31, 23, 59),
        timezones=st.just(UTC),
    )
)
def test_the_swedish_date_of_any_moment(moment: datetime) -> None:
    assert swedish_date(moment) == moment.astimezone(STOCKHOLM).date()


def test_the_day_the_food_vat_changes() -> None:
    assert str(swedish_date(datetime(2026, 3, 31, 21, 59, tzinfo=UTC))) == "2026-03-31"
    assert str(swedish_date(datetime(2026, 3, 31, 22, 0, tzinfo=UTC))) == "2026-04-01"
    assert str(swedish_date(datetime(2027, 12, 31, 22, 59, tzinfo=UTC))) == "2027-12-31"
    assert str(swedish_date(datetime(2027, 12, 31, 23, 0, tzinfo=UTC))) == "2028-01-01"


def test_any_offset_is_read_as_the_same_moment() -> None:
    moment = datetime(2026, 3, 31, 22, 0, tzinfo=UTC)
    east = moment.astimezone(timezone(timedelta(hours=9)))
    assert swedish_date(east) == swedish_date(moment)
