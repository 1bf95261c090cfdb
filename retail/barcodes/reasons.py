"""Why a scan is rejected: one reason enum and one error type for the whole barcode package."""

from __future__ import annotations

import enum

from retail.errors import BarcodeError


class RejectReason(enum.StrEnum):
    """A precise, stable reason code (safe to store, show, and count in reports)."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    NOT_DIGITS = "not_digits"
    BAD_LENGTH = "bad_length"
    BAD_CHECK_DIGIT = "bad_check_digit"
    BAD_NUMBER_SYSTEM = "bad_number_system"
    BAD_CHARACTER = "bad_character"
    UNKNOWN_AI = "unknown_ai"
    TRUNCATED = "truncated"
    VALUE_TOO_LONG = "value_too_long"
    EMPTY_VALUE = "empty_value"
    BAD_DATE = "bad_date"
    BAD_VALUE = "bad_value"
    ZERO_VALUE = "zero_value"
    """A price, weight or count of zero: a misprinted label, never a sale."""
    OVER_LIMIT = "over_limit"
    """A count, weight or price more than one kiosk line holds (`retail.limits`)."""
    DUPLICATE_AI = "duplicate_ai"
    NO_PRODUCT_KEY = "no_product_key"
    UNSUPPORTED = "unsupported"


class InvalidBarcodeError(BarcodeError):
    """A code that cannot be used; `reason` is machine-readable, the message is for people."""

    def __init__(self, reason: RejectReason, message: str) -> None:
        super().__init__(message)
        self.reason = reason
