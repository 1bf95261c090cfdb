"""The sync state's one row (the catalog's revision and features, the stock cursor, the store's
settings and access policy): written by the catalog's and the stock book's applies, each in its
own transaction, as Core statements (a pull does not load the ORM, issue 23)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update

from store_controller.db import tables

STATE_ID = 1


def save_state(connection: Connection, values: dict[str, Any]) -> None:
    """Set `values` on the state row, in the connection's transaction; the row is made if there
    is none yet (a revision of 0 until the catalog's first page)."""
    state = tables.sync_state
    found = connection.scalar(select(state.c.id).where(state.c.id == STATE_ID))
    if found is None:
        connection.execute(insert(state), {"id": STATE_ID, "catalog_revision": 0, **values})
    else:
        connection.execute(update(state).where(state.c.id == STATE_ID).values(values))
