"""The checks Swish makes when a payment request or refund is created, with its error codes.

Order and codes follow swish.md section 10; a `message` that is exactly an error code triggers
that code, as the Merchant Swish Simulator does (section 8). Pure functions: body in, codes out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from swish_merchant.messages import OUTCOME_CODES, VALIDATION_CODES
from swish_merchant.models import MESSAGE_CHARS, MESSAGE_MAX

INSTRUCTION_ID = re.compile(r"^[0-9A-F]{32}$")
_REFERENCE = re.compile(r"^[A-Za-z0-9-]{1,35}$")
_ALIAS = re.compile(r"^\d{8,15}$")
_PAYEE = re.compile(r"^123\d{7}$")
_AMOUNT = re.compile(r"^\d{1,18}(\.\d{1,2})?$")
_MESSAGE = re.compile(f"^[{MESSAGE_CHARS}]*$")
MIN_AMOUNT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")

_TEXTS = {
    "FF08": "PayeePaymentReference is invalid",
    "RP03": "Callback URL is missing or does not use HTTPS",
    "BE18": "Payer alias is invalid",
    "RP01": "Missing Merchant Swish Number",
    "PA02": "Amount value is missing or not a valid number",
    "AM02": "Amount value is too large",
    "AM03": "Invalid or missing Currency",
    "AM06": "Specified transaction amount is less than agreed minimum",
    "RP02": "Wrong formatted message",
    "RP04": "No payment request found related to a token",
    "RP06": "A payment request already exists for that payer",
    "ACMT03": "Payer not Enrolled",
    "ACMT01": "Counterpart is not activated",
    "ACMT07": "Payee not Enrolled",
    "VR01": "Payer does not meet the age limit",
    "VR02": "The payer alias is not enrolled with the given personal number",
    "RP07": "Transaction status is not valid for cancellation",
    "RF07": "Transaction declined",
    "BANKIDCL": "Payer cancelled BankID signing",
    "FF10": "Bank system processing error",
    "TM01": "Swish timed out before the payment was started",
    "DS24": "Swish timed out waiting for an answer from the banks",
    "RF02": "Original payment not found or too old",
    "RF03": "Payer alias in the refund does not match the payee alias of the original payment",
    "RF08": "Amount exceeds the original payment minus earlier refunds",
}


@dataclass(frozen=True)
class SwishProblem:
    """One entry of Swish's 422 answer."""

    code: str

    def to_wire(self) -> dict[str, Any]:
        text = _TEXTS.get(self.code, self.code)
        return {"errorCode": self.code, "errorMessage": text, "additionalInformation": None}


def error_text(code: str) -> str:
    return _TEXTS.get(code, code)


def trigger(message: object) -> str | None:
    """The error code a tester put in `message`, if any (validation or outcome code)."""
    if isinstance(message, str) and message.strip() in (*VALIDATION_CODES, *OUTCOME_CODES):
        return message.strip()
    return None


def _matches(pattern: re.Pattern[str], value: object) -> bool:
    return isinstance(value, str) and pattern.match(value) is not None


def _amount_codes(amount: object) -> list[str]:
    if not isinstance(amount, str | int | float) or not _AMOUNT.match(str(amount)):
        return ["PA02"]
    value = Decimal(str(amount))
    if value > MAX_AMOUNT:
        return ["AM02"]
    if value < MIN_AMOUNT:
        return ["AM06"]
    return []


def _callback_codes(url: object, *, allow_http: bool) -> list[str]:
    schemes = ("https://", "http://") if allow_http else ("https://",)
    if not isinstance(url, str) or not url.startswith(schemes):
        return ["RP03"]
    return []


def check_payment_request(body: dict[str, Any], *, allow_http_callbacks: bool) -> list[str]:
    """Every error code the create body earns, in Swish's order; empty when it is valid."""
    codes: list[str] = []
    reference = body.get("payeePaymentReference")
    if reference is not None and not _matches(_REFERENCE, reference):
        codes.append("FF08")
    codes += _callback_codes(body.get("callbackUrl"), allow_http=allow_http_callbacks)
    payer = body.get("payerAlias")
    if payer is not None and not _matches(_ALIAS, payer):
        codes.append("BE18")
    payee = body.get("payeeAlias")
    if not payee:
        codes.append("RP01")
    elif not isinstance(payee, str) or not _PAYEE.match(payee):
        codes.append("ACMT07")
    codes += _amount_codes(body.get("amount"))
    if body.get("currency") != "SEK":
        codes.append("AM03")
    message = body.get("message", "")
    if not isinstance(message, str) or len(message) > MESSAGE_MAX or not _MESSAGE.match(message):
        codes.append("RP02")
    triggered = trigger(message)
    if triggered in VALIDATION_CODES and triggered not in codes:
        codes.insert(0, triggered)
    return codes


def check_refund(body: dict[str, Any], *, allow_http_callbacks: bool) -> list[str]:
    """Every error code a refund body earns before the original payment is looked at."""
    codes = _callback_codes(body.get("callbackUrl"), allow_http=allow_http_callbacks)
    payer = body.get("payerAlias")
    if not isinstance(payer, str) or not _PAYEE.match(payer):
        codes.append("RP01")
    codes += _amount_codes(body.get("amount"))
    if body.get("currency") != "SEK":
        codes.append("AM03")
    message = body.get("message", "")
    if not isinstance(message, str) or len(message) > MESSAGE_MAX or not _MESSAGE.match(message):
        codes.append("RP02")
    if not isinstance(body.get("originalPaymentReference"), str):
        codes.append("RF02")
    return codes
