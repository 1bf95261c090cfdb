"""checkout: catalog, stock, sales, journal, unknown barcodes, abandoned carts, Z-reports

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "abandoned_carts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("register_id", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("abandoned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("line_count", sa.Integer(), nullable=False),
        sa.Column("total_ore", sa.Integer(), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_abandoned_carts")),
    )
    op.create_table(
        "journal_entries",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("register_id", sa.String(length=64), nullable=False),
        sa.Column("receipt_number", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_journal_entries")),
        sa.UniqueConstraint("hash", name=op.f("uq_journal_entries_hash")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("price_ore", sa.Integer(), nullable=False),
        sa.Column("vat_class", sa.String(length=16), nullable=False),
        sa.Column("pant_ore", sa.Integer(), nullable=False),
        sa.Column("age_limit", sa.Integer(), nullable=True),
        sa.Column("sold_by", sa.String(length=8), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sa.UniqueConstraint("sku", name=op.f("uq_products_sku")),
    )
    op.create_table(
        "sales",
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("register_id", sa.String(length=64), nullable=False),
        sa.Column("receipt_number", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("total_ore", sa.Integer(), nullable=False),
        sa.Column("pant_ore", sa.Integer(), nullable=False),
        sa.Column("journal_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("sale_id", name=op.f("pk_sales")),
        sa.UniqueConstraint(
            "register_id", "receipt_number", name=op.f("uq_sales_register_id_receipt_number")
        ),
    )
    with op.batch_alter_table("sales", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sales_occurred_at"), ["occurred_at"], unique=False)

    op.create_table(
        "unknown_barcodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scanned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("register_id", sa.String(length=64), nullable=False),
        sa.Column("product_key", sa.String(length=14), nullable=True),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unknown_barcodes")),
    )
    with op.batch_alter_table("unknown_barcodes", schema=None) as batch_op:
        batch_op.create_index("ix_unknown_barcodes_scanned_at", ["scanned_at"], unique=False)

    op.create_table(
        "z_reports",
        sa.Column("register_id", sa.String(length=64), nullable=False),
        sa.Column("z_number", sa.Integer(), nullable=False),
        sa.Column("business_date", sa.String(length=10), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("register_id", "z_number", name=op.f("pk_z_reports")),
        sa.UniqueConstraint(
            "register_id", "business_date", name=op.f("uq_z_reports_register_id_business_date")
        ),
    )
    op.create_table(
        "age_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("order_ref", sa.String(length=64), nullable=False),
        sa.Column("required_age", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("identity_hash", sa.String(length=64), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["sale_id"], ["sales.sale_id"], name=op.f("fk_age_checks_sale_id_sales")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_age_checks")),
    )
    with op.batch_alter_table("age_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_age_checks_sale_id"), ["sale_id"], unique=False)

    op.create_table(
        "product_codes",
        sa.Column("code", sa.String(length=14), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_product_codes_product_id_products")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_product_codes")),
    )
    with op.batch_alter_table("product_codes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_product_codes_product_id"), ["product_id"], unique=False
        )

    op.create_table(
        "sale_lines",
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("product_key", sa.String(length=14), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("weight_g", sa.Integer(), nullable=True),
        sa.Column("unit_price_ore", sa.Integer(), nullable=False),
        sa.Column("amount_ore", sa.Integer(), nullable=False),
        sa.Column("pant_ore", sa.Integer(), nullable=False),
        sa.Column("vat_class", sa.String(length=16), nullable=False),
        sa.Column("vat_rate_bp", sa.Integer(), nullable=False),
        sa.Column("age_limit", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_sale_lines_product_id_products")
        ),
        sa.ForeignKeyConstraint(
            ["sale_id"], ["sales.sale_id"], name=op.f("fk_sale_lines_sale_id_sales")
        ),
        sa.PrimaryKeyConstraint("sale_id", "line_no", name=op.f("pk_sale_lines")),
    )
    op.create_table(
        "sale_payments",
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("provider", sa.String(length=32), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("amount_ore", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("provider_reference", sa.String(length=64), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["sale_id"], ["sales.sale_id"], name=op.f("fk_sale_payments_sale_id_sales")
        ),
        sa.PrimaryKeyConstraint("sale_id", name=op.f("pk_sale_payments")),
    )
    op.create_table(
        "sale_vat",
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("rate_bp", sa.Integer(), nullable=False),
        sa.Column("gross_ore", sa.Integer(), nullable=False),
        sa.Column("vat_ore", sa.Integer(), nullable=False),
        sa.Column("net_ore", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sale_id"], ["sales.sale_id"], name=op.f("fk_sale_vat_sale_id_sales")
        ),
        sa.PrimaryKeyConstraint("sale_id", "rate_bp", name=op.f("pk_sale_vat")),
    )
    op.create_table(
        "stock_levels",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("weight_g", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_stock_levels_product_id_products")
        ),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_stock_levels")),
    )
    op.create_table(
        "stock_movements",
        sa.Column("movement_id", sa.String(length=36), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("quantity_delta", sa.Integer(), nullable=False),
        sa.Column("weight_delta_g", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("sale_id", sa.String(length=36), nullable=True),
        sa.Column("negative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_stock_movements_product_id_products")
        ),
        sa.PrimaryKeyConstraint("movement_id", name=op.f("pk_stock_movements")),
    )
    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stock_movements_product_id"), ["product_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_stock_movements_sale_id"), ["sale_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_movements_sale_id"))
        batch_op.drop_index(batch_op.f("ix_stock_movements_product_id"))

    op.drop_table("stock_movements")
    op.drop_table("stock_levels")
    op.drop_table("sale_vat")
    op.drop_table("sale_payments")
    op.drop_table("sale_lines")
    with op.batch_alter_table("product_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_codes_product_id"))

    op.drop_table("product_codes")
    with op.batch_alter_table("age_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_age_checks_sale_id"))

    op.drop_table("age_checks")
    op.drop_table("z_reports")
    with op.batch_alter_table("unknown_barcodes", schema=None) as batch_op:
        batch_op.drop_index("ix_unknown_barcodes_scanned_at")

    op.drop_table("unknown_barcodes")
    with op.batch_alter_table("sales", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sales_occurred_at"))

    op.drop_table("sales")
    op.drop_table("products")
    op.drop_table("journal_entries")
    op.drop_table("abandoned_carts")
