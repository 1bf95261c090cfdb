"""Suppliers' column mappings, price-file imports and their rows as previewed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


class SupplierMapping(Base):
    """Which column of a supplier's file holds which field (field -> column heading)."""

    __tablename__ = "supplier_mappings"

    supplier: Mapped[str] = mapped_column(String(80), primary_key=True)
    columns: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime]


class PriceImport(Base):
    """One uploaded price file: previewed, then applied (all rows or none) or discarded."""

    __tablename__ = "price_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier: Mapped[str] = mapped_column(String(80), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    encoding: Mapped[str] = mapped_column(String(16))
    delimiter: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), comment="previewed, applied or discarded")
    rows_total: Mapped[int] = mapped_column(Integer)
    rows_done: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    applied_at: Mapped[datetime | None] = mapped_column(default=None)


class PriceImportRow(Base):
    """A row of a price file as read, and what applying it does: new, changed, unchanged or
    error (with the reason); the latest file's row of a GTIN fills in a new product."""

    __tablename__ = "price_import_rows"

    import_id: Mapped[int] = mapped_column(ForeignKey("price_imports.id"), primary_key=True)
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    gtin: Mapped[str | None] = mapped_column(String(14), index=True)
    name: Mapped[str] = mapped_column(String(120))
    brand: Mapped[str] = mapped_column(String(80))
    category: Mapped[str] = mapped_column(String(80))
    price_ore: Mapped[int | None] = mapped_column(BigInteger)
    old_price_ore: Mapped[int | None] = mapped_column(BigInteger)
    cost_price_ore: Mapped[int | None] = mapped_column(BigInteger)
    sku: Mapped[str | None] = mapped_column(String(40))
    error: Mapped[str | None] = mapped_column(String(200))
    search_text: Mapped[str | None] = mapped_column(
        String(600), comment="a new row's product search text, made by Python at the preview"
    )


class PriceImportJob(Base):
    """A large file's preview or apply, run in the background: the work's input (the file for
    a preview, the VAT class for an apply), its state and its progress. Progress is written in
    short transactions of its own (`pricefiles.progress`), apart from the work's data."""

    __tablename__ = "price_import_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), comment="preview or apply")
    state: Mapped[str] = mapped_column(String(8), comment="queued, running, done or failed")
    attempt: Mapped[int] = mapped_column(Integer, comment="a run again (stale job) adds one")
    import_id: Mapped[int | None] = mapped_column(ForeignKey("price_imports.id"), index=True)
    supplier: Mapped[str] = mapped_column(String(80))
    filename: Mapped[str] = mapped_column(String(200))
    data: Mapped[bytes | None] = mapped_column(
        LargeBinary, deferred=True, comment="a preview's file, removed once it is read"
    )
    vat_class: Mapped[str] = mapped_column(String(16), comment="an apply's new products")
    actor: Mapped[dict[str, Any]] = mapped_column(JSON, comment="who asked, for the audit")
    rows_done: Mapped[int] = mapped_column(Integer)
    rows_total: Mapped[int] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime] = mapped_column(comment="the last sign of life")
