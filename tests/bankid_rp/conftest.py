"""The BankID simulator over real HTTPS with mutual TLS, on a fake clock, for each test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import pytest
from pydantic import SecretStr

from bankid_rp.client import BankIdClient
from bankid_rp.config import BankIdConfig
from bankid_rp.simulator.app import Simulator, create_app
from bankid_rp.simulator.certs import CertFiles, SimulatorPki
from bankid_rp.simulator.server import ServerThread, https_config
from byabutik.runtime.clock import FakeClock
from tests.conftest import free_port
from tests.waits import WAIT_S


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def pki() -> SimulatorPki:
    return SimulatorPki.generate()


@pytest.fixture(scope="session")
def cert_files(pki: SimulatorPki, tmp_path_factory: pytest.TempPathFactory) -> CertFiles:
    return pki.write(tmp_path_factory.mktemp("bankid-certs"))


@dataclass
class RunningSimulator:
    simulator: Simulator
    clock: FakeClock
    port: int
    files: CertFiles

    @property
    def root_url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/rp/v6.0/"


@pytest.fixture
def sim(pki: SimulatorPki, cert_files: CertFiles) -> Iterator[RunningSimulator]:
    """A fresh simulator on its own port; its order store runs on a fake clock."""
    clock = FakeClock()
    simulator = Simulator.create(ca=pki.ca, clock=clock)
    port = free_port()
    server = ServerThread(
        https_config(create_app(simulator), host="127.0.0.1", port=port, files=cert_files)
    )
    server.start()
    try:
        yield RunningSimulator(simulator, clock, port, cert_files)
    finally:
        server.stop()


@pytest.fixture
def config(sim: RunningSimulator) -> BankIdConfig:
    return BankIdConfig(
        environment="simulator",
        base_url=sim.base_url,
        certificate=sim.files.rp_p12,
        certificate_password=SecretStr(sim.files.rp_p12_password),
        ca_file=sim.files.ca,
        request_timeout=WAIT_S,
        maintenance_backoff=0.5,
    )


@pytest.fixture
def client_clock() -> FakeClock:
    return FakeClock(start=50.0)


@pytest.fixture
async def client(config: BankIdConfig, client_clock: FakeClock) -> AsyncIterator[BankIdClient]:
    async with BankIdClient.from_config(config, clock=client_clock) as bankid:
        yield bankid
