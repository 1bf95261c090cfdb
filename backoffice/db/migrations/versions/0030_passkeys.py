"""Passkeys (WebAuthn) as a second factor, and the challenge of a ceremony on its web session

Revision ID: 0030
Revises: 0029
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "passkeys",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "person_id",
            sa.Integer(),
            sa.ForeignKey("people.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("credential_id", sa.String(1400), nullable=False, comment="base64url"),
        sa.Column("public_key", sa.LargeBinary(), nullable=False, comment="COSE key"),
        sa.Column("sign_count", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("credential_id", name="uq_passkeys_credential_id"),
    )
    op.create_index("ix_passkeys_person_id", "passkeys", ["person_id"])
    with op.batch_alter_table("web_sessions") as batch:
        batch.add_column(
            sa.Column(
                "webauthn_challenge",
                sa.String(200),
                nullable=True,
                comment="base64url; the passkey ceremony under way",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("web_sessions") as batch:
        batch.drop_column("webauthn_challenge")
    op.drop_index("ix_passkeys_person_id", table_name="passkeys")
    op.drop_table("passkeys")
