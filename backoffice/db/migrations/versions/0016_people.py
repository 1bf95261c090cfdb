"""people and access: associations own stores, people with roles per store, second factors,
web sessions, personal API tokens, sign-in throttles, and the hash-chained audit log

Revision ID: 0016
Revises: 0015

The audit log is append-only: triggers refuse UPDATE and DELETE on both databases.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _person() -> sa.Column[int]:
    return sa.Column(
        "person_id", sa.Integer(), sa.ForeignKey("people.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "associations",
        _id(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    with op.batch_alter_table("stores") as batch:
        batch.add_column(
            sa.Column(
                "association_id",
                sa.Integer(),
                sa.ForeignKey("associations.id", name="fk_stores_association_id_associations"),
                nullable=True,
                comment="who owns it; None: nobody yet",
            )
        )
        batch.add_column(
            sa.Column("time_zone", sa.String(64), nullable=False, server_default="Europe/Stockholm")
        )
    op.create_table(
        "people",
        _id(),
        sa.Column("association_id", sa.Integer(), sa.ForeignKey("associations.id"), nullable=False),
        sa.Column("email", sa.String(254), nullable=False, unique=True, comment="lower case"),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=True),
        sa.Column("totp_secret", sa.String(64), nullable=True),
        sa.Column("totp_enabled_at", TS, nullable=True),
        sa.Column("totp_last_step", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("disabled_at", TS, nullable=True),
    )
    op.create_table(
        "role_grants",
        _id(),
        _person(),
        sa.Column("store_id", sa.Integer(), sa.ForeignKey("stores.id"), nullable=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.UniqueConstraint("person_id", "store_id", "role"),
    )
    op.create_table(
        "recovery_codes",
        _id(),
        _person(),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("used_at", TS, nullable=True),
    )
    op.create_table(
        "web_sessions",
        _id(),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _person(),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("pending_second_factor", sa.Boolean(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_seen_at", TS, nullable=False),
        sa.Column("second_factor_at", TS, nullable=True),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("user_agent", sa.String(300), nullable=False),
        sa.Column("ended_at", TS, nullable=True),
    )
    op.create_table(
        "api_tokens",
        _id(),
        _person(),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("scopes", sa.String(100), nullable=False, comment="space-separated"),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("revoked_at", TS, nullable=True),
        sa.Column("last_used_at", TS, nullable=True),
    )
    op.create_table(
        "sign_in_throttles",
        sa.Column("key", sa.String(300), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", TS, nullable=False),
        sa.Column("locked_until", TS, nullable=True),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True, comment="the chain's order"),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True, comment="people.id, no FK: kept"),
        sa.Column(
            "actor", sa.String(254), nullable=False, comment="e-mail, token name or 'system'"
        ),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("target", sa.String(300), nullable=False),
        sa.Column("before", sa.Text(), nullable=True, comment="JSON"),
        sa.Column("after", sa.Text(), nullable=True, comment="JSON"),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    op.drop_table("audit_log")
    op.drop_table("sign_in_throttles")
    op.drop_table("api_tokens")
    op.drop_table("web_sessions")
    op.drop_table("recovery_codes")
    op.drop_table("role_grants")
    op.drop_table("people")
    with op.batch_alter_table("stores") as batch:
        batch.drop_column("time_zone")
        batch.drop_column("association_id")
    op.drop_table("associations")
