"""pending erasures: erased people's hashes kept until every store has removed them

Revision ID: 0032
Revises: 0031

`pending_erasures` (association, identity_hash, erased_at) is sent to the stores as
`MemberStandings.erased`; `member_pulls` says when each store last pulled its members, so a
row goes once every store of the association pulled after the erasure (or after 30 days).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0032"
down_revision: str | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pending_erasures",
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("identity_hash", sa.String(length=64), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["associations.id"],
            name=op.f("fk_pending_erasures_association_id_associations"),
        ),
        sa.PrimaryKeyConstraint(
            "association_id", "identity_hash", name=op.f("pk_pending_erasures")
        ),
    )
    op.create_table(
        "member_pulls",
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("pulled_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_member_pulls_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("store_id", name=op.f("pk_member_pulls")),
    )


def downgrade() -> None:
    op.drop_table("member_pulls")
    op.drop_table("pending_erasures")
