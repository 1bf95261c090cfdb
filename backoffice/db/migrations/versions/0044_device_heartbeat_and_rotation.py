"""devices: each controller's latest heartbeat figures, and which row a rotation replaced

Revision ID: 0044
Revises: 0043

`heartbeat_at` (our clock), `heartbeat_sent_at` (the store's, so a late replay does not win),
`outbox_backlog` and `catalog_revision` from the device's newest heartbeat: the devices page
shows them per controller (`store_status` keeps the store's newest). `rotated_from_id` names the
device row whose token this one replaced, so the page shows one controller with "key rotated"
instead of a second, revoked device. Rows from earlier rotations are linked here: a rotation
revokes the old row at the instant the new one is created, in the same store.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0044"
down_revision: str | None = "0043"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch_op:
        batch_op.add_column(sa.Column("rotated_from_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("heartbeat_sent_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("outbox_backlog", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("catalog_revision", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_devices_rotated_from_id_devices"), "devices", ["rotated_from_id"], ["id"]
        )
    op.execute(
        """
        UPDATE devices SET rotated_from_id = (
            SELECT old.id FROM devices AS old
            WHERE old.store_id = devices.store_id
              AND old.revoked_at = devices.created_at
              AND old.id < devices.id
            ORDER BY old.id DESC LIMIT 1
        )
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("devices") as batch_op:
        batch_op.drop_constraint(op.f("fk_devices_rotated_from_id_devices"), type_="foreignkey")
        batch_op.drop_column("catalog_revision")
        batch_op.drop_column("outbox_backlog")
        batch_op.drop_column("heartbeat_sent_at")
        batch_op.drop_column("heartbeat_at")
        batch_op.drop_column("rotated_from_id")
