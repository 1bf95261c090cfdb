"""Stock movements as reported, and the on-hand level they add up to, per store and product."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


class StockMovement(Base):
    __tablename__ = "stock_movements"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    movement_id: Mapped[UUID] = mapped_column(primary_key=True)
    product_key: Mapped[str] = mapped_column(String(14))
    quantity_delta: Mapped[int]
    weight_delta_g: Mapped[int]
    reason: Mapped[str] = mapped_column(String(16))
    sale_id: Mapped[UUID | None]
    occurred_at: Mapped[datetime] = mapped_column(comment="the store's clock")
    seq: Mapped[int] = mapped_column(BigInteger)


class StockOnHand(Base):
    """Pieces, or grams for goods sold by weight; may go negative (the shelf knows better)."""

    __tablename__ = "stock_on_hand"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    product_key: Mapped[str] = mapped_column(String(14), primary_key=True)
    quantity: Mapped[int] = mapped_column(BigInteger)
    weight_g: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime]
