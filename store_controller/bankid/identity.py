"""A minimal personal identity number (personnummer) for the BankID client and simulator.

Private to the BankID package on purpose: it should give way to retail's `Personnummer` once that
exists. The value never shows in `repr`, `str` or f-strings; read `.digits` deliberately.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

_TWELVE_DIGITS: Final = re.compile(r"^\d{12}$")
MASK: Final = "************"


def luhn_check_digit(nine_digits: str) -> int:
    """The Luhn check digit over `YYMMDDNNN` (weights 2,1,2,1,... from the left)."""
    total = 0
    for index, char in enumerate(nine_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def _birth_date(digits: str) -> dt.date | None:
    year, month, day = int(digits[0:4]), int(digits[4:6]), int(digits[6:8])
    if day > 60:  # samordningsnummer: the day is increased by 60
        day -= 60
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def is_valid_personal_number(digits: str) -> bool:
    """12 digits, a real birth date (or coordination date) and a correct Luhn check digit."""
    if not _TWELVE_DIGITS.match(digits) or _birth_date(digits) is None:
        return False
    return luhn_check_digit(digits[2:11]) == int(digits[11])


class PersonalNumber:
    """A validated 12-digit personal identity number whose text form is always masked."""

    __slots__ = ("_digits",)

    def __init__(self, digits: str) -> None:
        if not is_valid_personal_number(digits):
            raise ValueError("not a valid 12-digit personal identity number")
        self._digits = digits

    @classmethod
    def from_bankid(cls, digits: str) -> PersonalNumber:
        """A number BankID vouched for: only its shape is checked, BankID is the authority."""
        if not _TWELVE_DIGITS.match(digits):
            raise ValueError("BankID sent a personal number that is not 12 digits")
        number = cls.__new__(cls)
        number._digits = digits
        return number

    @property
    def digits(self) -> str:
        """The 12 digits, for the wire only; never log them."""
        return self._digits

    @property
    def birth_date(self) -> dt.date:
        date = _birth_date(self._digits)
        if date is None:
            raise ValueError("the personal number holds no valid date")
        return date

    def __repr__(self) -> str:
        return f"PersonalNumber('{MASK}')"

    def __str__(self) -> str:
        return MASK

    def __format__(self, format_spec: str) -> str:
        return MASK

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PersonalNumber) and other._digits == self._digits

    def __hash__(self) -> int:
        return hash(("PersonalNumber", self._digits))
