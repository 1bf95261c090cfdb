"""Scans that matched no product: the owner's to-do list."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


class UnknownBarcode(Base):
    __tablename__ = "unknown_barcodes"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    register_id: Mapped[str] = mapped_column(String(64))
    product_key: Mapped[str] = mapped_column(String(14), index=True)
    scanned_at: Mapped[datetime]
