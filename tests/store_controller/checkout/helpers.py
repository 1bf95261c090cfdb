"""Building carts and paid payments for checkout tests."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from retail import Money, parse_scan
from retail.wire import PaymentMethod
from store_controller.checkout.cart import Cart
from store_controller.checkout.catalog_store import find_item
from store_controller.checkout.sales_writer import RecordedSale, record_sale
from store_controller.checkout.scanning import AddLine, decide
from store_controller.db.sessions import Sessions
from store_controller.payments.port import PaymentState, PaymentStatus

WHEN = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def scanned(sessions: Sessions, *codes: str, cart: Cart | None = None) -> Cart:
    cart = cart or Cart()
    with sessions() as session:
        for code in codes:
            scan = parse_scan(code)
            item = (
                None if not hasattr(scan, "product_key") else find_item(session, scan.product_key)
            )
            decision = decide(scan, item)
            assert isinstance(decision, AddLine), decision
            cart, _ = cart.add(
                decision.item,
                product_key=decision.product_key,
                quantity=decision.quantity,
                weight_g=decision.weight_g,
                label_price=decision.label_price,
            )
    return cart


def paid(sale_id: uuid.UUID, amount: Money) -> PaymentState:
    return PaymentState(
        reference=str(sale_id),
        status=PaymentStatus.PAID,
        amount=amount,
        method=PaymentMethod.SWISH,
        provider="simulated",
        confirmed_at=WHEN,
    )


def sell(sessions: Sessions, cart: Cart, sale_id: uuid.UUID | None = None) -> RecordedSale:
    sale_id = sale_id or uuid.uuid4()
    return record_sale(
        sessions=sessions,
        cart=cart,
        sale_id=sale_id,
        store_id="test-store",
        register_id="kassa-1",
        occurred_at=WHEN,
        local_date=date(2026, 11, 28),
        payment=paid(sale_id, cart.total),
    )
