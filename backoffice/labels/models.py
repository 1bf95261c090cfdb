"""When labels were last printed, per store (or for every store's prices)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


class LabelPrint(Base):
    """One PDF of shelf labels: "changed since the last print" starts from the latest one of
    the same store (`store_id` None: labels at every store's price)."""

    __tablename__ = "label_prints"

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int | None] = mapped_column(ForeignKey("stores.id"), default=None, index=True)
    printed_at: Mapped[datetime]
    labels: Mapped[int] = mapped_column(Integer)
