"""The backoffice's own stock movements (deliveries, waste, stocktakes, transfers), each a row with
its source, beside the movements the stores report (`StockMovement`); and the documents that make
them: deliveries with their lines and best-before batches, stocktakes with their count rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base

_ID = BigInteger().with_variant(Integer, "sqlite")


class StockBookEntry(Base):
    """One movement made in the backoffice; on hand is the sum of these and the stores' own."""

    __tablename__ = "stock_book"
    __table_args__ = (Index("ix_stock_book_store_product", "store_id", "product_key"),)

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    product_key: Mapped[str] = mapped_column(String(14))
    quantity_delta: Mapped[int] = mapped_column(BigInteger)
    weight_delta_g: Mapped[int] = mapped_column(BigInteger, default=0)
    kind: Mapped[str] = mapped_column(
        String(16), comment="delivery, waste, stocktake, transfer_out or transfer_in"
    )
    reason: Mapped[str] = mapped_column(String(40), default="")
    source: Mapped[str] = mapped_column(String(60), comment="document, e.g. delivery:12")
    cost_ore: Mapped[int | None] = mapped_column(BigInteger, default=None)
    created_at: Mapped[datetime]


class GoodsDelivery(Base):
    __tablename__ = "goods_deliveries"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    supplier: Mapped[str] = mapped_column(String(80))
    note_number: Mapped[str] = mapped_column(String(40), comment="delivery note number")
    status: Mapped[str] = mapped_column(String(12), default="open", comment="open, committed")
    created_at: Mapped[datetime]
    committed_at: Mapped[datetime | None] = mapped_column(default=None)


class DeliveryLine(Base):
    """A received line; with a best-before date it is also a batch of that product."""

    __tablename__ = "goods_delivery_lines"
    __table_args__ = (
        Index("ix_goods_delivery_lines_store_best_before", "store_id", "best_before"),
    )

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("goods_deliveries.id"), index=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    product_key: Mapped[str] = mapped_column(String(14))
    quantity: Mapped[int] = mapped_column(Integer)
    best_before: Mapped[date | None] = mapped_column(default=None)
    batch: Mapped[str | None] = mapped_column(String(20), default=None)
    cost_ore: Mapped[int | None] = mapped_column(BigInteger, default=None)
    committed: Mapped[bool] = mapped_column(default=False)
    expected: Mapped[int | None] = mapped_column(
        Integer, default=None, comment="from the delivery file"
    )


class Stocktake(Base):
    __tablename__ = "stocktakes"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), index=True)
    shelf: Mapped[str | None] = mapped_column(
        String(60), default=None, comment="None = the whole store"
    )
    status: Mapped[str] = mapped_column(String(12), default="open", comment="open, committed")
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime]
    committed_at: Mapped[datetime | None] = mapped_column(default=None)


class StocktakeCount(Base):
    """What was counted of one product; each scan adds to it in one atomic statement."""

    __tablename__ = "stocktake_counts"

    stocktake_id: Mapped[int] = mapped_column(ForeignKey("stocktakes.id"), primary_key=True)
    product_key: Mapped[str] = mapped_column(String(14), primary_key=True)
    counted: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime]


class DeliveryFileMapping(Base):
    """Which column of a supplier's delivery file holds which field (field -> heading)."""

    __tablename__ = "delivery_file_mappings"

    supplier: Mapped[str] = mapped_column(String(80), primary_key=True)
    columns: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime]
