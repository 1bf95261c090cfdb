"""Migration 0012 rebuilds the sale's text-keyed tables WITHOUT ROWID: a database with sales at
0011 keeps every row, value and type, its journal still verifies, and the way back keeps them
too."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from byabutik.runtime.db import make_engine
from retail.wire import StockReason
from store_controller.checkout import seed
from store_controller.checkout.cart import AgeCheckResult
from store_controller.checkout.stock import Move, move_stock
from store_controller.checkout.verify import verify_journal
from store_controller.db import MIGRATIONS
from tests.store_controller.checkout.helpers import WHEN, scanned, sell

REBUILT = ("sale_lines", "sale_payments", "sale_vat", "stock_movements")
DROPPED = ("ix_sales_occurred_at", "ix_stock_movements_product_id", "ix_stock_movements_sale_id")


def _rows(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows with each value's SQLite type, in a fixed order."""
    found: dict[str, list[tuple[object, ...]]] = {}
    with engine.connect() as connection:
        names = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'alembic_version'"
        ).scalars()
        for name in names:
            columns = [row[1] for row in connection.exec_driver_sql(f"PRAGMA table_info({name})")]
            typed = ", ".join(f"{column}, typeof({column})" for column in columns)
            order = ", ".join(str(n) for n in range(1, 2 * len(columns) + 1))
            query = f"SELECT {typed} FROM {name} ORDER BY {order}"
            found[name] = [tuple(row) for row in connection.exec_driver_sql(query)]
    return found


def _schema(engine: Engine) -> dict[str, str]:
    with engine.connect() as connection:
        return dict(
            connection.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"
            ).all()
        )


def sales_at(tmp_path: Path, revision: str) -> tuple[Engine, sessionmaker[Session]]:
    """A controller database migrated to `revision`, with the demo catalog and two sales: one
    of three lines, one with an age check."""
    engine = make_engine(f"sqlite:///{tmp_path / 'controller.db'}")
    MIGRATIONS.upgrade(engine, revision)
    sessions = sessionmaker(engine, expire_on_commit=False)
    with sessions.begin() as session:
        seed.seed_demo_catalog(session)
    sell(sessions, scanned(sessions, seed.MJOLK, seed.LASK, seed.KAFFE))
    checked = AgeCheckResult(
        order_ref="order-1",
        identity_hash="ab" * 32,
        age=30,
        required_age=18,
        checked_at=WHEN - timedelta(seconds=30),
    )
    sell(sessions, scanned(sessions, seed.SNUS, seed.FOLKOL).with_age_check(checked))
    return engine, sessions


def _sales_at_0011(tmp_path: Path) -> Engine:
    engine, sessions = sales_at(tmp_path, "0011")
    sell(sessions, scanned(sessions, seed.weight_label(seed.OST_ARTICLE, 400), seed.LASK))
    with engine.begin() as connection:  # a delivery: a movement of no sale
        cart = scanned(sessions, seed.BROD)
        line = cart.lines[0]
        move_stock(
            connection,
            [Move(line.item.product_id, line.product_key, 12, 0)],
            reason=StockReason.DELIVERY,
            occurred_at=WHEN,
            movement_ids=[uuid.UUID(int=7)],
        )
    return engine


def test_sales_at_0011_keep_every_row_through_0012_and_back(tmp_path: Path) -> None:
    engine = _sales_at_0011(tmp_path)
    before, old_schema = _rows(engine), _schema(engine)
    assert len(before["sales"]) == 3
    assert len(before["stock_movements"]) == 8

    MIGRATIONS.upgrade(engine)

    assert MIGRATIONS.at_head(engine)
    assert _rows(engine) == before
    schema = _schema(engine)
    for name in REBUILT:
        assert "WITHOUT ROWID" in schema[name]
        assert f"sqlite_autoindex_{name}_1" not in schema
    assert not set(DROPPED) & set(schema)
    assert verify_journal(engine).ok
    sessions = sessionmaker(engine, expire_on_commit=False)  # the tables take the next sale
    sell(sessions, scanned(sessions, seed.MJOLK))
    after_sale = _rows(engine)
    assert len(after_sale["sales"]) == 4
    assert verify_journal(engine).ok

    MIGRATIONS.downgrade(engine, "0011")

    assert _rows(engine) == after_sale
    back = _schema(engine)
    for name in REBUILT:
        assert "WITHOUT ROWID" not in back[name]
    assert set(DROPPED) <= set(back)
    assert {name: sql for name, sql in back.items() if name not in REBUILT} == {
        name: sql for name, sql in old_schema.items() if name not in REBUILT
    }
    engine.dispose()
