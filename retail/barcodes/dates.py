"""GS1 dates (YYMMDD) with the GS1 century rule and day 00 meaning the last day of the month."""

from __future__ import annotations

import calendar
from datetime import date

from retail.barcodes.checkdigit import is_ascii_digits
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


def parse_gs1_date(text: str, today: date) -> date:
    """A YYMMDD date; day 00 is the last day of the month. Raises `InvalidBarcodeError`."""
    if len(text) != 6 or not is_ascii_digits(text):
        raise InvalidBarcodeError(RejectReason.BAD_DATE, "a GS1 date has six digits YYMMDD")
    year = gs1_year(int(text[:2]), today)
    month, day = int(text[2:4]), int(text[4:6])
    if not 1 <= month <= 12:
        raise InvalidBarcodeError(RejectReason.BAD_DATE, f"month {month:02d} does not exist")
    last_day = calendar.monthrange(year, month)[1]
    if day > last_day:
        raise InvalidBarcodeError(
            RejectReason.BAD_DATE, f"day {day:02d} does not exist in {year}-{month:02d}"
        )
    return date(year, month, day or last_day)
