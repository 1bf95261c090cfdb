"""Local stock: levels per product, changed only together with a recorded movement."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from retail.wire import StockMovement, StockReason
from store_controller.checkout.cart import CartLine
from store_controller.checkout.catalog import SoldBy
from store_controller.checkout.models import StockLevelRow, StockMovementRow


def sale_deltas(line: CartLine) -> tuple[int, int]:
    """(pieces, grams) a sold line takes from stock: weighed goods by weight, others by piece."""
    if line.item.sold_by is SoldBy.WEIGHT and line.weight_g is not None:
        return 0, -line.weight_g * line.quantity
    return -line.quantity, 0


def load_levels(session: Session, product_ids: set[int]) -> None:
    """Bring the stock levels of `product_ids` into the session in one query."""
    session.scalars(select(StockLevelRow).where(StockLevelRow.product_id.in_(product_ids))).all()


def move_stock(
    session: Session,
    *,
    product_id: int,
    product_key: str,
    quantity_delta: int,
    weight_delta_g: int,
    reason: StockReason,
    occurred_at: datetime,
    sale_id: uuid.UUID | None = None,
) -> StockMovement:
    """Record a movement and apply it to the level; a level below zero is allowed but flagged."""
    level = session.get(StockLevelRow, product_id)
    if level is None:
        level = StockLevelRow(product_id=product_id, quantity=0, weight_g=0)
        session.add(level)
    level.quantity += quantity_delta
    level.weight_g += weight_delta_g
    level.updated_at = occurred_at
    negative = level.quantity < 0 or level.weight_g < 0  # flagged on the movement, not logged
    movement = StockMovement(
        movement_id=uuid.uuid4(),
        occurred_at=occurred_at,
        product_key=product_key,
        quantity_delta=quantity_delta,
        weight_delta_g=weight_delta_g,
        reason=reason,
        sale_id=sale_id,
    )
    session.add(
        StockMovementRow(
            movement_id=str(movement.movement_id),
            product_id=product_id,
            occurred_at=occurred_at,
            quantity_delta=quantity_delta,
            weight_delta_g=weight_delta_g,
            reason=reason.value,
            sale_id=None if sale_id is None else str(sale_id),
            negative=negative,
        )
    )
    return movement
