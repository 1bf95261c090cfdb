"""The visits table WITHOUT ROWID

Revision ID: 0016
Revises: 0015

A door decision wrote its `visits` row into three B-trees on SQLite: the rowid table, the
index of its text key (a random UUID: a leaf of its own each time) and the customer's index.
WITHOUT ROWID the key's B-tree is the table: one WAL page fewer a decision (issue 23). Nothing
reads the visits' rowid; every read of them is by id, by customer or ordered by decision time.

The table is rebuilt by SQLite's own procedure for schema changes, as 0014 rebuilt `sales`, in
the migration's one transaction with foreign keys off (`byabutik.runtime.db` checks them before
the commit): the old table renamed aside with `legacy_alter_table` on, the new one made from
the old one's own CREATE text, every row copied, the old one dropped and the customer index
made again from its own CREATE text. On PostgreSQL there is nothing to do.
"""

from collections.abc import Callable, Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WITHOUT_ROWID = "\n WITHOUT ROWID\n\n"
"""The end SQLAlchemy gives a WITHOUT ROWID table's CREATE text (as in 0012's and 0014's)."""


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _rebuild(table: str, change: Callable[[str], str]) -> None:
    """`table` made anew from `change` of its CREATE text, with every row and its indexes."""
    bind = op.get_bind()
    old = f"_{table}_old"
    create = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar_one()
    indexes = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL"
        " ORDER BY name",
        (table,),
    ).scalars()
    made_again = list(indexes)
    bind.exec_driver_sql("PRAGMA legacy_alter_table=ON")
    try:
        bind.exec_driver_sql(f"ALTER TABLE {table} RENAME TO {old}")
    finally:
        bind.exec_driver_sql("PRAGMA legacy_alter_table=OFF")
    bind.exec_driver_sql(change(create))
    bind.exec_driver_sql(f"INSERT INTO {table} SELECT * FROM {old}")  # noqa: S608 (our names)
    bind.exec_driver_sql(f"DROP TABLE {old}")  # its indexes with it
    for index in made_again:
        bind.exec_driver_sql(index)


def _without_rowid(create: str) -> str:
    if create.endswith(_WITHOUT_ROWID):
        raise ValueError("the visits table is WITHOUT ROWID already")
    return create + _WITHOUT_ROWID


def _with_rowid(create: str) -> str:
    if not create.endswith(_WITHOUT_ROWID):
        raise ValueError("the visits table has its rowid already")
    return create.removesuffix(_WITHOUT_ROWID)


def upgrade() -> None:
    if _sqlite():
        _rebuild("visits", _without_rowid)


def downgrade() -> None:
    if _sqlite():
        _rebuild("visits", _with_rowid)
