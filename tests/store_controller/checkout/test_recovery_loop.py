"""Payment recovery runs on every tick, with backoff, until each payment is final: a payment
the provider could not confirm at start-up is recorded as soon as the provider answers (no
second restart), its receipt offered on the kiosk; one unresolved for too long is alerted."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from drivers.events import BarcodeScanned
from drivers.symbology import Symbology
from store_controller.alerts.models import AlertRecord
from store_controller.checkout import messages, seed
from store_controller.checkout.config import CheckoutConfig
from store_controller.checkout.models import PendingPaymentRow, SaleRow
from store_controller.checkout.recovery import PaymentRecovery, alert_id_for
from store_controller.checkout.service import CheckoutService
from store_controller.checkout.state import LAST_PURCHASE_S, RECEIPT_SHOWN_S
from store_controller.checkout.view import kiosk_document
from store_controller.core.clock import ManualClock
from store_controller.outbox.models import OutboxEntry
from store_controller.payments.port import PaymentRequest, PaymentState, PaymentUnavailableError
from store_controller.payments.simulated import SimulatedPaymentProvider

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Unreachable(SimulatedPaymentProvider):
    """The simulated provider behind a network that can be cut: counts the calls it refuses."""

    def __init__(self, clock: ManualClock) -> None:
        super().__init__(monotonic=clock.monotonic, now=clock.now)
        self.down = False
        self.refused = 0

    def _gate(self) -> None:
        if self.down:
            self.refused += 1
            raise PaymentUnavailableError("provider unreachable")

    async def request(self, request: PaymentRequest) -> PaymentState:
        self._gate()
        return await super().request(request)

    async def status(self, reference: str) -> PaymentState:
        self._gate()
        return await super().status(reference)

    async def cancel(self, reference: str) -> PaymentState:
        self._gate()
        return await super().cancel(reference)


class Register:
    """One controller process: a checkout service and its recovery, sharing a clock."""

    def __init__(
        self, sessions: sessionmaker[Session], clock: ManualClock, payments: Unreachable
    ) -> None:
        self.clock, self.payments = clock, payments
        self.docs: list[dict[str, Any]] = []
        self.service = CheckoutService(
            store_id="test-store",
            config=CheckoutConfig(payment_recovery_max_interval_s=30),
            sessions=sessions,
            clock=clock,
            payments=payments,
            age_verifier=None,
            publish=lambda s: self.docs.append(kiosk_document(s)),
        )
        self.recovery = PaymentRecovery(self.service)

    async def tick(self, seconds: float = 0.5) -> int:
        """One tick of the controller's ticker after `seconds` (what wiring's loop does)."""
        self.clock.advance(seconds)
        await self.service.tick()
        return await self.recovery.run_due()

    async def scan(self, code: str) -> None:
        self.service.on_barcode(BarcodeScanned(code, Symbology.UNKNOWN, "kiosk", 0.0))


@pytest.fixture
async def killed_mid_payment(
    sessions: sessionmaker[Session],
) -> AsyncIterator[tuple[Register, str]]:
    """A customer paid while the controller was down; it restarts with the provider unreachable."""
    clock = ManualClock()
    payments = Unreachable(clock)
    first = Register(sessions, clock, payments)
    await first.scan(seed.KAFFE)
    await first.service.pay()
    (reference,) = payments.pending()
    payments.approve(reference)  # in the Swish app, while the controller is being killed
    payments.down = True
    restarted = Register(sessions, clock, payments)
    yield restarted, reference
    await restarted.service.close()


def sales(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(SaleRow)) or 0


async def test_a_payment_unconfirmed_at_restart_is_recorded_when_the_provider_answers(
    killed_mid_payment: tuple[Register, str], sessions: sessionmaker[Session]
) -> None:
    register, reference = killed_mid_payment
    assert await register.recovery.run_due() == 0  # at start-up: the provider does not answer
    assert sales(sessions) == 0
    for _ in range(20):
        assert await register.tick() == 0
    register.payments.down = False
    recorded = 0
    for _ in range(60):  # within the backoff's cap, no restart
        recorded += await register.tick()
    assert recorded == 1
    assert sales(sessions) == 1
    with sessions() as session:
        pending = session.get(PendingPaymentRow, reference)
        assert pending is not None
        assert pending.outcome == "paid"
        kinds = session.scalars(select(OutboxEntry.kind)).all()
        assert "sale" in kinds
    doc = register.docs[-1]
    assert doc["phase"] == "paid"  # the idle kiosk shows the recovered sale's receipt
    assert doc["receipt"]["sale_id"] == reference
    assert doc["notice"]["sv"] == messages.PAYMENT_RECOVERED.sv
    register.clock.advance(RECEIPT_SHOWN_S + 1)
    await register.service.tick()
    doc = register.docs[-1]
    assert doc["phase"] == "idle"
    assert doc["last_purchase"]["url"] == f"/receipt/{reference}"
    register.clock.advance(LAST_PURCHASE_S)
    register.service.publish()
    assert register.docs[-1]["last_purchase"] is None


async def test_recovery_backs_off_while_the_provider_is_unreachable(
    killed_mid_payment: tuple[Register, str],
) -> None:
    register, _ = killed_mid_payment
    for _ in range(10 * 60 * 2):  # ten minutes of half-second ticks
        await register.tick()
    # 1, 2, 4, 8, 16 s, then every 30 s (the configured cap): about 24 checks, not 1200
    assert 15 <= register.payments.refused <= 30


async def test_a_payment_unresolved_for_ten_minutes_raises_an_alert_then_clears_it(
    killed_mid_payment: tuple[Register, str], sessions: sessionmaker[Session]
) -> None:
    register, reference = killed_mid_payment
    for _ in range(9 * 60 * 2):
        await register.tick()
    with sessions() as session:
        assert session.get(AlertRecord, alert_id_for(reference)) is None
    for _ in range(2 * 60 * 2):
        await register.tick()
    with sessions() as session:
        alert = session.get(AlertRecord, alert_id_for(reference))
        assert alert is not None
        assert (alert.category, alert.severity, alert.cleared_at) == ("payment", "critical", None)
        assert reference in alert.message
    register.payments.down = False
    for _ in range(61):
        await register.tick()
    assert sales(sessions) == 1
    with sessions() as session:
        alert = session.get(AlertRecord, alert_id_for(reference))
        assert alert is not None
        assert alert.cleared_at is not None
        alerts_queued = session.scalars(
            select(OutboxEntry.kind).where(OutboxEntry.kind == "alert")
        ).all()
        assert len(alerts_queued) == 2  # raised, then cleared


async def test_a_request_that_may_have_reached_the_provider_is_followed_not_dropped(
    sessions: sessionmaker[Session],
) -> None:
    clock = ManualClock()
    payments = Unreachable(clock)
    register = Register(sessions, clock, payments)
    await register.scan(seed.KAFFE)
    payments.down = True
    await register.service.pay()
    assert register.docs[-1]["notice"]["level"] == "error"
    with sessions() as session:
        pending = session.scalars(select(PendingPaymentRow)).one()
        assert pending.settled_at is None  # recovery's to follow, not settled as "error"
    payments.down = False
    for _ in range(10):
        await register.tick()
    with sessions() as session:
        pending = session.scalars(select(PendingPaymentRow)).one()
        assert pending.outcome == "unknown"  # the provider never saw it: nobody was charged
    assert sales(sessions) == 0


async def test_recovery_leaves_the_payment_the_kiosk_follows(
    sessions: sessionmaker[Session],
) -> None:
    clock = ManualClock()
    register = Register(sessions, clock, Unreachable(clock))
    await register.scan(seed.KAFFE)
    await register.service.pay()
    for _ in range(4):
        await register.tick()
    assert register.service.payment is not None  # not cancelled under the customer's feet
    (reference,) = register.payments.pending()
    register.payments.approve(reference)
    await register.tick()
    assert sales(sessions) == 1
    assert register.docs[-1]["receipt"]["sale_id"] == reference
