"""A backoffice not yet updated to protocol 3 (payment records) does not stall a store: the real
controller, refused with 426, speaks protocol 2, sends the entries before the first payment
record and holds that record and everything after it; once the backoffice speaks 3 again (the
controller asks every `protocol_probe_interval` seconds, and after a restart) everything flows,
in order, with nothing lost, refused or quarantined on either side."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from backoffice import deps
from backoffice.errors import UnsupportedProtocolError
from backoffice.payments.models import StorePayment
from backoffice.sales.models import Sale
from backoffice.sync import router
from backoffice.sync.models import QuarantinedEntry
from retail import wire
from store_controller.core.clock import ManualClock
from store_controller.outbox.models import OutboxEntry as OutboxRow
from store_controller.sync import outbox
from store_controller.sync.client import BackofficeClient
from store_controller.sync.errors import ProtocolRejected
from store_controller.sync.service import SyncService, SyncTiming
from tests.store_controller.sync.harness import (  # noqa: F401 - anyio_backend is a fixture
    T0,
    Backoffice,
    anyio_backend,
    controller_outbox,
    running_backoffice,
    trade,
)

pytestmark = pytest.mark.anyio
PROBE = 600.0


class OldBackoffice:
    """Makes the real backoffice's protocol check refuse protocol 3 while `old` (as a
    backoffice from before payment records answers: 426 naming the versions it speaks)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.old = True
        self.refused = 0
        original = deps.check_protocol

        def check(version: object) -> None:
            if self.old and version not in (1, 2):
                self.refused += 1
                raise UnsupportedProtocolError(
                    f"sync protocol {version} is not supported (supported: 1, 2); "
                    "update the store controller"
                )
            original(version)

        monkeypatch.setattr(deps, "check_protocol", check)
        monkeypatch.setattr(router, "check_protocol", check)


@pytest.fixture
def old_backoffice(monkeypatch: pytest.MonkeyPatch) -> OldBackoffice:
    return OldBackoffice(monkeypatch)


def payment_record(sessions: sessionmaker[Session]) -> uuid.UUID:
    record = wire.PaymentRecord(
        sale_id=uuid.uuid4(),
        provider="swish",
        state=wire.PaymentRecordState.CREATED,
        amount_ore=1500,
        requested_at=T0,
        occurred_at=T0 + timedelta(seconds=1),
    )
    with sessions.begin() as session:
        payload = record.model_dump(mode="json")
        session.add(OutboxRow(kind="payment", payload=payload, created_at=T0))
    return record.sale_id


def counts(backoffice: Backoffice) -> tuple[int, int, int]:
    with backoffice.sessions() as session:
        return (
            session.scalar(select(func.count()).select_from(Sale)) or 0,
            session.scalar(select(func.count()).select_from(StorePayment)) or 0,
            session.scalar(select(func.count()).select_from(QuarantinedEntry)) or 0,
        )


def controller(backoffice: Backoffice, token: str, sessions: sessionmaker[Session]) -> SyncService:
    return SyncService(
        client=BackofficeClient("http://bo", token, transport=backoffice.transport()),
        sessions=sessions,
        clock=ManualClock(T0),
        store_id="byn-1",
        software_version="0.1.0",
        timing=SyncTiming(protocol_probe_interval=PROBE),
    )


async def test_entries_before_a_payment_record_flow_and_the_rest_waits_for_protocol_3(
    database_url: str, tmp_path: Path, old_backoffice: OldBackoffice
) -> None:
    with running_backoffice(database_url) as backoffice, controller_outbox(tmp_path) as sessions:
        token = backoffice.enroll_store("byn-1")
        trade(sessions, 2)  # seq 1..4
        paid = payment_record(sessions)  # 5
        trade(sessions, 1, first_receipt=3)  # 6, 7
        service = controller(backoffice, token, sessions)
        clock = service.clock
        assert isinstance(clock, ManualClock)
        try:
            assert await service.drain() == 4  # refused in 3, sent in 2: up to the record
            assert service.client.protocol == 2
            assert counts(backoffice) == (2, 0, 0)
            assert outbox.backlog(sessions) == 3  # the record and the sale after it wait

            # Remembered: the next pushes speak 2 at once and send nothing past the record.
            refused = old_backoffice.refused
            assert await service.drain() == 0
            assert old_backoffice.refused == refused
            beat = await service.heartbeat()  # the other loops speak 2 as well
            assert beat.outbox_backlog == 3

            # A probe while the backoffice is still old: refused again, back to 2, nothing lost.
            clock.advance(PROBE)
            assert await service.drain() == 0
            assert old_backoffice.refused == refused + 1
            assert service.client.protocol == 2

            # The backoffice is updated; the controller keeps speaking 2 until the next probe.
            old_backoffice.old = False
            clock.advance(PROBE / 2)
            assert await service.drain() == 0
            assert service.client.protocol == 2
            clock.advance(PROBE / 2)
            assert await service.drain() == 3
            assert service.client.protocol == 3
        finally:
            await service.client.aclose()

        assert outbox.backlog(sessions) == 0
        assert outbox.quarantined(sessions) == []
        assert counts(backoffice) == (3, 1, 0)
        with backoffice.sessions() as session:
            assert session.scalars(select(StorePayment.sale_id)).all() == [paid]


async def test_a_restarted_controller_asks_for_protocol_3_first(
    database_url: str, tmp_path: Path, old_backoffice: OldBackoffice
) -> None:
    with running_backoffice(database_url) as backoffice, controller_outbox(tmp_path) as sessions:
        token = backoffice.enroll_store("byn-1")
        payment_record(sessions)  # 1: the oldest entry is a payment record
        trade(sessions, 1)  # 2, 3
        first = controller(backoffice, token, sessions)
        try:
            assert await first.drain() == 0  # nothing can go before the record
            assert first.client.protocol == 2
        finally:
            await first.client.aclose()
        assert outbox.backlog(sessions) == 3
        assert counts(backoffice) == (0, 0, 0)

        old_backoffice.old = False  # updated while the controller restarts
        second = controller(backoffice, token, sessions)
        try:
            assert await second.drain() == 3
            assert second.client.protocol == 3
        finally:
            await second.client.aclose()
        assert counts(backoffice) == (1, 1, 0)


async def test_a_backoffice_refusing_protocol_2_too_is_reported_not_fallen_below(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse_all(version: object) -> None:
        raise UnsupportedProtocolError(f"sync protocol {version} is not supported (supported: 4)")

    monkeypatch.setattr(deps, "check_protocol", refuse_all)
    monkeypatch.setattr(router, "check_protocol", refuse_all)
    with running_backoffice(database_url) as backoffice, controller_outbox(tmp_path) as sessions:
        token = backoffice.enroll_store("byn-1")
        trade(sessions, 1)
        service = controller(backoffice, token, sessions)
        try:
            with pytest.raises(ProtocolRejected, match="supported: 4"):
                await service.drain()
            assert service.client.protocol == 2  # never 1: its acks cannot name quarantine
        finally:
            await service.client.aclose()
        assert outbox.backlog(sessions) == 2
