"""The owner's products, their GTINs and their price changes (scheduled and past)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base


class Product(Base):
    """A product; its prices live in `PriceChange` (the latest one in effect is the price)."""

    __tablename__ = "products"
    __table_args__ = (
        # PostgreSQL only, where pg_trgm could be created (migration 0038): `LIKE '%word%'`
        Index(
            "ix_products_search_text_trgm",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
            info={"postgresql_only": True},
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    brand: Mapped[str] = mapped_column(String(80), default="")
    category: Mapped[str] = mapped_column(String(80), default="", index=True)
    unit: Mapped[str] = mapped_column(String(8), comment="piece, or kg for sold by weight")
    article: Mapped[str | None] = mapped_column(String(8), default=None)
    vat_class: Mapped[str] = mapped_column(String(16))
    deposit: Mapped[str] = mapped_column(String(16), default="none", comment="pant class")
    age_limit: Mapped[int] = mapped_column(Integer, default=0)
    essential: Mapped[bool] = mapped_column(default=False)
    supplier: Mapped[str] = mapped_column(String(80), default="", index=True)
    cost_price_ore: Mapped[int | None] = mapped_column(BigInteger, default=None)
    content_amount: Mapped[int | None] = mapped_column(Integer, default=None)
    content_unit: Mapped[str | None] = mapped_column(String(4), default=None)
    search_text: Mapped[str] = mapped_column(
        String(600), comment="lower-case name, brand, category, SKU and GTINs, for search"
    )
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ProductGtin(Base):
    """A GTIN (14 digits) finds exactly one product."""

    __tablename__ = "product_gtins"

    gtin: Mapped[str] = mapped_column(String(14), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)


class PriceChange(Base):
    """From `effective_at` the product costs `price_ore` (per piece or kg, VAT included) in one
    store, or in every store when `store_id` is None. The latest change at or before a moment,
    of the store's own and every store's, is the price then; the past ones are the history."""

    __tablename__ = "price_changes"
    __table_args__ = (
        # a product's changes in order (of two at one moment the later made last): the price
        # in effect at a moment is the last entry at or before it, read backwards; on
        # PostgreSQL from the index alone (its price and store included)
        Index(
            "ix_price_changes_product_latest",
            "product_id",
            "effective_at",
            "id",
            postgresql_include=["price_ore", "store_id"],
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    store_id: Mapped[int | None] = mapped_column(ForeignKey("stores.id"), default=None)
    price_ore: Mapped[int] = mapped_column(BigInteger)
    effective_at: Mapped[datetime]
    created_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(60), comment="manual, or the price file's id")
