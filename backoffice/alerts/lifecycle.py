"""The alert lifecycle: raise (or count again), acknowledge, resolve by a person or by the rule.

One case per store and kind is not resolved at any time (a partial unique index). Raising takes
the open case with a row lock, or inserts one with ON CONFLICT DO NOTHING and reads it back, so
two writers racing on the same store and kind end up counting into one case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, select
from sqlalchemy.orm import Session

from backoffice.alerts.models import (
    ACKNOWLEDGED,
    NOT_RESOLVED,
    OPEN,
    RESOLVED,
    SEVERITIES,
    AlertCase,
    AlertEvent,
)
from backoffice.db.dialect import upsert_insert
from backoffice.errors import ConflictError, NotFoundError


@dataclass(frozen=True)
class Occurrence:
    """Something that raises (or repeats) an alert."""

    store_id: int
    kind: str
    severity: str
    message: str
    seen_at: datetime
    source: str = "rule"


def severity_rank(severity: str) -> int:
    """0 for critical, 1 warning, 2 info."""
    return SEVERITIES.index(severity)


def open_case(*, session: Session, store_id: int, kind: str) -> AlertCase | None:
    query = select(AlertCase).where(
        AlertCase.store_id == store_id, AlertCase.kind == kind, AlertCase.status != RESOLVED
    )
    return session.scalars(query.with_for_update()).one_or_none()


def _open_or_insert(session: Session, o: Occurrence, now: datetime) -> tuple[AlertCase, bool]:
    """The open case of the occurrence's store and kind, locked; True if this call opened it."""
    case = open_case(session=session, store_id=o.store_id, kind=o.kind)
    if case is not None:
        return case, False
    statement = upsert_insert(session, AlertCase).values(
        store_id=o.store_id,
        kind=o.kind,
        source=o.source,
        severity=o.severity,
        status=OPEN,
        message=o.message,
        count=1,
        first_seen=o.seen_at,
        last_seen=o.seen_at,
        opened_at=now,
    )
    inserted = cast(
        "CursorResult[Any]",
        session.execute(
            statement.on_conflict_do_nothing(
                index_elements=["store_id", "kind"], index_where=NOT_RESOLVED
            )
        ),
    ).rowcount
    case = open_case(session=session, store_id=o.store_id, kind=o.kind)
    assert case is not None, "inserted, or another writer's insert is committed"
    if inserted:
        record_event(session, case, now, "raised", actor=None, detail=o.message)
    return case, bool(inserted)


@dataclass(frozen=True)
class Raised:
    case: AlertCase
    opened: bool
    """This occurrence opened the case."""
    severity_up: bool
    """The case was open and this occurrence raised its severity (people are told again)."""


def raise_alert(*, session: Session, occurrence: Occurrence, now: datetime) -> AlertCase:
    """The open case of the occurrence's store and kind, counted once more (or a new one)."""
    return raise_and_report(session=session, occurrence=occurrence, now=now).case


def raise_and_report(*, session: Session, occurrence: Occurrence, now: datetime) -> Raised:
    """`raise_alert`, saying whether the case is new or went up in severity."""
    o = occurrence
    case, opened = _open_or_insert(session, o, now)
    if opened:
        return Raised(case, opened=True, severity_up=False)
    case.count += 1
    case.first_seen = min(case.first_seen, o.seen_at)
    case.last_seen = max(case.last_seen, o.seen_at)
    case.message = o.message
    up = severity_rank(o.severity) < severity_rank(case.severity)
    if up:
        was, case.severity = case.severity, o.severity
        record_event(
            session, case, now, "severity_raised", actor=None, detail=f"{was} -> {o.severity}"
        )
    record_event(session, case, now, "repeated", actor=None, detail=o.message)
    return Raised(case, opened=False, severity_up=up)


def keep_alert(*, session: Session, occurrence: Occurrence, now: datetime) -> AlertCase | None:
    """For a rule whose condition still holds: the new case if none was open (else None, and
    the open one is only seen again: a condition that lasts is one occurrence, not one a run)."""
    case, opened = _open_or_insert(session, occurrence, now)
    if opened:
        return case
    case.last_seen = max(case.last_seen, occurrence.seen_at)
    case.message = occurrence.message
    return None


def get_case(*, session: Session, case_id: int, lock: bool = False) -> AlertCase:
    query = select(AlertCase).where(AlertCase.id == case_id)
    case = session.scalars(query.with_for_update() if lock else query).one_or_none()
    if case is None:
        raise NotFoundError(f"no alert {case_id}")
    return case


def acknowledge(*, session: Session, case_id: int, by: str, now: datetime) -> AlertCase:
    """Someone is on it. 409 if it is resolved or someone else acknowledged it already."""
    case = get_case(session=session, case_id=case_id, lock=True)
    if case.status == RESOLVED:
        raise ConflictError(f"alert {case_id} is already resolved")
    if case.status == ACKNOWLEDGED:
        if case.acknowledged_by == by:
            return case
        raise ConflictError(f"alert {case_id} was already acknowledged by {case.acknowledged_by}")
    case.status, case.acknowledged_by, case.acknowledged_at = ACKNOWLEDGED, by, now
    record_event(session, case, now, "acknowledged", actor=by, detail="")
    return case


def resolve(*, session: Session, case_id: int, by: str, note: str, now: datetime) -> AlertCase:
    """A person closes the case with a note (409 if it is resolved already)."""
    case = get_case(session=session, case_id=case_id, lock=True)
    if case.status == RESOLVED:
        raise ConflictError(f"alert {case_id} is already resolved")
    _close(session, case, now, by, note)
    return case


def clear(*, session: Session, store_id: int, kind: str, now: datetime, why: str) -> bool:
    """The condition is gone: resolve the open case of that store and kind by its rule."""
    case = open_case(session=session, store_id=store_id, kind=kind)
    if case is None:
        return False
    _close(session, case, now, None, why)
    return True


def _close(session: Session, case: AlertCase, now: datetime, by: str | None, note: str) -> None:
    case.status, case.resolved_by, case.resolved_at = RESOLVED, by, now
    case.resolution_note = note
    record_event(session, case, now, "resolved" if by else "cleared", actor=by, detail=note)


def record_event(
    session: Session,
    case: AlertCase,
    now: datetime,
    action: str,
    *,
    actor: str | None = None,
    detail: str = "",
) -> None:
    """One line of the case's history."""
    session.add(
        AlertEvent(
            case_id=case.id,
            at=now,
            action=action,
            actor=actor,
            severity=case.severity,
            detail=detail[:1000],
        )
    )
    session.flush()


def history(*, session: Session, case_id: int) -> list[AlertEvent]:
    query = select(AlertEvent).where(AlertEvent.case_id == case_id)
    return list(session.scalars(query.order_by(AlertEvent.at, AlertEvent.id)))
