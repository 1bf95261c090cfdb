"""products and price changes

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("brand", sa.String(length=80), nullable=False),
        sa.Column("category", sa.String(length=80), nullable=False),
        sa.Column(
            "unit", sa.String(length=8), nullable=False, comment="piece, or kg for sold by weight"
        ),
        sa.Column("article", sa.String(length=8), nullable=True),
        sa.Column("vat_class", sa.String(length=16), nullable=False),
        sa.Column("deposit", sa.String(length=16), nullable=False, comment="pant class"),
        sa.Column("age_limit", sa.Integer(), nullable=False),
        sa.Column("essential", sa.Boolean(), nullable=False),
        sa.Column("supplier", sa.String(length=80), nullable=False),
        sa.Column("cost_price_ore", sa.BigInteger(), nullable=True),
        sa.Column("content_amount", sa.Integer(), nullable=True),
        sa.Column("content_unit", sa.String(length=4), nullable=True),
        sa.Column(
            "search_text",
            sa.String(length=600),
            nullable=False,
            comment="lower-case name, brand, category, SKU and GTINs, for search",
        ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sa.UniqueConstraint("sku", name=op.f("uq_products_sku")),
    )
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_products_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_products_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_products_supplier"), ["supplier"], unique=False)

    op.create_table(
        "catalog_store_prices",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("price_ore", sa.BigInteger(), nullable=False),
        sa.Column(
            "scheduled", sa.JSON(), nullable=False, comment="wire ScheduledPrice list, ascending"
        ),
        sa.Column("next_price_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_catalog_store_prices_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("store_id", "sku", name=op.f("pk_catalog_store_prices")),
    )
    with op.batch_alter_table("catalog_store_prices", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalog_store_prices_next_price_at"), ["next_price_at"], unique=False
        )

    op.create_table(
        "price_changes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("price_ore", sa.BigInteger(), nullable=False),
        sa.Column("effective_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "source", sa.String(length=60), nullable=False, comment="manual, or the price file's id"
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_price_changes_product_id_products")
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_price_changes_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_changes")),
    )
    with op.batch_alter_table("price_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_price_changes_product_effective", ["product_id", "effective_at"], unique=False
        )

    op.create_table(
        "product_gtins",
        sa.Column("gtin", sa.String(length=14), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_product_gtins_product_id_products")
        ),
        sa.PrimaryKeyConstraint("gtin", name=op.f("pk_product_gtins")),
    )
    with op.batch_alter_table("product_gtins", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_product_gtins_product_id"), ["product_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("product_gtins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_gtins_product_id"))

    op.drop_table("product_gtins")
    with op.batch_alter_table("price_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_price_changes_product_effective")

    op.drop_table("price_changes")
    with op.batch_alter_table("catalog_store_prices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalog_store_prices_next_price_at"))

    op.drop_table("catalog_store_prices")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_products_supplier"))
        batch_op.drop_index(batch_op.f("ix_products_name"))
        batch_op.drop_index(batch_op.f("ix_products_category"))

    op.drop_table("products")
