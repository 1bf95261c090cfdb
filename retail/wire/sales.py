"""Sales as the controller reports them: lines, VAT per rate, payments and age checks.

A sale is checked as a whole against the kernel's own arithmetic, so the backoffice (at ingest)
and the controller (before it writes) refuse the same sales, naming the field at fault:
- each line's amount is its quantity times its unit price (per kilogram times the weight,
  rounded half-up per package, for a weighed line), so it has the sign of its quantity;
- each line's VAT rate is its class's rate on the sale's date in Sweden (`SWEDISH_VAT`);
- the VAT rows are `VatSummary.of_lines` of the lines: one per rate, gross the sum of the
  rate's lines, VAT computed once per rate (half-up);
- lines, VAT rows and payments add up to the total; every payment has the total's sign.
"""

from __future__ import annotations

import enum
from datetime import date
from functools import lru_cache
from typing import Annotated, Literal, Self
from uuid import UUID

from pydantic import Field, model_validator

from retail.enum_value import read_value_in_c
from retail.limits import MAX_LINE_QUANTITY, MAX_LINE_WEIGHT_G
from retail.money import Money
from retail.rounding import div_round_half_up
from retail.swedish_time import swedish_date
from retail.vat.rates import SWEDISH_VAT, VatClass
from retail.vat.summary import VatSummary
from retail.wire.common import (
    IdentityHash,
    Location,
    NonNegativeOre,
    Ore,
    PaymentReference,
    ProductKey,
    ProductName,
    RateBp,
    Slug,
    StrictBool,
    StrictInt,
    UtcDateTime,
    WireModel,
    refuse,
)

MAX_LINES = 500


@read_value_in_c
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
    name: ProductName
    quantity: Annotated[StrictInt, Field(ge=-MAX_LINE_QUANTITY, le=MAX_LINE_QUANTITY)]
    weight_g: Annotated[StrictInt, Field(ge=1, le=MAX_LINE_WEIGHT_G)] | None = None
    """The weight of each package of a weighed line; None for a line priced per package (a
    package with a printed price is one, weight or not)."""
    unit_price_ore: NonNegativeOre
    """Per package, or per kilogram when `weight_g` is set."""
    amount_ore: Ore
    vat_class: VatClass
    vat_rate_bp: RateBp
    age_limit: Annotated[StrictInt, Field(ge=0, le=25)] = 0

    @property
    def expected_amount(self) -> Money:
        """Quantity times the price of one package (a weighed one rounded half-up to öre)."""
        return Money(self._expected_ore())

    def _expected_ore(self) -> int:
        if self.weight_g is None:
            return self.unit_price_ore * self.quantity
        return div_round_half_up(self.unit_price_ore * self.weight_g, 1000) * self.quantity

    @model_validator(mode="after")
    def _priced_as_it_says(self) -> Self:
        if self.quantity == 0:
            raise refuse("SaleLine", [(("quantity",), "a line has a non-zero quantity")])
        amount, expected = self.amount_ore, self._expected_ore()
        if amount * self.quantity < 0:
            reason = "the amount has not the sign of the quantity"
            raise refuse("SaleLine", [(("amount_ore",), reason)])
        if amount != expected:
            basis = "unit price" if self.weight_g is None else "price of the weight"
            reason = f"the amount is not quantity × {basis}: {expected} öre"
            raise refuse("SaleLine", [(("amount_ore",), reason)])
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


@read_value_in_c
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
    reference: PaymentReference
    confirmed_at: UtcDateTime


class AgeCheck(WireModel):
    """A BankID age check at the kiosk for an age-limited line."""

    identity_hash: IdentityHash
    required_age: Annotated[StrictInt, Field(ge=1, le=25)]
    passed: StrictBool
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
        if not self._adds_up():
            problems = [*self._line_problems(), *self._vat_problems(), *self._payment_problems()]
            raise refuse("Sale", problems)
        return self

    def _adds_up(self) -> bool:
        """Whether the sale has none of the problems the three methods below name: the same
        rules in one pass over the lines, VAT rows and payments that answers only yes or no
        (ingest checks ~80 sales a push, nearly all consistent; listing no problems cost ~3x
        more). The problems are listed only when there is one."""
        total = self.total_ore
        rates = _rates_on(swedish_date(self.occurred_at))
        gross_by_rate: dict[int, int] = {}
        numbers: set[int] = set()
        lines_total = 0
        for line in self.lines:
            rate, amount = line.vat_rate_bp, line.amount_ore
            if rate != rates[line.vat_class]:
                return False
            numbers.add(line.line_no)
            gross_by_rate[rate] = gross_by_rate.get(rate, 0) + amount
            lines_total += amount
        if lines_total != total or len(numbers) != len(self.lines):
            return False
        seen: set[int] = set()
        vat_total = 0
        for row in self.vat:
            rate, gross = row.rate_bp, row.gross_ore
            if gross_by_rate.get(rate) != gross or (  # None: no line has this rate
                row.vat_ore != div_round_half_up(gross * rate, 10_000 + rate)
            ):
                return False
            seen.add(rate)
            vat_total += gross
        # each row's rate is a line's: one row per rate, and a row for every line's rate
        if vat_total != total or len(seen) != len(self.vat) or len(seen) != len(gross_by_rate):
            return False
        sign, paid = _sign(total), 0
        for payment in self.payments:
            amount = payment.amount_ore
            if _sign(amount) != sign:
                return False
            paid += amount
        return paid == total

    def _line_problems(self) -> list[tuple[Location, str]]:
        problems: list[tuple[Location, str]] = []
        seen: set[int] = set()
        day = swedish_date(self.occurred_at)
        rates = _rates_on(day)
        for index, line in enumerate(self.lines):
            if line.line_no in seen:
                problems.append((("lines", index, "line_no"), "line numbers repeat"))
            seen.add(line.line_no)
            rate = rates[line.vat_class]
            if line.vat_rate_bp != rate:
                reason = f"{line.vat_class} is taxed at {rate} basis points on {day}"
                problems.append((("lines", index, "vat_rate_bp"), reason))
        if sum(line.amount_ore for line in self.lines) != self.total_ore:
            problems.append((("total_ore",), "lines do not add up to the total"))
        return problems

    def _vat_problems(self) -> list[tuple[Location, str]]:
        """The rows against `VatSummary.of_lines` of the lines, in integers (no Money objects:
        ingest validates thousands of sales a second)."""
        problems: list[tuple[Location, str]] = []
        gross_by_rate: dict[int, int] = {}
        for line in self.lines:
            gross_by_rate[line.vat_rate_bp] = (
                gross_by_rate.get(line.vat_rate_bp, 0) + line.amount_ore
            )
        seen: set[int] = set()
        for index, row in enumerate(self.vat):
            rate = row.rate_bp
            if rate in seen:
                problems.append((("vat", index, "rate_bp"), "one VAT row per rate"))
            seen.add(rate)
            gross = gross_by_rate.get(rate)
            if gross is None:
                problems.append((("vat", index, "rate_bp"), "no line has this VAT rate"))
            elif row.gross_ore != gross:
                reason = f"gross is not the sum of the lines at this rate: {gross} öre"
                problems.append((("vat", index, "gross_ore"), reason))
            elif row.vat_ore != (vat := div_round_half_up(gross * rate, 10_000 + rate)):
                reason = f"VAT is not the rate's share of the gross, half-up: {vat} öre"
                problems.append((("vat", index, "vat_ore"), reason))
        for rate in sorted(gross_by_rate.keys() - seen, reverse=True):
            problems.append((("vat",), f"no VAT row for the lines at {rate} basis points"))
        if sum(row.gross_ore for row in self.vat) != self.total_ore:
            problems.append((("vat",), "VAT rows do not add up to the total"))
        return problems

    def _payment_problems(self) -> list[tuple[Location, str]]:
        problems: list[tuple[Location, str]] = []
        for index, payment in enumerate(self.payments):
            if _sign(payment.amount_ore) != _sign(self.total_ore):
                reason = "a payment has the sign of the total (a refund pays a return)"
                problems.append((("payments", index, "amount_ore"), reason))
        if sum(payment.amount_ore for payment in self.payments) != self.total_ore:
            problems.append((("payments",), "payments do not add up to the total"))
        return problems


def _sign(amount: int) -> int:
    return (amount > 0) - (amount < 0)


@lru_cache(maxsize=64)
def _rates_on(day: date) -> dict[VatClass, int]:
    """Every class's rate on `day` (a batch's sales share few days)."""
    return {vat_class: SWEDISH_VAT.rate_bp(vat_class, day) for vat_class in VatClass}
