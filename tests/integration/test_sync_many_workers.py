"""Six stores push at once to the backoffice under real uvicorn with four worker processes on
PostgreSQL; every store sends each of its batches twice, from two clients at the same moment,
and the batches overlap. Every sale, line, payment, stock movement and visit is stored exactly
once, and every store's acknowledged cursor covers all it sent."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from backoffice.sales.models import Sale, SaleLine, SalePayment, SaleVat
from backoffice.stock.models import StockMovement, StockOnHand
from backoffice.stores.models import Store
from backoffice.sync.models import QuarantinedEntry, ReceivedEntry, SyncCursor
from backoffice.visits.models import Visit
from retail import wire
from tests.conftest import free_port
from tests.store_controller.sync.harness import (  # noqa: F401 - anyio_backend is a fixture
    T0,
    anyio_backend,
    entries,
    movement,
    running_backoffice,
    sale,
)

pytestmark = [pytest.mark.anyio, pytest.mark.postgres]
WORKERS = 4
STORES = 6
SALES = 30  # per store: a visit, the sale, two stock movements (4 entries a sale)
WINDOW = 40
ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def uvicorn_workers(database_url: str) -> Iterator[str]:
    """The backoffice under `uvicorn --workers 4`; yields its URL once every worker has said
    its application started (read from uvicorn's own log, no polling)."""
    port = free_port()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "uvicorn", "tests.integration.sync_workers_app:app_factory"),
            *("--factory", "--host", "127.0.0.1", "--port", str(port)),
            *("--workers", str(WORKERS), "--no-access-log", "--log-level", "info"),
        ],
        cwd=ROOT,
        env={**os.environ, "BYABUTIK_BACKOFFICE_DATABASE_URL": database_url},
        stderr=subprocess.PIPE,
        text=True,
    )
    started = threading.Event()
    log: list[str] = []

    def read_log() -> None:  # drains the pipe for the server's whole life
        assert process.stderr is not None
        for line in process.stderr:
            log.append(line)
            if sum("Application startup complete" in seen for seen in log) == WORKERS:
                started.set()
        started.set()  # the server ended: stop waiting

    reader = threading.Thread(target=read_log, daemon=True)
    reader.start()
    try:
        assert started.wait(timeout=90), "the workers did not start:\n" + "".join(log)
        assert process.poll() is None, "the backoffice ended:\n" + "".join(log)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
        reader.join(timeout=10)
        if process.stderr is not None:
            process.stderr.close()


def trading(store: int) -> list[wire.OutboxPayload]:
    """A store's day: per sale its visit, the sale (two lines, one payment), a movement a line."""
    payloads: list[wire.OutboxPayload] = []
    for receipt in range(1, SALES + 1):
        at = T0 + timedelta(minutes=receipt)
        sold = sale(receipt, amount=1000 + 10 * store + receipt, at=at)
        two_lines = tuple(
            sold.lines[0].model_copy(update={"line_no": n, "product_key": f"0731000000{n:04d}"})
            for n in (1, 2)
        )
        sold = sold.model_copy(update={"lines": two_lines, "total_ore": 2 * sold.total_ore})
        sold = wire.Sale.model_validate(_doubled(sold))
        visit = wire.Visit(
            visit_id=uuid.uuid4(), occurred_at=at, outcome=wire.VisitOutcome.GRANTED, age=40
        )
        payloads += [visit, sold]
        payloads += [
            movement(sold.sale_id).model_copy(update={"product_key": line.product_key})
            for line in sold.lines
        ]
    return payloads


def _doubled(sold: wire.Sale) -> dict[str, object]:
    """The sale's VAT and payment for its two lines (the wire checks the sums)."""
    data = sold.model_dump(mode="json")
    total = data["total_ore"]
    vat = total - round(total / 1.06)
    data["vat"] = [{"rate_bp": 600, "gross_ore": total, "vat_ore": vat, "net_ore": total - vat}]
    data["payments"][0]["amount_ore"] = total
    return data


async def pusher(url: str, token: str, bodies: list[str]) -> list[int]:
    """A controller pushing its windows in order on its own connection; the answers' marks."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    marks = []
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        for body in bodies:
            answer = await client.post("/api/sync/v1/push", content=body, headers=headers)
            assert answer.status_code == 200, answer.text
            marks.append(int(answer.json()["acked_through"]))
    return marks


async def test_four_workers_apply_every_store_exactly_once(postgres_url: str) -> None:
    with running_backoffice(postgres_url) as backoffice:
        slugs = [f"byn-{n}" for n in range(STORES)]
        tokens = {slug: backoffice.enroll_store(slug) for slug in slugs}
        days = {slug: entries(trading(n)) for n, slug in enumerate(slugs)}
        bodies = {
            slug: [  # windows overlapping by half: each entry in two of them
                wire.PushBatch(
                    protocol=2, store_id=slug, entries=day[start : start + WINDOW]
                ).model_dump_json()
                for start in range(0, len(day), WINDOW // 2)
            ]
            for slug, day in days.items()
        }
        with uvicorn_workers(postgres_url) as url:
            marks = await asyncio.gather(
                *(
                    pusher(url, tokens[slug], bodies[slug])
                    for slug in slugs
                    for _twice in range(2)  # two clients send the same windows at once
                )
            )

        total = 4 * SALES
        for answers in marks:
            assert answers[-1] == total  # the last window closes the day
            assert all(0 <= mark <= total for mark in answers)
        with backoffice.sessions() as session:
            ids = {row.slug: row.id for row in session.execute(select(Store.slug, Store.id))}
            for slug in slugs:
                sid = ids[slug]
                sent = [e.payload for e in days[slug]]
                sale_ids = {p.sale_id for p in sent if isinstance(p, wire.Sale)}
                visit_ids = {p.visit_id for p in sent if isinstance(p, wire.Visit)}
                movement_ids = {p.movement_id for p in sent if isinstance(p, wire.StockMovement)}

                def rows(model: type[object], column: object, sid: int = sid) -> list[Any]:
                    query = select(column).where(model.store_id == sid)  # type: ignore[attr-defined, call-overload]
                    return list(session.scalars(query))

                assert sorted(map(str, rows(Sale, Sale.sale_id))) == sorted(map(str, sale_ids))
                assert len(rows(SaleLine, SaleLine.sale_id)) == 2 * SALES
                assert len(rows(SaleVat, SaleVat.sale_id)) == SALES
                assert len(rows(SalePayment, SalePayment.sale_id)) == SALES
                assert sorted(map(str, rows(Visit, Visit.visit_id))) == sorted(map(str, visit_ids))
                assert sorted(map(str, rows(StockMovement, StockMovement.movement_id))) == sorted(
                    map(str, movement_ids)
                )
                assert sorted(rows(ReceivedEntry, ReceivedEntry.seq)) == list(range(1, total + 1))
                assert rows(SyncCursor, SyncCursor.acked_through) == [total]
                assert rows(StockOnHand, StockOnHand.quantity) == [-SALES, -SALES]
            quarantined = session.scalar(select(func.count()).select_from(QuarantinedEntry))
            assert quarantined == 0
