"""price file imports and supplier column mappings

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "price_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier", sa.String(length=80), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("encoding", sa.String(length=16), nullable=False),
        sa.Column("delimiter", sa.String(length=8), nullable=False),
        sa.Column(
            "status",
            sa.String(length=16),
            nullable=False,
            comment="previewed, applied or discarded",
        ),
        sa.Column("rows_total", sa.Integer(), nullable=False),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_imports")),
    )
    with op.batch_alter_table("price_imports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_price_imports_supplier"), ["supplier"], unique=False)

    op.create_table(
        "supplier_mappings",
        sa.Column("supplier", sa.String(length=80), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("supplier", name=op.f("pk_supplier_mappings")),
    )
    op.create_table(
        "price_import_rows",
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("gtin", sa.String(length=14), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("brand", sa.String(length=80), nullable=False),
        sa.Column("category", sa.String(length=80), nullable=False),
        sa.Column("price_ore", sa.BigInteger(), nullable=True),
        sa.Column("old_price_ore", sa.BigInteger(), nullable=True),
        sa.Column("cost_price_ore", sa.BigInteger(), nullable=True),
        sa.Column("sku", sa.String(length=40), nullable=True),
        sa.Column("error", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["price_imports.id"],
            name=op.f("fk_price_import_rows_import_id_price_imports"),
        ),
        sa.PrimaryKeyConstraint("import_id", "line", name=op.f("pk_price_import_rows")),
    )
    with op.batch_alter_table("price_import_rows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_price_import_rows_gtin"), ["gtin"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("price_import_rows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_price_import_rows_gtin"))

    op.drop_table("price_import_rows")
    op.drop_table("supplier_mappings")
    with op.batch_alter_table("price_imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_price_imports_supplier"))

    op.drop_table("price_imports")
