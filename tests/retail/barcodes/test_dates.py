from datetime import date

import pytest
from hypothesis import given, settings
from stdnum import gs1_128

from retail.barcodes import InvalidBarcodeError, RejectReason, gs1_year, parse_gs1_date
from tests.retail.barcodes.strategies import digits
from tests.retail.outcome import outcome

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("yy", "today", "year"),
    [
        (26, date(2026, 1, 1), 2026),
        (76, date(2026, 1, 1), 2076),  # 50 ahead: this century
        (77, date(2026, 1, 1), 1977),  # 51 ahead: previous century
        (99, date(2026, 1, 1), 1999),
        (0, date(2026, 1, 1), 2000),
        (49, date(2099, 1, 1), 2149),  # 50 behind: next century
        (48, date(2099, 1, 1), 2148),
        (50, date(2099, 1, 1), 2050),  # 49 behind: this century
        (0, date(2060, 1, 1), 2100),  # 60 behind
        (10, date(2060, 1, 1), 2110),  # exactly 50 behind: next century
        (11, date(2060, 1, 1), 2011),
    ],
)
def test_gs1_century_rule(yy: int, today: date, year: int) -> None:
    assert gs1_year(yy, today) == year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("260401", date(2026, 4, 1)),
        ("240200", date(2024, 2, 29)),  # day 00: last day of the month, leap year
        ("250200", date(2025, 2, 28)),
        ("261200", date(2026, 12, 31)),
        ("260400", date(2026, 4, 30)),
        ("240229", date(2024, 2, 29)),
    ],
)
def test_dates(text: str, expected: date) -> None:
    assert parse_gs1_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text", ["260001", "261301", "260230", "250229", "260432", "2604", "26O401"]
)
def test_bad_dates(text: str) -> None:
    with pytest.raises(InvalidBarcodeError) as caught:
        parse_gs1_date(text, TODAY)
    assert caught.value.reason is RejectReason.BAD_DATE


def test_agrees_with_stdnum_where_century_rules_agree() -> None:
    # Every YYMMDD (day 00-31) on which the rules agree: 35 328 dates, checked in about a second.
    # stdnum reads YY with strptime (00-68 -> 20YY); the GS1 rule from 2026 differs on 69-76.
    for yy in [*range(0, 69), *range(77, 100)]:
        for month in range(1, 13):
            for day in range(32):
                text = f"{yy:02d}{month:02d}{day:02d}"
                try:
                    theirs: date | None = gs1_128.info("17" + text)["17"]
                except ValueError:
                    theirs = None
                ours = outcome(lambda t: parse_gs1_date(t, TODAY), text)
                assert ours == theirs or (
                    theirs is None and isinstance(ours, InvalidBarcodeError)
                ), text


@settings(deadline=None)
@given(digits(6))
def test_any_six_digits_give_a_date_or_bad_date(text: str) -> None:
    result = outcome(lambda t: parse_gs1_date(t, TODAY), text)
    if isinstance(result, InvalidBarcodeError):
        assert result.reason is RejectReason.BAD_DATE
    else:
        assert isinstance(result, date)
        assert result.strftime("%y%m") == text[:4]
