"""The sale writer's connection: kept open between writers, clean after a failure, closed with
the engine."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert

from store_controller.db import tables
from store_controller.db.prepared import Prepared, begin_immediate, on_driver
from store_controller.db.writer import writing

AT = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)


def _append(engine: Engine) -> Prepared:
    return Prepared(
        insert(tables.outbox), engine.dialect, ("kind", "payload", "created_at"), rows=True
    )


def _kinds(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT kind FROM outbox ORDER BY seq").fetchall()
    return [kind for (kind,) in rows]


def test_a_writer_that_fails_leaves_nothing_and_the_next_one_writes(engine: Engine) -> None:
    append = _append(engine)

    def fail_half_way() -> None:
        with writing(engine) as connection:
            begin_immediate(connection)
            append.execute_rows(connection, [("lost", {}, AT)])
            raise RuntimeError("the sale failed half way")

    with pytest.raises(RuntimeError):
        fail_half_way()
    with writing(engine) as connection:
        begin_immediate(connection)
        append.execute_rows(connection, [("kept", {}, AT)])
        connection.commit()
    assert _kinds(engine) == ["kept"]


def test_writers_on_several_threads_each_commit_their_rows(engine: Engine) -> None:
    append = _append(engine)

    def write(name: str) -> None:
        for n in range(20):
            with writing(engine) as connection:
                begin_immediate(connection)
                append.execute_rows(connection, [(f"{name}{n}", {}, AT)])
                connection.commit()

    threads = [threading.Thread(target=write, args=(name,)) for name in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    kinds = _kinds(engine)
    assert sorted(kinds) == sorted(f"{name}{n}" for name in "ab" for n in range(20))


def test_disposing_the_engine_closes_the_writer(engine: Engine, tmp_path: Path) -> None:
    with writing(engine) as connection:
        begin_immediate(connection)
        _append(engine).execute_rows(connection, [("sale", {}, AT)])
        connection.commit()
    engine.dispose()
    # SQLite folds the write-ahead log into the database when its last connection closes
    assert not (tmp_path / "controller.db-wal").exists()
    assert _kinds(engine) == ["sale"]


def test_a_driver_transaction_that_fails_leaves_nothing_and_the_next_one_commits(
    engine: Engine,
) -> None:
    append = _append(engine)

    def fail_half_way() -> None:
        with writing(engine) as held, on_driver(held) as driver:
            append.execute_rows(driver, [("lost", {}, AT)])
            raise RuntimeError("the sale failed half way")

    with pytest.raises(RuntimeError):
        fail_half_way()
    with writing(engine) as held, on_driver(held) as driver:
        append.execute_rows(driver, [("left open", {}, AT)])  # neither committed nor rolled back
    with writing(engine) as held, on_driver(held) as driver:
        append.execute_rows(driver, [("kept", {}, AT)])
        driver.commit()
        assert not held.in_transaction()
        assert not driver.connection.in_transaction
    assert _kinds(engine) == ["kept"]


def test_a_driver_transaction_is_not_begun_inside_a_transaction_of_the_connection(
    engine: Engine,
) -> None:
    with writing(engine) as held:
        begin_immediate(held)
        with pytest.raises(RuntimeError, match="transaction of its own"), on_driver(held):
            pass


def test_a_driver_transaction_that_cannot_begin_raises_and_the_next_one_commits(
    engine: Engine,
) -> None:
    append = _append(engine)
    with engine.connect() as other:
        other.exec_driver_sql("BEGIN IMMEDIATE")  # another writer holds SQLite's write lock
        with writing(engine) as held:
            driver = held.connection.dbapi_connection
            assert driver is not None
            driver.execute("PRAGMA busy_timeout=0")  # "database is locked" at once, no wait
            with pytest.raises(sqlite3.OperationalError, match="locked"), on_driver(held):
                pytest.fail("began while another writer held the lock")
            assert not driver.in_transaction
        other.rollback()
    with writing(engine) as held, on_driver(held) as began:
        append.execute_rows(began, [("kept", {}, AT)])
        began.commit()
    assert _kinds(engine) == ["kept"]
