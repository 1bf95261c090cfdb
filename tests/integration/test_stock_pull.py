"""Stock booked in the backoffice reaches the store: a delivery committed there is pulled by the
real controller sync client and its local on hand follows, once, beside the store's own sales;
pulling again, or after losing its cursor, changes nothing. SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from backoffice.devices.service import issue_enrollment_code, redeem_enrollment_code
from backoffice.stores.service import create_store
from retail import wire
from store_controller.checkout.models import ProductCodeRow, StockLevelRow
from store_controller.checkout.stock import Move, move_stock
from store_controller.core.clock import ManualClock
from store_controller.outbox.queue import enqueue_all
from store_controller.sync.book_stock import BookStock
from store_controller.sync.checkout_catalog import CheckoutCatalog
from store_controller.sync.client import BackofficeClient
from store_controller.sync.models import SyncState
from store_controller.sync.service import SyncService
from tests.store_controller.sync.harness import (  # noqa: F401 - anyio_backend is a fixture
    ADMIN,
    T0,
    anyio_backend,
    controller_outbox,
    running_backoffice,
)

pytestmark = pytest.mark.anyio
MILK = "7310865071804"
MILK14 = "0" + MILK
STOCK = "/api/admin/stores/byn-1/stock"


async def post(admin: httpx.AsyncClient, path: str, body: dict[str, Any]) -> Any:
    answer = await admin.post(STOCK + path, json=body, headers=ADMIN)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


async def deliver(admin: httpx.AsyncClient, quantity: int, note: str) -> None:
    delivery = await post(admin, "/deliveries", {"supplier": "Dagab", "note_number": note})
    await post(admin, f"/deliveries/{delivery['id']}/lines", {"code": MILK, "quantity": quantity})
    await post(admin, f"/deliveries/{delivery['id']}/commit", {})


def sync_service(
    client: BackofficeClient, local: sessionmaker[Session], stock: BookStock | None = None
) -> SyncService:
    """The controller's sync service with its catalog and stock sinks on `local`."""
    return SyncService(
        client=client,
        sessions=local,
        clock=ManualClock(T0),
        store_id="byn-1",
        software_version="0.1.0",
        catalog=CheckoutCatalog(local, lambda: T0),
        stock=stock or BookStock(local, lambda: T0),
    )


async def add_milk(admin: httpx.AsyncClient) -> None:
    """The milk in the backoffice's catalog, with its GTIN."""
    product = {"sku": "mjolk", "name": "Mjölk", "price_ore": 1500, "vat_class": "food"}
    answer = await admin.put(
        "/api/admin/products/mjolk", json=product | {"gtins": [MILK]}, headers=ADMIN
    )
    assert answer.status_code == 200, answer.text


def on_hand(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        query = (
            select(StockLevelRow.quantity)
            .join(ProductCodeRow, ProductCodeRow.product_id == StockLevelRow.product_id)
            .where(ProductCodeRow.code == MILK14)
        )
        return int(session.scalar(query) or 0)


def sell(sessions: sessionmaker[Session], pieces: int) -> None:
    """What the checkout does on a sale: a local movement, and the same in the outbox."""
    with sessions.begin() as session:
        product_id = session.scalar(
            select(ProductCodeRow.product_id).where(ProductCodeRow.code == MILK14)
        )
        assert product_id is not None
        moved = move_stock(
            session.connection(),
            [Move(product_id, MILK14, -pieces, 0)],
            reason=wire.StockReason.SALE,
            occurred_at=T0,
        )
        enqueue_all(session.connection(), moved, at=T0)


async def test_a_delivery_reaches_the_store_once(database_url: str, tmp_path: Path) -> None:
    with (
        running_backoffice(database_url) as backoffice,
        controller_outbox(tmp_path) as local,
    ):
        with backoffice.sessions.begin() as session:
            store = create_store(session=session, slug="byn-1", name="Byn")
            code = issue_enrollment_code(session=session, store=store, now=T0).code
            token = redeem_enrollment_code(
                session=session, code=code, software_version="0.1.0", now=T0
            ).token
        transport = backoffice.transport()
        stock = BookStock(local, lambda: T0)
        client = BackofficeClient("http://backoffice", token, transport=transport)
        service = sync_service(client, local, stock)
        async with httpx.AsyncClient(base_url="http://backoffice", transport=transport) as admin:
            await add_milk(admin)
            await service.pull_catalog()
            assert await service.pull_stock() == 0  # nothing booked yet
            assert on_hand(local) == 0

            await deliver(admin, 12, "FS-1")
            cursor = await service.pull_stock()
            assert cursor > 0
            assert on_hand(local) == 12

            sell(local, 3)  # the store's own sale: local at once, the backoffice after a push
            assert on_hand(local) == 9
            assert await service.drain() == 1
            assert await service.pull_stock() == cursor  # the sale does not come back
            assert on_hand(local) == 9
            book = (await admin.get(f"{STOCK}/book", headers=ADMIN)).json()
            assert [line["quantity"] for line in book] == [9]

            await deliver(admin, 6, "FS-2")
            waste = {"reason": "expired", "code": MILK, "quantity": 2}
            await post(admin, "/waste", waste)
            assert await service.pull_stock() > cursor
            assert on_hand(local) == 13
            assert await service.pull_stock() == stock.cursor()
            assert on_hand(local) == 13  # repeating the pull changes nothing

            with local.begin() as session:  # a crash that lost the cursor, not the movements
                session.execute(update(SyncState).values(stock_cursor=0))
            await service.pull_stock()
            assert on_hand(local) == 13
            book = (await admin.get(f"{STOCK}/book", headers=ADMIN)).json()
            assert [line["quantity"] for line in book] == [13]
        await service.client.aclose()


async def test_a_product_the_store_does_not_know_yet_waits(
    database_url: str, tmp_path: Path
) -> None:
    """A delivery of a product the store's catalog lacks stops the pull there (kept, not
    skipped) and is applied once the catalog has it."""
    with (
        running_backoffice(database_url) as backoffice,
        controller_outbox(tmp_path) as local,
    ):
        token = backoffice.enroll_store("byn-1")
        transport = backoffice.transport()
        client = BackofficeClient("http://backoffice", token, transport=transport)
        service = sync_service(client, local)
        async with httpx.AsyncClient(base_url="http://backoffice", transport=transport) as admin:
            await add_milk(admin)
            await deliver(admin, 5, "FS-1")
            assert await service.pull_stock() == 0  # the catalog was never pulled
            await service.pull_catalog()
            assert await service.pull_stock() > 0
            assert on_hand(local) == 5
        await service.client.aclose()


async def test_pulls_at_once_take_turns(database_url: str, tmp_path: Path) -> None:
    """A `Resync` (a full catalog pull) while the catalog loop pulls, and two stock pulls at
    once (the loop and another): each pull of a kind waits for the one under way, so their
    pages are asked and applied in turn, none fails, and the delivery is counted once."""
    with (
        running_backoffice(database_url) as backoffice,
        controller_outbox(tmp_path) as local,
    ):
        token = backoffice.enroll_store("byn-1")
        transport = backoffice.transport()
        client = BackofficeClient("http://backoffice", token, transport=transport)
        service = sync_service(client, local)
        trace: list[str] = []
        for name in ("catalog", "stock"):
            asked = getattr(client, name)

            async def asking(since: int, asked: Any = asked, name: str = name) -> Any:
                trace.append(f"{name} asked")
                return await asked(since)

            setattr(client, name, asking)
            sink = getattr(service, name)
            applying = sink.apply

            def apply(changes: Any, applying: Any = applying, name: str = name) -> Any:
                trace.append(f"{name} applied")
                return applying(changes)

            sink.apply = apply
        async with httpx.AsyncClient(base_url="http://backoffice", transport=transport) as admin:
            await add_milk(admin)
            await deliver(admin, 12, "FS-1")
            revisions = await asyncio.gather(
                service.pull_catalog(), service.pull_catalog(full=True)
            )
            assert revisions[0] == revisions[1] > 0
            cursors = await asyncio.gather(service.pull_stock(), service.pull_stock())
            assert cursors[0] == cursors[1] > 0
            assert on_hand(local) == 12
        await client.aclose()
    catalog = ["catalog asked", "catalog applied"] * 2  # the Resync's full page applied again
    stock = ["stock asked", "stock applied", "stock asked"]  # the second from the cursor left
    assert trace == catalog + stock
