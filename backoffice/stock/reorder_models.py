"""A store's minimum level of a product (and its pack size when known), for the reorder list."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


class ReorderLevel(Base):
    __tablename__ = "reorder_levels"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True)
    min_level: Mapped[int] = mapped_column(
        BigInteger, comment="pieces, or grams for goods sold by weight"
    )
    pack_size: Mapped[int | None] = mapped_column(
        Integer, default=None, comment="the supplier's pack, in the same unit"
    )
    updated_at: Mapped[datetime]
