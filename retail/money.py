"""Money: an exact amount of Swedish kronor held as integer öre.

Formatting follows sv-SE: thousands grouped with a NO-BREAK SPACE (U+00A0), decimal comma, and a
NO-BREAK SPACE before "kr", so "1 234,50 kr" never wraps on a receipt or a kiosk screen. Negative
amounts use ASCII hyphen-minus (receipt printers' code pages lack U+2212).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Self

from retail.errors import MoneyError
from retail.rounding import div_round_half_up

NBSP = "\u00a0"
"""The space used in formatted amounts."""

MAX_INPUT_LENGTH = 40
"""Longer texts are refused by `parse_money` before any work."""

MAX_AMOUNT_ORE = 10**11
"""One billion kronor: the largest amount `parse_money` and the wire accept (either sign)."""

_GROUP_SPACES = " \u00a0\u202f"
_AMOUNT = re.compile(
    r"""
    (?P<sign>-)?
    (?P<whole>[0-9]{1,3}(?:[ ][0-9]{3})+|[0-9]+)?
    (?:(?P<sep>[.,])(?P<frac>[0-9]*))?
    """,
    re.VERBOSE,
)
_SUFFIXES = ("kronor", "kr", "sek", ":-")


@dataclass(frozen=True, order=True, slots=True)
class Money:
    """An amount in öre (1 kr = 100 öre); immutable, exact, ordered.

    Arithmetic: `+`, `-`, unary `-`, `* int`, `abs()`; sums with `Money.total(...)`.
    """

    ore: int

    def __post_init__(self) -> None:
        if type(self.ore) is not int:
            raise TypeError("Money holds an int number of öre")

    @classmethod
    def zero(cls) -> Self:
        """Noll kronor."""
        return cls(0)

    @classmethod
    def kronor(cls, whole: int, ore: int = 0) -> Self:
        """`Money.kronor(12, 50)` is 12,50 kr; `ore` takes the sign of the amount."""
        if not 0 <= ore < 100:
            raise MoneyError("öre part must be 0-99")
        sign = -1 if whole < 0 else 1
        return cls(whole * 100 + sign * ore)

    @classmethod
    def total(cls, amounts: Iterable[Money]) -> Self:
        """The sum of `amounts` (zero when empty)."""
        return cls(sum(amount.ore for amount in amounts))

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.ore + other.ore)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.ore - other.ore)

    def __neg__(self) -> Money:
        return Money(-self.ore)

    def __abs__(self) -> Money:
        return Money(abs(self.ore))

    def __mul__(self, factor: int) -> Money:
        if type(factor) is not int:
            return NotImplemented
        return Money(self.ore * factor)

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return self.ore != 0

    def times_fraction(self, numerator: int, denominator: int) -> Money:
        """`self * numerator / denominator`, rounded half-up to whole öre."""
        return Money(div_round_half_up(self.ore * numerator, denominator))

    def for_weight(self, grams: int) -> Money:
        """The price of `grams` at `self` per kilogram, rounded half-up to whole öre."""
        return self.times_fraction(grams, 1000)

    def format(self, *, unit: bool = True, space: str = NBSP) -> str:
        """sv-SE text: "1 234,50 kr" (with `space` between groups and before the unit)."""
        whole, ore = divmod(abs(self.ore), 100)
        grouped = f"{whole:,}".replace(",", space)
        sign = "-" if self.ore < 0 else ""
        text = f"{sign}{grouped},{ore:02d}"
        return f"{text}{space}kr" if unit else text

    def __str__(self) -> str:
        return self.format()


def parse_money(text: str) -> Money:
    """Read an amount typed by a person: "12", "12,5", "12.50", "1 234,50 kr", "-3:-", "12 SEK".

    Decimal comma or point; at most two decimals; thousands may be grouped by spaces (normal,
    no-break or narrow no-break) in groups of three. Raises `MoneyError` saying what is wrong.
    """
    if len(text) > MAX_INPUT_LENGTH:
        raise MoneyError(f"amount text longer than {MAX_INPUT_LENGTH} characters")
    body = _strip_suffix(text.strip().lower())
    for space in _GROUP_SPACES:
        body = body.replace(space, " ")
    match = _AMOUNT.fullmatch(body)
    if not body or match is None:
        raise MoneyError("not an amount: use digits with a decimal comma, e.g. 12,50")
    whole, frac = match["whole"], match["frac"]
    if whole is None and not frac:
        raise MoneyError("no digits in the amount")
    if frac is not None and len(frac) > 2:
        raise MoneyError("at most two decimals (öre) in an amount")
    ore = int((whole or "0").replace(" ", "")) * 100 + int((frac or "").ljust(2, "0"))
    if ore > MAX_AMOUNT_ORE:
        raise MoneyError("amount larger than one billion kronor")
    return Money(-ore if match["sign"] else ore)


def _strip_suffix(text: str) -> str:
    for suffix in _SUFFIXES:
        if text.endswith(suffix):
            return text.removesuffix(suffix).rstrip()
    return text
