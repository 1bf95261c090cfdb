"""member block ends: a block may end on its own

Revision ID: 0025
Revises: 0024

`member_blocks.blocked_until` (optional): from that moment the block no longer applies and
leaves the MemberStandings list the stores pull (None: until lifted).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("member_blocks") as batch:
        batch.add_column(
            sa.Column(
                "blocked_until",
                sa.DateTime(timezone=True),
                nullable=True,
                comment="the block ends at this moment; NULL: until lifted",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("member_blocks") as batch:
        batch.drop_column("blocked_until")
