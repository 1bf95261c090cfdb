"""Payment recovery reads `pending_payments` only while a payment may be open: at its first
tick, while a row was open at its last read, and after the kiosk asked for a payment."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store_controller.checkout import recovery, seed
from store_controller.checkout.models import PendingPaymentRow
from store_controller.checkout.pending import unsettled
from store_controller.core.clock import ManualClock
from tests.store_controller.checkout.test_recovery_loop import Register, Unreachable

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_ticks_with_nothing_open_do_not_read_and_a_new_payment_is_still_followed(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[int] = []

    def counted(*args: object) -> object:
        reads.append(1)
        return unsettled(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(recovery, "unsettled", counted)
    clock = ManualClock()
    payments = Unreachable(clock)
    register = Register(sessions, clock, payments)
    for _ in range(4):
        await register.tick()
    assert len(reads) == 1  # the first tick: what a crash may have left

    await register.scan(seed.KAFFE)
    payments.down = True
    await register.service.pay()  # may have reached the provider: left to recovery
    payments.down = False
    for _ in range(10):
        await register.tick()
    with sessions() as session:
        pending = session.scalars(select(PendingPaymentRow)).one()
        assert pending.outcome == "unknown"  # followed and settled, as before
    settled_reads = len(reads)
    assert settled_reads >= 3  # read after the payment, until none was open
    for _ in range(4):
        await register.tick()
    assert len(reads) == settled_reads
    await register.service.close()
