"""Pending payments in the database: written before the provider is asked, settled after.

A Swish payment's record for the backoffice (`payment_records`) is queued in the same
transaction as each of these changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, insert, select, update

from store_controller.checkout.cart import Cart
from store_controller.checkout.snapshot import cart_snapshot, restore_cart
from store_controller.db import tables
from store_controller.db.sessions import engine_of
from store_controller.outbox.queue import enqueue_on

if TYPE_CHECKING:
    from store_controller.db.sessions import Sessions


@dataclass(frozen=True, slots=True)
class PendingPayment:
    sale_id: str
    provider: str
    cart: Cart
    requested_at: datetime
    amount_ore: int


def remember_payment(
    sessions: Sessions,
    *,
    sale_id: str,
    register_id: str,
    provider: str,
    cart: Cart,
    requested_at: datetime,
) -> None:
    """Keep the cart of a payment about to be requested (durable before the provider is asked).
    Core statements: a sale's path does not load the ORM (memory on a Pi 3, issue 23)."""
    from retail.wire import PaymentRecordState
    from store_controller.checkout.payment_records import payment_record

    with engine_of(sessions).begin() as connection:
        connection.execute(
            insert(tables.pending_payments),
            {
                "sale_id": sale_id,
                "register_id": register_id,
                "provider": provider,
                "amount_ore": cart.total.ore,
                "cart": cart_snapshot(cart),
                "requested_at": requested_at,
            },
        )
        record = payment_record(
            sale_id=sale_id,
            provider=provider,
            amount_ore=cart.total.ore,
            requested_at=requested_at,
            state=PaymentRecordState.CREATED,
            at=requested_at,
        )
        if record is not None:
            enqueue_on(connection, record, at=requested_at)


def settle_payment(connection: Connection, *, sale_id: str, outcome: str, at: datetime) -> None:
    """Mark a pending payment settled, inside the connection's transaction (no-op if unknown or
    settled already), and queue its record."""
    from store_controller.checkout.payment_records import payment_record, settled_state

    table = tables.pending_payments
    row = connection.execute(
        update(table)
        .where(table.c.sale_id == sale_id, table.c.settled_at.is_(None))
        .values(settled_at=at, outcome=outcome)
        .returning(table.c.provider, table.c.amount_ore, table.c.requested_at)
    ).first()
    if row is None:
        return
    record = payment_record(
        sale_id=sale_id,
        provider=row.provider,
        amount_ore=row.amount_ore,
        requested_at=row.requested_at,
        state=settled_state(outcome),
        at=at,
    )
    if record is not None:
        enqueue_on(connection, record, at=at)


def settle(sessions: Sessions, *, sale_id: str, outcome: str, at: datetime) -> None:
    with engine_of(sessions).begin() as connection:
        settle_payment(connection, sale_id=sale_id, outcome=outcome, at=at)


def unsettled(sessions: Sessions, register_id: str) -> list[PendingPayment]:
    """Payments of `register_id` asked for and never settled (a crash came in between)."""
    table = tables.pending_payments
    query = (
        select(table)
        .where(table.c.register_id == register_id, table.c.settled_at.is_(None))
        .order_by(table.c.requested_at)
    )
    with engine_of(sessions).connect() as connection:
        rows = connection.execute(query).all()
        return [
            PendingPayment(
                r.sale_id, r.provider, restore_cart(r.cart), r.requested_at, r.amount_ore
            )
            for r in rows
        ]
