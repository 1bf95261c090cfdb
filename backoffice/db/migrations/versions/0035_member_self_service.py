"""member self-service: members' own BankID sessions and their erasure requests

Revision ID: 0035
Revises: 0034

`member_sessions` (a member signed in with BankID, known by the keyed identity hash only) and
`member_erasure_requests` (a member's request, with a reason, for the owner to act on).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0035"
down_revision: str | None = "0034"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "member_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("identity_hash", sa.String(length=64), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_member_sessions_token_hash")),
    )
    op.create_index(op.f("ix_member_sessions_identity_hash"), "member_sessions", ["identity_hash"])
    op.create_table(
        "member_erasure_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("identity_hash", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handled_by", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["associations.id"],
            name=op.f("fk_member_erasure_requests_association_id_associations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_erasure_requests")),
    )
    op.create_index(
        op.f("ix_member_erasure_requests_association_id"),
        "member_erasure_requests",
        ["association_id"],
    )
    op.create_index(
        op.f("ix_member_erasure_requests_identity_hash"),
        "member_erasure_requests",
        ["identity_hash"],
    )


def downgrade() -> None:
    op.drop_table("member_erasure_requests")
    op.drop_table("member_sessions")
