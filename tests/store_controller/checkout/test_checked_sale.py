"""The paid sale made from the gate's checked sale is the sale `build_sale` makes the whole way:
the same fields, the same canonical text; another cart, register or day goes the whole way; the
paid parts are refused by the same rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from unittest.mock import patch
from uuid import UUID, uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retail import Money, VatClass
from retail.swedish_time import swedish_date
from retail.wire import PaymentMethod, Sale
from store_controller.checkout import sale_record
from store_controller.checkout.cart import AgeCheckResult, Cart
from store_controller.checkout.catalog import CatalogItem, SoldBy
from store_controller.checkout.sale_record import CheckedSale, build_sale, checked_sale
from store_controller.checkout.sale_text import sale_json
from store_controller.payments.port import PaymentState, PaymentStatus
from tests.retail.wire.factories import CUSTOMER

ITEMS = (
    CatalogItem(1, "mjolk", "Mjölk", Money(1795), VatClass.FOOD),
    CatalogItem(2, "tidning", "Tidning", Money(3500), VatClass.REDUCED),
    CatalogItem(3, "batt", "Batterier", Money(4990), VatClass.STANDARD),
    CatalogItem(4, "lask", "Läsk", Money(1290), VatClass.FOOD, pant=Money(100)),
    CatalogItem(5, "ost", "Ost", Money(11900), VatClass.FOOD, sold_by=SoldBy.WEIGHT),
    CatalogItem(7, "snus", "Snus", Money(5900), VatClass.STANDARD, age_limit=18),
)
GATE = datetime(2026, 11, 28, 11, 59, tzinfo=UTC)
DAY = swedish_date(GATE)


@st.composite
def carts(draw: st.DrawFn) -> Cart:
    cart = Cart()
    for item in draw(st.lists(st.sampled_from(ITEMS), min_size=1, max_size=6)):
        weight = draw(st.integers(1, 5_000)) if item.sold_by is SoldBy.WEIGHT else None
        cart, _ = cart.add(item, product_key=f"{item.product_id:014d}", weight_g=weight)
    for age in draw(st.lists(st.integers(15, 40), max_size=2)):
        cart = cart.with_age_check(AgeCheckResult("ref", "a" * 64, age, 18, GATE))
    return cart


def paid(cart: Cart, sale_id: UUID, **fields: object) -> PaymentState:
    values: dict[str, object] = {
        "reference": str(sale_id),
        "status": PaymentStatus.PAID,
        "amount": cart.total,
        "method": PaymentMethod.SWISH,
        "provider": "swish",
    }
    values.update(fields)
    return PaymentState(**values)  # type: ignore[arg-type]


def gate(
    cart: Cart, register_id: str = "kassa-1", day: date = DAY, at: datetime = GATE
) -> CheckedSale:
    checked = checked_sale(cart, register_id, at, day)
    assert checked is not None
    return checked


def both(
    cart: Cart, checked: CheckedSale, payment: PaymentState, **fields: object
) -> tuple[Sale, Sale]:
    values: dict[str, object] = {
        "cart": cart,
        "sale_id": UUID(payment.reference),
        "register_id": "kassa-1",
        "receipt_number": 7,
        "occurred_at": GATE + timedelta(seconds=40),
        "local_date": DAY,
        "payment": payment,
    }
    values.update(fields)
    whole = build_sale(**values)  # type: ignore[arg-type]
    return whole, build_sale(**values, checked=checked)  # type: ignore[arg-type]


def same(whole: Sale, made: Sale) -> None:
    assert made == whole
    assert made.model_dump() == whole.model_dump()
    assert sale_json(made) == sale_json(whole)


@settings(max_examples=200, deadline=None)
@given(
    cart=carts(),
    method=st.sampled_from(list(PaymentMethod)),
    member=st.booleans(),
    confirmed=st.none() | st.integers(0, 600),
    receipt=st.integers(1, 10**12 - 1),
    later=st.integers(0, 600),
)
def test_the_paid_sale_from_the_checked_one_is_the_whole_way_sale_without_checking_it_again(
    cart: Cart, method: PaymentMethod, member: bool, confirmed: int | None, receipt: int, later: int
) -> None:
    at = GATE + timedelta(seconds=later)
    payment = paid(
        cart,
        uuid4(),
        method=method,
        customer_hash=CUSTOMER if member else None,
        confirmed_at=None if confirmed is None else GATE + timedelta(seconds=confirmed),
    )
    checked = gate(cart)
    with patch.object(sale_record, "Sale", side_effect=AssertionError("checked again")):
        made = build_sale(
            cart=cart,
            sale_id=UUID(payment.reference),
            register_id="kassa-1",
            receipt_number=receipt,
            occurred_at=at,
            local_date=DAY,
            payment=payment,
            checked=checked,
        )
    whole, _ = both(cart, checked, payment, receipt_number=receipt, occurred_at=at)
    same(whole, made)
    assert made.sale_id == UUID(payment.reference)
    assert made.payments[0].reference == payment.reference


def test_another_cart_register_or_day_goes_the_whole_way() -> None:
    cart, _ = Cart().add(ITEMS[0], product_key="00000000000001")
    other, _ = cart.add(ITEMS[2], product_key="00000000000003")
    checked = gate(cart)
    payment = paid(other, uuid4())
    whole, made = both(other, checked, payment)
    same(whole, made)
    assert len(made.lines) == 2
    payment = paid(cart, uuid4())
    same(*both(cart, checked, payment, register_id="kassa-2"))
    # food's rate changes at midnight of 1 April 2026 (Swedish time): the rates of the sale's day
    before = gate(cart, day=date(2026, 3, 31), at=datetime(2026, 3, 31, 21, 59, 50, tzinfo=UTC))
    at = datetime(2026, 3, 31, 22, 0, 30, tzinfo=UTC)
    whole, made = both(cart, before, payment, occurred_at=at, local_date=date(2026, 4, 1))
    same(whole, made)
    assert made.lines[0].vat_rate_bp == 600
    assert before.sale.lines[0].vat_rate_bp == 1200
    # the gate's day, but a sale time on another Swedish date
    late = datetime(2026, 11, 28, 23, 30, tzinfo=UTC)
    same(*both(cart, checked, payment, occurred_at=late))


def test_a_payment_that_does_not_match_the_checked_total_is_refused_the_whole_way() -> None:
    cart, _ = Cart().add(ITEMS[0], product_key="00000000000001")
    payment = paid(cart, uuid4(), amount=Money(1))
    with pytest.raises(ValueError, match="payments do not add up"):
        build_sale(
            cart=cart,
            sale_id=uuid4(),
            register_id="kassa-1",
            receipt_number=1,
            occurred_at=GATE,
            local_date=DAY,
            payment=payment,
            checked=gate(cart),
        )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"receipt_number": 0}, "receipt_number"),
        ({"receipt_number": 10**12}, "receipt_number"),
        ({"occurred_at": datetime(2026, 11, 28, 12)}, "occurred_at"),
        ({"customer_hash": "not a hash"}, "customer_hash"),
        ({"provider_reference": None, "confirmed_at": datetime(2026, 11, 28)}, "confirmed_at"),
    ],
)
def test_the_paid_parts_are_refused_as_the_whole_sale_refuses_them(
    fields: dict[str, object], field: str
) -> None:
    cart, _ = Cart().add(ITEMS[0], product_key="00000000000001")
    checked = gate(cart)
    own = {k: v for k, v in fields.items() if k in {"receipt_number", "occurred_at"}}
    payment = paid(cart, uuid4(), **{k: v for k, v in fields.items() if k not in own})
    values: dict[str, object] = {
        "cart": cart,
        "sale_id": UUID(payment.reference),
        "register_id": "kassa-1",
        "receipt_number": 1,
        "occurred_at": GATE,
        "local_date": DAY,
        "payment": payment,
        **own,
    }
    with pytest.raises(ValueError, match=field) as whole:
        build_sale(**values)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=field) as made:
        build_sale(**values, checked=checked)  # type: ignore[arg-type]
    assert type(made.value) is type(whole.value)
