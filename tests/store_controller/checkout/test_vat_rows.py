"""The kiosk's VAT rows, worked out without building a `VatSummary`, are the summary's rows."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session, sessionmaker

from retail import SWEDISH_VAT, Money, VatClass, VatSummary
from retail.vat import VatPeriod, VatSchedule, format_rate
from store_controller.checkout import seed
from store_controller.checkout.cart import Cart
from store_controller.checkout.catalog import CatalogItem, SoldBy
from store_controller.checkout.view import _vat_row
from tests.store_controller.checkout.test_service import Kiosk

MJOLK = CatalogItem(1, "mjolk", "Mjölk", Money(1795), VatClass.FOOD)
TIDNING = CatalogItem(2, "tidning", "Tidning", Money(3500), VatClass.REDUCED)
BATTERIER = CatalogItem(3, "batt", "Batterier", Money(4990), VatClass.STANDARD)
LASK = CatalogItem(4, "lask", "Läsk", Money(1290), VatClass.FOOD, pant=Money(100))
OST = CatalogItem(5, "ost", "Ost", Money(11900), VatClass.FOOD, sold_by=SoldBy.WEIGHT)
FRIMARKE = CatalogItem(6, "frim", "Frimärke", Money(1500), VatClass.ZERO)
CAN = CatalogItem(7, "burk", "Burk", Money(1), VatClass.STANDARD, pant=Money(200))

DAYS = (date(2026, 3, 31), date(2026, 4, 1), date(2027, 12, 31), date(2028, 1, 1))
"""Either side of food's temporary 6 % (from 12 %), when food and books share a rate."""


def carts() -> list[Cart]:
    found = []
    cart = Cart()
    for item, extra in (
        (MJOLK, {}),
        (LASK, {"quantity": 3}),
        (TIDNING, {}),
        (OST, {"weight_g": 437}),
        (BATTERIER, {"quantity": 2}),
        (FRIMARKE, {}),
        (CAN, {"quantity": 7}),
        (MJOLK, {"label_price": Money(999)}),
    ):
        cart, _ = cart.add(item, product_key=item.sku, **extra)
        found.append(cart)
    return found


def summary_before(cart: Cart, on: date, schedule: VatSchedule) -> VatSummary:
    """`Cart.vat` as it was written before the rows by rate: a rate per line's class."""
    return VatSummary.of_lines(
        (schedule.rate_bp(ln.item.vat_class, on), ln.amount + ln.pant) for ln in cart.lines
    )


@pytest.mark.parametrize("on", DAYS)
def test_the_rows_by_rate_are_the_summary_of_the_lines(on: date) -> None:
    for cart in carts():
        assert cart.vat(on) == summary_before(cart, on, SWEDISH_VAT)
        shown = [_vat_row(rate, gross) for rate, gross in sorted(cart.gross_by_rate(on).items())]
        expected = [
            {"rate": format_rate(row.rate_bp), "vat": row.vat.format()}
            for row in summary_before(cart, on, SWEDISH_VAT).rows
        ]
        assert shown[::-1] == expected


def test_another_schedule_is_asked_each_time() -> None:
    flat = VatSchedule(tuple(VatPeriod(vat_class, 2000) for vat_class in VatClass))
    cart = carts()[-1]
    assert cart.vat(DAYS[0], flat) == summary_before(cart, DAYS[0], flat)
    assert list(cart.gross_by_rate(DAYS[0], flat)) == [2000]


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_the_kiosk_shows_the_summary_highest_rate_first(
    sessions: sessionmaker[Session], anyio_backend: str
) -> None:
    kiosk = Kiosk(sessions)
    try:
        await kiosk.scan(seed.MJOLK, seed.BATTERIER, seed.TIDNING, seed.LASK, seed.LASK)
        summary = kiosk.service.cart.vat(kiosk.service.local_today())
        assert len(summary.rows) >= 2
        assert kiosk.doc["vat"] == [
            {"rate": format_rate(row.rate_bp), "vat": row.vat.format()} for row in summary.rows
        ]
    finally:
        await kiosk.service.close()
