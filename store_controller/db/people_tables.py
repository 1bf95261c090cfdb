"""The door's and the members' tables: customers, their visits, the door's audit, the members'
accounts, ledger and standings. Declared on `tables.metadata` with the first use of one of them
(`tables.visits` loads this module): an idle controller does not build them (issue 23)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, Double, Enum, ForeignKey, Integer, Table

from byabutik.runtime.db import utcnow
from store_controller.customers.status import CustomerStatus
from store_controller.db.tables import id_col, int_col, metadata, str_col, when_col

customers = Table(
    "customers",
    metadata,
    id_col(),
    str_col("identity_hash", 64, unique=True),
    Column("birth_date", Date, nullable=False),
    str_col("name", 200),
    Column(
        "status",
        Enum(
            CustomerStatus,
            native_enum=False,
            length=16,
            values_callable=lambda statuses: [s.value for s in statuses],
        ),
        nullable=False,
        default=CustomerStatus.ACTIVE,
    ),
    when_col("first_seen_at", default=utcnow),
    when_col("last_seen_at", default=utcnow),
)


# WITHOUT ROWID on SQLite (controller migration 0016): the text key's B-tree is the table, one
# B-tree fewer for a decision to write (issue 23).
visits = Table(
    "visits",
    metadata,
    str_col("id", 36, primary_key=True),  # a UUID, also on the wire
    Column("customer_id", Integer, ForeignKey("customers.id"), nullable=True, index=True),
    when_col("decided_at"),
    str_col("outcome", 40),
    Column("age", Integer, nullable=True),
    when_col("door_opened_at", nullable=True),
    when_col("door_closed_at", nullable=True),
    sqlite_with_rowid=False,
)


door_audit = Table(
    "door_audit",
    metadata,
    id_col(),
    str_col("action", 40, index=True),
    str_col("operator", 120),
    str_col("reason", 500),
    Column("window_s", Double, nullable=True),
    when_col("at"),
)


member_accounts = Table(
    "member_accounts",
    metadata,
    str_col("identity_hash", 64, primary_key=True),
    int_col("credit_limit_ore"),
    int_col("balance_ore", default=0),
    when_col("approved_at", default=utcnow),
    when_col("updated_at", default=utcnow),
)


member_ledger = Table(
    "member_ledger",
    metadata,
    id_col(),
    str_col("identity_hash", 64, index=True),
    str_col("sale_id", 36, unique=True),
    int_col("amount_ore"),
    str_col("bankid_order_ref", 64),
    when_col("charged_at"),
)


member_standings = Table(
    "member_standings",
    metadata,
    str_col("identity_hash", 64, primary_key=True),
    Column("credit_limit_ore", Integer, nullable=True),
    Column("blocked", Boolean, nullable=False, default=False),
    when_col("blocked_until", nullable=True, default=None),
)
