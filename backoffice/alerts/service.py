"""Apply reported alerts: the first report raises one, a report with `cleared` clears it.

Each report also feeds the lifecycle: a new report raises (or counts into) the open case of
its store and category; once every report of that category is cleared, the case is resolved
by its rule ("cleared by the store").
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.alerts.lifecycle import Occurrence, clear, raise_and_report
from backoffice.alerts.models import Alert
from backoffice.notify.planner import notify
from retail import wire


def record_alert(*, session: Session, store_id: int, alert: wire.Alert, now: datetime) -> None:
    row = session.get(Alert, (store_id, alert.alert_id))
    category = str(alert.category)
    if row is None:
        row = Alert(
            store_id=store_id,
            alert_id=alert.alert_id,
            category=category,
            severity=str(alert.severity),
            message=alert.message,
            raised_at=alert.occurred_at,
            cleared_at=None,
            received_at=now,
        )
        session.add(row)
        occurrence = Occurrence(
            store_id=store_id,
            kind=category,
            severity=str(alert.severity),
            message=alert.message,
            seen_at=alert.occurred_at,
            source="store",
        )
        raised = raise_and_report(session=session, occurrence=occurrence, now=now)
        if raised.opened:
            notify(session, raised.case, now, stage=0)
        elif raised.severity_up:  # e.g. warning -> critical: worth waking people again
            notify(session, raised.case, now, stage=raised.case.escalation_stage, again=True)
    if alert.cleared and row.cleared_at is None:
        row.cleared_at = alert.occurred_at
    session.flush()
    if alert.cleared and not open_alerts(session=session, store_id=store_id, category=category):
        clear(
            session=session, store_id=store_id, kind=category, now=now, why="cleared by the store"
        )


def open_alerts(*, session: Session, store_id: int, category: str | None = None) -> list[Alert]:
    query = select(Alert).where(Alert.store_id == store_id, Alert.cleared_at.is_(None))
    if category is not None:
        query = query.where(Alert.category == category)
    return list(session.scalars(query.order_by(Alert.raised_at)))
