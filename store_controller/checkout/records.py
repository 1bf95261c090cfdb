"""What the checkout records besides sales: unknown barcodes and abandoned carts (Core
statements: a customer's scans do not load the ORM, issue 23)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import insert
from sqlalchemy.engine import Dialect

from retail.wire import UnknownBarcode
from store_controller.checkout.cart import Cart
from store_controller.db import tables
from store_controller.db.prepared import Prepared, on_driver, prepared
from store_controller.db.sessions import engine_of
from store_controller.db.writer import writing
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


def _abandoned(dialect: Dialect) -> Prepared:
    return Prepared(insert(tables.abandoned_carts), dialect, _ABANDONED_COLUMNS, rows=True)


_ABANDONED_COLUMNS = (
    "register_id",
    "started_at",
    "abandoned_at",
    "reason",
    "line_count",
    "total_ore",
    "lines",
)


def abandoned_lines(cart: Cart) -> list[dict[str, object]]:
    """An abandoned cart's lines as its row keeps them (JSON)."""
    return [
        {
            "product_key": line.product_key,
            "name": line.item.name,
            "quantity": line.quantity,
            "weight_g": line.weight_g,
            "amount_ore": line.amount.ore,
        }
        for line in cart.lines
    ]


def record_abandoned_cart(
    sessions: Sessions,
    *,
    register_id: str,
    cart: Cart,
    started_at: datetime,
    abandoned_at: datetime,
    reason: str,
) -> None:
    """Keep what was in a cart that was never paid (for shrink follow-up). One prepared
    statement on the writer's connection, in a transaction on its driver (as a sale is
    written): the row SQLAlchemy's `execute` wrote, for a fraction of its CPU. The write runs
    in a thread as the next customer's first scans arrive, and while it holds the GIL their
    screen waits (a new cart's first scan cost ~2.5x a later one's CPU, ~0.6 ms more)."""
    row = (
        register_id,
        started_at,
        abandoned_at,
        reason,
        len(cart.lines),
        cart.total.ore,
        abandoned_lines(cart),
    )
    with writing(engine_of(sessions)) as held, on_driver(held) as connection:
        prepared(connection, _abandoned).execute_rows(connection, (row,))
        connection.commit()
