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
