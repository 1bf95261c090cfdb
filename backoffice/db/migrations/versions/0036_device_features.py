"""devices: the features each controller named on its last catalog pull

Revision ID: 0036
Revises: 0035

`devices.catalog_features` (comma-separated, sorted; NULL: no pull since this column came)
lets the settings page warn when a store's software does not read members' hours.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0036"
down_revision: str | None = "0035"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch_op:
        batch_op.add_column(sa.Column("catalog_features", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("devices") as batch_op:
        batch_op.drop_column("catalog_features")
