"""Fixtures of the door tests: one BankID simulator (real HTTPS, mutual TLS) for the session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bankid_rp.simulator.embedded import EmbeddedSimulator
from tests.conftest import free_port


@pytest.fixture(scope="session")
def bankid(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedSimulator]:
    simulator = EmbeddedSimulator.start(
        cert_dir=tmp_path_factory.mktemp("bankid-certs"), port=free_port()
    )
    try:
        yield simulator
    finally:
        simulator.stop()
