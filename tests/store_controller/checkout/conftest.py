"""Fixtures of the checkout tests: a migrated SQLite database with the demo catalog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from byabutik.runtime.db import make_engine
from store_controller.checkout.seed import seed_demo_catalog
from store_controller.db import MIGRATIONS
from tests.db_templates import migrate


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'controller.db'}")
    migrate(engine, MIGRATIONS)
    with Session(engine) as session:
        seed_demo_catalog(session)
        session.commit()
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
