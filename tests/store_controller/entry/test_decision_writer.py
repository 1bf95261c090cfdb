"""The door's decision writer: each person's own record and standing, a failed decision that
leaves nothing and a writer connection that still writes, and a decision on disk before the relay
(kill -9 between the commit and the relay)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from retail.wire import VisitOutcome
from store_controller.customers.status import CustomerStatus
from store_controller.db import writer
from store_controller.entry.decision_writer import Outcome, record_decision
from store_controller.entry.records import CustomerView, ProvenPerson
from tests.waits import WAIT_S

REPO = Path(__file__).resolve().parents[3]
NOON = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
MEMBER = ProvenPerson("a" * 64, date(1980, 1, 2), "Anna Medlem")
BLOCKED = ProvenPerson("b" * 64, date(1981, 2, 3), "Bo Spärrad")
NEITHER = ProvenPerson("c" * 64, date(1982, 3, 4), "")


def _id(n: int) -> str:
    return str(uuid.UUID(int=n))


def _rows(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.exec_driver_sql(sql)]


def _enter(engine: Engine, person: ProvenPerson, visit: int, at: datetime = NOON) -> CustomerView:
    seen: list[CustomerView] = []

    def decide(customer: CustomerView) -> Outcome:
        seen.append(customer)
        return Outcome(VisitOutcome.GRANTED, 40, final=False)

    sessions = sessionmaker(engine, expire_on_commit=False)
    record_decision(sessions, person, visit_id=_id(visit), now=at, decide=decide)
    (customer,) = seen
    return customer


@pytest.fixture
def standings(engine: Engine) -> Engine:
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO member_standings (identity_hash, credit_limit_ore, blocked, blocked_until)"
            " VALUES (?, 50000, 0, NULL), (?, NULL, 1, NULL)",
            (MEMBER.identity_hash, BLOCKED.identity_hash),
        )
    return engine


def test_first_and_returning_visits_each_read_the_persons_own_standing(standings: Engine) -> None:
    for visit in (0, 3):  # the first visit creates the record, the next one finds it
        member = _enter(standings, MEMBER, visit + 1)
        blocked = _enter(standings, BLOCKED, visit + 2)
        neither = _enter(standings, NEITHER, visit + 3)
        assert (member.status, member.blocked_by_association) == (CustomerStatus.MEMBER, False)
        assert (blocked.status, blocked.blocked_by_association) == (CustomerStatus.ACTIVE, True)
        assert (neither.status, neither.blocked_by_association) == (CustomerStatus.ACTIVE, False)


def test_a_returning_customer_keeps_the_stored_name_when_bankid_gives_none(engine: Engine) -> None:
    _enter(engine, MEMBER, 1)
    later = NOON + timedelta(minutes=5)
    _enter(engine, ProvenPerson(MEMBER.identity_hash, MEMBER.birth_date, ""), 2, later)
    assert _rows(engine, "SELECT name, first_seen_at, last_seen_at FROM customers") == [
        ("Anna Medlem", "2026-12-06 12:00:00.000000", "2026-12-06 12:05:00.000000")
    ]


def test_a_failed_decision_leaves_nothing_and_the_writer_connection_writes_on(
    engine: Engine,
) -> None:
    _enter(engine, MEMBER, 1)
    held = writer._held[engine].connection
    later = NOON + timedelta(minutes=5)
    with pytest.raises(
        sqlite3.IntegrityError
    ):  # the visit's id taken: its INSERT fails after the UPDATE
        _enter(engine, MEMBER, 1, later)

    def refuse(_customer: CustomerView) -> Outcome:
        raise RuntimeError("the policy failed")

    sessions = sessionmaker(engine, expire_on_commit=False)
    with pytest.raises(RuntimeError):  # a new customer's INSERT made, then the policy fails
        record_decision(sessions, NEITHER, visit_id=_id(2), now=later, decide=refuse)
    assert _rows(engine, "SELECT id, last_seen_at FROM customers") == [
        (1, "2026-12-06 12:00:00.000000")  # the returning visit's update rolled back with it
    ]
    assert _rows(engine, "SELECT id FROM visits") == [(_id(1),)]
    _enter(engine, NEITHER, 3, later)
    assert writer._held[engine].connection is held  # kept open, rolled back, used again
    assert _rows(engine, "SELECT id FROM visits ORDER BY id") == [(_id(1),), (_id(3),)]


def test_a_door_killed_as_its_relay_energises_has_its_visit_on_disk(engine: Engine) -> None:
    database = engine.url.database
    assert database is not None
    engine.dispose()  # the child's own connections only
    child = subprocess.run(
        [sys.executable, "-m", "tests.store_controller.entry.decision_child", database, "2"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=WAIT_S,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        check=False,
    )
    assert child.returncode == -9, child.stdout + child.stderr
    assert child.stdout.split() == ["GRANTED", "True", "GRANTED", "True", "RELAY"]
    visits = _rows(
        engine, "SELECT outcome, door_opened_at IS NULL FROM visits ORDER BY decided_at"
    )  # the third was committed before its relay was told to energise, and never opened
    assert visits == [("granted", 0), ("granted", 0), ("granted", 1)]
    assert _rows(engine, "SELECT count(*) FROM customers") == [(1,)]
