"""notifications: contacts, on-call rota, deliveries, acknowledge links

Revision ID: 0012
Revises: 0011

Contacts (linked to a person once accounts exist), the weekly on-call rota and its exceptions,
one row per delivery and per attempt, the used nonces of acknowledge links, and how far each
alert has escalated.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column(
            "person_id", sa.Integer(), nullable=True, comment="the person, once accounts exist"
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True, comment="E.164, for SMS"),
        sa.Column("ntfy_topic", sa.String(length=64), nullable=True),
        sa.Column("webhook_url", sa.String(length=500), nullable=True),
        sa.Column("push_subscription", sa.JSON(), nullable=True),
        sa.Column("severities", sa.String(length=40), nullable=False, comment="comma-separated"),
        sa.Column(
            "channels", sa.String(length=60), nullable=False, comment="comma-separated, in order"
        ),
        sa.Column(
            "quiet_from", sa.Time(), nullable=True, comment="local time; critical ignores it"
        ),
        sa.Column("quiet_until", sa.Time(), nullable=True),
        sa.Column(
            "rota_order", sa.Integer(), nullable=False, comment="escalation order in the store"
        ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_contacts_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contacts_store_id"), ["store_id"], unique=False)

    op.create_table(
        "ack_link_uses",
        sa.Column("nonce", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["alert_cases.id"], name=op.f("fk_ack_link_uses_case_id_alert_cases")
        ),
        sa.PrimaryKeyConstraint("nonce", name=op.f("pk_ack_link_uses")),
    )
    op.create_table(
        "notification_deliveries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column(
            "stage",
            sa.Integer(),
            nullable=False,
            comment="0 on watch, 1 the next person, 2 everyone",
        ),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["alert_cases.id"],
            name=op.f("fk_notification_deliveries_case_id_alert_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_notification_deliveries_contact_id_contacts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_deliveries")),
    )
    with op.batch_alter_table("notification_deliveries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notification_deliveries_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index(
            "ix_notification_deliveries_due", ["status", "next_attempt_at"], unique=False
        )

    op.create_table(
        "oncall_exceptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_oncall_exceptions_contact_id_contacts")
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_oncall_exceptions_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oncall_exceptions")),
    )
    with op.batch_alter_table("oncall_exceptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oncall_exceptions_store_id"), ["store_id"], unique=False
        )

    op.create_table(
        "oncall_shifts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("starts", sa.Time(), nullable=False),
        sa.Column("ends", sa.Time(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_oncall_shifts_contact_id_contacts")
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_oncall_shifts_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oncall_shifts")),
    )
    with op.batch_alter_table("oncall_shifts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_oncall_shifts_store_id"), ["store_id"], unique=False)

    op.create_table(
        "notification_attempts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "delivery_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("detail", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["delivery_id"],
            ["notification_deliveries.id"],
            name=op.f("fk_notification_attempts_delivery_id_notification_deliveries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_attempts")),
    )
    with op.batch_alter_table("notification_attempts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notification_attempts_delivery_id"), ["delivery_id"], unique=False
        )

    with op.batch_alter_table("alert_cases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "escalation_stage",
                sa.Integer(),
                server_default="0",
                nullable=False,
                comment="0 on watch told, 1 the next person, 2 everyone",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("alert_cases", schema=None) as batch_op:
        batch_op.drop_column("escalation_stage")

    with op.batch_alter_table("notification_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_attempts_delivery_id"))

    op.drop_table("notification_attempts")
    with op.batch_alter_table("oncall_shifts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oncall_shifts_store_id"))

    op.drop_table("oncall_shifts")
    with op.batch_alter_table("oncall_exceptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oncall_exceptions_store_id"))

    op.drop_table("oncall_exceptions")
    with op.batch_alter_table("notification_deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_notification_deliveries_due")
        batch_op.drop_index(batch_op.f("ix_notification_deliveries_case_id"))

    op.drop_table("notification_deliveries")
    op.drop_table("ack_link_uses")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contacts_store_id"))

    op.drop_table("contacts")
