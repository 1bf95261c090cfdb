"""What the door writes: customers, visits and audits, each with its outbox row (alerts: see
`store_controller.alerts.service`).

Blocking SQLAlchemy Core calls (a visit does not load the ORM: memory on a Pi 3, issue 23), made
on the event loop in the order the door machine's effects come (a visit is written before its
door-opened update). No personal identity number reaches these functions: only the keyed hash.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from pydantic import ValidationError
from sqlalchemy import Connection, insert, select, update

from retail.wire import Visit, VisitOutcome
from store_controller.customers.status import CustomerStatus
from store_controller.db import tables
from store_controller.db.sessions import engine_of
from store_controller.db.writer import writing
from store_controller.outbox.queue import enqueue, enqueue_on

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from store_controller.db.sessions import Sessions


@dataclass(frozen=True, slots=True)
class ProvenPerson:
    """Who BankID says is at the door, reduced to what the store may keep."""

    identity_hash: str
    birth_date: date
    name: str


@dataclass(frozen=True, slots=True)
class CustomerView:
    id: int
    status: CustomerStatus
    blocked_by_association: bool = False
    """The backoffice's standings block this person now (a block past its end does not)."""

    @property
    def is_member(self) -> bool:
        return self.status is CustomerStatus.MEMBER

    @property
    def is_blocked(self) -> bool:
        return self.status is CustomerStatus.BLOCKED or self.blocked_by_association


def add_visit(
    session: Session,
    *,
    visit_id: str,
    customer_id: int | None,
    outcome: VisitOutcome,
    age: int | None,
    decided_at: datetime,
    final: bool,
) -> None:
    """Store a decision in `session`; a `final` one (a refusal) is queued for the backoffice."""
    from store_controller.customers.models import VisitRecord  # the ORM, on first use

    visit = VisitRecord(
        id=visit_id,
        customer_id=customer_id,
        decided_at=decided_at,
        outcome=outcome.value,
        age=age,
        door_opened_at=None,
        door_closed_at=None,
    )
    session.add(visit)
    if final:
        session.flush()
        message = _visit_message(session, _Visit(visit_id, customer_id, decided_at, outcome, age))
        enqueue(session, message, at=decided_at)


def mark_door_opened(sessions: Sessions, visit_id: str, *, at: datetime) -> None:
    visits = tables.visits
    with writing(engine_of(sessions)) as connection, connection.begin():
        connection.execute(update(visits).where(visits.c.id == visit_id).values(door_opened_at=at))


def finish_visit(
    sessions: Sessions,
    visit_id: str,
    *,
    closed_at: datetime | None = None,
    outcome: VisitOutcome | None = None,
) -> None:
    """The visit is over (door closed, grant unused or refused late): queue it. Core statements:
    a customer's visit does not load the ORM (memory on a Pi 3, issue 23)."""
    visits = tables.visits
    with writing(engine_of(sessions)) as connection, connection.begin():
        row = connection.execute(
            select(
                visits.c.customer_id,
                visits.c.decided_at,
                visits.c.outcome,
                visits.c.age,
                visits.c.door_opened_at,
                visits.c.door_closed_at,
            ).where(visits.c.id == visit_id)
        ).first()
        if row is None:
            return
        visit = _Visit(
            visit_id,
            row.customer_id,
            row.decided_at,
            outcome or VisitOutcome(row.outcome),
            row.age,
            row.door_opened_at,
            row.door_closed_at,
        )
        changes: dict[str, object] = {}
        if closed_at is not None:  # a wall clock stepped back since the opening: not before it
            opened = visit.door_opened_at
            visit.door_closed_at = changes["door_closed_at"] = (
                closed_at if opened is None else max(closed_at, opened)
            )
        if outcome is not None:
            changes["outcome"] = outcome.value
        if changes:
            connection.execute(update(visits).where(visits.c.id == visit_id).values(**changes))
        enqueue_on(connection, _visit_message(connection, visit), at=visit.decided_at)


@dataclass(slots=True)
class _Visit:
    id: str
    customer_id: int | None
    decided_at: datetime
    outcome: VisitOutcome
    age: int | None
    door_opened_at: datetime | None = None
    door_closed_at: datetime | None = None


def _visit_message(connection: Connection | Session, visit: _Visit) -> Visit:
    customers = tables.customers
    customer = (
        None
        if visit.customer_id is None
        else connection.execute(
            select(customers.c.identity_hash, customers.c.name, customers.c.birth_date).where(
                customers.c.id == visit.customer_id
            )
        ).first()
    )
    message = Visit(
        visit_id=uuid.UUID(visit.id),
        occurred_at=visit.decided_at,
        outcome=visit.outcome,
        identity_hash=None if customer is None else customer.identity_hash,
        age=visit.age,
        door_opened_at=visit.door_opened_at,
        door_closed_at=visit.door_closed_at,
    )
    if customer is not None:  # the owner's customers list shows who it was (not the number)
        with contextlib.suppress(ValidationError):  # a name the wire refuses: sent without
            message = Visit.model_validate(
                {
                    **message.model_dump(),
                    "name": " ".join(customer.name.split())[:120] or None,
                    "birth_date": customer.birth_date,
                }
            )
    return message


def record_audit(
    sessions: Sessions,
    *,
    action: str,
    operator: str,
    reason: str,
    window_s: float | None,
    at: datetime,
) -> None:
    with engine_of(sessions).begin() as connection:
        connection.execute(
            insert(tables.door_audit),
            {
                "action": action[:40],
                "operator": operator[:120],
                "reason": reason[:500],
                "window_s": window_s,
                "at": at,
            },
        )
