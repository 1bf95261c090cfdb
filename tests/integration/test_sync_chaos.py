"""Chaos between a store and the backoffice: a day offline, connections cut after the apply,
duplicated and reordered batches, a revoked device, one store reaching for another's data.
Whatever happens, every sale arrives exactly once and the store keeps selling."""

from __future__ import annotations

import asyncio
import math
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from backoffice.devices.service import revoke_devices
from backoffice.sales.models import Sale
from backoffice.stock.models import StockOnHand
from backoffice.stores.service import get_store
from backoffice.sync.models import ReceivedEntry
from retail import wire
from store_controller.core.clock import ManualClock
from store_controller.sync import outbox
from store_controller.sync.client import BackofficeClient
from store_controller.sync.errors import (
    BackofficeRejected,
    BackofficeUnavailable,
    CredentialRejected,
)
from store_controller.sync.service import SyncService, SyncTiming
from tests.store_controller.sync.harness import (  # noqa: F401 - anyio_backend is a fixture
    MILK,
    T0,
    Backoffice,
    CutAfterApply,
    Outage,
    anyio_backend,
    batch,
    controller_outbox,
    movement,
    running_backoffice,
    sale,
    trade,
)

pytestmark = pytest.mark.anyio
URL = "http://backoffice"


class StopLoopError(Exception):
    pass


def sync_service(
    transport: object, token: str, sessions: sessionmaker[Session], store: str = "byn-1"
) -> SyncService:
    assert hasattr(transport, "handle_async_request")
    return SyncService(
        client=BackofficeClient(URL, token, transport=transport),  # type: ignore[arg-type]
        sessions=sessions,
        clock=ManualClock(T0),
        store_id=store,
        software_version="0.1.0",
    )


def totals(backoffice: Backoffice, slug: str = "byn-1") -> tuple[int, int, int]:
    """(sales, received entries, milk on hand) of one store."""
    with backoffice.sessions() as session:
        store_id = get_store(session=session, slug=slug).id
        sales = session.scalar(
            select(func.count()).select_from(Sale).where(Sale.store_id == store_id)
        )
        received = session.scalar(
            select(func.count())
            .select_from(ReceivedEntry)
            .where(ReceivedEntry.store_id == store_id)
        )
        level = session.get(StockOnHand, (store_id, MILK))
        return int(sales or 0), int(received or 0), level.quantity if level else 0


async def test_a_day_offline_then_everything_arrives_once(
    database_url: str, tmp_path: Path
) -> None:
    with running_backoffice(database_url) as backoffice, controller_outbox(tmp_path) as sessions:
        token = backoffice.enroll_store("byn-1")
        link = Outage(backoffice.transport(), up=False)
        service = sync_service(link, token, sessions)
        delays: list[float] = []

        async def fake_sleep(seconds: float) -> None:
            delays.append(seconds)
            if len(delays) < 6:
                trade(sessions, 250, first_receipt=250 * (len(delays) - 1) + 1)
            elif len(delays) == 6:
                link.up = True  # the backoffice is back
            elif outbox.backlog(sessions) == 0:
                raise StopLoopError

        service.sleep = fake_sleep
        service.timing = SyncTiming(probe_interval=math.inf)  # the backoff alone: no probes
        trade(sessions, 250, first_receipt=1251)  # the store sells while the link is down
        with pytest.raises(StopLoopError):
            await service.run_loop("push", service.drain, 2.0)
        await service.client.aclose()

        assert link.refused == 6
        assert delays[4] >= 8  # backed off: 1, 2, 4, 8, 16 s ceilings, jittered
        assert totals(backoffice) == (1500, 3000, -1500)


async def test_a_connection_cut_after_the_apply_loses_and_doubles_nothing(
    database_url: str, tmp_path: Path
) -> None:
    with running_backoffice(database_url) as backoffice, controller_outbox(tmp_path) as sessions:
        token = backoffice.enroll_store("byn-1")
        trade(sessions, 150)
        link = CutAfterApply(backoffice.transport(), cuts=1)
        service = sync_service(link, token, sessions)
        with pytest.raises(BackofficeUnavailable):
            await service.drain()
        assert outbox.backlog(sessions) == 300  # not marked: the ack never came
        assert totals(backoffice)[1] == 200  # but the first batch was applied
        assert await service.drain() == 300
        await service.client.aclose()
        assert totals(backoffice) == (150, 300, -150)


async def test_duplicated_and_reordered_batches(database_url: str) -> None:
    with running_backoffice(database_url) as backoffice:
        token = backoffice.enroll_store("byn-1")
        sold = [sale(n) for n in range(1, 5)]
        first = batch("byn-1", [sold[0], movement(sold[0].sale_id)], start=1)
        second = batch("byn-1", [sold[1], movement(sold[1].sale_id)], start=3)
        third = batch("byn-1", [sold[2], sold[3]], start=5)
        client = BackofficeClient(URL, token, transport=backoffice.transport())
        acks = [
            (await client.push(b)).acked_through
            for b in (second, third, second, first, first, third)
        ]
        await client.aclose()
        assert acks == [0, 0, 0, 6, 6, 6]  # a gap holds the mark back until it is filled
        assert totals(backoffice) == (4, 6, -2)


async def test_a_revoked_device_is_refused_while_the_store_keeps_selling(
    database_url: str, tmp_path: Path
) -> None:
    with running_backoffice(database_url) as backoffice, controller_outbox(tmp_path) as sessions:
        token = backoffice.enroll_store("byn-1")
        trade(sessions, 10)
        service = sync_service(backoffice.transport(), token, sessions)
        assert await service.drain() == 20
        with backoffice.sessions.begin() as session:
            revoke_devices(session=session, store=get_store(session=session, slug="byn-1"), now=T0)
        trade(sessions, 10, first_receipt=11)
        with pytest.raises(CredentialRejected) as refused:
            await service.drain()
        assert refused.value.status == 401
        trade(sessions, 10, first_receipt=21)  # still selling, still queueing
        assert outbox.backlog(sessions) == 40
        await service.client.aclose()
        assert totals(backoffice) == (10, 20, -10)


async def test_a_store_cannot_write_another_stores_data(database_url: str) -> None:
    with running_backoffice(database_url) as backoffice:
        token_a = backoffice.enroll_store("byn-a")
        backoffice.enroll_store("byn-b")
        client = BackofficeClient(URL, token_a, transport=backoffice.transport())
        sold = sale(1)
        with pytest.raises(BackofficeRejected) as refused:
            await client.push(batch("byn-b", [sold, movement(sold.sale_id)]))
        await client.aclose()
        assert refused.value.status == 403
        assert totals(backoffice, "byn-a") == (0, 0, 0)
        assert totals(backoffice, "byn-b") == (0, 0, 0)


async def test_many_stores_push_at_once(database_url: str, tmp_path: Path) -> None:
    from tests.servers import serving

    stores = [f"byn-{n}" for n in range(6)]
    with running_backoffice(database_url) as backoffice, serving(backoffice.app) as url:
        services = []
        for slug in stores:
            token = backoffice.enroll_store(slug)
            folder = tmp_path / slug
            folder.mkdir()
            engine_cm = controller_outbox(folder)
            sessions = engine_cm.__enter__()
            trade(sessions, 120)
            service = SyncService(
                client=BackofficeClient(url, token),
                sessions=sessions,
                clock=ManualClock(T0),
                store_id=slug,
                software_version="0.1.0",
                timing=SyncTiming(batch_max_entries=40),
            )
            services.append((service, engine_cm))
        try:
            sent = await asyncio.gather(*(service.drain() for service, _ in services))
        finally:
            for service, engine_cm in services:
                await service.client.aclose()
                engine_cm.__exit__(None, None, None)
        assert sent == [240] * len(stores)
        for slug in stores:
            assert totals(backoffice, slug) == (120, 240, -120)


async def test_a_reimaged_controller_numbers_after_the_backoffice(
    database_url: str, tmp_path: Path
) -> None:
    from backoffice.devices.service import issue_enrollment_code
    from byabutik.runtime.db import utcnow
    from store_controller.sync.enroll import enroll

    with running_backoffice(database_url) as backoffice:
        token = backoffice.enroll_store("byn-1")
        with controller_outbox(tmp_path / "old") as old:
            trade(old, 10)
            service = sync_service(backoffice.transport(), token, old)
            assert await service.drain() == 20
            await service.client.aclose()
        with backoffice.sessions.begin() as session:
            store = get_store(session=session, slug="byn-1")
            code = issue_enrollment_code(session=session, store=store, now=utcnow()).code
        with controller_outbox(tmp_path / "new") as new:
            trade(new, 5, first_receipt=11)  # sold before the owner re-enrolled the new card
            credential, _ = await enroll(
                backoffice_url=URL,
                code=code,
                data_dir=tmp_path / "new",
                software_version="0.1.0",
                sessions=new,
                transport=backoffice.transport(),
            )
            service = sync_service(backoffice.transport(), credential.token, new)
            assert await service.drain() == 10
            await service.client.aclose()
        assert totals(backoffice) == (15, 30, -15)


async def test_the_same_batch_twice_at_once_lands_once(database_url: str) -> None:
    from tests.servers import serving

    with running_backoffice(database_url) as backoffice, serving(backoffice.app) as url:
        token = backoffice.enroll_store("byn-1")
        sold = [sale(n) for n in range(1, 101)]
        payloads: list[wire.OutboxPayload] = [*sold, *(movement(s.sale_id) for s in sold)]
        whole = batch("byn-1", payloads)
        overlap = batch("byn-1", payloads[50:150], start=51)
        clients = [BackofficeClient(url, token) for _ in range(4)]
        try:
            acks = await asyncio.gather(
                *(c.push(b) for c, b in zip(clients, [whole, whole, overlap, whole], strict=True))
            )
        finally:
            for client in clients:
                await client.aclose()
        assert max(ack.acked_through for ack in acks) == 200
        assert totals(backoffice) == (100, 200, -100)
