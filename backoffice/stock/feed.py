"""The stock book's movements as a store pulls them: its rows after a cursor, in id order.

A store's rows must become visible in id order, or a pull could pass an id whose transaction has
not committed yet and never see it: `lock_store_book` (called by `book` before it writes) holds the
store's row until the transaction ends, so one store's book rows are written one transaction at a
time. FOR NO KEY UPDATE: the stores' own pushes (foreign keys to the store) are not held up.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.stock.book_models import StockBookEntry
from backoffice.stores.models import Store
from retail import wire

PAGE = 500


def lock_store_book(session: Session, store_id: int) -> None:
    """Hold the store's book until this transaction ends (a no-op on SQLite: one writer)."""
    session.execute(select(Store.id).where(Store.id == store_id).with_for_update(key_share=True))


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def changes_after(
    session: Session, store_id: int, since: int, limit: int = PAGE
) -> wire.StockChanges:
    """The store's book rows after `since`, at most `limit`, and whether more follow."""
    rows = session.scalars(
        select(StockBookEntry)
        .where(StockBookEntry.store_id == store_id, StockBookEntry.id > since)
        .order_by(StockBookEntry.id)
        .limit(limit + 1)
    ).all()
    page = rows[:limit]
    movements = tuple(
        wire.BookMovement(
            book_id=row.id,
            occurred_at=_utc(row.created_at),
            product_key=row.product_key,
            quantity_delta=row.quantity_delta,
            weight_delta_g=row.weight_delta_g,
            book_kind=row.kind,  # the book's KINDS, checked on write and by the model
        )
        for row in page
    )
    cursor = page[-1].id if page else since
    return wire.StockChanges(
        since=since, cursor=cursor, movements=movements, more=len(rows) > limit
    )
