"""The backoffice on SQLite: many stores pushing at once queue for the one write lock instead of
failing with "database is locked" after the controller's shorter wait."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from backoffice.db import SQLITE_BUSY_TIMEOUT_MS, make_backoffice_engine
from byabutik.runtime.db import make_engine


def busy_timeout(url: str, *, backoffice: bool) -> int:
    engine = make_backoffice_engine(url) if backoffice else make_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("PRAGMA busy_timeout")).scalar_one())
    finally:
        engine.dispose()


def test_the_backoffice_waits_longer_for_the_write_lock_than_a_controller(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'backoffice.db'}"
    assert busy_timeout(url, backoffice=True) == SQLITE_BUSY_TIMEOUT_MS == 30_000
    assert busy_timeout(url, backoffice=False) == 5000
