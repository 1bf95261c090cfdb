"""Keep each heartbeat's readings (a replayed heartbeat adds nothing) and read them back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.db.dialect import upsert_insert
from backoffice.temperatures.models import TemperatureReading
from retail import wire


def record_readings(
    *, session: Session, store_id: int, heartbeat: wire.Heartbeat, now: datetime
) -> None:
    if not heartbeat.temperatures:
        return
    rows = [
        {
            "store_id": store_id,
            "sensor": reading.sensor,
            "measured_at": heartbeat.sent_at,
            "centi_celsius": reading.centi_celsius,
            "received_at": now,
            "min_centi": reading.min_centi,
            "max_centi": reading.max_centi,
        }
        for reading in heartbeat.temperatures
    ]
    session.execute(
        upsert_insert(session, TemperatureReading).values(rows).on_conflict_do_nothing()
    )


def readings(
    *, session: Session, store_id: int, start: datetime, end: datetime, sensor: str | None = None
) -> list[TemperatureReading]:
    """The store's readings in [start, end), by thermometer then time."""
    query = select(TemperatureReading).where(
        TemperatureReading.store_id == store_id,
        TemperatureReading.measured_at >= start,
        TemperatureReading.measured_at < end,
    )
    if sensor is not None:
        query = query.where(TemperatureReading.sensor == sensor)
    order = (TemperatureReading.sensor, TemperatureReading.measured_at)
    return list(session.scalars(query.order_by(*order)))
