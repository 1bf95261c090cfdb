"""sync: devices, sales, stock, visits, alerts, heartbeats, catalog, commands

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "catalog_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_revision")),
    )
    op.create_table(
        "alerts",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Uuid(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("message", sa.String(length=500), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cleared_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_alerts_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("store_id", "alert_id", name=op.f("pk_alerts")),
    )
    op.create_table(
        "catalog_products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.JSON(), nullable=False, comment="the wire Product as JSON"),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_catalog_products_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_products")),
        sa.UniqueConstraint("sku", name=op.f("uq_catalog_products_sku")),
    )
    with op.batch_alter_table("catalog_products", schema=None) as batch_op:
        batch_op.create_index("ix_catalog_products_revision", ["revision"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_catalog_products_store_id"), ["store_id"], unique=False
        )

    op.create_table(
        "devices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False, comment="SHA-256 hex"),
        sa.Column("software_version", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_devices_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_devices")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_devices_token_hash")),
    )
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_devices_store_id"), ["store_id"], unique=False)

    op.create_table(
        "enrollment_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False, comment="SHA-256 hex"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_enrollment_codes_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrollment_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_enrollment_codes_code_hash")),
    )
    with op.batch_alter_table("enrollment_codes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_enrollment_codes_store_id"), ["store_id"], unique=False
        )

    op.create_table(
        "heartbeats",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False, comment="the wire Heartbeat as JSON"),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_heartbeats_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_heartbeats")),
    )
    with op.batch_alter_table("heartbeats", schema=None) as batch_op:
        batch_op.create_index(
            "ix_heartbeats_store_received", ["store_id", "received_at"], unique=False
        )

    op.create_table(
        "sales",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("sale_id", sa.Uuid(), nullable=False),
        sa.Column("register_id", sa.String(length=64), nullable=False),
        sa.Column("receipt_number", sa.BigInteger(), nullable=False),
        sa.Column(
            "occurred_at", sa.DateTime(timezone=True), nullable=False, comment="the store's clock"
        ),
        sa.Column("total_ore", sa.BigInteger(), nullable=False),
        sa.Column("customer_hash", sa.String(length=64), nullable=True),
        sa.Column(
            "seq", sa.BigInteger(), nullable=False, comment="outbox sequence that brought it"
        ),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_sales_store_id_stores")),
        sa.PrimaryKeyConstraint("store_id", "sale_id", name=op.f("pk_sales")),
    )
    with op.batch_alter_table("sales", schema=None) as batch_op:
        batch_op.create_index("ix_sales_store_occurred", ["store_id", "occurred_at"], unique=False)

    op.create_table(
        "stock_movements",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("movement_id", sa.Uuid(), nullable=False),
        sa.Column("product_key", sa.String(length=14), nullable=False),
        sa.Column("quantity_delta", sa.Integer(), nullable=False),
        sa.Column("weight_delta_g", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("sale_id", sa.Uuid(), nullable=True),
        sa.Column(
            "occurred_at", sa.DateTime(timezone=True), nullable=False, comment="the store's clock"
        ),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_stock_movements_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("store_id", "movement_id", name=op.f("pk_stock_movements")),
    )
    op.create_table(
        "stock_on_hand",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("product_key", sa.String(length=14), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("weight_g", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_stock_on_hand_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("store_id", "product_key", name=op.f("pk_stock_on_hand")),
    )
    op.create_table(
        "store_catalog_settings",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=True),
        sa.Column("access_policy", sa.JSON(), nullable=True),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_store_catalog_settings_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("store_id", name=op.f("pk_store_catalog_settings")),
    )
    op.create_table(
        "store_commands",
        sa.Column("command_id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(length=120), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False, comment="the wire CommandBody as JSON"),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("acked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("detail", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_store_commands_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("command_id", name=op.f("pk_store_commands")),
    )
    with op.batch_alter_table("store_commands", schema=None) as batch_op:
        batch_op.create_index("ix_store_commands_pending", ["store_id", "status"], unique=False)

    op.create_table(
        "store_status",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_store_status_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("store_id", name=op.f("pk_store_status")),
    )
    op.create_table(
        "sync_cursors",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("acked_through", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_sync_cursors_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("store_id", name=op.f("pk_sync_cursors")),
    )
    op.create_table(
        "sync_received",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="the store's clock: informative only",
        ),
        sa.Column(
            "received_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="the backoffice's clock",
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_sync_received_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("store_id", "seq", name=op.f("pk_sync_received")),
    )
    op.create_table(
        "unknown_barcodes",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("register_id", sa.String(length=64), nullable=False),
        sa.Column("product_key", sa.String(length=14), nullable=False),
        sa.Column("scanned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_unknown_barcodes_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("store_id", "seq", name=op.f("pk_unknown_barcodes")),
    )
    with op.batch_alter_table("unknown_barcodes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_unknown_barcodes_product_key"), ["product_key"], unique=False
        )

    op.create_table(
        "visits",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Uuid(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("identity_hash", sa.String(length=64), nullable=True),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("door_opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("door_closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_visits_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("store_id", "visit_id", name=op.f("pk_visits")),
    )
    op.create_table(
        "z_reports",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("register_id", sa.String(length=64), nullable=False),
        sa.Column("z_number", sa.Integer(), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("receipt_count", sa.Integer(), nullable=False),
        sa.Column("sales_ore", sa.BigInteger(), nullable=False),
        sa.Column("returns_ore", sa.BigInteger(), nullable=False),
        sa.Column("grand_total_ore", sa.BigInteger(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False, comment="the wire ZReport as JSON"),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_z_reports_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("store_id", "register_id", "z_number", name=op.f("pk_z_reports")),
    )
    op.create_table(
        "sale_lines",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("sale_id", sa.Uuid(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("product_key", sa.String(length=14), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("weight_g", sa.Integer(), nullable=True),
        sa.Column("unit_price_ore", sa.BigInteger(), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("vat_class", sa.String(length=16), nullable=False),
        sa.Column("vat_rate_bp", sa.Integer(), nullable=False),
        sa.Column("age_limit", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id", "sale_id"],
            ["sales.store_id", "sales.sale_id"],
            name=op.f("fk_sale_lines_store_id_sales"),
        ),
        sa.PrimaryKeyConstraint("store_id", "sale_id", "line_no", name=op.f("pk_sale_lines")),
    )
    op.create_table(
        "sale_payments",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("sale_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id", "sale_id"],
            ["sales.store_id", "sales.sale_id"],
            name=op.f("fk_sale_payments_store_id_sales"),
        ),
        sa.PrimaryKeyConstraint("store_id", "sale_id", "position", name=op.f("pk_sale_payments")),
    )
    op.create_table(
        "sale_vat",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("sale_id", sa.Uuid(), nullable=False),
        sa.Column("rate_bp", sa.Integer(), nullable=False),
        sa.Column("gross_ore", sa.BigInteger(), nullable=False),
        sa.Column("vat_ore", sa.BigInteger(), nullable=False),
        sa.Column("net_ore", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id", "sale_id"],
            ["sales.store_id", "sales.sale_id"],
            name=op.f("fk_sale_vat_store_id_sales"),
        ),
        sa.PrimaryKeyConstraint("store_id", "sale_id", "rate_bp", name=op.f("pk_sale_vat")),
    )


def downgrade() -> None:
    op.drop_table("sale_vat")
    op.drop_table("sale_payments")
    op.drop_table("sale_lines")
    op.drop_table("z_reports")
    op.drop_table("visits")
    with op.batch_alter_table("unknown_barcodes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unknown_barcodes_product_key"))

    op.drop_table("unknown_barcodes")
    op.drop_table("sync_received")
    op.drop_table("sync_cursors")
    op.drop_table("store_status")
    with op.batch_alter_table("store_commands", schema=None) as batch_op:
        batch_op.drop_index("ix_store_commands_pending")

    op.drop_table("store_commands")
    op.drop_table("store_catalog_settings")
    op.drop_table("stock_on_hand")
    op.drop_table("stock_movements")
    with op.batch_alter_table("sales", schema=None) as batch_op:
        batch_op.drop_index("ix_sales_store_occurred")

    op.drop_table("sales")
    with op.batch_alter_table("heartbeats", schema=None) as batch_op:
        batch_op.drop_index("ix_heartbeats_store_received")

    op.drop_table("heartbeats")
    with op.batch_alter_table("enrollment_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrollment_codes_store_id"))

    op.drop_table("enrollment_codes")
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_devices_store_id"))

    op.drop_table("devices")
    with op.batch_alter_table("catalog_products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalog_products_store_id"))
        batch_op.drop_index("ix_catalog_products_revision")

    op.drop_table("catalog_products")
    op.drop_table("alerts")
    op.drop_table("catalog_revision")
