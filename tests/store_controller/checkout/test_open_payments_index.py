"""Payment recovery's read of the open payments goes by an index on the open rows alone: the
settled rows, kept one a sale, are not scanned every half second while a payment is open."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from store_controller.checkout import seed
from store_controller.checkout.pending import remember_payment, settle, unsettled
from tests.store_controller.checkout.helpers import scanned

T0 = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)


def _pay(sessions: sessionmaker[Session], sale_id: str, at: datetime) -> None:
    remember_payment(
        sessions,
        sale_id=sale_id,
        register_id="kassa-1",
        provider="swish",
        cart=scanned(sessions, seed.MJOLK),
        requested_at=at,
    )


def test_the_open_payments_are_read_by_their_index_oldest_first(
    engine: Engine, sessions: sessionmaker[Session]
) -> None:
    for n in range(50):
        sale_id = str(uuid4())
        _pay(sessions, sale_id, T0 + timedelta(minutes=n))
        settle(sessions, sale_id=sale_id, outcome="paid", at=T0 + timedelta(hours=1))
    first, later = str(uuid4()), str(uuid4())
    _pay(sessions, later, T0 + timedelta(hours=3))
    _pay(sessions, first, T0 + timedelta(hours=2))
    statements: list[tuple[str, Any]] = []

    def seen(_c: object, _cur: object, sql: str, params: Any, _ctx: object, _many: bool) -> None:
        statements.append((sql, params))

    event.listen(engine, "before_cursor_execute", seen)
    try:
        open_payments = unsettled(sessions, "kassa-1")
    finally:
        event.remove(engine, "before_cursor_execute", seen)

    assert [p.sale_id for p in open_payments] == [first, later]
    [(sql, params)] = statements
    with engine.connect() as connection:
        plan = " ".join(
            str(row[-1]) for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)
        )
    assert "USING INDEX ix_pending_payments_open" in plan
    assert "SCAN pending_payments" not in plan
    assert "TEMP B-TREE" not in plan  # the index gives the order
