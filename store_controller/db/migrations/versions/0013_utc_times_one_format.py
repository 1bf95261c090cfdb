"""Timestamps stored with a `+00:00` suffix rewritten to the column type's own text

Revision ID: 0013
Revises: 0012

The Core writers' `Prepared` statements took the generic `DateTime`'s conversion (none), so
SQLite's driver stored their times as `2026-12-06 17:00:00.123456+00:00` (or, on a whole second,
`2026-12-06 17:00:00+00:00`), where the ORM and every other Core statement store
`2026-12-06 17:00:00.123456`. Both read back the same through `UtcDateTime`, but SQL that orders
or compares the text (ORDER BY decided_at, a sweep's `WHERE ... < :t`) put them apart. Every
timestamp column is rewritten to the one format, in the migration's one transaction; the way
back leaves the rows in it (the code before reads it, as it read the ORM's rows). On PostgreSQL
the columns are typed and nothing is done.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.sql.dml import Update

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMPS: dict[str, tuple[str, ...]] = {
    "abandoned_carts": ("started_at", "abandoned_at"),
    "age_checks": ("checked_at",),
    "alerts": ("raised_at", "cleared_at"),
    "customers": ("first_seen_at", "last_seen_at"),
    "door_audit": ("at",),
    "journal_entries": ("created_at",),
    "member_accounts": ("approved_at", "updated_at"),
    "member_ledger": ("charged_at",),
    "member_standings": ("blocked_until",),
    "outbox": ("created_at", "acked_at", "quarantined_at"),
    "pending_payments": ("requested_at", "settled_at"),
    "products": ("updated_at",),
    "sale_payments": ("confirmed_at",),
    "sales": ("occurred_at",),
    "stock_levels": ("updated_at",),
    "stock_movements": ("occurred_at",),
    "sync_state": ("updated_at",),
    "unknown_barcodes": ("scanned_at",),
    "visits": ("decided_at", "door_opened_at", "door_closed_at"),
    "z_reports": ("created_at",),
}
"""Every `UtcDateTime` column at 0012, by table."""


def _canonical(table: str, name: str) -> Update:
    """The UPDATE of `table`'s `name` stored with `+00:00` to `YYYY-MM-DD HH:MM:SS.ffffff` (the
    driver wrote no fraction on a whole second, where the type writes six zeros)."""
    column = sa.column(name, sa.String)
    whole_second = sa.func.length(column) == len("2026-12-06 17:00:00+00:00")
    text = sa.case(
        (whole_second, sa.func.substr(column, 1, 19) + ".000000"),
        else_=sa.func.substr(column, 1, sa.func.length(column) - len("+00:00")),
    )
    return sa.update(sa.table(table, column)).where(column.like("%+00:00")).values({name: text})


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, columns in TIMESTAMPS.items():
        for name in columns:
            op.execute(_canonical(table, name))


def downgrade() -> None:
    """Nothing to undo: the code at 0012 reads the one format as well."""
