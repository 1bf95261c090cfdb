"""Back from an outage: `python -m bench.reconnect_bench` (~1 min).

A store controller (the real `SyncService` loop, real sleeps, default backoff but for a base of
8 s so that a short outage already backs off 16-32 s) has SALES sales queued (each with its
stock movement: 2 outbox entries) while the backoffice is down. The backoffice (uvicorn
subprocess, SQLite file) comes back; the figure is the time from its first answer to `/healthz`
(seen by this bench, polling every 20 ms) to the last of those sales applied in its database.

Floor, same run, same server: the push alone, `drain()` of another store's SALES queued sales
with the backoffice up all along. Goal (issue 13): figure <= 1.5 x floor + 5 s (the probe
waits at most 5 s).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy.orm import Session, sessionmaker

from backoffice.db import MIGRATIONS as BACKOFFICE_MIGRATIONS
from backoffice.devices.service import issue_enrollment_code, redeem_enrollment_code
from backoffice.stores.service import create_store
from bench.results import record
from byabutik.runtime.db import make_engine
from retail import wire
from retail.vat.rates import VatClass
from store_controller.core.clock import SystemClock
from store_controller.db import MIGRATIONS as CONTROLLER_MIGRATIONS
from store_controller.outbox.models import OutboxEntry as OutboxRow
from store_controller.sync.client import BackofficeClient
from store_controller.sync.service import SyncService, SyncTiming

SALES = int(os.environ.get("RECONNECT_BENCH_SALES", "300"))
OUTAGE_S = float(os.environ.get("RECONNECT_BENCH_OUTAGE_S", "25"))
DAY = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def one_sale(receipt: int) -> list[wire.OutboxPayload]:
    at = DAY + timedelta(seconds=receipt)
    amount = 1500
    vat = amount - round(amount / 1.06)
    sale = wire.Sale(
        sale_id=uuid.uuid4(),
        register_id="kassa-1",
        receipt_number=receipt,
        occurred_at=at,
        lines=(
            wire.SaleLine(
                line_no=1,
                product_key="07310865071805",
                name="Mjölk 1,5 %",
                quantity=1,
                unit_price_ore=amount,
                amount_ore=amount,
                vat_class=VatClass.FOOD,
                vat_rate_bp=600,
            ),
        ),
        vat=(wire.VatLine(rate_bp=600, gross_ore=amount, vat_ore=vat, net_ore=amount - vat),),
        payments=(
            wire.Payment(
                method=wire.PaymentMethod.SWISH,
                amount_ore=amount,
                reference=f"swish-{receipt}",
                confirmed_at=at,
            ),
        ),
        total_ore=amount,
    )
    movement = wire.StockMovement(
        movement_id=uuid.uuid4(),
        occurred_at=at,
        product_key="07310865071805",
        quantity_delta=-1,
        reason=wire.StockReason.SALE,
        sale_id=sale.sale_id,
    )
    return [sale, movement]


def queued_store(folder: Path) -> sessionmaker[Session]:
    """A controller database with SALES sales in its outbox."""
    engine = make_engine(f"sqlite:///{folder / 'controller.db'}")
    CONTROLLER_MIGRATIONS.upgrade(engine)
    sessions = sessionmaker(engine, expire_on_commit=False)
    with sessions.begin() as session:
        for receipt in range(1, SALES + 1):
            for payload in one_sale(receipt):
                row = OutboxRow(
                    kind=payload.kind, payload=payload.model_dump(mode="json"), created_at=DAY
                )
                session.add(row)
    return sessions


def backoffice_database(path: Path) -> dict[str, str]:
    """Migrate the backoffice database; a device token per store."""
    engine = make_engine(f"sqlite:///{path}")
    BACKOFFICE_MIGRATIONS.upgrade(engine)
    tokens = {}
    with sessionmaker(engine).begin() as session:
        for slug in ("alone", "outage"):
            store = create_store(session=session, slug=slug, name=slug.title())
            code = issue_enrollment_code(session=session, store=store, now=DAY).code
            tokens[slug] = redeem_enrollment_code(
                session=session, code=code, software_version="bench", now=DAY
            ).token
    engine.dispose()
    return tokens


@contextlib.contextmanager
def backoffice(database: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "BYABUTIK_BACKOFFICE_DATABASE_URL": f"sqlite:///{database}",
        "BYABUTIK_BACKOFFICE_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "uvicorn", "bench.sync_bench:app_factory", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--no-access-log"]
    process = subprocess.Popen([*command, "--log-level", "warning"], env=env)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=20)


def first_answer(base: str, deadline: float) -> float:
    """The moment `/healthz` first answers (polled every 20 ms)."""
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=0.5).status_code == 200:
                return time.monotonic()
        except httpx.HTTPError:
            pass
        time.sleep(0.02)
    raise RuntimeError("the backoffice did not start")


def sales_of(database: Path, slug: str) -> int:
    with contextlib.closing(sqlite3.connect(database, timeout=5)) as connection:
        row = connection.execute(
            "SELECT count(*) FROM sales JOIN stores ON stores.id = sales.store_id "
            "WHERE stores.slug = ?",
            (slug,),
        ).fetchone()
    return int(row[0])


def all_applied(database: Path, deadline: float) -> float:
    """The moment the outage store's SALES sales are all in the backoffice (polled, 20 ms)."""
    while sales_of(database, "outage") < SALES:
        if time.monotonic() > deadline:
            raise RuntimeError("the queued sales did not arrive")
        time.sleep(0.02)
    return time.monotonic()


def service(base: str, token: str, sessions: sessionmaker[Session], slug: str) -> SyncService:
    return SyncService(
        client=BackofficeClient(base, token),
        sessions=sessions,
        clock=SystemClock(),
        store_id=slug,
        software_version="bench",
        timing=SyncTiming(backoff_base=8.0),
    )


async def push_alone(base: str, token: str, sessions: sessionmaker[Session]) -> float:
    sync = service(base, token, sessions, "alone")
    try:
        started = time.monotonic()
        await sync.drain()
        return time.monotonic() - started
    finally:
        await sync.client.aclose()


async def back_from_outage(
    base: str, token: str, sessions: sessionmaker[Session], database: Path, port: int
) -> tuple[float, int]:
    """(seconds from the backoffice's first answer to the last sale applied, pushes failed)."""
    sync = service(base, token, sessions, "outage")
    handler = FailureCount()
    logger = logging.getLogger("store_controller.sync.service")
    logger.addHandler(handler)
    loop = asyncio.create_task(sync.run_loop("push", sync.drain, 2.0))
    try:
        await asyncio.sleep(OUTAGE_S)
        with backoffice(database, port):
            up = await asyncio.to_thread(first_answer, base, time.monotonic() + 30)
            done = await asyncio.to_thread(all_applied, database, time.monotonic() + 120)
    finally:
        loop.cancel()
        await asyncio.gather(loop, return_exceptions=True)
        await sync.client.aclose()
        logger.removeHandler(handler)
    return done - up, handler.failures


class FailureCount(logging.Handler):
    """Counts the push loop's warnings (one per failed push)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.failures = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.failures += 1


async def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        database = folder / "backoffice.db"
        tokens = backoffice_database(database)
        (folder / "alone").mkdir()
        (folder / "outage").mkdir()
        alone = queued_store(folder / "alone")
        outage = queued_store(folder / "outage")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with backoffice(database, port):
            await asyncio.to_thread(first_answer, base, time.monotonic() + 30)
            floor = await push_alone(base, tokens["alone"], alone)
        assert sales_of(database, "alone") == SALES
        figure, failed = await back_from_outage(base, tokens["outage"], outage, database, port)
    goal = 1.5 * floor + 5
    print(f"sales queued: {SALES} ({2 * SALES} outbox entries), outage {OUTAGE_S:.0f} s")
    print(f"push alone (floor):              {floor:6.2f} s")
    print(f"back from outage (figure):       {figure:6.2f} s  ({failed} pushes failed first)")
    print(f"ratio figure / floor:            {figure / floor:6.2f}x")
    verdict = "met" if figure <= goal else "MISSED"
    print(f"goal <= 1.5 x floor + 5 s:       {goal:6.2f} s  -> {verdict}")
    record(
        "back from an outage, 300 sales",
        figure=figure,
        floor=floor,
        unit="s",
        ratio=figure / floor,
        goal=("<=", (1.5 * floor + 5) / floor),
    )


if __name__ == "__main__":
    asyncio.run(main())
