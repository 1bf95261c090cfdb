"""Sales as the controller reports them: lines, VAT per rate, payments and age checks."""

from __future__ import annotations

import enum
from typing import Annotated, Literal, Self
from uuid import UUID

from pydantic import Field, model_validator

from retail.vat.rates import VatClass
from retail.vat.summary import VatSummary
from retail.wire.common import (
    IdentityHash,
    Name,
    NonNegativeOre,
    Ore,
    ProductKey,
    RateBp,
    Slug,
    StrictInt,
    UtcDateTime,
    WireModel,
)

MAX_LINES = 500


class SaleLineKind(enum.StrEnum):
    """What a line sells: the goods, or the deposit (pant) on their bottles and cans."""

    GOODS = "goods"
    PANT = "pant"


class SaleLine(WireModel):
    """One receipt line; `amount_ore` is the line's VAT-inclusive total (negative on a return).

    A pant line carries the product key of the goods it belongs to; it moves no stock.
    """

    kind: SaleLineKind = SaleLineKind.GOODS
    line_no: Annotated[StrictInt, Field(ge=1, le=MAX_LINES)]
    product_key: ProductKey
    name: Name
    quantity: Annotated[StrictInt, Field(ge=-999, le=999)]
    weight_g: Annotated[StrictInt, Field(ge=1, le=100_000)] | None = None
    unit_price_ore: NonNegativeOre
    """Per piece, or per kilogram when `weight_g` is set."""
    amount_ore: Ore
    vat_class: VatClass
    vat_rate_bp: RateBp
    age_limit: Annotated[StrictInt, Field(ge=0, le=25)] = 0

    @model_validator(mode="after")
    def _quantity_not_zero(self) -> Self:
        if self.quantity == 0:
            raise ValueError("a line has a non-zero quantity")
        return self


class VatLine(WireModel):
    """One row of the VAT summary; `net_ore` must equal gross minus VAT."""

    rate_bp: RateBp
    gross_ore: Ore
    vat_ore: Ore
    net_ore: Ore

    @model_validator(mode="after")
    def _adds_up(self) -> Self:
        if self.gross_ore - self.vat_ore != self.net_ore:
            raise ValueError("net is gross minus VAT")
        return self

    @classmethod
    def from_summary(cls, summary: VatSummary) -> tuple[VatLine, ...]:
        """The wire rows of a receipt's or report's `VatSummary`."""
        return tuple(
            cls(rate_bp=r.rate_bp, gross_ore=r.gross.ore, vat_ore=r.vat.ore, net_ore=r.net.ore)
            for r in summary.rows
        )


class PaymentMethod(enum.StrEnum):
    """How a sale was paid."""

    SWISH = "swish"
    MEMBER_ACCOUNT = "member_account"
    SIMULATED = "simulated"
    """The demo's and the tests' simulated provider: no money moved."""


class Payment(WireModel):
    """A confirmed payment (a refund is negative)."""

    method: PaymentMethod
    amount_ore: Ore
    reference: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[\x21-\x7e]+$")]
    confirmed_at: UtcDateTime


class AgeCheck(WireModel):
    """A BankID age check at the kiosk for an age-limited line."""

    identity_hash: IdentityHash
    required_age: Annotated[StrictInt, Field(ge=1, le=25)]
    passed: bool
    checked_at: UtcDateTime


class Sale(WireModel):
    """A completed sale or return; totals are checked against lines, VAT rows and payments."""

    kind: Literal["sale"] = "sale"
    sale_id: UUID
    register_id: Slug
    receipt_number: Annotated[StrictInt, Field(ge=1, lt=10**12)]
    occurred_at: UtcDateTime
    lines: Annotated[tuple[SaleLine, ...], Field(min_length=1, max_length=MAX_LINES)]
    vat: Annotated[tuple[VatLine, ...], Field(min_length=1, max_length=8)]
    payments: Annotated[tuple[Payment, ...], Field(min_length=1, max_length=4)]
    total_ore: Ore
    customer_hash: IdentityHash | None = None
    age_checks: Annotated[tuple[AgeCheck, ...], Field(max_length=10)] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if len({line.line_no for line in self.lines}) != len(self.lines):
            raise ValueError("line numbers repeat")
        if len({row.rate_bp for row in self.vat}) != len(self.vat):
            raise ValueError("one VAT row per rate")
        for what, total in (
            ("lines", sum(line.amount_ore for line in self.lines)),
            ("VAT rows", sum(row.gross_ore for row in self.vat)),
            ("payments", sum(payment.amount_ore for payment in self.payments)),
        ):
            if total != self.total_ore:
                raise ValueError(f"{what} do not add up to the total")
        return self
