"""A sale's stock movements, written without their models: the same bytes the models write."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from retail import wire
from store_controller.checkout import seed
from store_controller.checkout.sales_writer import record_sale
from tests.store_controller.checkout.helpers import WHEN, paid, scanned


def sell_at(sessions: sessionmaker[Session], at: datetime) -> uuid.UUID:
    cart = scanned(
        sessions, seed.MJOLK, seed.LASK, seed.LASK, seed.weight_label(seed.OST_ARTICLE, 432)
    )
    sale_id = uuid.uuid4()
    record_sale(
        sessions=sessions,
        cart=cart,
        sale_id=sale_id,
        store_id="test-store",
        register_id="kassa-1",
        occurred_at=at,
        local_date=date(2026, 11, 28),
        payment=paid(sale_id, cart.total),
    )
    return sale_id


def test_a_sales_movements_are_the_text_the_model_writes(
    sessions: sessionmaker[Session],
) -> None:
    at_micro = datetime(2026, 11, 28, 12, 0, 5, 123400, tzinfo=UTC)
    sale_ids = [sell_at(sessions, WHEN), sell_at(sessions, at_micro)]
    with sessions() as session:
        payloads = session.scalars(
            text("SELECT payload FROM outbox WHERE kind = 'stock_movement' ORDER BY seq")
        ).all()
        found = session.execute(text("SELECT movement_id, sale_id FROM stock_movements")).all()
    rows: dict[str, str] = dict(found)
    assert len(payloads) == len(rows) == 6  # three products a sale
    movements = [wire.StockMovement.model_validate_json(payload) for payload in payloads]
    for payload, movement in zip(payloads, movements, strict=True):
        assert movement.model_dump_json() == payload
        assert rows[str(movement.movement_id)] == str(movement.sale_id)
        assert movement.reason is wire.StockReason.SALE
        assert movement.movement_id.version == 7  # time-ordered (store_controller.checkout.keys)
    assert [m.sale_id for m in movements] == [sale_ids[0]] * 3 + [sale_ids[1]] * 3
    assert {wire.StockMovement.model_validate_json(p).occurred_at for p in payloads} == {
        WHEN,
        at_micro,
    }
