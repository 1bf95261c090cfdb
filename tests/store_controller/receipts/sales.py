"""Recorded sales for the receipt tests: one mixed basket, paid one way or another."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from retail.wire import PaymentMethod
from store_controller.checkout import seed
from store_controller.checkout.sales_writer import RecordedSale, record_sale
from store_controller.payments.port import PaymentState, PaymentStatus
from store_controller.receipts.store import Issuer
from tests.store_controller.checkout.helpers import WHEN, scanned

ISSUER = Issuer(
    store_id="test-store",
    store_name="Byabutiken i Testby",
    org_number="802000-1234",
    address="Byvägen 1, 123 45 Testby",
    timezone="Europe/Stockholm",
)
MIXED = (
    seed.MJOLK,  # 12 %
    seed.TIDNING,  # 6 %
    seed.BATTERIER,  # 25 %
    seed.LASK,  # pant
    seed.LASK,
    seed.weight_label(seed.OST_ARTICLE, 432),  # weighed
)


def sell_mixed(
    sessions: sessionmaker[Session], *, method: PaymentMethod, provider: str, sale_id: uuid.UUID
) -> RecordedSale:
    cart = scanned(sessions, *MIXED)
    payment = PaymentState(
        reference=str(sale_id),
        status=PaymentStatus.PAID,
        amount=cart.total,
        method=method,
        provider=provider,
        provider_reference="ref-1",
        confirmed_at=WHEN,
    )
    return record_sale(
        sessions=sessions,
        cart=cart,
        sale_id=sale_id,
        store_id=ISSUER.store_id,
        register_id="kassa-1",
        occurred_at=WHEN,
        local_date=date(2026, 11, 28),
        payment=payment,
    )
