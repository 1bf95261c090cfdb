"""The Swish commerce API's JSON, and the pure rules for the fields Byabutik fills in.

Wire names are camelCase (`payeePaymentReference`); Python names are snake_case. Amounts are
`Money` here and decimal kronor strings ("12.50") on the wire.
"""

from __future__ import annotations

import enum
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator
from pydantic.alias_generators import to_camel

from retail import Money
from swish_merchant.errors import InvalidRequest

_NAMESPACE = uuid.UUID("6f0b1c64-2f43-5d1e-9a57-3b8c2d7e1a90")
_REFERENCE = re.compile(r"^[A-Za-z0-9-]{1,35}$")
MESSAGE_CHARS = 'a-zA-ZåäöÅÄÖ0-9 :;.,?!()"'
"""What a message may hold (swish.md section 2.1; the space is assumed)."""
_MESSAGE_REFUSED = re.compile(f"[^{MESSAGE_CHARS}]")
MESSAGE_MAX = 50
MAX_AMOUNT = Money(999_999_999_999_99)


class SwishStatus(enum.StrEnum):
    """A payment request's status at Swish; only PAID means money moved."""

    CREATED = "CREATED"
    PAID = "PAID"
    DECLINED = "DECLINED"
    ERROR = "ERROR"
    CANCELLED = "CANCELLED"


def instruction_id(reference: str, *, kind: str = "payment") -> str:
    """The instruction UUID for `reference`: 32 upper-case hex, always the same for a reference.

    Sending the same sale again therefore names the same payment request (no second charge);
    refunds use another `kind` (e.g. "refund-1") to get their own ids.
    """
    return uuid.uuid5(_NAMESPACE, f"{kind}:{reference}").hex.upper()


def payee_reference(reference: str) -> str:
    """Our reference as Swish accepts it: a UUID without hyphens, else 1-35 of a-z A-Z 0-9 -."""
    try:
        return uuid.UUID(reference).hex
    except ValueError:
        pass
    if not _REFERENCE.match(reference):
        raise InvalidRequest(f"payment reference {reference!r} is not 1-35 of a-z A-Z 0-9 -")
    return reference


def payer_alias(phone: str) -> str:
    """A phone number as Swish wants the payer alias: country code, digits only (46701234567).

    Accepts what people type: "070-123 45 67", "+46 70 123 45 67", "0046701234567".
    """
    digits = re.sub(r"[\s()-]", "", phone)
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("00"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = "46" + digits[1:]
    if not digits.isdigit() or not 8 <= len(digits) <= 15:
        raise InvalidRequest("not a phone number Swish can use")
    return digits


def clean_message(text: str) -> str:
    """`text` with characters Swish refuses replaced by spaces, cut to 50 characters."""
    return " ".join(_MESSAGE_REFUSED.sub(" ", text).split())[:MESSAGE_MAX].strip()


def format_amount(amount: Money) -> str:
    """Kronor with two decimals and a point, as Swish wants them ("12.50")."""
    if amount.ore < 0:
        raise InvalidRequest("a Swish amount is never negative")
    return f"{amount.ore // 100}.{amount.ore % 100:02d}"


def parse_amount(value: object) -> Money:
    """Swish's amount (a JSON number or a string) as Money; refuses fractions of öre."""
    try:
        ore = Decimal(str(value)) * 100
    except InvalidOperation:
        raise ValueError(f"not an amount: {value!r}") from None
    if ore != ore.to_integral_value():
        raise ValueError(f"amount {value!r} has fractions of öre")
    return Money(int(ore))


def qr_data(token: str) -> str:
    """What an m-commerce QR code holds so the Swish app opens the request: "D" + token.

    One open-source integration renders exactly this; Swish's own QR service
    (`mpc.getswish.net/qrg-swish/api/v1/commerce`) takes the token instead (swish.md section 9).
    """
    return f"D{token}"


def app_link(token: str) -> str:
    """The app-switch link for a phone that is itself the payer's (swish.md section 9)."""
    return f"swish://paymentrequest?token={token}"


@dataclass(frozen=True, slots=True)
class PaymentRequestCreate:
    """The body of `PUT /api/v2/paymentrequests/{id}`; `payer_alias` only for e-commerce."""

    payee_alias: str
    amount: Money
    callback_url: str
    payee_payment_reference: str
    message: str = ""
    payer_alias: str | None = None
    age_limit: int | None = None
    callback_identifier: str | None = None

    def to_wire(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "payeePaymentReference": self.payee_payment_reference,
            "callbackUrl": self.callback_url,
            "payeeAlias": self.payee_alias,
            "amount": format_amount(self.amount),
            "currency": "SEK",
            "message": self.message,
        }
        optional = {
            "payerAlias": self.payer_alias,
            "ageLimit": self.age_limit,
            "callbackIdentifier": self.callback_identifier,
        }
        body.update({key: value for key, value in optional.items() if value is not None})
        return body


@dataclass(frozen=True, slots=True)
class RefundCreate:
    """The body of `PUT /api/v2/refunds/{id}`: money back for one paid request."""

    original_payment_reference: str
    payer_alias: str
    amount: Money
    callback_url: str
    payer_payment_reference: str | None = None
    message: str = ""

    def to_wire(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "originalPaymentReference": self.original_payment_reference,
            "callbackUrl": self.callback_url,
            "payerAlias": self.payer_alias,
            "amount": format_amount(self.amount),
            "currency": "SEK",
            "message": self.message,
        }
        if self.payer_payment_reference is not None:
            body["payerPaymentReference"] = self.payer_payment_reference
        return body


@dataclass(frozen=True, slots=True)
class Created:
    """Swish's answer to a create: the id, its URL, and (m-commerce) the token for the QR code."""

    id: str
    location: str
    token: str | None = None


class _Wire(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)


class PaymentRequestRead(_Wire):
    """A payment request as `GET /api/v1/paymentrequests/{id}` (and the callback) shows it."""

    id: str
    status: SwishStatus
    amount: Money
    currency: str = "SEK"
    payee_payment_reference: str | None = None
    payment_reference: str | None = None
    callback_url: str | None = None
    payer_alias: str | None = None
    payee_alias: str | None = None
    message: str | None = None
    date_created: datetime | None = None
    date_paid: datetime | None = None
    error_code: str | None = None
    error_message: str | None = None

    @field_validator("amount", mode="before")
    @classmethod
    def _amount(cls, value: object) -> Money:
        return value if isinstance(value, Money) else parse_amount(value)


REFUND_FINAL = frozenset({"PAID", "ERROR", "DECLINED", "CANCELLED"})


class RefundRead(_Wire):
    """A refund as `GET /api/v1/refunds/{id}` shows it: CREATED (or an in-between state such as
    VALIDATED) until the money moved (PAID) or could not (ERROR, with `error_code`)."""

    id: str
    status: str
    amount: Money
    currency: str = "SEK"
    original_payment_reference: str | None = None
    payment_reference: str | None = None
    payer_payment_reference: str | None = None
    payer_alias: str | None = None
    message: str | None = None
    date_created: datetime | None = None
    date_paid: datetime | None = None
    error_code: str | None = None
    error_message: str | None = None

    @field_validator("amount", mode="before")
    @classmethod
    def _amount(cls, value: object) -> Money:
        return value if isinstance(value, Money) else parse_amount(value)

    @property
    def is_final(self) -> bool:
        return self.status in REFUND_FINAL
