"""What the checkout records besides sales: unknown barcodes and abandoned carts (Core
statements: a customer's scans do not load the ORM, issue 23)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import insert

from retail.wire import UnknownBarcode
from store_controller.checkout.cart import Cart
from store_controller.db import tables
from store_controller.db.sessions import engine_of
from store_controller.outbox.queue import enqueue_on

if TYPE_CHECKING:
    from store_controller.db.sessions import Sessions


def record_unknown_barcode(
    sessions: Sessions,
    *,
    register_id: str,
    product_key: str | None,
    reason: str,
    source: str,
    scanned_at: datetime,
) -> None:
    """Put a scan that found no product on the owner's list; keys also go to the backoffice."""
    with engine_of(sessions).begin() as connection:
        connection.execute(
            insert(tables.unknown_barcodes),
            {
                "scanned_at": scanned_at,
                "register_id": register_id,
                "product_key": product_key,
                "reason": reason[:32],
                "source": source[:40],
            },
        )
        if product_key is not None:
            message = UnknownBarcode(
                scanned_at=scanned_at, register_id=register_id, product_key=product_key
            )
            enqueue_on(connection, message, at=scanned_at)


def record_abandoned_cart(
    sessions: Sessions,
    *,
    register_id: str,
    cart: Cart,
    started_at: datetime,
    abandoned_at: datetime,
    reason: str,
) -> None:
    """Keep what was in a cart that was never paid (for shrink follow-up)."""
    with engine_of(sessions).begin() as connection:
        connection.execute(
            insert(tables.abandoned_carts),
            {
                "register_id": register_id,
                "started_at": started_at,
                "abandoned_at": abandoned_at,
                "reason": reason,
                "line_count": len(cart.lines),
                "total_ore": cart.total.ore,
                "lines": [
                    {
                        "product_key": line.product_key,
                        "name": line.item.name,
                        "quantity": line.quantity,
                        "weight_g": line.weight_g,
                        "amount_ore": line.amount.ore,
                    }
                    for line in cart.lines
                ],
            },
        )
