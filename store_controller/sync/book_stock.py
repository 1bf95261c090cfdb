"""`BookStock`: the `StockSink` that applies the backoffice's stock book movements (deliveries,
waste, counts, transfers) to the checkout's local stock.

Each movement is applied once: its local movement id is derived from its book id, so a page
applied again (a lost answer, a crash before the cursor was saved) finds it already there. The
movements are not written to the outbox: the backoffice has them already, and the store's own
sales keep flowing the other way, so nothing is counted twice. The cursor and the movements are
committed together. A movement for a product the local catalog does not know yet stops the page
there (the earlier ones are kept); the next pull, after the catalog's, tries it again.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from retail import wire
from store_controller.checkout.stock import Move, move_stock
from store_controller.db import tables
from store_controller.db.prepared import begin_immediate
from store_controller.db.sessions import engine_of
from store_controller.sync.state_row import STATE_ID, save_state

if TYPE_CHECKING:
    from store_controller.db.sessions import Sessions


log = logging.getLogger(__name__)
BOOK_NAMESPACE = uuid.UUID("6f1d3a52-3c1e-4f0e-9b7a-6b1a0c2f9e41")
REASONS = {
    "delivery": wire.StockReason.DELIVERY,
    "waste": wire.StockReason.WASTE,
    "stocktake": wire.StockReason.STOCKTAKE,
    "transfer_out": wire.StockReason.CORRECTION,
    "transfer_in": wire.StockReason.CORRECTION,
}


def movement_id_of(book_id: int) -> uuid.UUID:
    """The local movement id of a backoffice book row: the same on every pull."""
    return uuid.uuid5(BOOK_NAMESPACE, f"stock-book:{book_id}")


class BookStock:
    """Applies stock book pages to the checkout's stock (see `StockSink`)."""

    def __init__(self, sessions: Sessions, now: Callable[[], datetime]) -> None:
        self._sessions = sessions
        self._now = now

    def cursor(self) -> int:
        """The cursor held, read with a Core statement: a pull that finds no new movement does
        not load the ORM (issue 23)."""
        with engine_of(self._sessions).connect() as connection:
            return _held_cursor(connection) or 0

    def apply(self, changes: wire.StockChanges) -> int:
        """Apply the page's new movements; the cursor now held (short of `changes.cursor` when
        a product is not in the local catalog yet). Core statements in one transaction, as
        the ORM's were (issue 23), begun IMMEDIATE on SQLite: two applies of a page at once
        (two pulls) run one after the other, and the second finds the cursor past the page (or
        its movements there) and applies nothing twice, without an error."""
        codes, movements = tables.product_codes, tables.stock_movements
        with engine_of(self._sessions).connect() as connection:
            if connection.dialect.name == "sqlite":
                begin_immediate(connection)  # another apply of the page waits, then skips it
            held = _held_cursor(connection)
            if held is not None and held >= changes.cursor:
                return held  # applied already (another pull's apply, at the same time)
            keys = {m.product_key for m in changes.movements}
            rows = connection.execute(
                select(codes.c.code, codes.c.product_id).where(codes.c.code.in_(keys))
            )
            products = {row.code: row.product_id for row in rows}
            ids = {movement_id_of(m.book_id): m for m in changes.movements}
            seen = set(
                connection.scalars(
                    select(movements.c.movement_id).where(
                        movements.c.movement_id.in_([str(i) for i in ids])
                    )
                )
            )
            cursor = changes.cursor
            for movement_id, movement in ids.items():
                product_id = products.get(movement.product_key)
                if product_id is None:
                    log.warning(
                        "stock book row %d is for %s, not in the local catalog yet: "
                        "applied up to the row before it, the rest on a later pull",
                        movement.book_id,
                        movement.product_key,
                    )
                    cursor = movement.book_id - 1
                    break
                if str(movement_id) in seen:
                    continue
                move_stock(
                    connection,
                    [
                        Move(
                            product_id,
                            movement.product_key,
                            movement.quantity_delta,
                            movement.weight_delta_g,
                        )
                    ],
                    reason=REASONS[movement.book_kind],
                    occurred_at=movement.occurred_at,
                    movement_ids=[movement_id],
                )
            kept = _hold_cursor(connection, held, max(cursor, changes.since), self._now())
            connection.commit()
            return kept


def _held_cursor(connection: Connection) -> int | None:
    """The state row's stock cursor; None when there is no state row yet."""
    state = tables.sync_state
    query = select(state.c.stock_cursor).where(state.c.id == STATE_ID)
    row = connection.execute(query).one_or_none()
    return None if row is None else int(row.stock_cursor or 0)


def _hold_cursor(connection: Connection, held: int | None, cursor: int, now: datetime) -> int:
    """The state row's stock cursor (`held`, None without a row) moved up to `cursor` (the
    row made if there is none yet, as the catalog's first page makes it); the cursor held."""
    kept = cursor if held is None else max(held, cursor)
    save_state(connection, {"stock_cursor": kept, "updated_at": now})
    return kept
