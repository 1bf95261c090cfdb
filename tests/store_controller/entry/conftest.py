"""Fixtures of the door tests: one BankID simulator (real HTTPS, mutual TLS) for the session, and
a controller database at head per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bankid_rp.simulator.embedded import EmbeddedSimulator
from byabutik.runtime.db import make_engine
from store_controller.db import MIGRATIONS
from tests.conftest import free_port
from tests.db_templates import migrate


@pytest.fixture(scope="session")
def bankid(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedSimulator]:
    simulator = EmbeddedSimulator.start(
        cert_dir=tmp_path_factory.mktemp("bankid-certs"), port=free_port()
    )
    try:
        yield simulator
    finally:
        simulator.stop()


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'controller.db'}")
    migrate(engine, MIGRATIONS)
    try:
        yield engine
    finally:
        engine.dispose()
