"""What the door writes: customers, visits and audits, each with its outbox row (alerts: see
`store_controller.alerts.service`).

Blocking SQLAlchemy calls, made on the event loop in the order the door machine's effects come
(a visit is written before its door-opened update). No personal identity number reaches these
functions: only the keyed hash.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from pydantic import ValidationError

from retail.wire import Visit, VisitOutcome
from store_controller.customers.status import CustomerStatus
from store_controller.outbox.queue import enqueue

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from store_controller.customers.models import VisitRecord
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
        _queue_visit(session, visit)


def mark_door_opened(sessions: Sessions, visit_id: str, *, at: datetime) -> None:
    from store_controller.customers.models import VisitRecord

    with sessions.begin() as session:
        visit = session.get(VisitRecord, visit_id)
        if visit is not None:
            visit.door_opened_at = at


def finish_visit(
    sessions: Sessions,
    visit_id: str,
    *,
    closed_at: datetime | None = None,
    outcome: VisitOutcome | None = None,
) -> None:
    """The visit is over (door closed, grant unused or refused late): queue it."""
    from store_controller.customers.models import VisitRecord

    with sessions.begin() as session:
        visit = session.get(VisitRecord, visit_id)
        if visit is None:
            return
        if closed_at is not None:  # a wall clock stepped back since the opening: not before it
            opened = visit.door_opened_at
            visit.door_closed_at = closed_at if opened is None else max(closed_at, opened)
        if outcome is not None:
            visit.outcome = outcome.value
        _queue_visit(session, visit)


def _queue_visit(session: Session, visit: VisitRecord) -> None:
    from store_controller.customers.models import Customer

    customer = None if visit.customer_id is None else session.get(Customer, visit.customer_id)
    message = Visit(
        visit_id=uuid.UUID(visit.id),
        occurred_at=visit.decided_at,
        outcome=VisitOutcome(visit.outcome),
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
    enqueue(session, message, at=visit.decided_at)


def record_audit(
    sessions: Sessions,
    *,
    action: str,
    operator: str,
    reason: str,
    window_s: float | None,
    at: datetime,
) -> None:
    from store_controller.entry.models import DoorAuditRecord  # the ORM, on first use

    with sessions.begin() as session:
        session.add(
            DoorAuditRecord(
                action=action[:40],
                operator=operator[:120],
                reason=reason[:500],
                window_s=window_s,
                at=at,
            )
        )
