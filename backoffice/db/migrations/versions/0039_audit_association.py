"""audit_log: the association a record belongs to when it has no store or person

Revision ID: 0039
Revises: 0038

A member's own acts (sign-in, sign-out, erasure request, data export, contact change) have no
store and no person of the association; `audit_log.association_id` lets the association's
owners see them on /audit. NULL for every older record (their hashes stay as they were).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0039"
down_revision: str | None = "0038"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch_op:
        batch_op.add_column(
            sa.Column(
                "association_id",
                sa.Integer(),
                nullable=True,
                comment="associations.id, no FK: kept",
            )
        )
        batch_op.create_index("ix_audit_log_association_id", ["association_id"])


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch_op:
        batch_op.drop_index("ix_audit_log_association_id")
        batch_op.drop_column("association_id")
