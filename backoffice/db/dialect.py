"""What differs between SQLite and PostgreSQL: the INSERT that knows ON CONFLICT."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def upsert_insert(session: Session, model: type[Any]) -> Any:
    """An INSERT for `model` with `.on_conflict_do_nothing()` / `.on_conflict_do_update()`."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)
