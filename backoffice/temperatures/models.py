"""One reading per store, thermometer and instant (the heartbeat's `sent_at`, the store's clock),
with the limits the controller held it to then (None: not reported)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


class TemperatureReading(Base):
    __tablename__ = "temperature_readings"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    sensor: Mapped[str] = mapped_column(String(64), primary_key=True)
    measured_at: Mapped[datetime] = mapped_column(primary_key=True, comment="the store's clock")
    centi_celsius: Mapped[int] = mapped_column(comment="hundredths of a degree Celsius")
    received_at: Mapped[datetime] = mapped_column(comment="our clock")
    min_centi: Mapped[int | None] = mapped_column(comment="lower limit, hundredths")
    max_centi: Mapped[int | None] = mapped_column(comment="upper limit, hundredths")
