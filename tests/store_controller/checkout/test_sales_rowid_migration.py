"""Migration 0014 rebuilds `sales` WITHOUT ROWID and the journal without its hash index: a
database with sales at 0013 keeps every row, value, type and its journal counter, foreign keys
stay on and hold, and the way back gives the same CREATE texts again."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from store_controller.checkout import seed
from store_controller.checkout.verify import verify_journal
from store_controller.db import MIGRATIONS
from tests.store_controller.checkout.helpers import scanned, sell
from tests.store_controller.checkout.test_sale_tables_migration import _rows, _schema, sales_at

REBUILT = ("sales", "journal_entries")
GONE = ("sqlite_autoindex_sales_1", "sqlite_autoindex_journal_entries_1")


def _sales_at_0013(tmp_path: Path) -> Engine:
    return sales_at(tmp_path, "0013")[0]


def _indexes(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        query = "SELECT name FROM sqlite_master WHERE type = 'index'"
        return set(connection.exec_driver_sql(query).scalars())


def _pragma(engine: Engine, name: str) -> object:
    with engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_sales_at_0013_keep_every_row_through_0014_and_back(tmp_path: Path) -> None:
    engine = _sales_at_0013(tmp_path)
    before, old_schema, old_indexes = _rows(engine), _schema(engine), _indexes(engine)
    assert len(before["sales"]) == 2
    assert len(before["age_checks"]) == 1

    MIGRATIONS.upgrade(engine, "0014")  # not head: a later migration may add an index

    assert MIGRATIONS.current(engine) == {"0014"}
    assert _rows(engine) == before  # sqlite_sequence among them: the journal's counter
    schema = _schema(engine)
    assert schema["sales"] == old_schema["sales"] + "\n WITHOUT ROWID\n\n"
    assert "uq_journal_entries_hash" not in schema["journal_entries"]
    assert set(GONE) <= old_indexes
    assert _indexes(engine) == old_indexes - set(GONE)  # (register_id, receipt_number) stays
    assert {name: sql for name, sql in schema.items() if name not in REBUILT} == {
        name: sql for name, sql in old_schema.items() if name not in REBUILT
    }  # the children still name `sales`
    assert _pragma(engine, "foreign_keys") == 1
    assert _pragma(engine, "integrity_check") == "ok"
    assert verify_journal(engine).ok
    sessions = sessionmaker(engine, expire_on_commit=False)  # the tables take the next sale
    sell(sessions, scanned(sessions, seed.MJOLK))
    after_sale = _rows(engine)
    assert len(after_sale["sales"]) == 3
    assert verify_journal(engine).ok
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO sale_vat VALUES ('no-such-sale', 2500, 125, 25, 100)"
        )

    MIGRATIONS.downgrade(engine, "0013")

    assert _rows(engine) == after_sale
    assert _schema(engine) == old_schema
    assert _indexes(engine) == old_indexes
    assert _pragma(engine, "foreign_keys") == 1
    assert verify_journal(engine).ok
    engine.dispose()


def test_a_foreign_key_violation_at_the_migrations_end_rolls_it_back(tmp_path: Path) -> None:
    """Foreign keys are off while a migration runs and checked whole before its commit: an
    orphan row (made here with the keys off) stops it, and nothing of it stays."""
    engine = _sales_at_0013(tmp_path)
    raw = engine.raw_connection()
    try:
        raw.execute("PRAGMA foreign_keys=OFF")
        raw.execute("INSERT INTO sale_vat VALUES ('no-such-sale', 2500, 125, 25, 100)")
        raw.commit()
        raw.execute("PRAGMA foreign_keys=ON")
    finally:
        raw.close()
    before, old_schema = _rows(engine), _schema(engine)

    with pytest.raises(RuntimeError, match="breaks foreign keys"):
        MIGRATIONS.upgrade(engine, "0014")

    assert MIGRATIONS.current(engine) == {"0013"}
    assert _schema(engine) == old_schema
    assert _rows(engine) == before
    assert _pragma(engine, "foreign_keys") == 1
    engine.dispose()
