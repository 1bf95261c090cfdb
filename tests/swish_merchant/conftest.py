"""The Swish simulator over real HTTPS with mutual TLS, on a fake clock shared with the client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from byabutik.runtime.clock import FakeClock
from swish_merchant.client import SwishClient
from swish_merchant.simulator.certs import SwishPki
from swish_merchant.simulator.embedded import EmbeddedSwishSimulator
from tests.conftest import free_port
from tests.waits import WAIT_S

FAST_RETRIES = (0.01,) * 9
UNREACHABLE_CALLBACK = "https://127.0.0.1:9/api/swish/callback"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def swish_pki() -> SwishPki:
    return SwishPki.generate()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sim(swish_pki: SwishPki, tmp_path: Path, clock: FakeClock) -> Iterator[EmbeddedSwishSimulator]:
    """A fresh simulator on its own port; time moves only with `clock`."""
    running = EmbeddedSwishSimulator.start(
        cert_dir=tmp_path / "swish",
        port=free_port(),
        pki=swish_pki,
        clock=clock,
        callback_delays=FAST_RETRIES,
        tick_interval=0.02,
    )
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
async def client(sim: EmbeddedSwishSimulator, clock: FakeClock) -> AsyncIterator[SwishClient]:
    config = sim.config(callback_url=UNREACHABLE_CALLBACK, request_timeout=WAIT_S)
    async with SwishClient.from_config(config, clock=clock) as swish:
        yield swish
