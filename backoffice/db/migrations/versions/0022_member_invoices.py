"""member invoices

Revision ID: 0022
Revises: 0021

Monthly invoices and credit notes of members (number and OCR reference unique per
association), payments read from BgMax files, and the association's invoice details.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("associations") as batch:
        batch.add_column(sa.Column("org_number", sa.String(length=11), nullable=True))
        batch.add_column(sa.Column("address", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("bankgiro", sa.String(length=9), nullable=True))
        batch.add_column(sa.Column("swish_number", sa.String(length=12), nullable=True))
    op.create_table(
        "member_invoices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("identity_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("ocr", sa.String(length=25), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False, comment="YYYY-MM"),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("credits_id", sa.Integer(), nullable=True),
        sa.Column("why", sa.String(length=500), nullable=False),
        sa.Column("by", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_member_invoices"),
        sa.ForeignKeyConstraint(
            ["association_id", "identity_hash"],
            ["member_accounts.association_id", "member_accounts.identity_hash"],
            name="fk_member_invoices_association_id_member_accounts",
        ),
        sa.ForeignKeyConstraint(
            ["credits_id"],
            ["member_invoices.id"],
            name="fk_member_invoices_credits_id_member_invoices",
        ),
        sa.UniqueConstraint(
            "association_id", "number", name="uq_member_invoices_association_id_number"
        ),
        sa.UniqueConstraint("association_id", "ocr", name="uq_member_invoices_association_id_ocr"),
    )
    op.create_index(
        "ix_member_invoices_association_id", "member_invoices", ["association_id"], unique=False
    )
    op.create_index(
        "ix_member_invoices_identity_hash", "member_invoices", ["identity_hash"], unique=False
    )
    op.create_table(
        "member_payments_in",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "association_id",
            sa.Integer(),
            sa.ForeignKey(
                "associations.id", name="fk_member_payments_in_association_id_associations"
            ),
            nullable=False,
        ),
        sa.Column("source_ref", sa.String(length=64), nullable=False),
        sa.Column(
            "invoice_id",
            sa.Integer(),
            sa.ForeignKey(
                "member_invoices.id", name="fk_member_payments_in_invoice_id_member_invoices"
            ),
            nullable=True,
        ),
        sa.Column("reference", sa.String(length=35), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("payer", sa.String(length=70), nullable=False),
        sa.Column(
            "status", sa.String(length=8), nullable=False, comment="paid, partial, over, unknown"
        ),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_member_payments_in"),
        sa.UniqueConstraint(
            "association_id", "source_ref", name="uq_member_payments_in_association_id_source_ref"
        ),
    )
    op.create_index(
        "ix_member_payments_in_association_id",
        "member_payments_in",
        ["association_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_table("member_payments_in")
    op.drop_table("member_invoices")
    with op.batch_alter_table("associations") as batch:
        batch.drop_column("swish_number")
        batch.drop_column("bankgiro")
        batch.drop_column("address")
        batch.drop_column("org_number")
