"""The age check at the kiosk against the BankID simulator over mutual TLS: an adult passes, a
child does not, and only a keyed hash and the age reach the cart."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy.orm import Session, sessionmaker

from bankid_rp.client import BankIdClient
from bankid_rp.config import BankIdConfig
from bankid_rp.simulator.app import Simulator, create_app
from bankid_rp.simulator.certs import SimulatorPki
from bankid_rp.simulator.server import ServerThread, https_config
from retail import Personnummer
from store_controller.checkout import messages, seed
from store_controller.checkout.bankid_age import BankIdAgeVerifier
from store_controller.checkout.config import CheckoutConfig
from store_controller.checkout.service import CheckoutService
from store_controller.core.clock import ManualClock
from store_controller.payments.simulated import SimulatedPaymentProvider
from tests.conftest import free_port
from tests.waits import WAIT_S

pytestmark = pytest.mark.anyio
KEY = b"test-identity-hash-key-0123456789"
ADULT = "199006022397"  # Skatteverket test number, born 1990-06-02
CHILD = "201701012393"  # Skatteverket test number, born 2017-01-01


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def bankid(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Simulator, BankIdConfig]]:
    pki = SimulatorPki.generate()
    files = pki.write(tmp_path_factory.mktemp("bankid"))
    simulator = Simulator.create(ca=pki.ca)
    port = free_port()
    server = ServerThread(
        https_config(create_app(simulator), host="127.0.0.1", port=port, files=files)
    )
    server.start()
    config = BankIdConfig(
        environment="simulator",
        base_url=f"https://127.0.0.1:{port}/rp/v6.0/",
        certificate=files.rp_p12,
        certificate_password=SecretStr(files.rp_p12_password),
        ca_file=files.ca,
        collect_interval=1.0,
    )
    try:
        yield simulator, config
    finally:
        server.stop()


class Watched:
    """A checkout whose every publish wakes the test."""

    def __init__(self, sessions: sessionmaker[Session], verifier: BankIdAgeVerifier) -> None:
        self.changed = asyncio.Event()
        clock = ManualClock()
        self.service = CheckoutService(
            store_id="test-store",
            config=CheckoutConfig(),
            sessions=sessions,
            clock=clock,
            payments=SimulatedPaymentProvider(monotonic=clock.monotonic, now=clock.now),
            age_verifier=verifier,
            publish=lambda _s: self.changed.set(),
        )

    async def until(self, condition: Callable[[CheckoutService], bool]) -> None:
        async with asyncio.timeout(WAIT_S):
            while not condition(self.service):
                self.changed.clear()
                await self.changed.wait()


@pytest.fixture
async def kiosk(
    sessions: sessionmaker[Session], bankid: tuple[Simulator, BankIdConfig], tmp_path: Path
) -> AsyncIterator[Watched]:
    _simulator, config = bankid
    verifier = BankIdAgeVerifier(
        client_factory=lambda: BankIdClient.from_config(config),
        hash_key=KEY,
        collect_interval=1.0,
        timeout=30.0,
    )
    watched = Watched(sessions, verifier)
    yield watched
    await watched.service.close()
    await verifier.aclose()


async def identify(kiosk: Watched, simulator: Simulator, personal_number: str) -> None:
    await kiosk.service.scan(seed.SNUS)
    await kiosk.until(lambda s: s.age_progress is not None and s.age_progress.qr_data is not None)
    progress = kiosk.service.age_progress
    assert progress is not None
    assert progress.qr_data is not None
    assert progress.qr_data.startswith("bankid.")
    ref = simulator.store.pending()[0].ref
    simulator.store.scan_live(ref)
    simulator.store.approve(ref, personal_number)
    await kiosk.until(lambda s: bool(s.cart.age_checks))


async def test_an_adult_identified_at_the_kiosk_may_buy_snus(
    kiosk: Watched, bankid: tuple[Simulator, BankIdConfig]
) -> None:
    await identify(kiosk, bankid[0], ADULT)
    check = kiosk.service.cart.age_checks[0]
    assert (check.age, check.required_age, check.passed) == (36, 18, True)
    assert check.identity_hash == Personnummer.parse(ADULT).keyed_hash(KEY)
    assert ADULT not in repr(kiosk.service.cart)
    assert kiosk.service.cart.payable


async def test_a_child_identified_at_the_kiosk_may_not(
    kiosk: Watched, bankid: tuple[Simulator, BankIdConfig]
) -> None:
    await identify(kiosk, bankid[0], CHILD)
    check = kiosk.service.cart.age_checks[0]
    assert (check.age, check.passed) == (9, False)
    assert not kiosk.service.cart.payable
    notice = kiosk.service.notice
    assert notice is not None
    assert notice.text is messages.AGE_TOO_YOUNG
