"""The store table: one row per shop, with what its receipts must print."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base
from byabutik.runtime.db import utcnow


class Store(Base):
    __tablename__ = "stores"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    org_number: Mapped[str] = mapped_column(String(20), comment="organisationsnummer of the owner")
    address: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    association_id: Mapped[int | None] = mapped_column(
        ForeignKey("associations.id"), default=None, comment="who owns it; None: nobody yet"
    )
    time_zone: Mapped[str] = mapped_column(String(64), default="Europe/Stockholm")
