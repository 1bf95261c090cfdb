"""Raise and clear alerts: stored locally and queued for the backoffice in one transaction."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from retail.wire import Alert, AlertCategory, Severity
from store_controller.db import tables
from store_controller.db.sessions import engine_of
from store_controller.outbox.queue import enqueue

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from store_controller.alerts.models import AlertRecord
    from store_controller.db.sessions import Sessions


def raise_alert(
    sessions: Sessions,
    *,
    alert_id: str,
    category: AlertCategory,
    severity: Severity,
    message: str,
    details: dict[str, Any],
    at: datetime,
) -> None:
    """Store an alert (or raise the severity of one still open) and queue it."""
    with sessions.begin() as session:
        raise_alert_in(
            session,
            alert_id=alert_id,
            category=category,
            severity=severity,
            message=message,
            details=details,
            at=at,
        )


def raise_alert_in(
    session: Session,
    *,
    alert_id: str,
    category: AlertCategory,
    severity: Severity,
    message: str,
    details: dict[str, Any],
    at: datetime,
) -> bool:
    """`raise_alert` inside the caller's transaction (for a state change that goes with it);
    True if the alert is new (never raised before under this id)."""
    from store_controller.alerts.models import AlertRecord  # the ORM loads with the first alert

    record = session.get(AlertRecord, alert_id)
    new = record is None
    if record is None:
        record = AlertRecord(
            id=alert_id,
            category=category.value,
            severity=severity.value,
            message=message[:500],
            details=details,
            raised_at=at,
            cleared_at=None,
        )
        session.add(record)
    else:
        record.severity = severity.value
        record.message = message[:500]
    _queue(session, record, at, cleared=False)
    return new


def clear_alert(sessions: Sessions, alert_id: str, *, at: datetime) -> None:
    """Clear an open alert and tell the backoffice; an unknown or cleared one is left alone."""
    from store_controller.alerts.models import AlertRecord

    with sessions.begin() as session:
        record = session.get(AlertRecord, alert_id)
        if record is None or record.cleared_at is not None:
            return
        record.cleared_at = at
        _queue(session, record, at, cleared=True)


def open_alert_id(sessions: Sessions, category: AlertCategory) -> str | None:
    """The newest uncleared alert of `category` (an alarm still raised when the Pi restarted)."""
    table = tables.alerts
    query = (
        select(table.c.id)
        .where(table.c.category == category.value, table.c.cleared_at.is_(None))
        .order_by(table.c.raised_at.desc())
        .limit(1)
    )
    with engine_of(sessions).connect() as connection:
        alert_id: str | None = connection.scalar(query)
        return alert_id


def _queue(session: Session, record: AlertRecord, at: datetime, *, cleared: bool) -> None:
    message = Alert(
        alert_id=uuid.UUID(record.id),
        occurred_at=at,
        category=AlertCategory(record.category),
        severity=Severity(record.severity),
        message=record.message,
        cleared=cleared,
    )
    enqueue(session, message, at=at)
