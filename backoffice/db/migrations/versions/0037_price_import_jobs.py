"""price-file jobs: a large file's preview or apply in the background, with its progress

Revision ID: 0037
Revises: 0036

`price_import_jobs` holds the work's input (a preview's file, an apply's VAT class), its
state (queued, running, done, failed), an attempt counter (a stale job run again) and the
rows done / total written as the work goes, with `updated_at` as its last sign of life.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0037"
down_revision: str | None = "0036"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "price_import_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False, comment="preview or apply"),
        sa.Column(
            "state",
            sa.String(length=8),
            nullable=False,
            comment="queued, running, done or failed",
        ),
        sa.Column(
            "attempt", sa.Integer(), nullable=False, comment="a run again (stale job) adds one"
        ),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.Column("supplier", sa.String(length=80), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column(
            "data",
            sa.LargeBinary(),
            nullable=True,
            comment="a preview's file, removed once it is read",
        ),
        sa.Column(
            "vat_class", sa.String(length=16), nullable=False, comment="an apply's new products"
        ),
        sa.Column("actor", sa.JSON(), nullable=False, comment="who asked, for the audit"),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="the last sign of life",
        ),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["price_imports.id"],
            name=op.f("fk_price_import_jobs_import_id_price_imports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_import_jobs")),
    )
    with op.batch_alter_table("price_import_jobs") as table:
        table.create_index(table.f("ix_price_import_jobs_import_id"), ["import_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("price_import_jobs") as table:
        table.drop_index(table.f("ix_price_import_jobs_import_id"))
    op.drop_table("price_import_jobs")
