"""Bankgiro: OCR references (length digit and Luhn check digit) and the BgMax payments file."""

from retail.bankgiro.bgmax import (
    BgMaxFile,
    Deposit,
    ExtraReference,
    Payment,
    PaymentKind,
    ReferenceCode,
    parse_bgmax,
)
from retail.bankgiro.ocr import (
    OcrCheck,
    check_ocr,
    is_valid_ocr,
    luhn_check_digit,
    make_ocr,
)

__all__ = [
    "BgMaxFile",
    "Deposit",
    "ExtraReference",
    "OcrCheck",
    "Payment",
    "PaymentKind",
    "ReferenceCode",
    "check_ocr",
    "is_valid_ocr",
    "luhn_check_digit",
    "make_ocr",
    "parse_bgmax",
]
