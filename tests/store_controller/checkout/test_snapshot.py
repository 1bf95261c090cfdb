"""A pending payment's cart survives JSON with its prices, labels, weights and age checks."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from retail import Money
from store_controller.checkout.cart import AgeCheckResult, Cart
from store_controller.checkout.snapshot import cart_snapshot, restore_cart
from tests.store_controller.checkout.test_cart import LASK, MJOLK, OST, SNUS


def test_a_cart_round_trips_through_json() -> None:
    cart, _ = Cart().add(LASK, product_key="07310000000072", quantity=3)
    cart, _ = cart.add(OST, product_key="23000200", weight_g=432)
    cart, _ = cart.add(MJOLK, product_key="20000300", label_price=Money(2250))
    cart, _ = cart.add(SNUS, product_key="07310000000041")
    cart = cart.with_age_check(
        AgeCheckResult("ref-1", "c" * 64, 40, 18, datetime(2026, 11, 28, 12, tzinfo=UTC))
    )
    restored = restore_cart(json.loads(json.dumps(cart_snapshot(cart))))
    assert restored == cart
    assert restored.total == cart.total
    assert restored.payable
