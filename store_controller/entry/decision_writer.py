"""`record_decision`: an entry's customer, decision and visit in ONE SQLite transaction.

The door's hot path (BankID complete -> relay on) must make one durable write and little else.
The customer record (created on a first visit, else its last-seen and name updated), the
backoffice's standing for the person, the visit row and, for a refusal, the visit's outbox row
are read and written with `Prepared` Core statements on the engine's writer connection
(`writing`: held open between writers, rolled back after a failure) in a transaction on its
driver (`on_driver`: BEGIN IMMEDIATE, one cursor), committed with synchronous=FULL (one fsync),
not through the ORM's unit of work, which cost the entry several times its commit. The rows are
those the ORM wrote before: a refusal's outbox row is the one `records.finish_visit` writes for
a visit that ends later.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy import Engine, bindparam, func, insert, literal_column, select, update
from sqlalchemy.engine import Dialect

from retail.wire import Visit, VisitOutcome
from store_controller.customers.status import CustomerStatus
from store_controller.db import tables
from store_controller.db.prepared import OnDriver, Prepared, on_driver, prepared
from store_controller.db.writer import writing
from store_controller.entry.records import CustomerView, ProvenPerson
from store_controller.outbox.queue import enqueue_all

if TYPE_CHECKING:
    from store_controller.db.sessions import Sessions


Processor = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class _Statements:
    seen: Prepared
    standing: Prepared
    add_customer: Prepared
    visit: Prepared
    birth_date: Processor
    blocked_until: Processor


def _result(column: Any, dialect: Dialect) -> Processor:
    process = column.type.dialect_impl(dialect).result_processor(dialect, None)
    return process if process is not None else (lambda value: value)


def _statements(dialect: Dialect) -> _Statements:
    customers, standings = tables.customers.c, tables.member_standings.c
    standing = (standings.credit_limit_ore, standings.blocked, standings.blocked_until)

    def of_customer(column: Any) -> Any:
        # qualified by hand: a RETURNING clause renders its columns without their table, which
        # would compare the standings' own key with itself
        key: Any = literal_column("member_standings.identity_hash")
        found = select(column).where(key == literal_column("customers.identity_hash"))
        return found.scalar_subquery()

    return _Statements(
        # a returning customer in one statement: last seen and name (kept if BankID gave none)
        # stored, the record and the person's standing returned (SQLite 3.35+)
        seen=Prepared(
            update(tables.customers)
            .where(customers.identity_hash == bindparam("hash"))
            .values(
                last_seen_at=bindparam("at"),
                name=func.coalesce(
                    func.nullif(bindparam("new_name"), literal_column("''")), customers.name
                ),
            )
            .returning(
                customers.id,
                customers.status,
                customers.name,
                customers.birth_date,
                *(of_customer(column) for column in standing),
            ),
            dialect,
            ("new_name", "at", "hash"),
            rows=True,
        ),
        standing=Prepared(
            select(*standing).where(standings.identity_hash == bindparam("hash")),
            dialect,
            ("hash",),
            rows=True,
        ),
        add_customer=Prepared(
            insert(tables.customers),
            dialect,
            ("identity_hash", "birth_date", "name", "status", "first_seen_at", "last_seen_at"),
            rows=True,
        ),
        visit=Prepared(
            insert(tables.visits),
            dialect,
            ("id", "customer_id", "decided_at", "outcome", "age"),
            rows=True,
        ),
        birth_date=_result(customers.birth_date, dialect),
        blocked_until=_result(tables.member_standings.c.blocked_until, dialect),
    )


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the decision made of the visit: its outcome, the person's age, and if final."""

    outcome: VisitOutcome
    age: int | None
    final: bool


def record_decision(
    sessions: Sessions,
    person: ProvenPerson,
    *,
    visit_id: str,
    now: datetime,
    decide: Callable[[CustomerView], Outcome],
) -> Outcome:
    """Read the person's customer record and standing, `decide`, and store the visit, all in one
    transaction that is on disk when this returns (a refusal is queued for the backoffice)."""
    engine: Engine = sessions.kw["bind"]
    with writing(engine) as held, on_driver(held) as connection:
        statements = prepared(connection, _statements)
        customer_id, status, name, birth_date, standing = _customer_in(
            connection, statements, person, now
        )
        blocked = _blocked(statements, standing, now)
        outcome = decide(CustomerView(customer_id, status, blocked))
        statements.visit.execute_rows(
            connection, [(visit_id, customer_id, now, outcome.outcome.value, outcome.age)]
        )
        if outcome.final:
            message = _visit_message(
                visit_id,
                now,
                outcome=outcome,
                identity_hash=person.identity_hash,
                name=name,
                birth_date=birth_date,
            )
            enqueue_all(connection, [message], at=now)
        connection.commit()
    return outcome


Standing = tuple[Any, Any, Any]
"""The backoffice's standing of a person: credit limit, blocked, blocked until (all None when
it has none)."""
NO_STANDING: Standing = (None, None, None)


def _customer_in(
    connection: OnDriver, statements: _Statements, person: ProvenPerson, now: datetime
) -> tuple[int, CustomerStatus, str, date, Standing]:
    """The customer's id, status, stored name and birth date, and the person's standing (the
    first visit creates the record: a member when the backoffice approved the person, by a
    credit limit in the standing)."""
    name = person.name[:200]
    found = statements.seen.execute_rows(connection, [(name, now, person.identity_hash)])
    row = found.fetchone()
    if row is not None:
        customer_id, status, name, birth_date, *standing = row
        return (
            customer_id,
            CustomerStatus(status),
            name,
            statements.birth_date(birth_date),
            (standing[0], standing[1], standing[2]),
        )
    standing = statements.standing.execute_rows(connection, [(person.identity_hash,)]).fetchone()
    standing = NO_STANDING if standing is None else tuple(standing)
    status = CustomerStatus.MEMBER if standing[0] is not None else CustomerStatus.ACTIVE
    cursor = statements.add_customer.execute_rows(
        connection, [(person.identity_hash, person.birth_date, name, status, now, now)]
    )
    return int(cursor.lastrowid), status, name, person.birth_date, standing


def _blocked(statements: _Statements, standing: Standing, now: datetime) -> bool:
    """Does the backoffice's standing keep the person out at `now` (as `blocks_at`)?"""
    if not standing[1]:
        return False
    until = statements.blocked_until(standing[2])
    if until is None:
        return True
    return bool(now < (until if until.tzinfo is not None else until.replace(tzinfo=UTC)))


def _visit_message(
    visit_id: str,
    now: datetime,
    *,
    outcome: Outcome,
    identity_hash: str,
    name: str,
    birth_date: date,
) -> Visit:
    """The refused visit for the backoffice, with who it was (as `records._queue_visit`)."""
    message = Visit(
        visit_id=uuid.UUID(visit_id),
        occurred_at=now,
        outcome=outcome.outcome,
        identity_hash=identity_hash,
        age=outcome.age,
        door_opened_at=None,
        door_closed_at=None,
    )
    with contextlib.suppress(ValidationError):  # a name the wire refuses: sent without
        message = Visit.model_validate(
            {
                **message.model_dump(),
                "name": " ".join(name.split())[:120] or None,
                "birth_date": birth_date,
            }
        )
    return message
