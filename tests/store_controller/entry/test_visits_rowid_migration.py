"""Migration 0016 rebuilds `visits` WITHOUT ROWID: a database with visits at 0015 keeps every
row, value and type, its customer index and foreign key, takes the next decision, and the way
back gives the same CREATE texts again."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker

from byabutik.runtime.db import make_engine
from retail.wire import VisitOutcome
from store_controller.db import MIGRATIONS
from store_controller.entry.decision_writer import Outcome, record_decision
from store_controller.entry.records import (
    CustomerView,
    ProvenPerson,
    finish_visit,
    mark_door_opened,
)
from tests.store_controller.checkout.test_sale_tables_migration import _rows, _schema
from tests.store_controller.checkout.test_sales_rowid_migration import _indexes, _pragma

NOON = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
PEOPLE = (
    ProvenPerson("a" * 64, date(1980, 1, 2), "Anna"),
    ProvenPerson("b" * 64, date(2011, 2, 3), ""),
)
GONE = "sqlite_autoindex_visits_1"


def _decide(outcome: VisitOutcome) -> Outcome:
    return Outcome(outcome, 40, final=outcome is not VisitOutcome.GRANTED)


def _enter(engine: Engine, person: ProvenPerson, n: int, outcome: VisitOutcome) -> str:
    visit_id = str(uuid.UUID(int=n * 0x1F3A5C7E9B2D4F60))  # ids not in the order they came
    sessions = sessionmaker(engine, expire_on_commit=False)
    at = NOON + timedelta(minutes=n)

    def decide(_customer: CustomerView) -> Outcome:
        return _decide(outcome)

    record_decision(sessions, person, visit_id=visit_id, now=at, decide=decide)
    return visit_id


def _visits_at_0015(tmp_path: Path) -> Engine:
    """Granted visits opened and closed, one never opened, refusals (with their outbox rows),
    and a visit whose customer was erased (no customer, no age)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'controller.db'}")
    MIGRATIONS.upgrade(engine, "0015")
    sessions = sessionmaker(engine, expire_on_commit=False)
    for n in range(1, 7):
        outcome = VisitOutcome.GRANTED if n % 3 else VisitOutcome.CLOSED_HOURS
        visit_id = _enter(engine, PEOPLE[n % 2], n, outcome)
        if n in (1, 2):
            opened = NOON + timedelta(minutes=n, seconds=3)
            mark_door_opened(sessions, visit_id, at=opened)
            finish_visit(sessions, visit_id, closed_at=opened + timedelta(seconds=4))
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE visits SET customer_id = NULL, age = NULL WHERE decided_at = ("
            "SELECT min(decided_at) FROM visits)"
        )
    return engine


def test_visits_at_0015_keep_every_row_through_0016_and_back(tmp_path: Path) -> None:
    engine = _visits_at_0015(tmp_path)
    before, old_schema, old_indexes = _rows(engine), _schema(engine), _indexes(engine)
    assert len(before["visits"]) == 6
    assert sum(row[2] is None for row in before["visits"]) == 1  # the erased customer's
    assert GONE in old_indexes

    MIGRATIONS.upgrade(engine, "0016")

    assert MIGRATIONS.current(engine) == {"0016"}
    assert _rows(engine) == before
    schema = _schema(engine)
    assert schema["visits"] == old_schema["visits"] + "\n WITHOUT ROWID\n\n"
    assert {name: sql for name, sql in schema.items() if name != "visits"} == {
        name: sql for name, sql in old_schema.items() if name != "visits"
    }  # the customer index made again as it was
    assert _indexes(engine) == old_indexes - {GONE}
    assert _pragma(engine, "foreign_keys") == 1
    assert _pragma(engine, "integrity_check") == "ok"
    added = _enter(engine, PEOPLE[0], 7, VisitOutcome.GRANTED)  # the table takes the next one
    after_entry = _rows(engine)
    assert len(after_entry["visits"]) == 7
    with engine.connect() as connection:  # found by its key, through the customer's index
        query = "SELECT v.id FROM visits v JOIN customers c ON c.id = v.customer_id WHERE v.id = ?"
        assert connection.exec_driver_sql(query, (added,)).scalar_one() == added
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO visits (id, customer_id, decided_at, outcome) "
            "VALUES ('v', 999, '2026-12-06 12:00:00.000000', 'granted')"
        )

    MIGRATIONS.downgrade(engine, "0015")

    assert _rows(engine) == after_entry
    assert _schema(engine) == old_schema
    assert _indexes(engine) == old_indexes
    assert _pragma(engine, "foreign_keys") == 1
    assert _pragma(engine, "integrity_check") == "ok"
    engine.dispose()
