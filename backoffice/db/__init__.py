"""The backoffice database: declarative base, every model, and the migrations."""

from sqlalchemy import Engine

from byabutik.runtime.db import Migrations, make_engine

MIGRATIONS = Migrations("backoffice.db.migrations")

SQLITE_BUSY_TIMEOUT_MS = 30_000
"""On SQLite every store's push, the owners' pages and the jobs queue for one write lock: a
request waits up to 30 s for its turn (one writer at a time, each holding it for milliseconds)
rather than failing with "database is locked" when many stores push at once."""


def make_backoffice_engine(url: str) -> Engine:
    """The backoffice's engine for `url` (on SQLite, a longer wait for the write lock)."""
    return make_engine(url, sqlite_busy_timeout_ms=SQLITE_BUSY_TIMEOUT_MS)
