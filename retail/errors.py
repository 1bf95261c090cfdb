"""The retail exception tree: every error the kernel raises derives from `RetailError`.

Messages are safe to log: they never echo a personal identity number.
"""

from __future__ import annotations


class RetailError(ValueError):
    """Base of every error raised by the retail kernel (a `ValueError`: bad input)."""


class MoneyError(RetailError):
    """A text could not be read as an amount of money, or an amount is out of range."""


class VatError(RetailError):
    """A VAT schedule is inconsistent or has no rate for the asked date."""


class BarcodeError(RetailError):
    """A code is not a valid barcode of the asked kind."""


class PersonnummerError(RetailError):
    """A text is not a valid personnummer or samordningsnummer (the number is never quoted)."""


class ReceiptNumberError(RetailError):
    """A receipt number is malformed or breaks its series."""


class OcrError(RetailError):
    """A text is not a valid OCR reference, or one cannot be made from the given base."""


class BgMaxError(RetailError):
    """A BgMax file breaks the format or its totals; the whole file is refused."""
