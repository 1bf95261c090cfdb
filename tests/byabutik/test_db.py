"""SQLite opens durable (WAL, synchronous=FULL) with foreign keys enforced; timestamps stay UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, insert, select, text
from sqlalchemy.exc import IntegrityError, StatementError

from byabutik.runtime.db import UtcDateTime, make_engine


def test_sqlite_pragmas_make_commits_durable(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'nested' / 'store.db'}")
    try:
        with engine.connect() as connection:
            pragma = {
                name: connection.execute(text(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
            }
    finally:
        engine.dispose()
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 5000,
    }
    assert (tmp_path / "nested" / "store.db").is_file()


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    metadata = MetaData()
    parent = Table("parent", metadata, Column("id", Integer, primary_key=True))
    child = Table("child", metadata, Column("parent_id", Integer, ForeignKey("parent.id")))
    engine = make_engine(f"sqlite:///{tmp_path / 'fk.db'}")
    try:
        metadata.create_all(engine)
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(insert(child).values(parent_id=42))
        assert parent.name == "parent"
    finally:
        engine.dispose()


def test_timestamps_come_back_as_utc_and_naive_ones_are_refused(tmp_path: Path) -> None:
    metadata = MetaData()
    stamps = Table("stamps", metadata, Column("at", UtcDateTime(), primary_key=True))
    engine = make_engine(f"sqlite:///{tmp_path / 'utc.db'}")
    stockholm_winter = timezone(timedelta(hours=1))
    try:
        metadata.create_all(engine)
        with engine.begin() as connection:
            connection.execute(
                insert(stamps).values(at=datetime(2026, 11, 28, 13, 0, tzinfo=stockholm_winter))
            )
            stored = connection.execute(select(stamps.c.at)).scalar_one()
            with pytest.raises(StatementError, match="naive datetime"):
                connection.execute(insert(stamps).values(at=datetime(2026, 1, 1)))
    finally:
        engine.dispose()
    assert stored == datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    assert stored.tzinfo is UTC
