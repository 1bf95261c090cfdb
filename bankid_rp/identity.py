"""The personal identity number as BankID's API carries it: always 12 digits, no separator.

Validation is retail's (`retail.Personnummer`); this type adds BankID's strict wire form and
`from_bankid` for numbers BankID itself vouched for. The value never shows in `repr`, `str` or
f-strings; read `.digits` deliberately.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from retail import Personnummer, PersonnummerError, is_valid_personnummer

_TWELVE_DIGITS: Final = re.compile(r"^\d{12}$")
MASK: Final = "************"


def is_valid_personal_number(digits: str) -> bool:
    """12 digits, a real birth date (or coordination date) and a correct Luhn check digit."""
    return bool(_TWELVE_DIGITS.match(digits)) and is_valid_personnummer(digits)


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
        try:
            return Personnummer.parse(self._digits).birth_date
        except PersonnummerError:
            raise ValueError("the personal number holds no valid date") from None

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
