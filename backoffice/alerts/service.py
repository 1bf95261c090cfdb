"""Apply reported alerts: the first report raises one, a report with `cleared` clears it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.alerts.models import Alert
from retail import wire


def record_alert(*, session: Session, store_id: int, alert: wire.Alert, now: datetime) -> None:
    row = session.get(Alert, (store_id, alert.alert_id))
    if row is None:
        row = Alert(
            store_id=store_id,
            alert_id=alert.alert_id,
            category=str(alert.category),
            severity=str(alert.severity),
            message=alert.message,
            raised_at=alert.occurred_at,
            cleared_at=None,
            received_at=now,
        )
        session.add(row)
    if alert.cleared:
        row.cleared_at = alert.occurred_at
    session.flush()


def open_alerts(*, session: Session, store_id: int) -> list[Alert]:
    query = select(Alert).where(Alert.store_id == store_id, Alert.cleared_at.is_(None))
    return list(session.scalars(query.order_by(Alert.raised_at)))
