"""Prepared statements: Core compiled once, run on the driver, read back like the ORM wrote it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from store_controller.db.prepared import Prepared
from store_controller.outbox.models import OutboxEntry

AT = datetime(2026, 12, 5, 16, 30, 15, 123456, tzinfo=timezone(timedelta(hours=1)))


def test_a_row_written_through_the_driver_reads_back_through_the_orm(engine: Engine) -> None:
    append = Prepared(insert(OutboxEntry), engine.dialect, ("kind", "payload", "created_at"))
    with engine.connect() as connection:
        cursor = append.execute(
            connection, {"kind": "sale", "payload": {"total_ore": 2780}, "created_at": AT}
        )
        seq = cursor.lastrowid
        connection.commit()
    with Session(engine) as session:
        row = session.get(OutboxEntry, seq)
        assert row is not None
        assert row.payload == {"total_ore": 2780}
        assert row.created_at == AT.astimezone(UTC)
        assert row.created_at.tzinfo is UTC


def test_a_naive_timestamp_is_refused_by_the_column_type(engine: Engine) -> None:
    append = Prepared(insert(OutboxEntry), engine.dialect, ("kind", "payload", "created_at"))
    with engine.connect() as connection, pytest.raises(ValueError, match="naive datetime"):
        append.execute(
            connection, {"kind": "sale", "payload": {}, "created_at": AT.replace(tzinfo=None)}
        )


def test_a_value_bound_in_the_statement_is_used_when_not_given(engine: Engine) -> None:
    append = Prepared(insert(OutboxEntry), engine.dialect, ("kind", "payload", "created_at"))
    newest = Prepared(
        select(OutboxEntry.kind).order_by(OutboxEntry.seq.desc()).limit(1), engine.dialect
    )
    with engine.connect() as connection:
        append.execute_many(
            connection,
            [{"kind": k, "payload": {}, "created_at": AT} for k in ("sale", "visit")],
        )
        assert newest.execute(connection, {}).fetchall() == [("visit",)]
        connection.rollback()


def test_a_timestamp_is_stored_as_the_column_type_stores_it_in_every_statement(
    engine: Engine,
) -> None:
    """The type's own text (as SQLAlchemy's `execute` and the ORM store it, no `+00:00`), so SQL
    that orders or compares the text sees one format whichever path wrote a row."""
    append = Prepared(insert(OutboxEntry), engine.dialect, ("kind", "payload", "created_at"))
    also = Prepared(insert(OutboxEntry), engine.dialect, ("created_at", "kind", "payload"))
    other = AT + timedelta(seconds=1)
    with engine.connect() as connection:
        for statement, at in ((append, AT), (also, other), (also, AT), (append, other)):
            statement.execute(connection, {"kind": "sale", "payload": {}, "created_at": at})
        connection.commit()
        stored = connection.exec_driver_sql(
            "SELECT typeof(created_at), created_at FROM outbox ORDER BY seq"
        ).fetchall()
        connection.execute(insert(OutboxEntry).values(kind="orm", payload={}, created_at=AT))
        typed = connection.exec_driver_sql(
            "SELECT created_at FROM outbox WHERE kind = 'orm'"
        ).scalar_one()
        connection.rollback()
    assert typed == "2026-12-05 15:30:15.123456"
    texts = {AT: typed, other: "2026-12-05 15:30:16.123456"}
    assert stored == [("text", texts[at]) for at in (AT, other, AT, other)]


@pytest.mark.parametrize("count", [2, 3, 7, 8, 45, 300])
def test_rows_of_an_insert_go_in_statements_of_several_rows_in_their_order(
    engine: Engine, count: int
) -> None:
    """The same rows, sequence numbers and order as one statement a row; each statement's rows
    a power of two, with at most 512 parameters (here 128 rows of 3)."""
    append = Prepared(
        insert(OutboxEntry), engine.dialect, ("kind", "payload", "created_at"), rows=True
    )
    executed: list[str] = []
    with engine.connect() as connection:
        connection.connection.dbapi_connection.set_trace_callback(executed.append)  # type: ignore[union-attr]
        append.execute_rows(connection, [(f"k{n}", {"n": n}, AT) for n in range(count)])
        append.execute_rows(connection, [("last", {}, AT)])
        connection.connection.dbapi_connection.set_trace_callback(None)  # type: ignore[union-attr]
        rows = connection.exec_driver_sql(
            "SELECT seq, kind, payload, typeof(created_at) FROM outbox ORDER BY seq"
        ).fetchall()
        connection.rollback()
    first = rows[0][0]
    kinds = [f"k{n}" for n in range(count)] + ["last"]
    assert rows == [
        (first + n, kind, f'{{"n": {n}}}' if kind != "last" else "{}", "text")
        for n, kind in enumerate(kinds)
    ]
    inserts = [sql for sql in executed if sql.startswith("INSERT")]
    sizes = [sql.count("(") - 1 for sql in inserts]  # the columns' list, then a row each
    assert sum(sizes) == count + 1
    assert all(size & (size - 1) == 0 and size <= 128 for size in sizes)
    assert sizes == sorted(sizes, reverse=True)
    assert len(inserts) == bin(count % 128).count("1") + count // 128 + 1


def test_rows_of_an_upsert_go_together_and_other_statements_row_by_row(engine: Engine) -> None:
    """An upsert's rows in one statement change a row given twice as two statements did; a
    statement that returns rows is not put together."""
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    from store_controller.db import tables

    levels = tables.stock_levels
    upsert = sqlite_insert(levels)
    write = Prepared(
        upsert.on_conflict_do_update(
            index_elements=[levels.c.product_id], set_={"quantity": upsert.excluded.quantity}
        ),
        engine.dialect,
        ("product_id", "quantity", "weight_g", "updated_at"),
        rows=True,
    )
    returning = Prepared(
        insert(OutboxEntry).returning(OutboxEntry.seq),
        engine.dialect,
        ("kind", "payload", "created_at"),
        rows=True,
    )
    assert write._values is not None
    assert returning._values is None
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        write.execute_rows(connection, [(90_001, 5, 0, AT), (90_002, 6, 0, AT), (90_001, 7, 0, AT)])
        assert connection.exec_driver_sql(
            "SELECT product_id, quantity FROM stock_levels WHERE product_id > 90000"
            " ORDER BY product_id"
        ).fetchall() == [(90_001, 7), (90_002, 6)]
        connection.rollback()
