"""What differs between SQLite and PostgreSQL: the INSERT that knows ON CONFLICT."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def upsert_insert(session: Session, model: type[Any]) -> Any:
    """An INSERT for `model` with `.on_conflict_do_nothing()` / `.on_conflict_do_update()`."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


def insert_rows(session: Session, model: type[Any], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` as one executemany (psycopg pipelines it: no round trip per row).

    Measured on the sync bench: multi-row VALUES (`insert().values(rows)`, or insertmanyvalues
    through RETURNING) were slower here, spending their time compiling and splitting big
    statements of varying length. Every row must carry the same keys.
    """
    if rows:
        session.execute(insert(model), list(rows))
