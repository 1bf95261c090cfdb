"""VAT classes and their date-effective rates, kept as data.

A rate is held in basis points (2500 = 25 %), so rates such as 25.5 % stay exact.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from retail.enum_value import read_value_in_c
from retail.errors import VatError


@read_value_in_c
class VatClass(enum.StrEnum):
    """What a product is, for VAT; the schedule maps it to a rate on a given day."""

    STANDARD = "standard"
    """25 %: most goods, alcohol above folköl strength, tobacco, tap water."""
    FOOD = "food"
    """Livsmedel: 12 %, temporarily 6 % from 2026-04-01 through 2027-12-31."""
    REDUCED = "reduced"
    """6 %: books, newspapers, some culture."""
    ZERO = "zero"
    """0 %: exempt or outside the scope of VAT."""


@dataclass(frozen=True, slots=True)
class VatPeriod:
    """`vat_class` has `rate_bp` from `valid_from` (inclusive) to `valid_until` (inclusive)."""

    vat_class: VatClass
    rate_bp: int
    valid_from: date | None = None
    valid_until: date | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.rate_bp <= 10_000:
            raise VatError("a VAT rate lies between 0 and 10000 basis points")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise VatError("a VAT period ends before it starts")

    def covers(self, day: date) -> bool:
        """Whether the period applies on `day`."""
        after_start = self.valid_from is None or self.valid_from <= day
        return after_start and (self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True, slots=True)
class VatSchedule:
    """All periods of all classes; each class must be covered on every day, exactly once."""

    periods: tuple[VatPeriod, ...]

    def __post_init__(self) -> None:
        for vat_class in VatClass:
            _check_contiguous(vat_class, [p for p in self.periods if p.vat_class is vat_class])

    def rate_bp(self, vat_class: VatClass, on: date) -> int:
        """The rate of `vat_class` on `on`, in basis points."""
        for period in self.periods:
            if period.vat_class is vat_class and period.covers(on):
                return period.rate_bp
        raise VatError(f"no VAT rate for {vat_class} on {on}")  # pragma: no cover (validated)

    def changes_between(self, start: date, end: date) -> list[date]:
        """Days in (start, end] on which some class changes rate: when a catalog must re-price."""
        return sorted(
            {p.valid_from for p in self.periods if p.valid_from and start < p.valid_from <= end}
        )


def _check_contiguous(vat_class: VatClass, periods: Iterable[VatPeriod]) -> None:
    ordered = sorted(periods, key=lambda p: p.valid_from or date.min)
    if not ordered or ordered[0].valid_from is not None or ordered[-1].valid_until is not None:
        raise VatError(f"{vat_class}: periods must run from the beginning of time to open end")
    for before, after in pairwise(ordered):
        if before.valid_until is None or after.valid_from is None:
            raise VatError(f"{vat_class}: only the first and last periods may be open")
        if (after.valid_from - before.valid_until).days != 1:
            raise VatError(f"{vat_class}: periods overlap or leave a gap at {after.valid_from}")


SWEDISH_VAT = VatSchedule(
    periods=(
        VatPeriod(VatClass.STANDARD, 2500),
        VatPeriod(VatClass.FOOD, 1200, valid_until=date(2026, 3, 31)),
        VatPeriod(VatClass.FOOD, 600, date(2026, 4, 1), date(2027, 12, 31)),
        VatPeriod(VatClass.FOOD, 1200, valid_from=date(2028, 1, 1)),
        VatPeriod(VatClass.REDUCED, 600),
        VatPeriod(VatClass.ZERO, 0),
    )
)
"""Swedish rates (Prop. 2025/26:55: food 6 % from 2026-04-01 through 2027-12-31)."""


def format_rate(rate_bp: int) -> str:
    """sv-SE percent text: 2500 -> "25 %", 2550 -> "25,5 %"."""
    whole, frac = divmod(rate_bp, 100)
    decimals = f",{frac:02d}".rstrip("0") if frac else ""
    return f"{whole}{decimals}\u00a0%"
