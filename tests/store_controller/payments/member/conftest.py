"""Member account tests: the checkout's database fixtures and a BankID simulator over mTLS."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bankid_rp.config import BankIdConfig
from bankid_rp.simulator.embedded import EmbeddedSimulator
from tests.conftest import free_port
from tests.store_controller.checkout.conftest import engine, sessions

__all__ = ["engine", "sessions"]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def bankid(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedSimulator]:
    simulator = EmbeddedSimulator.start(
        cert_dir=tmp_path_factory.mktemp("bankid"), port=free_port()
    )
    try:
        yield simulator
    finally:
        simulator.stop()


@pytest.fixture
def bankid_config(bankid: EmbeddedSimulator) -> BankIdConfig:
    return bankid.config(collect_interval=1.0)
