"""Migration 0013: a database at 0012 whose timestamps were stored in both formats (the Core
writers' `+00:00` suffix, the ORM's none) holds them in the column type's one format after it,
every other value as it was, and the way back keeps them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, select

from byabutik.runtime.db import make_engine
from store_controller.db import MIGRATIONS, tables
from store_controller.db.models import Base

SUFFIXED = "2026-12-06 17:00:01.500000+00:00"
WHOLE_SUFFIXED = "2026-12-06 17:00:02+00:00"  # the driver wrote no fraction on a whole second
CANONICAL = "2026-12-06 17:00:01.250000"
MIGRATED = {
    SUFFIXED: "2026-12-06 17:00:01.500000",
    WHOLE_SUFFIXED: "2026-12-06 17:00:02.000000",
    CANONICAL: CANONICAL,
    None: None,
}


def _visit(n: int) -> str:
    return str(uuid.UUID(int=n))


def _at_0012(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'controller.db'}")
    MIGRATIONS.upgrade(engine, "0012")
    with engine.begin() as connection:
        run = connection.exec_driver_sql
        run(
            "INSERT INTO customers (id, identity_hash, birth_date, name, status, first_seen_at,"
            " last_seen_at) VALUES (1, ?, '1980-01-02', 'Anna', 'active', ?, ?)",
            ("ab" * 32, CANONICAL, SUFFIXED),
        )
        visits = [
            (_visit(1), SUFFIXED, "under_age", 9, None, None),
            (_visit(2), CANONICAL, "granted", 46, SUFFIXED, CANONICAL),
            (_visit(3), WHOLE_SUFFIXED, "granted", 46, WHOLE_SUFFIXED, SUFFIXED),
        ]
        for visit in visits:
            run(
                "INSERT INTO visits (id, customer_id, decided_at, outcome, age, door_opened_at,"
                " door_closed_at) VALUES (?, 1, ?, ?, ?, ?, ?)",
                visit,
            )
        for n, at in enumerate((SUFFIXED, CANONICAL, WHOLE_SUFFIXED), start=1):
            run(
                "INSERT INTO outbox (seq, kind, payload, created_at, acked_at)"
                " VALUES (?, 'visit', '{\"n\": 1}', ?, ?)",
                (n, at, SUFFIXED if n == 2 else None),
            )
    return engine


def _rows(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    found: dict[str, list[tuple[object, ...]]] = {}
    with engine.connect() as connection:
        for table in ("customers", "visits", "outbox"):
            found[table] = [
                tuple(row)
                for row in connection.exec_driver_sql(f"SELECT * FROM {table} ORDER BY 1")
            ]
    return found


def _timestamp(table: str, index: int) -> bool:
    column = list(Base.metadata.tables[table].columns)[index]
    return column.name.endswith("_at") or column.name == "blocked_until"


def test_timestamps_in_both_formats_migrate_to_the_types_one_format(tmp_path: Path) -> None:
    engine = _at_0012(tmp_path)
    try:
        before = _rows(engine)
        MIGRATIONS.upgrade(engine)
        assert MIGRATIONS.at_head(engine)
        after = _rows(engine)
        expected = {
            table: [
                tuple(
                    MIGRATED[value] if _timestamp(table, i) else value  # type: ignore[index]
                    for i, value in enumerate(row)
                )
                for row in rows
            ]
            for table, rows in before.items()
        }
        assert after == expected
        assert not any(
            isinstance(value, str) and value.endswith("+00:00")
            for rows in after.values()
            for row in rows
            for value in row
        )
        with engine.connect() as connection:  # the text now orders as the times do
            decided = connection.exec_driver_sql("SELECT id FROM visits ORDER BY decided_at")
            assert decided.scalars().all() == [_visit(2), _visit(1), _visit(3)]
        MIGRATIONS.downgrade(engine, "0012")
        assert _rows(engine) == after
    finally:
        engine.dispose()


def test_the_migrated_text_reads_back_as_the_same_utc_times(tmp_path: Path) -> None:
    engine = _at_0012(tmp_path)
    try:
        MIGRATIONS.upgrade(engine)
        visits = tables.visits.c
        with engine.connect() as connection:
            query = select(visits.decided_at).order_by(visits.id)
            decided = connection.execute(query).scalars().all()
        assert decided == [
            datetime(2026, 12, 6, 17, 0, 1, 500_000, tzinfo=UTC),
            datetime(2026, 12, 6, 17, 0, 1, 250_000, tzinfo=UTC),
            datetime(2026, 12, 6, 17, 0, 2, tzinfo=UTC),
        ]
    finally:
        engine.dispose()
