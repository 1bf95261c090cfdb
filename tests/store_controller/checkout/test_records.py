"""The checkout's own records: an abandoned cart's row is the one SQLAlchemy's `execute` wrote."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session, sessionmaker

from retail import Money, VatClass
from store_controller.checkout.cart import Cart
from store_controller.checkout.catalog import CatalogItem, SoldBy
from store_controller.checkout.records import abandoned_lines, record_abandoned_cart
from store_controller.db import tables

STARTED = datetime(2026, 12, 6, 18, 59, 59, 999999, tzinfo=timezone(timedelta(hours=1)))
ABANDONED = datetime(2026, 12, 6, 18, 5, 1, tzinfo=UTC)


def a_cart() -> Cart:
    lask = CatalogItem(1, "lask", 'Läsk 33 cl "citron"', Money(1290), VatClass.FOOD, Money(100))
    ost = CatalogItem(2, "ost", "Ost, hushåll", Money(12900), VatClass.FOOD, sold_by=SoldBy.WEIGHT)
    cart, _ = Cart().add(lask, product_key="7310000000012", quantity=3)
    cart, _ = cart.add(ost, product_key="2300001004501", weight_g=450)
    cart, _ = cart.add(ost, product_key="2000002012345", label_price=Money(4990))
    return cart


def stored(engine: Engine) -> list[tuple[object, ...]]:
    """The rows as SQLite holds them (text, numbers), not as the column types read them."""
    path = engine.url.database
    assert path is not None
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT register_id, started_at, abandoned_at, reason, line_count, total_ore, lines,"
            " typeof(started_at), typeof(lines) FROM abandoned_carts ORDER BY id"
        ).fetchall()


def test_an_abandoned_cart_is_stored_as_the_core_insert_stored_it(
    engine: Engine, sessions: sessionmaker[Session]
) -> None:
    cart = a_cart()
    with engine.begin() as connection:  # the statement the checkout ran before
        connection.execute(
            insert(tables.abandoned_carts),
            {
                "register_id": "kassa-1",
                "started_at": STARTED,
                "abandoned_at": ABANDONED,
                "reason": "cleared",
                "line_count": len(cart.lines),
                "total_ore": cart.total.ore,
                "lines": abandoned_lines(cart),
            },
        )
    record_abandoned_cart(
        sessions,
        register_id="kassa-1",
        cart=cart,
        started_at=STARTED,
        abandoned_at=ABANDONED,
        reason="cleared",
    )
    before, now = stored(engine)
    assert now == before
    assert now[4:6] == (3, 3 * 1390 + 5805 + 4990)


def test_an_empty_cart_is_stored_too(engine: Engine, sessions: sessionmaker[Session]) -> None:
    record_abandoned_cart(
        sessions,
        register_id="kassa-1",
        cart=Cart(),
        started_at=STARTED,
        abandoned_at=STARTED,
        reason="idle",
    )
    record_abandoned_cart(
        sessions,
        register_id="kassa-1",
        cart=a_cart(),
        started_at=STARTED,
        abandoned_at=ABANDONED,
        reason="cleared",
    )
    (empty, full) = stored(engine)
    assert empty[3:7] == ("idle", 0, 0, "[]")
    assert full[3:6] == ("cleared", 3, 3 * 1390 + 5805 + 4990)
