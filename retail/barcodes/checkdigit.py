"""The GS1 mod-10 check digit shared by EAN-8, EAN-13, UPC-A, GTIN-14 and SSCC."""

from __future__ import annotations

from retail.barcodes.reasons import InvalidBarcodeError, RejectReason

_DIGITS = frozenset("0123456789")


def is_ascii_digits(text: str) -> bool:
    """Whether `text` is non-empty and only ASCII 0-9 (`str.isdigit` also accepts "²" and "٣")."""
    return bool(text) and _DIGITS.issuperset(text)


def gs1_check_digit(body: str) -> int:
    """The check digit for `body` (the digits without it): weights 3,1,3,... from the right."""
    if not is_ascii_digits(body):
        raise InvalidBarcodeError(
            RejectReason.NOT_DIGITS, "a check digit is computed over ASCII digits only"
        )
    raw = body.encode("ascii")
    tripled, single = raw[-1::-2], raw[-2::-2]  # weight 3 from the rightmost digit
    total = 3 * (sum(tripled) - 48 * len(tripled)) + sum(single) - 48 * len(single)
    return -total % 10


def has_valid_check_digit(code: str) -> bool:
    """Whether the last digit of `code` is the GS1 check digit of the rest.

    One pass over the bytes: with the check digit at weight 1, a valid code sums to 0 mod 10.
    """
    raw = code.encode("ascii", "replace")  # a non-ASCII character becomes "?", not a digit
    if len(raw) < 2 or not raw.isdigit():
        return False
    single, tripled = raw[-1::-2], raw[-2::-2]
    return (sum(single) + 3 * sum(tripled) - 48 * (len(single) + 3 * len(tripled))) % 10 == 0
