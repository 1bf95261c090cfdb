"""The bars of an EAN-13 symbol (GS1 General Specifications, 5.2.1), as 95 modules: `1` a dark
module, `0` a light one; for drawing a barcode on a shelf label."""

from __future__ import annotations

from retail.barcodes.checkdigit import has_valid_check_digit, is_ascii_digits
from retail.barcodes.reasons import InvalidBarcodeError, RejectReason

_L: tuple[str, ...] = ("0001101", "0011001", "0010011", "0111101", "0100011")
_L += ("0110001", "0101111", "0111011", "0110111", "0001011")
_R = tuple("".join("1" if bit == "0" else "0" for bit in code) for code in _L)
_G = tuple(code[::-1] for code in _R)
_PARITY: tuple[str, ...] = ("LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG")
_PARITY += ("LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL")
GUARD, CENTRE = "101", "01010"
QUIET_ZONE_MODULES = (11, 7)
"""Light margins the symbol needs left and right of its bars, in modules."""


def ean13_modules(code: str) -> str:
    """The 95 modules of the EAN-13 `code` (13 digits with a valid check digit)."""
    if len(code) != 13 or not is_ascii_digits(code):
        raise InvalidBarcodeError(RejectReason.BAD_LENGTH, f"{code!r} is not 13 digits")
    if not has_valid_check_digit(code):
        raise InvalidBarcodeError(RejectReason.BAD_CHECK_DIGIT, f"{code} has a wrong check digit")
    digits = [int(c) for c in code]
    left = "".join(
        (_L if side == "L" else _G)[d]
        for side, d in zip(_PARITY[digits[0]], digits[1:7], strict=True)
    )
    right = "".join(_R[d] for d in digits[7:])
    return GUARD + left + CENTRE + right + GUARD
