"""GTINs: EAN-13, EAN-8, UPC-A and GTIN-14, validated and normalised to 14 digits for lookups."""

from __future__ import annotations

import enum

from retail.barcodes.checkdigit import gs1_check_digit, is_ascii_digits
from retail.barcodes.reasons import InvalidBarcodeError, RejectReason


class GtinKind(enum.StrEnum):
    """The GTIN format, known from the length."""

    EAN8 = "ean8"
    UPCA = "upca"
    EAN13 = "ean13"
    GTIN14 = "gtin14"


GTIN_LENGTHS = {8: GtinKind.EAN8, 12: GtinKind.UPCA, 13: GtinKind.EAN13, 14: GtinKind.GTIN14}


def gtin_kind(code: str) -> GtinKind:
    """Validate a GTIN of 8, 12, 13 or 14 digits, return its kind; raises `InvalidBarcodeError`."""
    if not is_ascii_digits(code):
        raise InvalidBarcodeError(RejectReason.NOT_DIGITS, "a GTIN has only digits")
    kind = GTIN_LENGTHS.get(len(code))
    if kind is None:
        raise InvalidBarcodeError(
            RejectReason.BAD_LENGTH, f"a GTIN has 8, 12, 13 or 14 digits, not {len(code)}"
        )
    expected = gs1_check_digit(code[:-1])
    if expected != int(code[-1]):
        raise InvalidBarcodeError(
            RejectReason.BAD_CHECK_DIGIT, f"check digit is {code[-1]}, expected {expected}"
        )
    return kind


def is_valid_gtin(code: str) -> bool:
    """Whether `code` is a valid EAN-8, UPC-A, EAN-13 or GTIN-14."""
    try:
        gtin_kind(code)
    except InvalidBarcodeError:
        return False
    return True


def to_gtin14(code: str) -> str:
    """The 14-digit form used as catalog key: left-padded with zeros after validation."""
    gtin_kind(code)
    return code.zfill(14)


def from_gtin14(gtin14: str) -> str:
    """The shortest usual form of a GTIN-14: EAN-8, UPC-A (12), EAN-13 or the 14 digits."""
    gtin_kind(gtin14)
    if gtin14.startswith("000000"):
        return gtin14[6:]
    if gtin14.startswith("00"):
        return gtin14[2:]
    return gtin14[1:] if gtin14.startswith("0") else gtin14


def with_check_digit(body: str) -> str:
    """`body` followed by its check digit."""
    return body + str(gs1_check_digit(body))
