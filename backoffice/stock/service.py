"""Apply reported stock movements and keep on-hand levels; read levels back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.db.dialect import insert_tuples
from backoffice.stock.book import add_to_on_hand
from backoffice.stock.models import StockMovement, StockOnHand
from backoffice.sync.dedupe import fresh
from retail import wire

MOVEMENT_COLUMNS = (
    "store_id",
    "movement_id",
    "occurred_at",
    "product_key",
    "quantity_delta",
    "weight_delta_g",
    "reason",
    "sale_id",
    "seq",
)
"""Every field of `wire.StockMovement` but its kind, as `record_movements` writes them."""


def record_movements(
    *,
    session: Session,
    store_id: int,
    movements: Sequence[tuple[int, wire.StockMovement]],
    now: datetime,
    stored: set[UUID] | None = None,
) -> int:
    """Insert new movements and add them to on-hand (one upsert for all products); how many
    were new."""
    new = fresh(
        session=session,
        store_column=StockMovement.store_id,
        key_column=StockMovement.movement_id,
        store_id=store_id,
        items=movements,
        key=lambda item: item[1].movement_id,
        stored=stored,
    )
    if not new:
        return 0
    rows = [
        (
            store_id,
            m.movement_id,
            m.occurred_at,
            m.product_key,
            m.quantity_delta,
            m.weight_delta_g,
            m.reason,
            m.sale_id,
            seq,
        )
        for seq, m in new
    ]
    insert_tuples(session, StockMovement, MOVEMENT_COLUMNS, rows)
    totals: dict[str, tuple[int, int]] = {}
    for _, movement in new:
        quantity, weight = totals.get(movement.product_key, (0, 0))
        totals[movement.product_key] = (
            quantity + movement.quantity_delta,
            weight + movement.weight_delta_g,
        )
    add_to_on_hand(session, store_id, totals, now)
    return len(new)


def on_hand(*, session: Session, store_id: int) -> list[StockOnHand]:
    query = (
        select(StockOnHand)
        .where(StockOnHand.store_id == store_id)
        .order_by(StockOnHand.product_key)
    )
    return list(session.scalars(query))
