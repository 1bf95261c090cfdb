"""sync quarantine: conflicting and refused records kept verbatim; received entries' identity

Revision ID: 0008
Revises: 0007

Entries received before this revision have no identity or digest: a conflict with one of them
is not detected (the store's own replay of the same record still changes nothing).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sync_received") as batch:
        batch.add_column(sa.Column("identity", sa.String(length=120), nullable=True))
        batch.add_column(sa.Column("digest", sa.String(length=64), nullable=True))
    op.create_index("ix_sync_received_identity", "sync_received", ["store_id", "identity"])
    op.create_table(
        "sync_quarantine",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("identity", sa.String(length=120), nullable=True),
        sa.Column("kept_seq", sa.BigInteger(), nullable=True),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("entry", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_sync_quarantine_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_quarantine")),
    )
    op.create_index("ix_sync_quarantine_store_id", "sync_quarantine", ["store_id"])


def downgrade() -> None:
    op.drop_index("ix_sync_quarantine_store_id", table_name="sync_quarantine")
    op.drop_table("sync_quarantine")
    op.drop_index("ix_sync_received_identity", table_name="sync_received")
    with op.batch_alter_table("sync_received") as batch:
        batch.drop_column("digest")
        batch.drop_column("identity")
