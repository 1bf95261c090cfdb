"""member contacts for invoices, invoices e-mailed, overdue reminders

Revision ID: 0034
Revises: 0033

`member_contacts` (association, identity_hash: name, e-mail, address) is where a member's
invoices go; `member_invoices.sent_at` / `send_problem` say whether the e-mail went;
`member_invoice_reminders` holds one claimed reminder per overdue invoice.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0034"
down_revision: str | None = "0033"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "member_contacts",
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("identity_hash", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("updated_by", sa.String(length=120), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["associations.id"],
            name=op.f("fk_member_contacts_association_id_associations"),
        ),
        sa.PrimaryKeyConstraint("association_id", "identity_hash", name=op.f("pk_member_contacts")),
    )
    with op.batch_alter_table("member_invoices") as table:
        table.add_column(
            sa.Column(
                "sent_at",
                sa.DateTime(timezone=True),
                nullable=True,
                comment="last e-mailed to the member",
            )
        )
        table.add_column(
            sa.Column(
                "send_problem",
                sa.String(length=200),
                nullable=True,
                comment="why the last e-mail did not go (None: it went)",
            )
        )
    op.create_table(
        "member_invoice_reminders",
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(length=128), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("problem", sa.String(length=200), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["member_invoices.id"],
            name=op.f("fk_member_invoice_reminders_invoice_id_member_invoices"),
        ),
        sa.PrimaryKeyConstraint("invoice_id", name=op.f("pk_member_invoice_reminders")),
    )


def downgrade() -> None:
    op.drop_table("member_invoice_reminders")
    with op.batch_alter_table("member_invoices") as table:
        table.drop_column("send_problem")
        table.drop_column("sent_at")
    op.drop_table("member_contacts")
