"""The kiosk pays with Swish (against the Swish simulator) or another offered method: the QR is
"D" + token, ageLimit goes with age-restricted baskets, and the customer reads the provider's
own bilingual message when a payment cannot be made."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from retail import Money
from retail.wire import PaymentMethod
from store_controller.checkout import seed
from store_controller.checkout.config import CheckoutConfig
from store_controller.checkout.models import PendingPaymentRow, SalePaymentRow
from store_controller.checkout.pay_methods import pay_buttons
from store_controller.checkout.service import CheckoutService
from store_controller.checkout.state import Phase
from store_controller.checkout.view import kiosk_document
from store_controller.core.clock import ManualClock
from store_controller.i18n import Text
from store_controller.payments.port import (
    PaymentError,
    PaymentRequest,
    PaymentState,
    PaymentStatus,
)
from store_controller.payments.simulated import SimulatedPaymentProvider
from store_controller.payments.swish.provider import SwishPaymentProvider
from swish_merchant.simulator.embedded import EmbeddedSwishSimulator
from swish_merchant.simulator.store import SimPayment
from tests.conftest import free_port
from tests.store_controller.checkout.fakes import ScriptedAgeVerifier, adult

pytestmark = pytest.mark.anyio
SORRY = Text("Swish svarar inte.", "Swish does not answer.")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def swish(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedSwishSimulator]:
    sim = EmbeddedSwishSimulator.start(cert_dir=tmp_path_factory.mktemp("swish"), port=free_port())
    try:
        yield sim
    finally:
        sim.stop()


def requested(swish: EmbeddedSwishSimulator, sale_id: str) -> SimPayment:
    reference = sale_id.replace("-", "")
    (found,) = [
        p for p in swish.simulator.store.payments() if p.body["payeePaymentReference"] == reference
    ]
    return found


class Refusing:
    """A provider that cannot take payments now, with its own words for the customer."""

    name = "member_account"

    async def request(self, request: PaymentRequest) -> PaymentState:
        error = PaymentError("down")
        error.customer_text = SORRY  # type: ignore[attr-defined]
        raise error

    async def status(self, reference: str) -> PaymentState:
        raise KeyError(reference)

    async def cancel(self, reference: str) -> PaymentState:
        raise KeyError(reference)


class Kiosk:
    def __init__(self, sessions: sessionmaker[Session], payments: Any, *others: Any) -> None:
        self.clock = ManualClock()
        self.verifier = ScriptedAgeVerifier()
        self.docs: list[dict[str, Any]] = []
        self.service = CheckoutService(
            store_id="test-store",
            config=CheckoutConfig(),
            sessions=sessions,
            clock=self.clock,
            payments=payments,
            other_methods=others,
            age_verifier=self.verifier,
            publish=lambda s: self.docs.append(kiosk_document(s)),
        )


@pytest.fixture
async def swish_kiosk(
    sessions: sessionmaker[Session], swish: EmbeddedSwishSimulator
) -> AsyncIterator[Kiosk]:
    clock = ManualClock()
    provider = SwishPaymentProvider.from_config(
        swish.config(), monotonic=clock.monotonic, now=clock.now
    )
    kiosk = Kiosk(sessions, provider)
    kiosk.clock = clock
    kiosk.service.clock = clock
    yield kiosk
    await kiosk.service.close()
    await provider.aclose()


async def test_paying_with_swish_on_the_phone(
    swish_kiosk: Kiosk, swish: EmbeddedSwishSimulator, sessions: sessionmaker[Session]
) -> None:
    service = swish_kiosk.service
    await service.scan(seed.SNUS)
    await swish_kiosk.verifier.steps.put(adult())
    assert service._age_task is not None
    await service._age_task
    assert service.cart.payable
    await service.pay()
    payment = service.payment
    assert payment is not None
    assert payment.qr_data is not None
    assert payment.qr_data.startswith("D")
    assert swish_kiosk.docs[-1]["payment"]["qr_svg"].startswith("<svg")
    sim_payment = requested(swish, payment.reference)
    assert sim_payment.body["ageLimit"] == 18
    assert payment.qr_data == "D" + str(sim_payment.token)
    swish.simulator.store.pay(sim_payment.id)
    swish_kiosk.clock.advance(2)
    await service.poll_payment()
    assert service.phase is Phase.PAID
    with sessions() as session:
        row = session.scalars(select(SalePaymentRow)).one()
        assert (row.provider, row.method) == ("swish", PaymentMethod.SWISH.value)


async def test_a_plain_basket_asks_no_age(
    swish_kiosk: Kiosk, swish: EmbeddedSwishSimulator
) -> None:
    await swish_kiosk.service.scan(seed.MJOLK)
    await swish_kiosk.service.pay()
    assert swish_kiosk.service.payment is not None
    assert "ageLimit" not in requested(swish, swish_kiosk.service.payment.reference).body
    await swish_kiosk.service.cancel_payment()
    assert swish_kiosk.service.phase is Phase.SHOPPING


async def test_the_other_method_is_asked_and_its_words_shown(
    sessions: sessionmaker[Session],
) -> None:
    kiosk = Kiosk(sessions, SimulatedPaymentProvider(), Refusing())
    buttons = pay_buttons(kiosk.service.methods, "sv")
    assert [(b.id, b.label) for b in buttons] == [
        ("pay", "Betala"),
        ("pay-member-account", "Medlemskonto"),
    ]
    await kiosk.service.scan(seed.MJOLK)
    await kiosk.service.pay("member_account")
    notice = kiosk.service.notice
    assert notice is not None
    assert notice.text == SORRY
    assert kiosk.service.phase is Phase.SHOPPING
    with sessions() as session:
        pending = session.scalars(select(PendingPaymentRow)).one()
        assert (pending.provider, pending.outcome) == ("member_account", "error")
    await kiosk.service.pay("no-such-method")
    assert kiosk.service.payment is None


async def test_a_refusal_message_from_the_provider_reaches_the_customer(
    sessions: sessionmaker[Session],
) -> None:
    provider = SimulatedPaymentProvider()
    kiosk = Kiosk(sessions, provider)
    await kiosk.service.scan(seed.MJOLK)
    await kiosk.service.pay()
    assert kiosk.service.payment is not None
    refused = PaymentState(
        reference=kiosk.service.payment.reference,
        status=PaymentStatus.DECLINED,
        amount=Money(0),
        method=PaymentMethod.MEMBER_ACCOUNT,
        provider="simulated",
        message=SORRY,
    )
    await kiosk.service._follow(refused)
    assert kiosk.service.notice is not None
    assert kiosk.service.notice.text == SORRY
