"""The door's decision writer stores its times as the column type does (the ORM's text), so SQL
that orders or compares the text sees one format whichever path wrote a visit."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from byabutik.runtime.db import UtcDateTime
from retail.wire import VisitOutcome
from store_controller.customers.models import VisitRecord
from store_controller.db import tables
from store_controller.entry.decision_writer import Outcome, record_decision
from store_controller.entry.records import CustomerView, ProvenPerson


def _id(n: int) -> str:
    return str(uuid.UUID(int=n))


PERSON = ProvenPerson("ab" * 32, date(1980, 1, 2), "Anna")
NOON = datetime(2026, 12, 6, 12, 0, 0, tzinfo=UTC)


def _decide(outcome: VisitOutcome) -> Outcome:
    return Outcome(outcome, 46, final=outcome is not VisitOutcome.GRANTED)


def _enter(engine: Engine, visit_id: str, at: datetime, outcome: VisitOutcome) -> None:
    def decide(_customer: CustomerView) -> Outcome:
        return _decide(outcome)

    sessions = sessionmaker(engine, expire_on_commit=False)
    record_decision(sessions, PERSON, visit_id=visit_id, now=at, decide=decide)


def _stored(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.exec_driver_sql(sql)]


@pytest.mark.parametrize("at", [NOON, NOON + timedelta(microseconds=250)], ids=["whole", "us"])
def test_an_entry_stores_its_times_as_the_column_type_does(engine: Engine, at: datetime) -> None:
    _enter(engine, _id(1), at, VisitOutcome.UNDER_AGE)  # a refusal: its outbox row too
    with Session(engine) as session, session.begin():
        session.add(VisitRecord(id=_id(2), decided_at=at, outcome="granted", age=46))
    typed = UtcDateTime().dialect_impl(engine.dialect).bind_processor(engine.dialect)
    assert typed is not None
    canonical = typed(at)
    assert canonical == at.strftime("%Y-%m-%d %H:%M:%S.%f")  # sanity: SQLite's DATETIME text
    visits = _stored(engine, "SELECT id, decided_at FROM visits ORDER BY id")
    assert visits == [(_id(1), canonical), (_id(2), canonical)]
    customers = _stored(engine, "SELECT first_seen_at, last_seen_at FROM customers")
    assert customers == [(canonical, canonical)]
    assert _stored(engine, "SELECT created_at FROM outbox") == [(canonical,)]


def test_visits_order_and_select_by_decided_at_across_the_writers(engine: Engine) -> None:
    times = [NOON + timedelta(seconds=n // 2, microseconds=500_000 * (n % 2)) for n in range(6)]
    for n, at in enumerate(times):
        if n % 3 == 0:
            with Session(engine) as session, session.begin():
                session.add(VisitRecord(id=_id(n), decided_at=at, outcome="granted"))
        else:
            _enter(engine, _id(n), at, VisitOutcome.GRANTED if n % 3 == 1 else VisitOutcome.BLOCKED)
    visits = tables.visits.c
    with engine.connect() as connection:
        ordered = connection.execute(select(visits.id).order_by(visits.decided_at.desc()))
        assert ordered.scalars().all() == [_id(n) for n in reversed(range(6))]
        for n, at in enumerate(times):  # a sweep's bounds, inclusive at the row's own time
            upto = select(visits.id).where(visits.decided_at <= at).order_by(visits.decided_at)
            assert connection.execute(upto).scalars().all() == [_id(k) for k in range(n + 1)]
            since = select(visits.id).where(visits.decided_at >= at).order_by(visits.decided_at)
            assert connection.execute(since).scalars().all() == [_id(k) for k in range(n, 6)]
