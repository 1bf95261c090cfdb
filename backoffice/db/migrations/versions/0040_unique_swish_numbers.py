"""associations: a Swish number belongs to one association (unique index)

Revision ID: 0040
Revises: 0039

Swish payments are booked to the association by the number paid to; two associations with one
number book nothing. The 409 check of the invoicing form has a race (two saves at the same
moment); this index closes it. A number two associations already share stays with the one
that has had it longest (lowest id) and is cleared on the others, which then book nothing
until their owner enters their own number (as they did not before either).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0040"
down_revision: str | None = "0039"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        sa.text(
            "UPDATE associations SET swish_number = NULL WHERE swish_number IS NOT NULL"
            " AND id > (SELECT MIN(a.id) FROM associations a"
            " WHERE a.swish_number = associations.swish_number)"
        )
    )
    with op.batch_alter_table("associations") as batch_op:
        batch_op.create_index("ix_associations_swish_number", ["swish_number"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("associations") as batch_op:
        batch_op.drop_index("ix_associations_swish_number")
