"""rollup triggers read a new row's sale by its key (PostgreSQL), whatever the statistics

Revision ID: 0048
Revises: 0047

The statement triggers of 0006 on sale_vat, sale_payments and sale_lines joined their new rows
with `sales` for the sale's time. Without statistics on `sales` (a new database before its first
analyse) the planner hashed the whole table, every store's, once a push per trigger: ingest grew
slower with the table. Each new row now reads its sale in a LATERAL subquery by its key (LIMIT 1
keeps it from being flattened into a join the planner may reorder): one index probe a row. Once
`sales` has statistics that probe is `pk_sales`; on a never-analysed table the planner may price
another index that starts with `store_id` the same and filter `sale_id` in it, walking the store's
sales until autovacuum's first analyse (issue-23 notes, session 11). Same rows, same sums: the key
is unique and the foreign key makes every new row's sale exist. SQLite's row triggers already
look the sale up by its key.
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from alembic import op

revision: str = "0048"
down_revision: str | None = "0047"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JOIN = " JOIN sales s ON s.store_id = r.store_id AND s.sale_id = r.sale_id"
_BY_KEY = (
    " JOIN LATERAL (SELECT x.occurred_at FROM sales x"
    " WHERE x.store_id = r.store_id AND x.sale_id = r.sale_id LIMIT 1) s ON true"
)


def _rollups() -> ModuleType:
    """Revision 0006's module: its SQL builders make the trigger statements, old and new."""
    path = Path(__file__).with_name("0006_report_rollups.py")
    spec = importlib.util.spec_from_file_location("byabutik_backoffice_revision_0006", path)
    if spec is None or spec.loader is None:
        raise ImportError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def trigger_statements(*, by_key: bool) -> dict[str, str]:
    """The PostgreSQL trigger upsert of each rollup that needs the sale's time, as 0006 made it
    (`by_key=False`) or reading the sale by its key (`by_key=True`)."""
    rollups = _rollups()
    statements = {}
    for rollup, (_, from_sales) in rollups._SOURCES.items():
        if not from_sales:
            continue
        select = rollups._select(rollup, "new_rows", rollups._bucket(rollup, rollups._PG_BUCKETS))
        if select.count(_JOIN) != 1:
            raise RuntimeError(f"{rollup}: 0006's join with sales not found")
        if by_key:
            select = select.replace(_JOIN, _BY_KEY)
        # Sorted keys, as 0006: concurrent inserts lock the rollup rows in one order.
        statements[rollup] = rollups._upsert(rollup, f"{select} ORDER BY 1, 2")
    return statements


def _replace_functions(*, by_key: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for rollup, statement in trigger_statements(by_key=by_key).items():
        op.execute(
            f"CREATE OR REPLACE FUNCTION {rollup}_add() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {statement}; RETURN NULL; END $$"
        )


def upgrade() -> None:
    _replace_functions(by_key=True)


def downgrade() -> None:
    _replace_functions(by_key=False)
