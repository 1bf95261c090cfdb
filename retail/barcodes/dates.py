"""GS1 dates (YYMMDD) with the GS1 century rule and day 00 meaning the last day of the month."""

from __future__ import annotations

import calendar
from datetime import date
from functools import lru_cache

from retail.barcodes.reasons import InvalidBarcodeError, RejectReason


def gs1_year(yy: int, today: date) -> int:
    """The full year for two digits, per the GS1 General Specifications (7.12).

    Taking the current year's last two digits as reference: a difference of 51 to 99 years ahead
    means the previous century, 50 to 99 years behind means the next century, else this one.
    """
    century, current = divmod(today.year, 100)
    difference = yy - current
    if 51 <= difference <= 99:
        century -= 1
    elif -99 <= difference <= -50:
        century += 1
    return century * 100 + yy


@lru_cache(maxsize=4)
def century_years(this_year: int) -> tuple[int, ...]:
    """The full year of each YY 00-99 seen from `this_year` (the GS1 rule, computed once)."""
    today = date(this_year, 1, 1)
    return tuple(gs1_year(yy, today) for yy in range(100))


def parse_gs1_date(text: str, today: date) -> date:
    """A YYMMDD date; day 00 is the last day of the month. Raises `InvalidBarcodeError`."""
    if len(text) != 6 or not (text.isascii() and text.isdigit()):
        raise InvalidBarcodeError(RejectReason.BAD_DATE, "a GS1 date has six digits YYMMDD")
    year = gs1_year(int(text[:2]), today)
    month, day = int(text[2:4]), int(text[4:6])
    try:
        return date(year, month, day or calendar.monthrange(year, month)[1])
    except ValueError:  # calendar.IllegalMonthError is one too
        if not 1 <= month <= 12:
            raise InvalidBarcodeError(
                RejectReason.BAD_DATE, f"month {month:02d} does not exist"
            ) from None
        raise InvalidBarcodeError(
            RejectReason.BAD_DATE, f"day {day:02d} does not exist in {year}-{month:02d}"
        ) from None
