"""Two backoffice workers (each its own app, engine and connections, on real sockets) take one
store's overlapping pushes at the same time on PostgreSQL: every record is applied exactly
once, whichever worker gets which batch and however the batches overlap."""

from __future__ import annotations

import asyncio
import random
from contextlib import ExitStack

import httpx
import pytest
from sqlalchemy import func, select

from backoffice.sales.models import Sale, SaleLine
from backoffice.stock.models import StockMovement, StockOnHand
from backoffice.sync.models import QuarantinedEntry, ReceivedEntry
from retail import wire
from tests.servers import serving
from tests.store_controller.sync.harness import (  # noqa: F401 - anyio_backend is a fixture
    anyio_backend,
    entries,
    movement,
    running_backoffice,
    sale,
)

pytestmark = [pytest.mark.anyio, pytest.mark.postgres]
SALES = 150
WINDOW = 60


def trading() -> list[wire.OutboxPayload]:
    payloads: list[wire.OutboxPayload] = []
    for receipt in range(1, SALES + 1):
        sold = sale(receipt)
        payloads += [sold, movement(sold.sale_id)]
    return payloads


async def push(client: httpx.AsyncClient, token: str, body: str) -> int:
    """One push; the store's cursor lock makes the workers take turns, so none fails."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    answer = await client.post("/api/sync/v1/push", content=body, headers=headers)
    assert answer.status_code == 200, answer.text
    return int(answer.json()["acked_through"])


async def test_two_workers_apply_each_record_exactly_once(postgres_url: str) -> None:
    with ExitStack() as stack:
        first = stack.enter_context(running_backoffice(postgres_url))
        second = stack.enter_context(running_backoffice(postgres_url))
        token = first.enroll_store("byn-1")
        urls = [stack.enter_context(serving(worker.app)) for worker in (first, second)]
        all_entries = entries(trading())
        bodies = []
        for start in range(0, len(all_entries), WINDOW // 2):  # each entry in two windows
            window = all_entries[start : start + WINDOW]
            pushed = wire.PushBatch(protocol=2, store_id="byn-1", entries=window)
            bodies += [pushed.model_dump_json()] * 2  # and each window sent twice
        random.Random(13).shuffle(bodies)
        clients = [httpx.AsyncClient(base_url=url, timeout=30) for url in urls]
        try:
            # Both apps live in this one process (unlike real workers), and FastAPI builds a
            # route's state on its first request, racing on the pydantic models the two apps
            # share: one push to each, one after the other, builds it before the race.
            for client in clients:
                await push(client, token, bodies[0])
            await asyncio.gather(
                *(push(clients[n % 2], token, body) for n, body in enumerate(bodies))
            )
            final = await push(clients[0], token, bodies[0])
        finally:
            for client in clients:
                await client.aclose()

        assert final == 2 * SALES
        with first.sessions() as session:

            def count(model: type[object]) -> int:
                return int(session.scalar(select(func.count()).select_from(model)) or 0)

            assert count(ReceivedEntry) == 2 * SALES
            assert count(Sale) == SALES
            assert count(SaleLine) == SALES
            assert count(StockMovement) == SALES
            assert count(QuarantinedEntry) == 0
            on_hand = session.scalars(select(StockOnHand.quantity)).all()
            assert on_hand == [-SALES]
