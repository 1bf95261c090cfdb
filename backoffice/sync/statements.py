"""A push's statements on PostgreSQL: fixed texts run on the session's psycopg connection.

Through SQLAlchemy each of a push's ~10 statements cost the worker about a millisecond of Python
(building the expression, its cache key, result processing; the on-hand upsert's multi-row
VALUES was compiled afresh every push), about half of its Python per push of 200 entries. Here
each is a text psycopg has parsed before. SQLite runs the SQLAlchemy statements in
`backoffice.sync.service`; both write the same rows.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from backoffice.db.bulk import among_sql

LOCK_CURSOR = """
INSERT INTO sync_cursors (store_id, acked_through, updated_at) VALUES (%s, 0, %s)
ON CONFLICT (store_id) DO UPDATE SET updated_at = excluded.updated_at
RETURNING acked_through"""

READ_HELD = """
SELECT seq, digest FROM sync_received WHERE store_id = %s AND seq >= %s ORDER BY seq LIMIT %s"""

SET_CURSOR = "UPDATE sync_cursors SET acked_through = %s, updated_at = %s WHERE store_id = %s"


def lock_cursor(connection: Any, store_id: int, now: datetime) -> int:
    """The store's contiguous mark; its cursor row created if new and locked till the commit."""
    row = connection.execute(LOCK_CURSOR, (store_id, now)).fetchone()
    return int(row[0])


def read_held(connection: Any, store_id: int, low: int, limit: int) -> list[tuple[int, str | None]]:
    """(seq, digest) held for the store from `low` on, at most `limit`, in order."""
    rows: list[tuple[int, str | None]] = connection.execute(
        READ_HELD, (store_id, low, limit)
    ).fetchall()
    return rows


def known_identities(
    connection: Any, store_id: int, identities: Collection[str]
) -> list[tuple[int, str, str | None]]:
    """(seq, identity, digest) of the entries held under any of `identities`."""
    among, parameters = among_sql("identity", identities)
    rows: list[tuple[int, str, str | None]] = connection.execute(
        f"SELECT seq, identity, digest FROM sync_received WHERE store_id = %s AND {among}",  # noqa: S608
        (store_id, *parameters),
    ).fetchall()
    return rows


def stored_keys(
    connection: Any, store_id: int, wanted: Sequence[tuple[str, str, str, Collection[Any]]]
) -> list[set[Any]]:
    """For each (table, store column, key column, keys): those stored for the store; one
    round trip for all."""
    found: list[set[Any]] = [set() for _ in wanted]
    parts: list[str] = []
    parameters: list[Any] = []
    for n, (table, store_column, key_column, keys) in enumerate(wanted):
        if not keys:
            continue
        among, values = among_sql(key_column, keys)
        parts.append(
            f"SELECT {n}, {key_column} FROM {table} WHERE {store_column} = %s AND {among}"  # noqa: S608
        )
        parameters += [store_id, *values]
    if parts:
        for n, key in connection.execute(" UNION ALL ".join(parts), parameters):
            found[n].add(key)
    return found


def set_cursor(connection: Any, store_id: int, acked_through: int, now: datetime) -> None:
    connection.execute(SET_CURSOR, (acked_through, now, store_id))
