"""Receipt numbers: one unbroken ascending series per store and register (kassaregister law).

A series starts at 1 and every receipt takes the next number, sales and returns alike; a number
is never reused or skipped. `find_gaps` checks a stored series (for the Z-report and audits).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from retail.errors import ReceiptNumberError

FIRST_RECEIPT_NUMBER = 1
_SERIES_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_TEXT = re.compile(
    r"(?P<store>[a-z0-9][a-z0-9-]{0,63})/(?P<register>[a-z0-9][a-z0-9-]{0,63})/(?P<n>[0-9]{6,12})"
)
NUMBER_WIDTH = 6


@dataclass(frozen=True, slots=True, order=True)
class ReceiptNumber:
    """The number of one receipt: store id, register id and position in their series."""

    store_id: str
    register_id: str
    number: int

    def __post_init__(self) -> None:
        for part in (self.store_id, self.register_id):
            if not _SERIES_ID.fullmatch(part):
                raise ReceiptNumberError("store and register ids are lowercase a-z, 0-9 and -")
        if not FIRST_RECEIPT_NUMBER <= self.number < 10**12:
            raise ReceiptNumberError("a receipt number lies between 1 and 10^12 - 1")

    def next(self) -> ReceiptNumber:
        """The number of the following receipt in the same series."""
        return ReceiptNumber(self.store_id, self.register_id, self.number + 1)

    def __str__(self) -> str:
        return f"{self.store_id}/{self.register_id}/{self.number:0{NUMBER_WIDTH}d}"


def first_receipt_number(store_id: str, register_id: str) -> ReceiptNumber:
    """The number of a series' first receipt."""
    return ReceiptNumber(store_id, register_id, FIRST_RECEIPT_NUMBER)


def next_receipt_number(store_id: str, register_id: str, last: int | None) -> ReceiptNumber:
    """The number after `last` (None: the series is empty so far)."""
    if last is None:
        return first_receipt_number(store_id, register_id)
    return ReceiptNumber(store_id, register_id, last).next()


def parse_receipt_number(text: str) -> ReceiptNumber:
    """Read the `str()` form "store/register/000042"; raises `ReceiptNumberError`."""
    match = _TEXT.fullmatch(text.strip()) if len(text) < 200 else None
    if match is None:
        raise ReceiptNumberError("a receipt number reads store/register/000042")
    return ReceiptNumber(match["store"], match["register"], int(match["n"]))


@dataclass(frozen=True, slots=True)
class SeriesCheck:
    """What is wrong with a series: missing ranges, duplicates, and numbers out of order."""

    missing: tuple[tuple[int, int], ...]
    """Inclusive (first, last) ranges of numbers never used."""
    duplicates: tuple[int, ...]
    out_of_order: tuple[int, ...]
    """Numbers lower than one recorded before them."""

    @property
    def is_unbroken(self) -> bool:
        """No gap, no duplicate, ascending."""
        return not (self.missing or self.duplicates or self.out_of_order)


def check_series(numbers: Iterable[int], *, start: int = FIRST_RECEIPT_NUMBER) -> SeriesCheck:
    """Check numbers in recording order against the unbroken series from `start`."""
    seen: set[int] = set()
    duplicates: list[int] = []
    out_of_order: list[int] = []
    highest = start - 1
    for number in numbers:
        if number in seen:
            duplicates.append(number)
            continue
        if number < highest or number < start:
            out_of_order.append(number)
        seen.add(number)
        highest = max(highest, number)
    return SeriesCheck(_missing(seen, start), tuple(duplicates), tuple(out_of_order))


def _missing(seen: set[int], start: int) -> tuple[tuple[int, int], ...]:
    ranges: list[tuple[int, int]] = []
    expected = start
    for number in sorted(n for n in seen if n >= start):
        if number > expected:
            ranges.append((expected, number - 1))
        expected = number + 1
    return tuple(ranges)
