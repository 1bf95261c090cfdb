"""The catalog stores pull: products (global or one store's), store settings, access policy.

Every change takes the next value of one global revision counter and stamps the changed row with
it; a store pulls the rows stamped after the revision it holds. Writers lock the counter row for
their whole transaction, so revisions become visible in order and a reader never skips one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


class CatalogRevision(Base):
    """A single row (id 1): the latest revision handed out."""

    __tablename__ = "catalog_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


def _when_set(column: str) -> dict[str, Any]:
    """A partial index's options: only the rows where `column` is set, on both databases. The
    queries that read such an index compare the column (`= ?`, `IN`, `<= ?`), which implies it
    is set, so both planners still choose it; rows without a value take no entry."""
    where = text(f"{column} IS NOT NULL")
    return {"sqlite_where": where, "postgresql_where": where}


class CatalogProduct(Base):
    """A product; `store_id` None = sold by every store. SKUs are unique across both kinds.

    Most products are every store's and have no scheduled price, so `store_id` and
    `next_price_at` are indexed only where set: a price file's thousands of catalog rows write
    no entry there. The queries asking for the unset ones (`store_id IS NULL`, most of the table)
    read the table or the revision index, as they did with the full indexes (EXPLAIN, both
    databases, migration 0046)."""

    __tablename__ = "catalog_products"
    __table_args__ = (
        Index("ix_catalog_products_revision", "revision"),
        Index("ix_catalog_products_store_id", "store_id", **_when_set("store_id")),
        Index("ix_catalog_products_next_price_at", "next_price_at", **_when_set("next_price_at")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    store_id: Mapped[int | None] = mapped_column(ForeignKey("stores.id"))
    body: Mapped[dict[str, Any]] = mapped_column(JSON, comment="the wire Product as JSON")
    deleted: Mapped[bool] = mapped_column(default=False)
    revision: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime]
    next_price_at: Mapped[datetime | None] = mapped_column(
        default=None, comment="when the next scheduled price takes effect"
    )


class StoreCatalogSettings(Base):
    """A store's settings and access policy as the owner last saved them."""

    __tablename__ = "store_catalog_settings"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    settings: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    access_policy: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    revision: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime]


class CatalogStorePrice(Base):
    """One store's price timeline of a product where it differs from every store's: the price in
    effect and what is scheduled, substituted into the product when that store pulls it."""

    __tablename__ = "catalog_store_prices"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), primary_key=True)
    price_ore: Mapped[int] = mapped_column(BigInteger)
    scheduled: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, comment="wire ScheduledPrice list, ascending"
    )
    next_price_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
