"""A migrated backoffice database on SQLite and on PostgreSQL, for the report services."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from backoffice.db import MIGRATIONS
from byabutik.runtime.db import make_engine
from tests.db_templates import migrate


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(database_url)
    try:
        migrate(engine, MIGRATIONS)
        yield sessionmaker(engine, expire_on_commit=False)
    finally:
        engine.dispose()
