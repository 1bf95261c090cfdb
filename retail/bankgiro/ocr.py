"""OCR references as Bankgirot checks them.

A reference is 2 to 25 ASCII digits whose last digit is a modulus-10 (Luhn) check digit. With a
length digit (Bankgirot's "variable length" control) the digit before the check digit is the
reference's total length mod 10, and the check digit covers it too. Example: base 12345 gives
`1234574` (7 digits, length digit 7, check digit 4).
"""

from __future__ import annotations

import enum

from retail.errors import OcrError

MIN_LENGTH = 2
MAX_LENGTH = 25
_DIGITS = frozenset("0123456789")


class OcrCheck(enum.StrEnum):
    """The control level agreed with Bankgirot (`SOFT` accepts a wrong check digit)."""

    SOFT = "soft"
    HARD = "hard"
    LENGTH_DIGIT = "length_digit"


def _digits(text: str) -> bool:
    return bool(text) and _DIGITS.issuperset(text)


def luhn_check_digit(body: str) -> int:
    """The Luhn check digit of `body`: weights 2, 1, 2, ... from its rightmost digit."""
    if not _digits(body):
        raise OcrError("an OCR check digit is computed over ASCII digits only")
    total = 0
    for position, char in enumerate(reversed(body)):
        product = (ord(char) - 48) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return -total % 10


def make_ocr(base: str, *, length_digit: bool = True) -> str:
    """An OCR reference for `base`: with a length digit (default) and the check digit."""
    if not _digits(base):
        raise OcrError("an OCR reference is made of ASCII digits only")
    length = len(base) + (2 if length_digit else 1)
    if length > MAX_LENGTH:
        raise OcrError(f"an OCR reference is at most {MAX_LENGTH} digits; this would be {length}")
    body = base + str(length % 10) if length_digit else base
    return body + str(luhn_check_digit(body))


def check_ocr(reference: str, level: OcrCheck = OcrCheck.LENGTH_DIGIT) -> str | None:
    """Why `reference` fails Bankgirot's control at `level`, or None when it passes."""
    if not _digits(reference):
        return "an OCR reference has digits only"
    if not MIN_LENGTH <= len(reference) <= MAX_LENGTH:
        return f"an OCR reference has {MIN_LENGTH} to {MAX_LENGTH} digits"
    if level is OcrCheck.SOFT:
        return None
    if luhn_check_digit(reference[:-1]) != int(reference[-1]):
        return "the check digit is wrong"
    if level is OcrCheck.LENGTH_DIGIT and int(reference[-2]) != len(reference) % 10:
        return "the length digit does not match the length"
    return None


def is_valid_ocr(reference: str, level: OcrCheck = OcrCheck.LENGTH_DIGIT) -> bool:
    """Whether `reference` passes Bankgirot's control at `level`."""
    return check_ocr(reference, level) is None
