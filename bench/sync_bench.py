"""Backoffice ingest on PostgreSQL, beside its floor: `python -m bench.sync_bench` (~1-2 min).

A scratch database is created on the PostgreSQL at BYABUTIK_TEST_POSTGRES_URL (default
127.0.0.1:5432, database `test`) and dropped afterwards. The backoffice runs as a uvicorn
subprocess (4 workers, SYNC_BENCH_WORKERS; real HTTP); STORES simulated stores each push one
day of trading (SALES_PER_DAY sales of LINES_PER_SALE lines, each sale with its visit and one
stock movement per line: 6 outbox entries per sale) in batches of BATCH entries, all at once,
as controllers coming back after an outage would. BATCH is the controller's own push size
(`store_controller.sync.config.PUSH_BATCH_ENTRIES`, imported: what a real controller sends
after an outage), and every body stays under its byte bound (`PUSH_BATCH_BYTES`). Each push's
body (bytes, compact JSON as the controller writes it) is built before the clock starts: the
timed window is the backoffice's work and HTTP, not the bench's own `json.dumps`.

Figures:
- sale lines per second through the sync API, as a ratio of the floor: COPY of the very same rows
  (sync_received, sales, sale_lines, sale_vat, sale_payments, stock_movements, visits) into the
  same tables, same run, through psycopg's `copy` (on-hand levels are derived and not in the
  floor);
- the time to drain one day's backlog of 1,000 stores, extrapolated linearly from STORES stores
  (the drain is bound by the server's throughput, not by any one store: x 1000 / STORES).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import psycopg
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from backoffice.db import MIGRATIONS
from backoffice.devices.service import issue_enrollment_code, redeem_enrollment_code
from backoffice.stores.service import create_store
from bench.results import record
from byabutik.runtime.db import make_engine
from store_controller.sync.config import PUSH_BATCH_BYTES, PUSH_BATCH_ENTRIES

ADMIN_URL = os.environ.get(
    "BYABUTIK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
STORES = int(os.environ.get("SYNC_BENCH_STORES", "100"))
WORKERS = int(os.environ.get("SYNC_BENCH_WORKERS", "4"))
SALES_PER_DAY = 150
LINES_PER_SALE = 4
BATCH = PUSH_BATCH_ENTRIES
TARGET_STORES = 1000
DAY = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
RETRIES: list[str] = []
DATA_TABLES = (
    "sync_received",
    "sale_lines",
    "sale_vat",
    "sale_payments",
    "stock_movements",
    "visits",
    "sales",
)


@dataclass
class StoreDay:
    slug: str
    store_id: int
    token: str
    entries: list[dict[str, Any]] = field(default_factory=list)
    bodies: list[bytes] = field(init=False, default_factory=list)
    """Each push's body, in order: BATCH entries of `entries` at a time."""

    def __post_init__(self) -> None:
        for start in range(0, len(self.entries), BATCH):
            batch = {
                "protocol": 1,
                "store_id": self.slug,
                "entries": self.entries[start : start + BATCH],
            }
            body = json.dumps(batch, separators=(",", ":"), ensure_ascii=False).encode()
            assert len(body) <= PUSH_BATCH_BYTES, "a controller would send fewer entries a push"
            self.bodies.append(body)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def one_sale(receipt: int, at: datetime) -> list[dict[str, Any]]:
    """The outbox payloads of one sale: the visit, the sale, a stock movement per line."""
    sale_id = str(uuid.uuid4())
    lines = [
        {
            "line_no": n,
            "product_key": f"0731000000{n:04d}",
            "name": f"Vara {n}",
            "quantity": 1,
            "weight_g": None,
            "unit_price_ore": 1000 + n,
            "amount_ore": 1000 + n,
            "vat_class": "food",
            "vat_rate_bp": 600,
            "age_limit": 0,
        }
        for n in range(1, LINES_PER_SALE + 1)
    ]
    total = sum(line["amount_ore"] for line in lines)  # type: ignore[misc]
    vat = total - round(total / 1.06)
    visit = {
        "kind": "visit",
        "visit_id": str(uuid.uuid4()),
        "occurred_at": iso(at),
        "outcome": "granted",
        "age": 40,
    }
    sale = {
        "kind": "sale",
        "sale_id": sale_id,
        "register_id": "kassa-1",
        "receipt_number": receipt,
        "occurred_at": iso(at),
        "lines": lines,
        "vat": [{"rate_bp": 600, "gross_ore": total, "vat_ore": vat, "net_ore": total - vat}],
        "payments": [
            {
                "method": "swish",
                "amount_ore": total,
                "reference": f"s-{sale_id[:8]}",
                "confirmed_at": iso(at),
            }
        ],
        "total_ore": total,
    }
    movements = [
        {
            "kind": "stock_movement",
            "movement_id": str(uuid.uuid4()),
            "occurred_at": iso(at),
            "product_key": line["product_key"],
            "quantity_delta": -1,
            "weight_delta_g": 0,
            "reason": "sale",
            "sale_id": sale_id,
        }
        for line in lines
    ]
    return [visit, sale, *movements]


def day_of_trading() -> list[dict[str, Any]]:
    payloads: list[dict[str, Any]] = []
    for receipt in range(1, SALES_PER_DAY + 1):
        payloads += one_sale(receipt, DAY + timedelta(minutes=4 * receipt))
    return [
        {"seq": seq, "created_at": payload.get("occurred_at"), "payload": payload}
        for seq, payload in enumerate(payloads, start=1)
    ]


@contextmanager
def scratch_database() -> Iterator[str]:
    name = f"byabutik_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def enroll_stores(url: str) -> list[StoreDay]:
    engine = make_engine(url)
    MIGRATIONS.upgrade(engine)
    stores = []
    now = datetime.now(UTC)
    with Session(engine) as session, session.begin():
        for n in range(STORES):
            store = create_store(session=session, slug=f"byn-{n}", name=f"Byn {n}")
            code = issue_enrollment_code(session=session, store=store, now=now).code
            token = redeem_enrollment_code(
                session=session, code=code, software_version="bench", now=now
            ).token
            stores.append(StoreDay(store.slug, store.id, token, day_of_trading()))
    engine.dispose()
    return stores


@contextmanager
def backoffice_server(url: str, port: int) -> Iterator[str]:
    env = {
        **os.environ,
        "BYABUTIK_BACKOFFICE_DATABASE_URL": url,
        "BYABUTIK_BACKOFFICE_LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bench.sync_bench:app_factory",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(WORKERS),
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # a loaded machine starts 4 workers slowly
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the backoffice did not start")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def app_factory() -> Any:
    """For uvicorn's workers: the backoffice from BYABUTIK_BACKOFFICE_* variables."""
    import logging

    from backoffice.app import create_app
    from backoffice.settings import load_backoffice_settings

    logging.getLogger("byabutik.http").setLevel(logging.WARNING)
    return create_app(load_backoffice_settings())


async def push_day(client: httpx.AsyncClient, store: StoreDay) -> int:
    headers = {"Authorization": f"Bearer {store.token}", "Content-Type": "application/json"}
    acked = 0
    for body in store.bodies:
        for attempt in range(5):
            try:
                answer = await client.post("/api/sync/v1/push", content=body, headers=headers)
                break
            except httpx.TransportError as exc:
                # What a controller does: pushes are idempotent, so retry the same batch.
                RETRIES.append(f"{type(exc).__name__} (attempt {attempt + 1})")
        else:
            raise RuntimeError(f"{store.slug}: the backoffice kept dropping the connection")
        answer.raise_for_status()
        acked = answer.json()["acked_through"]
    return int(acked)


async def push_all(base: str, stores: list[StoreDay]) -> float:
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        started = time.perf_counter()
        acks = await asyncio.gather(*(push_day(client, store) for store in stores))
        elapsed = time.perf_counter() - started
    assert acks == [len(stores[0].entries)] * len(stores), "not every entry was acknowledged"
    return elapsed


def count_lines(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as connection:
        lines = connection.execute(text("SELECT count(*) FROM sale_lines")).scalar_one()
    engine.dispose()
    return int(lines)


def copy_rows(stores: list[StoreDay]) -> dict[str, list[tuple[Any, ...]]]:
    rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in DATA_TABLES}
    now = datetime.now(UTC)
    for store in stores:
        sid = store.store_id
        for entry in store.entries:
            p, seq = entry["payload"], entry["seq"]
            rows["sync_received"].append((sid, seq, p["kind"], p["occurred_at"], now))
            if p["kind"] == "visit":
                rows["visits"].append(
                    (
                        sid,
                        p["visit_id"],
                        p["occurred_at"],
                        p["outcome"],
                        None,
                        p["age"],
                        None,
                        None,
                        seq,
                    )
                )
            elif p["kind"] == "stock_movement":
                rows["stock_movements"].append(
                    (
                        sid,
                        p["movement_id"],
                        p["product_key"],
                        -1,
                        0,
                        "sale",
                        p["sale_id"],
                        p["occurred_at"],
                        seq,
                    )
                )
            else:
                rows["sales"].append(
                    (
                        sid,
                        p["sale_id"],
                        "kassa-1",
                        p["receipt_number"],
                        p["occurred_at"],
                        p["total_ore"],
                        None,
                        seq,
                        now,
                    )
                )
                for line in p["lines"]:
                    rows["sale_lines"].append(
                        (
                            sid,
                            p["sale_id"],
                            line["line_no"],
                            line["product_key"],
                            line["name"],
                            1,
                            None,
                            line["unit_price_ore"],
                            line["amount_ore"],
                            "food",
                            600,
                            0,
                        )
                    )
                vat = p["vat"][0]
                rows["sale_vat"].append(
                    (sid, p["sale_id"], 600, vat["gross_ore"], vat["vat_ore"], vat["net_ore"])
                )
                pay = p["payments"][0]
                rows["sale_payments"].append(
                    (
                        sid,
                        p["sale_id"],
                        1,
                        "swish",
                        pay["amount_ore"],
                        pay["reference"],
                        pay["confirmed_at"],
                    )
                )
    return rows


COLUMNS = {
    "sync_received": "store_id, seq, kind, created_at, received_at",
    "visits": "store_id, visit_id, occurred_at, outcome, identity_hash, age, door_opened_at, "
    "door_closed_at, seq",
    "stock_movements": "store_id, movement_id, product_key, quantity_delta, weight_delta_g, "
    "reason, sale_id, occurred_at, seq",
    "sales": "store_id, sale_id, register_id, receipt_number, occurred_at, total_ore, "
    "customer_hash, seq, received_at",
    "sale_lines": "store_id, sale_id, line_no, product_key, name, quantity, weight_g, "
    "unit_price_ore, amount_ore, vat_class, vat_rate_bp, age_limit",
    "sale_vat": "store_id, sale_id, rate_bp, gross_ore, vat_ore, net_ore",
    "sale_payments": "store_id, sale_id, position, method, amount_ore, reference, confirmed_at",
}
COPY_ORDER = (
    "sync_received",
    "visits",
    "sales",
    "stock_movements",
    "sale_lines",
    "sale_vat",
    "sale_payments",
)


def copy_floor(url: str, stores: list[StoreDay]) -> float:
    """Empty the data tables, then COPY the same rows back in one transaction; seconds."""
    rows = copy_rows(stores)
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as connection:
        connection.execute("TRUNCATE " + ", ".join(DATA_TABLES) + ", stock_on_hand, sync_cursors")
        connection.commit()
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for table in COPY_ORDER:
                with cursor.copy(f"COPY {table} ({COLUMNS[table]}) FROM STDIN") as copy:
                    for row in rows[table]:
                        copy.write_row(row)
        connection.commit()
        return time.perf_counter() - started


def main() -> None:
    from tests.conftest import free_port

    print(__doc__.splitlines()[0])
    with scratch_database() as url:
        prepared = time.perf_counter()
        stores = enroll_stores(url)
        entries = sum(len(store.entries) for store in stores)
        print(
            f"{STORES} stores x {len(stores[0].entries)} entries (one day each) = {entries} "
            f"entries, prepared in {time.perf_counter() - prepared:.1f} s"
        )
        with backoffice_server(url, free_port()) as base:
            api_s = asyncio.run(push_all(base, stores))
        lines = count_lines(url)
        assert lines == STORES * SALES_PER_DAY * LINES_PER_SALE, "sale lines went missing"
        floor_s = copy_floor(url, stores)
        assert count_lines(url) == lines
    api_rate, floor_rate = lines / api_s, lines / floor_s
    print(
        f"sale lines through the sync API: {api_rate:10.0f} /s  ({entries / api_s:.0f} entries/s, "
        f"{lines} lines in {api_s:.1f} s, HTTP, {WORKERS} uvicorn workers, "
        f"{STORES} concurrent stores)"
    )
    print(f"floor, COPY of the same rows:    {floor_rate:10.0f} /s  ({floor_s:.2f} s)")
    print(f"transport errors retried:        {len(RETRIES):10d}  {sorted(set(RETRIES))}")
    print(f"ratio API / COPY floor:          {api_rate / floor_rate:10.3f}")
    record(
        "backoffice ingest, sale lines",
        figure=api_rate,
        floor=floor_rate,
        unit="/s",
        ratio=api_rate / floor_rate,
        goal=(">=", 0.25),
    )
    drain = api_s * TARGET_STORES / STORES
    print(
        f"drain of one day's backlog of {TARGET_STORES} stores: {drain:.0f} s "
        f"(~{drain / 60:.1f} min), extrapolated x{TARGET_STORES // STORES} from {STORES} stores "
        f"in {api_s:.1f} s; the floor would take {floor_s * TARGET_STORES / STORES:.0f} s"
    )


if __name__ == "__main__":
    main()
