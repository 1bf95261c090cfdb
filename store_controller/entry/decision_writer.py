"""`record_decision`: an entry's customer, decision and visit in ONE SQLite transaction.

The door's hot path (BankID complete -> relay on) must make one durable write and little else.
The customer record (created on a first visit, else its last-seen and name updated), the
backoffice's standing for the person, the visit row and, for a refusal, the visit's outbox row
are read and written with `Prepared` Core statements on a pooled connection under BEGIN
IMMEDIATE, committed with synchronous=FULL (one fsync), not through the ORM's unit of work,
which cost the entry several times its commit. The rows are those the ORM wrote before: a
refusal's outbox row is the one `records.finish_visit` writes for a visit that ends later.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, bindparam, insert, select, update
from sqlalchemy.engine import Dialect

from retail.wire import Visit, VisitOutcome
from store_controller.customers.status import CustomerStatus
from store_controller.db import tables
from store_controller.db.prepared import Prepared, begin_immediate, prepared
from store_controller.entry.records import CustomerView, ProvenPerson
from store_controller.outbox.queue import enqueue_all

if TYPE_CHECKING:
    from store_controller.db.sessions import Sessions


Processor = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class _Statements:
    customer: Prepared
    standing: Prepared
    add_customer: Prepared
    seen: Prepared
    visit: Prepared
    birth_date: Processor
    blocked_until: Processor


def _result(column: Any, dialect: Dialect) -> Processor:
    process = column.type.dialect_impl(dialect).result_processor(dialect, None)
    return process if process is not None else (lambda value: value)


def _statements(dialect: Dialect) -> _Statements:
    customers, standings = tables.customers.c, tables.member_standings.c
    return _Statements(
        customer=Prepared(
            select(customers.id, customers.status, customers.name, customers.birth_date).where(
                customers.identity_hash == bindparam("hash")
            ),
            dialect,
        ),
        standing=Prepared(
            select(
                standings.credit_limit_ore,
                standings.blocked,
                standings.blocked_until,
            ).where(standings.identity_hash == bindparam("hash")),
            dialect,
        ),
        add_customer=Prepared(
            insert(tables.customers),
            dialect,
            ("identity_hash", "birth_date", "name", "status", "first_seen_at", "last_seen_at"),
        ),
        seen=Prepared(
            update(tables.customers)
            .where(customers.id == bindparam("id"))
            .values(last_seen_at=bindparam("at"), name=bindparam("new_name")),
            dialect,
        ),
        visit=Prepared(
            insert(tables.visits),
            dialect,
            (
                "id",
                "customer_id",
                "decided_at",
                "outcome",
                "age",
                "door_opened_at",
                "door_closed_at",
            ),
        ),
        birth_date=_result(customers.birth_date, dialect),
        blocked_until=_result(standings.blocked_until, dialect),
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
    with engine.connect() as connection:
        begin_immediate(connection)
        statements = prepared(connection, _statements)
        standing = statements.standing.execute(connection, {"hash": person.identity_hash})
        standing_row = standing.fetchone()
        customer_id, status, name, birth_date = _customer_in(
            connection, statements, person, now, approved=_approved(standing_row)
        )
        blocked = _blocked(statements, standing_row, now)
        outcome = decide(CustomerView(customer_id, status, blocked))
        statements.visit.execute(
            connection,
            {
                "id": visit_id,
                "customer_id": customer_id,
                "decided_at": now,
                "outcome": outcome.outcome.value,
                "age": outcome.age,
                "door_opened_at": None,
                "door_closed_at": None,
            },
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


def _approved(standing: Any) -> bool:
    """The backoffice approved the person as a member (a credit limit in the standing)."""
    return standing is not None and standing[0] is not None


def _customer_in(
    connection: Connection,
    statements: _Statements,
    person: ProvenPerson,
    now: datetime,
    *,
    approved: bool,
) -> tuple[int, CustomerStatus, str, date]:
    """The customer's id, status, stored name and birth date (the first visit creates it, a
    member when `approved`)."""
    row = statements.customer.execute(connection, {"hash": person.identity_hash}).fetchone()
    if row is not None:
        customer_id, status, old_name, birth_date = row
        name = person.name[:200] or old_name
        statements.seen.execute(connection, {"id": customer_id, "at": now, "new_name": name})
        return customer_id, CustomerStatus(status), name, statements.birth_date(birth_date)
    status = CustomerStatus.MEMBER if approved else CustomerStatus.ACTIVE
    name = person.name[:200]
    cursor = statements.add_customer.execute(
        connection,
        {
            "identity_hash": person.identity_hash,
            "birth_date": person.birth_date,
            "name": name,
            "status": status,
            "first_seen_at": now,
            "last_seen_at": now,
        },
    )
    return int(cursor.lastrowid), status, name, person.birth_date


def _blocked(statements: _Statements, row: Any, now: datetime) -> bool:
    """Does the backoffice's standing keep the person out at `now` (as `blocks_at`)?"""
    if row is None or not row[1]:
        return False
    until = statements.blocked_until(row[2])
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
