"""The controller queues a Swish payment's record (protocol 3) with each change of its state, in
the same transaction: created when it is asked for, unresolved once when recovery alerts (not
again after a restart), paid with the sale (right behind the sale's own rows), and declined or
cancelled when settled so. Payments of other providers have no record."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from retail import wire
from store_controller.checkout import seed
from store_controller.core.clock import ManualClock
from store_controller.outbox.models import OutboxEntry
from tests.store_controller.checkout.test_recovery_loop import (  # noqa: F401 - a fixture
    Register,
    Unreachable,
    anyio_backend,
)

pytestmark = pytest.mark.anyio
State = wire.PaymentRecordState


class Swish(Unreachable):
    name = "swish"


def queued(sessions: sessionmaker[Session]) -> list[tuple[str, dict[str, Any]]]:
    with sessions() as session:
        rows = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
        return [(row.kind, row.payload) for row in rows]


def records(sessions: sessionmaker[Session]) -> list[wire.PaymentRecord]:
    return [
        wire.PaymentRecord.model_validate(payload)
        for kind, payload in queued(sessions)
        if kind == "payment"
    ]


async def test_an_unresolved_payment_then_paid_is_recorded_at_each_state_once(
    sessions: sessionmaker[Session],
) -> None:
    clock = ManualClock()
    payments = Swish(clock)
    first = Register(sessions, clock, payments)
    await first.scan(seed.KAFFE)
    await first.service.pay()
    (reference,) = payments.pending()
    payments.approve(reference)
    payments.down = True  # killed; Swish unreachable when it comes back
    restarted = Register(sessions, clock, payments)
    for _ in range(11 * 60 * 2):  # past the 10 min alert
        await restarted.tick()
    again = Register(sessions, clock, payments)  # another restart: the alert is raised again
    for _ in range(2 * 60 * 2):
        await again.tick()
    assert [r.state for r in records(sessions)] == [State.CREATED, State.UNRESOLVED]
    payments.down = False
    for _ in range(61):
        await again.tick()

    created, unresolved, paid = records(sessions)
    assert [r.state for r in (created, unresolved, paid)] == [
        State.CREATED,
        State.UNRESOLVED,
        State.PAID,
    ]
    assert {str(r.sale_id) for r in (created, unresolved, paid)} == {reference}
    assert {r.amount_ore for r in (created, unresolved, paid)} == {seed_total(sessions)}
    assert {r.requested_at for r in (created, unresolved, paid)} == {created.occurred_at}
    assert created.occurred_at < unresolved.occurred_at < paid.occurred_at
    kinds = [kind for kind, _ in queued(sessions)]
    # the alert and the unresolved record in one transaction; the paid record closes the sale's
    assert kinds[kinds.index("payment", 1) - 1] == "alert"
    sale_at = kinds.index("sale")
    assert kinds[sale_at:] == ["sale", "stock_movement", "payment", "alert"]  # then: cleared
    await again.service.close()


async def test_a_declined_swish_payment_is_recorded_declined(
    sessions: sessionmaker[Session],
) -> None:
    clock = ManualClock()
    payments = Swish(clock)
    register = Register(sessions, clock, payments)
    await register.scan(seed.KAFFE)
    await register.service.pay()
    (reference,) = payments.pending()
    payments.decline(reference)
    await register.tick()
    assert [(str(r.sale_id), r.state) for r in records(sessions)] == [
        (reference, State.CREATED),
        (reference, State.DECLINED),
    ]
    assert [kind for kind, _ in queued(sessions)] == ["payment", "payment"]
    await register.service.close()


async def test_payments_of_other_providers_have_no_record(
    sessions: sessionmaker[Session],
) -> None:
    clock = ManualClock()
    payments = Unreachable(clock)  # "simulated"
    register = Register(sessions, clock, payments)
    await register.scan(seed.KAFFE)
    await register.service.pay()
    (reference,) = payments.pending()
    payments.approve(reference)
    await register.tick()
    assert [kind for kind, _ in queued(sessions)] == ["sale", "stock_movement"]
    await register.service.close()


def seed_total(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        (payload,) = [
            row.payload
            for row in session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "sale"))
        ]
    total = payload["total_ore"]
    assert isinstance(total, int)
    return total
