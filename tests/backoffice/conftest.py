"""Backoffice fixtures: a migrated app on a test client, and enrolled stores."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.backoffice.world import sqlite_world, world
from tests.store_controller.sync.harness import Backoffice, running_backoffice

__all__ = ["sqlite_world", "world"]  # fixtures for the access tests


@pytest.fixture
def backoffice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backoffice]:
    """The backoffice on SQLite (the sync integration tests cover PostgreSQL too)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('bo') / 'backoffice.db'}"
    with running_backoffice(url) as made:
        yield made


@pytest.fixture
def client(backoffice: Backoffice) -> Iterator[TestClient]:
    with TestClient(backoffice.app) as made:
        yield made


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
