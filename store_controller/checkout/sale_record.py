"""A paid cart as the wire `Sale` (pure): lines, pant lines, VAT rows, payment, age checks.

The checkout builds and checks a cart's sale twice: before it asks for money (`checked_sale`,
the gate that keeps money from being taken for a sale that could not be recorded) and when the
paid sale is recorded. The second time only the parts that the payment and the commit decide
(the sale id, receipt number, time, payment and the paying member) differ; `build_sale` given
the gate's `CheckedSale` of the same cart, register and day makes the sale from it with those
parts checked by the `Sale`'s own field rules (`_PaidPart`), instead of checking every line,
VAT row and the sums again. Anything else (another cart, register or day, a payment that would
not add up) goes the whole way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from pydantic import create_model

from retail import SWEDISH_VAT, Money, VatClass, VatSchedule, VatSummary
from retail.swedish_time import swedish_date
from retail.wire import PaymentMethod, Sale, SaleLineKind
from retail.wire.common import WireModel
from store_controller.checkout.cart import Cart, CartLine
from store_controller.payments.port import PaymentState, PaymentStatus

PANT_PREFIX = "Pant: "
MAX_NAME = 120

_PAID_FIELDS = ("sale_id", "receipt_number", "occurred_at", "payments", "customer_hash")
_PAID_DEFINITIONS: dict[str, Any] = {
    name: (Sale.model_fields[name].annotation, Sale.model_fields[name]) for name in _PAID_FIELDS
}
_PaidPart = create_model(  # named as the sale, for the same error titles
    "Sale", __base__=WireModel, **_PAID_DEFINITIONS
)
"""The parts of a `Sale` that payment and the commit decide, with the `Sale`'s own field rules."""


@dataclass(frozen=True, slots=True)
class CheckedSale:
    """The sale of `cart` as the gate before payment built and checked it (a placeholder id,
    receipt number and payment): `build_sale` of the paid sale of the same cart, register and
    day starts from it."""

    cart: Cart
    register_id: str
    local_date: date
    sale: Sale


def build_sale(
    *,
    cart: Cart,
    sale_id: UUID,
    register_id: str,
    receipt_number: int,
    occurred_at: datetime,
    local_date: date,
    payment: PaymentState,
    schedule: VatSchedule = SWEDISH_VAT,
    checked: CheckedSale | None = None,
) -> Sale:
    """The sale of `cart`; pant goes on lines of its own (kind PANT) after the goods, named
    "Pant: <product>", at the goods' VAT rate. Each line's amount, pant and rate is worked out
    once, and the VAT rows from them (as `Cart.vat` would: `VatSummary.of_lines`). The parts
    are given to the `Sale` as plain values, so each is validated once, inside the sale (a part
    given as a model is validated again there). With the gate's `checked` sale of this cart,
    register and day (and the Swedish VAT schedule), only the paid parts are made and checked
    (the module's docstring); the result is the same sale."""
    confirmed_at = payment.confirmed_at or occurred_at
    if checked is not None and schedule is SWEDISH_VAT:
        paid = _from_checked(
            checked,
            cart,
            sale_id=sale_id,
            register_id=register_id,
            receipt_number=receipt_number,
            occurred_at=occurred_at,
            local_date=local_date,
            payment=payment,
        )
        if paid is not None:
            return paid
    rates: dict[VatClass, int] = {}
    lines: list[dict[str, Any]] = []
    pant_lines: list[tuple[CartLine, Money, int]] = []
    pairs: list[tuple[int, Money]] = []
    for line in cart.lines:
        vat_class = line.item.vat_class
        rate = rates.get(vat_class)
        if rate is None:
            rate = rates[vat_class] = schedule.rate_bp(vat_class, local_date)
        amount = line.amount
        lines.append(_line(len(lines) + 1, line, amount, rate))
        pairs.append((rate, amount))
        pant = line.pant
        if pant:
            pant_lines.append((line, pant, rate))
            pairs.append((rate, pant))
    for line, pant, rate in pant_lines:
        lines.append(_pant_line(len(lines) + 1, line, pant, rate))
    vat = VatSummary.of_lines(pairs)
    confirmed_at = payment.confirmed_at or occurred_at
    return Sale(
        sale_id=sale_id,
        register_id=register_id,
        receipt_number=receipt_number,
        occurred_at=occurred_at,
        lines=lines,
        vat=[
            {
                "rate_bp": r.rate_bp,
                "gross_ore": r.gross.ore,
                "vat_ore": r.vat.ore,
                "net_ore": r.net.ore,
            }
            for r in vat.rows
        ],
        payments=[
            {
                "method": payment.method,
                "amount_ore": payment.amount.ore,
                "reference": str(sale_id),
                "confirmed_at": confirmed_at,
            }
        ],
        total_ore=sum(line["amount_ore"] for line in lines),
        customer_hash=payment.customer_hash,
        age_checks=[
            {
                "identity_hash": check.identity_hash,
                "required_age": check.required_age,
                "passed": check.passed,
                "checked_at": check.checked_at,
            }
            for check in cart.age_checks
        ],
    )


def _from_checked(
    checked: CheckedSale,
    cart: Cart,
    *,
    sale_id: UUID,
    register_id: str,
    receipt_number: int,
    occurred_at: datetime,
    local_date: date,
    payment: PaymentState,
) -> Sale | None:
    """The paid sale made from the gate's, or None when it cannot be (the whole way then): the
    lines, VAT rows and age checks are the gate's (same cart, same register, same day: the same
    rates, and the wire's rate check reads the Swedish date of the sale's time); the paid parts
    are checked by the `Sale`'s field rules; the payment adds up to the total with its sign."""
    sale = checked.sale
    if not (
        checked.cart is cart
        and checked.register_id == register_id
        and checked.local_date == local_date
        and occurred_at.tzinfo is not None
        and sale.occurred_at.tzinfo is not None
        and swedish_date(occurred_at) == swedish_date(sale.occurred_at)
        and payment.amount.ore == sale.total_ore
    ):
        return None
    part = _PaidPart.model_validate(
        {
            "sale_id": sale_id,
            "receipt_number": receipt_number,
            "occurred_at": occurred_at,
            "payments": [
                {
                    "method": payment.method,
                    "amount_ore": payment.amount.ore,
                    "reference": str(sale_id),
                    "confirmed_at": payment.confirmed_at or occurred_at,
                }
            ],
            "customer_hash": payment.customer_hash,
        }
    )
    return sale.model_copy(update={name: getattr(part, name) for name in _PAID_FIELDS})


def checked_sale(
    cart: Cart, register_id: str, at: datetime, local_date: date
) -> CheckedSale | None:
    """The sale of `cart` if it passes the wire's rules (checked before money is asked), with
    a placeholder id, receipt number and payment; None if it does not."""
    check = PaymentState(
        reference="check",
        status=PaymentStatus.PAID,
        amount=cart.total,
        method=PaymentMethod.SWISH,
        provider="check",
    )
    try:
        sale = build_sale(
            cart=cart,
            sale_id=uuid4(),
            register_id=register_id,
            receipt_number=1,
            occurred_at=at,
            local_date=local_date,
            payment=check,
        )
    except ValueError:
        return None
    return CheckedSale(cart, register_id, local_date, sale)


def recordable(cart: Cart, register_id: str, at: datetime, local_date: date) -> bool:
    """Whether the sale of `cart` passes the wire's rules: checked before money is asked."""
    return checked_sale(cart, register_id, at, local_date) is not None


def _line(line_no: int, line: CartLine, amount: Money, rate_bp: int) -> dict[str, Any]:
    """A goods line's `SaleLine` fields."""
    printed = line.label_price is not None  # a package sold at its printed price, weight or not
    return {
        "line_no": line_no,
        "product_key": line.product_key,
        "name": line.item.name,
        "quantity": line.quantity,
        "weight_g": None if printed else line.weight_g,
        "unit_price_ore": line.unit_amount.ore if printed else line.unit_price.ore,
        "amount_ore": amount.ore,
        "vat_class": line.item.vat_class,
        "vat_rate_bp": rate_bp,
        "age_limit": line.item.age_limit or 0,
    }


def _pant_line(line_no: int, line: CartLine, pant: Money, rate_bp: int) -> dict[str, Any]:
    """A pant line's `SaleLine` fields."""
    return {
        "kind": SaleLineKind.PANT,
        "line_no": line_no,
        "product_key": line.product_key,
        "name": (PANT_PREFIX + line.item.name)[:MAX_NAME],
        "quantity": line.quantity,
        "unit_price_ore": line.item.pant.ore,
        "amount_ore": pant.ore,
        "vat_class": line.item.vat_class,
        "vat_rate_bp": rate_bp,
    }
