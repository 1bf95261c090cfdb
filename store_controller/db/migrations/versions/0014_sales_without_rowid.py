"""The sales table WITHOUT ROWID; the journal without the index on its hashes, which nothing reads

Revision ID: 0014
Revises: 0013

A sale wrote its `sales` row into three B-trees on SQLite: the rowid table, the key's index and
the (register, receipt number) index. WITHOUT ROWID the key's B-tree is the table. The journal's
unique index on `hash` (a random 64-character key: one more page a sale) is read by no query:
the head is found by `seq`, the chain is verified by a scan in `seq` order.

Both tables are rebuilt by SQLite's own procedure for schema changes, in the migration's one
transaction with foreign keys off (`byabutik.runtime.db`, which checks them before the commit):
the old table renamed aside with `legacy_alter_table` on (so the other tables' REFERENCES keep
naming `sales`), the new one made from the old one's own CREATE text, every row copied, the old
one dropped. The journal's AUTOINCREMENT counter (`sqlite_sequence`, which the journal's
verification reads) is carried over as it was. On PostgreSQL only the hash's constraint goes.
"""

from collections.abc import Callable, Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WITHOUT_ROWID = "\n WITHOUT ROWID\n\n"
"""The end SQLAlchemy gives a WITHOUT ROWID table's CREATE text (as in 0012's tables)."""
_HASH_UNIQUE = ", \n\tCONSTRAINT uq_journal_entries_hash UNIQUE (hash)"
_HASH_COLUMN = "hash VARCHAR(64) NOT NULL"


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _rebuild(table: str, change: Callable[[str], str]) -> None:
    """`table` made anew from `change` of its CREATE text, with every row (and its
    AUTOINCREMENT counter, if it has one)."""
    bind = op.get_bind()
    old = f"_{table}_old"
    create = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar_one()
    bind.exec_driver_sql("PRAGMA legacy_alter_table=ON")
    try:
        bind.exec_driver_sql(f"ALTER TABLE {table} RENAME TO {old}")
    finally:
        bind.exec_driver_sql("PRAGMA legacy_alter_table=OFF")
    bind.exec_driver_sql(change(create))
    bind.exec_driver_sql(f"INSERT INTO {table} SELECT * FROM {old}")  # noqa: S608 (our names)
    counted = bind.exec_driver_sql(
        "SELECT seq FROM sqlite_sequence WHERE name = ?", (old,)
    ).scalar_one_or_none()
    if counted is not None:
        bind.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
        bind.exec_driver_sql(
            "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, counted)
        )
    bind.exec_driver_sql(f"DROP TABLE {old}")


def _without_rowid(create: str) -> str:
    if create.endswith(_WITHOUT_ROWID):
        raise ValueError("the sales table is WITHOUT ROWID already")
    return create + _WITHOUT_ROWID


def _with_rowid(create: str) -> str:
    if not create.endswith(_WITHOUT_ROWID):
        raise ValueError("the sales table has its rowid already")
    return create.removesuffix(_WITHOUT_ROWID)


def _hash_not_unique(create: str) -> str:
    if _HASH_UNIQUE not in create:
        raise ValueError("the journal's CREATE text is not the one 0003 made")
    return create.replace(_HASH_UNIQUE, "")


def _hash_unique(create: str) -> str:
    head, column, tail = create.partition(_HASH_COLUMN)
    if not column or _HASH_UNIQUE in create:
        raise ValueError("the journal's CREATE text is not the one 0014 made")
    last = tail.rindex("\n)")
    return head + column + tail[:last] + _HASH_UNIQUE + tail[last:]


def upgrade() -> None:
    if _sqlite():
        _rebuild("sales", _without_rowid)
        _rebuild("journal_entries", _hash_not_unique)
    else:
        op.drop_constraint("uq_journal_entries_hash", "journal_entries", type_="unique")


def downgrade() -> None:
    if _sqlite():
        _rebuild("journal_entries", _hash_unique)
        _rebuild("sales", _with_rowid)
    else:
        op.create_unique_constraint("uq_journal_entries_hash", "journal_entries", ["hash"])
