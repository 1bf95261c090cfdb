"""The daily closing report (Z-rapport) of one register."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from retail.money import MAX_AMOUNT_ORE
from retail.wire.common import (
    Count,
    Location,
    NonNegativeOre,
    Ore,
    Slug,
    StrictInt,
    UtcDateTime,
    WireDate,
    WireModel,
    refuse,
)
from retail.wire.sales import PaymentMethod, VatLine


class PaymentTotal(WireModel):
    """The sum taken by one payment method."""

    method: PaymentMethod
    amount_ore: Ore


class ZReport(WireModel):
    """Totals of a register's receipts from `first_receipt` to `last_receipt`, both inclusive."""

    kind: Literal["z_report"] = "z_report"
    register_id: Slug
    z_number: Annotated[StrictInt, Field(ge=1, lt=10**9)]
    business_date: WireDate
    opened_at: UtcDateTime
    closed_at: UtcDateTime
    first_receipt: Annotated[StrictInt, Field(ge=1, lt=10**12)] | None = None
    last_receipt: Annotated[StrictInt, Field(ge=1, lt=10**12)] | None = None
    receipt_count: Count
    sales_ore: NonNegativeOre
    """The sales' totals (never negative: returns are apart)."""
    returns_ore: Annotated[int, Field(ge=-MAX_AMOUNT_ORE, le=0, strict=True)]
    """The returns' totals (zero or negative)."""
    vat: Annotated[tuple[VatLine, ...], Field(max_length=8)]
    payments: Annotated[tuple[PaymentTotal, ...], Field(max_length=4)]
    grand_total_ore: Ore
    """Accumulated net turnover of the register since it was taken into use."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems: list[tuple[Location, str]] = []
        if self.closed_at < self.opened_at:
            problems.append((("closed_at",), "a Z-report closes after it opens"))
        if (self.first_receipt is None) != (self.last_receipt is None):
            problems.append((("last_receipt",), "first and last receipt go together"))
        span = 0
        if self.first_receipt is not None and self.last_receipt is not None:
            span = self.last_receipt - self.first_receipt + 1
        if span != self.receipt_count:
            problems.append((("receipt_count",), "receipt_count is the span first..last receipt"))
        net_sales = self.sales_ore + self.returns_ore
        if sum(row.gross_ore for row in self.vat) != net_sales:
            problems.append((("vat",), "VAT rows add up to sales plus returns"))
        if sum(total.amount_ore for total in self.payments) != net_sales:
            problems.append((("payments",), "payments add up to sales plus returns"))
        if problems:
            raise refuse("ZReport", problems)
        return self
