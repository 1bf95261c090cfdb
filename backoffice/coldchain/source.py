"""The log's inputs from the database: one thermometer's readings and the store's temperature
alert cases in a month, and the thermometers a store has reported."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from backoffice.alerts.models import AlertCase
from backoffice.coldchain.log import Case, Reading
from backoffice.temperatures.models import TemperatureReading
from backoffice.temperatures.service import readings


def sensors(session: Session, store_id: int) -> list[str]:
    query = (
        select(TemperatureReading.sensor)
        .where(TemperatureReading.store_id == store_id)
        .distinct()
        .order_by(TemperatureReading.sensor)
    )
    return list(session.scalars(query))


def month_readings(
    session: Session, store_id: int, sensor: str, start: datetime, end: datetime
) -> list[Reading]:
    rows = readings(session=session, store_id=store_id, start=start, end=end, sensor=sensor)
    return [Reading(r.measured_at, r.centi_celsius, r.min_centi, r.max_centi) for r in rows]


def temperature_cases(
    session: Session, store_id: int, start: datetime, end: datetime
) -> list[Case]:
    query = select(AlertCase).where(
        AlertCase.store_id == store_id,
        AlertCase.kind == "temperature",
        AlertCase.first_seen < end,
        or_(AlertCase.resolved_at.is_(None), AlertCase.resolved_at >= start),
    )
    return [
        Case(
            c.id,
            c.message,
            c.first_seen,
            c.resolved_at,
            c.acknowledged_by,
            c.acknowledged_at,
        )
        for c in session.scalars(query.order_by(AlertCase.first_seen))
    ]
