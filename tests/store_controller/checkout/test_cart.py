"""Cart and pricing, pure: VAT per rate, pant, weighed and labelled goods, rounding, age limits."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from retail import Money, VatClass, parse_scan
from retail.barcodes import with_check_digit
from retail.wire import PaymentMethod
from store_controller.checkout import messages
from store_controller.checkout.cart import MAX_QUANTITY, AgeCheckResult, Cart, CartError
from store_controller.checkout.catalog import CatalogItem, SoldBy
from store_controller.checkout.sale_record import build_sale, recordable
from store_controller.checkout.scanning import AddLine, Refuse, decide
from store_controller.payments.port import PaymentState, PaymentStatus

MJOLK = CatalogItem(1, "mjolk", "Mjölk", Money(1795), VatClass.FOOD)
TIDNING = CatalogItem(2, "tidning", "Tidning", Money(3500), VatClass.REDUCED)
BATTERIER = CatalogItem(3, "batt", "Batterier", Money(4990), VatClass.STANDARD)
LASK = CatalogItem(4, "lask", "Läsk", Money(1290), VatClass.FOOD, pant=Money(100))
OST = CatalogItem(5, "ost", "Ost", Money(11900), VatClass.FOOD, sold_by=SoldBy.WEIGHT)
BANANER = CatalogItem(6, "banan", "Bananer", Money(2790), VatClass.FOOD, sold_by=SoldBy.WEIGHT)
SNUS = CatalogItem(7, "snus", "Snus", Money(5900), VatClass.STANDARD, age_limit=18)
ENERGI = CatalogItem(8, "energi", "Energi", Money(1990), VatClass.FOOD, age_limit=15)
CUT = date(2026, 11, 28)  # food at 6 %
BEFORE_CUT = date(2026, 3, 31)  # food at 12 %
AFTER_CUT = date(2028, 1, 1)  # food back at 12 %


def cart_of(*items: CatalogItem) -> Cart:
    cart = Cart()
    for item in items:
        cart, _ = cart.add(item, product_key=f"{item.product_id:014d}")
    return cart


def rows(cart: Cart, on: date) -> list[tuple[int, int, int]]:
    return [(r.rate_bp, r.gross.ore, r.vat.ore) for r in cart.vat(on).rows]


def test_vat_per_rate_with_food_at_the_date_effective_rate() -> None:
    cart = cart_of(MJOLK, TIDNING, BATTERIER)
    assert cart.total == Money(1795 + 3500 + 4990)
    # 6 % food and 6 % newspaper share one row; VAT = gross * rate / (1 + rate), half-up
    assert rows(cart, CUT) == [(2500, 4990, 998), (600, 5295, 300)]
    assert rows(cart, BEFORE_CUT) == [(2500, 4990, 998), (1200, 1795, 192), (600, 3500, 198)]
    assert rows(cart, AFTER_CUT) == rows(cart, BEFORE_CUT)


def test_pant_is_its_own_amount_at_the_goods_rate() -> None:
    cart = cart_of(LASK, LASK)
    assert len(cart.lines) == 1
    assert (cart.goods_total, cart.pant_total, cart.total) == (Money(2580), Money(200), Money(2780))
    assert rows(cart, CUT) == [(600, 2780, 157)]


def test_weighed_lines_round_half_up_per_package() -> None:
    cart, ost = Cart().add(OST, product_key="23000200", weight_g=432)
    assert ost.amount == Money(5141)  # 119,00 kr/kg x 0,432 kg = 51,408 kr
    cart, banan = cart.add(BANANER, product_key="23000100", weight_g=50)
    assert banan.amount == Money(140)  # 139,5 öre rounds up
    assert banan.unit_price == Money(2790)
    assert len(cart.lines) == 2  # weighed lines never merge


def test_a_price_label_is_charged_as_printed() -> None:
    cart, line = Cart().add(MJOLK, product_key="20000300", label_price=Money(2250))
    assert (line.amount, line.unit_price) == (Money(2250), Money(2250))
    cart, _again = cart.add(MJOLK, product_key="20000300", label_price=Money(2250))
    assert len(cart.lines) == 2
    assert cart.total == Money(4500)


def test_change_and_remove_quantities() -> None:
    cart = cart_of(MJOLK, MJOLK, BATTERIER)
    first = cart.lines[0]
    assert first.quantity == 2
    cart = cart.set_quantity(first.line_id, 5)
    assert cart.total == Money(5 * 1795 + 4990)
    cart = cart.set_quantity(first.line_id, 0)
    assert [line.item for line in cart.lines] == [BATTERIER]
    cart = cart.remove(cart.lines[0].line_id)
    assert cart.lines == ()
    assert not cart.payable


def test_a_bad_quantity_is_refused_in_both_languages() -> None:
    cart = cart_of(MJOLK)
    with pytest.raises(CartError) as refused:
        cart.set_quantity(1, MAX_QUANTITY + 1)
    assert refused.value.text is messages.BAD_QUANTITY
    assert refused.value.text.sv
    assert refused.value.text.en


def check(age: int, required: int) -> AgeCheckResult:
    when = datetime(2026, 11, 28, tzinfo=UTC)
    return AgeCheckResult("ref", "a" * 64, age, required, when)


def test_age_limited_lines_wait_for_a_check_that_proves_the_age() -> None:
    cart = cart_of(MJOLK, SNUS, ENERGI)
    assert cart.required_age == 18
    assert not cart.payable
    young = cart.with_age_check(check(16, 18))
    assert not young.age_checks[0].passed
    assert young.required_age == 18  # snus still pending, the energy drink is fine
    assert [young.is_pending(line) for line in young.lines] == [False, True, False]
    adult = cart.with_age_check(check(40, 18))
    assert adult.required_age is None
    assert adult.payable


def gs1(ai_data: str) -> str:
    return "\x1d" + ai_data


def test_scans_become_lines_or_clear_refusals() -> None:
    weight_code = with_check_digit("230002000432")
    assert decide(parse_scan(weight_code), OST) == AddLine(OST, "23000200", weight_g=432)
    price_code = with_check_digit("200003003000")
    assert decide(parse_scan(price_code), MJOLK) == AddLine(
        MJOLK, "20000300", label_price=Money(3000)
    )
    gtin = with_check_digit("731000000001")
    assert decide(parse_scan(gs1(f"010{gtin}3103000250")), OST) == AddLine(
        OST, f"0{gtin}", weight_g=250
    )
    unknown = decide(parse_scan(gtin), None)
    assert unknown == Refuse(messages.UNKNOWN_PRODUCT, "unknown", f"0{gtin}")
    bad = decide(parse_scan(gtin[:-1] + str((int(gtin[-1]) + 1) % 10)), None)
    assert isinstance(bad, Refuse)
    assert (bad.message, bad.reason, bad.record) == (messages.UNREADABLE, "bad_check_digit", True)
    needs_label = decide(parse_scan(gtin), OST)
    assert isinstance(needs_label, Refuse)
    assert not needs_label.record
    assert decide(parse_scan("hello"), None) == Refuse(messages.NOT_A_PRODUCT, "not_digits")


def test_a_label_of_zero_weight_or_price_is_refused() -> None:
    zero_weight = decide(parse_scan(with_check_digit("230002000000")), OST)
    zero_price = decide(parse_scan(with_check_digit("200003000000")), MJOLK)
    for refusal in (zero_weight, zero_price):
        assert isinstance(refusal, Refuse)
        assert (refusal.message, refusal.reason) == (messages.UNREADABLE, "zero_value")


def test_only_a_cart_the_journal_accepts_is_offered_for_payment() -> None:
    when = datetime(2026, 11, 28, 12, tzinfo=UTC)
    assert recordable(cart_of(MJOLK), "kassa-1", when, CUT)
    heavy, _ = Cart().add(OST, product_key="23000200", weight_g=200_000)  # 200 kg: not a sale
    assert not recordable(heavy, "kassa-1", when, CUT)


def test_a_weighed_package_with_a_printed_price_is_sold_at_that_price() -> None:
    when = datetime(2026, 11, 28, 12, tzinfo=UTC)
    gtin = with_check_digit("731000000001")
    label = decide(parse_scan(gs1(f"010{gtin}3103000250" + "39223000")), OST)
    assert label == AddLine(OST, f"0{gtin}", weight_g=250, label_price=Money(3000))
    cart, _ = Cart().add(OST, product_key=f"0{gtin}", weight_g=250, label_price=Money(3000))
    assert cart.total == Money(3000)  # not 119 kr/kg × 0,250 kg = 29,75 kr
    assert recordable(cart, "kassa-1", when, CUT)
    paid = PaymentState(
        reference="r",
        status=PaymentStatus.PAID,
        amount=cart.total,
        method=PaymentMethod.SWISH,
        provider="swish",
        confirmed_at=when,
    )
    sale = build_sale(
        cart=cart,
        sale_id=uuid4(),
        register_id="kassa-1",
        receipt_number=1,
        occurred_at=when,
        local_date=CUT,
        payment=paid,
    )
    line = sale.lines[0]
    assert (line.unit_price_ore, line.weight_g, line.amount_ore) == (3000, None, 3000)


def test_a_cart_keeps_the_last_ten_age_checks() -> None:
    cart = cart_of(SNUS)
    for age in range(5, 20):
        cart = cart.with_age_check(check(age, 18))
    assert len(cart.age_checks) == 10
    assert cart.verified_age == 19
