"""UPC-E: the zero-suppressed 8-digit UPC, expanded to (and compressed from) UPC-A.

Layout: number system (0 or 1), six digits d1..d6, check digit. The check digit is the UPC-A one.
d6 picks the expansion: 0-2 -> d1 d2 d6 0000 d3 d4 d5; 3 -> d1 d2 d3 00000 d4 d5;
4 -> d1 d2 d3 d4 00000 d5; 5-9 -> d1 d2 d3 d4 d5 0000 d6.
"""

from __future__ import annotations

from retail.barcodes.checkdigit import gs1_check_digit, is_ascii_digits
from retail.barcodes.reasons import InvalidBarcodeError, RejectReason


def _expand_body(system: str, d: str) -> str:
    last = d[5]
    if last in "012":
        middle = d[0:2] + last + "0000" + d[2:5]
    elif last == "3":
        middle = d[0:3] + "00000" + d[3:5]
    elif last == "4":
        middle = d[0:4] + "00000" + d[4]
    else:
        middle = d[0:5] + "0000" + last
    return system + middle


def expand_upce(code: str) -> str:
    """The 12-digit UPC-A for an 8-digit UPC-E; raises `InvalidBarcodeError`."""
    if not is_ascii_digits(code):
        raise InvalidBarcodeError(RejectReason.NOT_DIGITS, "a UPC-E code has only digits")
    if len(code) != 8:
        raise InvalidBarcodeError(
            RejectReason.BAD_LENGTH, f"a UPC-E code has 8 digits, not {len(code)}"
        )
    if code[0] not in "01":
        raise InvalidBarcodeError(
            RejectReason.BAD_NUMBER_SYSTEM, "a UPC-E code starts with number system 0 or 1"
        )
    body = _expand_body(code[0], code[1:7])
    expected = gs1_check_digit(body)
    if expected != int(code[7]):
        raise InvalidBarcodeError(
            RejectReason.BAD_CHECK_DIGIT, f"check digit is {code[7]}, expected {expected}"
        )
    return body + code[7]


def compress_upca(upca: str) -> str | None:
    """The UPC-E form of a valid 12-digit UPC-A, or None when it has no zero-suppressed form."""
    if len(upca) != 12 or not is_ascii_digits(upca) or upca[0] not in "01":
        return None
    system, middle, check = upca[0], upca[1:11], upca[11]
    for last in "0123456789":
        candidate = _compress_candidate(middle, last)
        if candidate is not None and _expand_body(system, candidate)[1:] == middle:
            return system + candidate + check
    return None


def _compress_candidate(middle: str, last: str) -> str | None:
    if last in "012":
        return middle[0:2] + middle[7:10] + last if middle[2] == last else None
    if last == "3":
        return middle[0:3] + middle[8:10] + last
    if last == "4":
        return middle[0:4] + middle[9] + last
    return middle[0:5] + last if middle[9] == last else None
