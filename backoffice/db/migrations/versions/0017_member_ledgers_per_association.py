"""member accounts and ledgers per association

Revision ID: 0017
Revises: 0016

Two associations never share a member's account or ledger: both tables are keyed by
(association, identity hash). Existing rows go to the association of the store the member's
sales or visits name (the ledger's `sale:<store>:...` references first); a row no store
places is refused with a count, never dropped.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def _association_of_members(bind: sa.Connection) -> dict[str, int]:
    """identity hash -> association, from the stores that saw the member (lowest store first)."""
    found: dict[str, int] = {}
    queries = (
        "SELECT l.identity_hash, s.association_id FROM member_ledger l JOIN stores s "
        "ON l.reference LIKE 'sale:' || CAST(s.id AS VARCHAR(20)) || ':%' "
        "WHERE s.association_id IS NOT NULL ORDER BY s.id",
        "SELECT x.customer_hash, s.association_id FROM sales x JOIN stores s ON s.id = x.store_id "
        "WHERE x.customer_hash IS NOT NULL AND s.association_id IS NOT NULL ORDER BY s.id",
        "SELECT v.identity_hash, s.association_id FROM visits v JOIN stores s ON s.id = v.store_id "
        "WHERE v.identity_hash IS NOT NULL AND s.association_id IS NOT NULL ORDER BY s.id",
    )
    for query in queries:
        for member, association in bind.execute(sa.text(query)):
            found.setdefault(member, association)
    return found


def _create() -> None:
    op.create_table(
        "member_accounts",
        sa.Column(
            "association_id",
            sa.Integer(),
            sa.ForeignKey("associations.id", name="fk_member_accounts_association_id_associations"),
            nullable=False,
        ),
        sa.Column("identity_hash", sa.String(length=64), nullable=False),
        sa.Column("credit_limit_ore", sa.BigInteger(), nullable=False),
        sa.Column("approved_by", sa.String(length=120), nullable=False),
        sa.Column("approved_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("association_id", "identity_hash", name="pk_member_accounts"),
    )
    op.create_table(
        "member_ledger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("identity_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("by", sa.String(length=120), nullable=False),
        sa.Column("why", sa.String(length=500), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["association_id", "identity_hash"],
            ["member_accounts.association_id", "member_accounts.identity_hash"],
            name="fk_member_ledger_association_id_member_accounts",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_member_ledger"),
        sa.UniqueConstraint(
            "association_id", "reference", name="uq_member_ledger_association_id_reference"
        ),
    )
    op.create_index("ix_member_ledger_association_id", "member_ledger", ["association_id"])
    op.create_index("ix_member_ledger_identity_hash", "member_ledger", ["identity_hash"])


def _rows(bind: sa.Connection, table: str) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in bind.execute(sa.text(f"SELECT * FROM {table}"))]  # noqa: S608


def upgrade() -> None:
    bind = op.get_bind()
    placed = _association_of_members(bind)
    accounts = _rows(bind, "member_accounts")
    entries = _rows(bind, "member_ledger")
    lost = [a for a in accounts if a["identity_hash"] not in placed]
    if lost:
        raise RuntimeError(
            f"{len(lost)} member account(s) belong to no association's store: give their "
            "stores an association first (byabutik backoffice), then upgrade again"
        )
    op.drop_index("ix_member_ledger_identity_hash", table_name="member_ledger")
    op.drop_table("member_ledger")
    op.drop_table("member_accounts")
    _create()
    for account in accounts:
        account["association_id"] = placed[account["identity_hash"]]
    for entry in entries:
        entry["association_id"] = placed[entry["identity_hash"]]
    if accounts:
        op.bulk_insert(sa.table("member_accounts", *(sa.column(k) for k in accounts[0])), accounts)
    if entries:
        op.bulk_insert(sa.table("member_ledger", *(sa.column(k) for k in entries[0])), entries)


def downgrade() -> None:
    bind = op.get_bind()
    accounts = _rows(bind, "member_accounts")
    entries = _rows(bind, "member_ledger")
    if len({a["identity_hash"] for a in accounts}) != len(accounts):
        raise RuntimeError("a member has accounts in two associations: cannot merge them")
    op.drop_index("ix_member_ledger_identity_hash", table_name="member_ledger")
    op.drop_index("ix_member_ledger_association_id", table_name="member_ledger")
    op.drop_table("member_ledger")
    op.drop_table("member_accounts")
    op.create_table(
        "member_accounts",
        sa.Column("identity_hash", sa.String(length=64), nullable=False),
        sa.Column("credit_limit_ore", sa.BigInteger(), nullable=False),
        sa.Column("approved_by", sa.String(length=120), nullable=False),
        sa.Column("approved_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("identity_hash", name="pk_member_accounts"),
    )
    op.create_table(
        "member_ledger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identity_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("by", sa.String(length=120), nullable=False),
        sa.Column("why", sa.String(length=500), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["identity_hash"],
            ["member_accounts.identity_hash"],
            name="fk_member_ledger_identity_hash_member_accounts",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_member_ledger"),
        sa.UniqueConstraint("reference", name="uq_member_ledger_reference"),
    )
    op.create_index("ix_member_ledger_identity_hash", "member_ledger", ["identity_hash"])
    for account in accounts:
        del account["association_id"]
    for entry in entries:
        del entry["association_id"]
    if accounts:
        op.bulk_insert(sa.table("member_accounts", *(sa.column(k) for k in accounts[0])), accounts)
    if entries:
        op.bulk_insert(sa.table("member_ledger", *(sa.column(k) for k in entries[0])), entries)
