"""alert lifecycle: cases with history

Revision ID: 0007
Revises: 0006

One case per store and kind is not resolved (a partial unique index), with its history in
alert_events. The stores' reports already held and not cleared become open cases.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "alert_cases",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=48), nullable=False),
        sa.Column(
            "source", sa.String(length=16), nullable=False, comment="store (reported) or rule"
        ),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column(
            "message",
            sa.String(length=500),
            nullable=False,
            comment="the latest occurrence's words",
        ),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_by", sa.String(length=200), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.String(length=200), nullable=True, comment="None: by its rule"),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution_note", sa.String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_alert_cases_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_cases")),
    )
    with op.batch_alter_table("alert_cases", schema=None) as batch_op:
        batch_op.create_index("ix_alert_cases_status_store", ["status", "store_id"], unique=False)
        batch_op.create_index(
            "uq_alert_cases_one_open",
            ["store_id", "kind"],
            unique=True,
            sqlite_where=sa.text("status != 'resolved'"),
            postgresql_where=sa.text("status != 'resolved'"),
        )

    op.create_table(
        "alert_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, comment="our clock"),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=True),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["alert_cases.id"], name=op.f("fk_alert_events_case_id_alert_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_events")),
    )
    with op.batch_alter_table("alert_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_events_case_id"), ["case_id"], unique=False)

    op.execute(OPEN_REPORTED)
    op.execute(FIRST_EVENTS)


OPEN_REPORTED = """
INSERT INTO alert_cases (store_id, kind, source, severity, status, message, count,
                         first_seen, last_seen, opened_at)
SELECT store_id, category, 'store',
       CASE MIN(CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END)
            WHEN 0 THEN 'critical' WHEN 1 THEN 'warning' ELSE 'info' END,
       'open', MAX(message), COUNT(*), MIN(raised_at), MAX(raised_at), MAX(received_at)
FROM alerts WHERE cleared_at IS NULL GROUP BY store_id, category
"""
FIRST_EVENTS = """
INSERT INTO alert_events (case_id, at, action, actor, severity, detail)
SELECT id, opened_at, 'raised', NULL, severity, message FROM alert_cases
"""


def downgrade() -> None:
    with op.batch_alter_table("alert_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_events_case_id"))

    op.drop_table("alert_events")
    with op.batch_alter_table("alert_cases", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_alert_cases_one_open",
            sqlite_where=sa.text("status != 'resolved'"),
            postgresql_where=sa.text("status != 'resolved'"),
        )
        batch_op.drop_index("ix_alert_cases_status_store")

    op.drop_table("alert_cases")
