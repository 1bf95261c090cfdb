"""A paid cart as the wire `Sale` (pure): lines, pant lines, VAT rows, payment, age checks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from retail import SWEDISH_VAT, Money, VatClass, VatSchedule, VatSummary
from retail.wire import PaymentMethod, Sale, SaleLineKind
from store_controller.checkout.cart import Cart, CartLine
from store_controller.payments.port import PaymentState, PaymentStatus

PANT_PREFIX = "Pant: "
MAX_NAME = 120


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
) -> Sale:
    """The sale of `cart`; pant goes on lines of its own (kind PANT) after the goods, named
    "Pant: <product>", at the goods' VAT rate. Each line's amount, pant and rate is worked out
    once, and the VAT rows from them (as `Cart.vat` would: `VatSummary.of_lines`). The parts
    are given to the `Sale` as plain values, so each is validated once, inside the sale (a part
    given as a model is validated again there)."""
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


def recordable(cart: Cart, register_id: str, at: datetime, local_date: date) -> bool:
    """Whether the sale of `cart` passes the wire's rules: checked before money is asked."""
    check = PaymentState(
        reference="check",
        status=PaymentStatus.PAID,
        amount=cart.total,
        method=PaymentMethod.SWISH,
        provider="check",
    )
    try:
        build_sale(
            cart=cart,
            sale_id=uuid4(),
            register_id=register_id,
            receipt_number=1,
            occurred_at=at,
            local_date=local_date,
            payment=check,
        )
    except ValueError:
        return False
    return True


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
