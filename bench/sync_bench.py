"""Backoffice ingest on PostgreSQL, beside its floor: `python -m bench.sync_bench` (~1-2 min).

A scratch database is created on the PostgreSQL at BYABUTIK_TEST_POSTGRES_URL (default
127.0.0.1:5432, database `test`) and dropped afterwards. The backoffice runs as a uvicorn
subprocess (4 workers, SYNC_BENCH_WORKERS; real HTTP), or with SYNC_BENCH_SPREAD=least-busy as
deploy/ runs it: a single-process uvicorn per worker on a port of its own, each push sent to the
worker with the fewest requests in flight (deploy's Caddy, `lb_policy least_conn`; no proxy's
CPU). One uvicorn's workers share its listening socket, and the stores' connections, arriving
at once, go mostly to whichever worker woke first (asyncio accepts all that wait): one worker
did up to 3/4 of the pushes on its one core (issue-23 notes, session 8). `./dev bench` runs
least-busy (bench/run_all.py SIZES): it is deploy's layout, it drained as fast as the shared
socket in alternating runs (issue-23 notes, session 8, drain11), and its backends' CPU figure
is whole: with the shared socket the busiest worker's pool overflows (~13 sessions opened in
a 20-store window) and a backend closed in the window is missing from the figure. STORES
simulated stores each push DAYS (SYNC_BENCH_DAYS, default 2) days of trading, one day's
backlog after the other (SALES_PER_DAY sales of LINES_PER_SALE lines, each sale with its visit
and one stock movement per line: 6 outbox entries per sale) all at once, as controllers coming
back after an outage would, each day cut into pushes as the controller's `outbox.read_batch`
cuts a backlog (`batch_sizes`: BACKLOG entries while at least two pushes of BATCH wait, then
BATCH; both the controller's own bounds from `store_controller.sync.config`, imported), and
every body stays under its byte bound (`PUSH_BATCH_BYTES`). Two days at the same concurrency
give a timed window twice as long as one day's (~1-1.5 s on a quiet machine, which load swung
by half), same pushes, and the drain is extrapolated per day. Each push's
request (bytes, compact JSON as the controller writes it) is built before the clock starts:
the timed window is the backoffice's work and HTTP, not the bench's own `json.dumps`.

Fair to the server, as a real drain would be: each store pushes on keep-alive connections of
its own with a light raw-HTTP client (bench/sync_client.py: a real drain's controllers are on
other machines, while here the client shares the two cores; every answer is still checked),
and every worker is warmed before the clock by stores of their own (`warm_up`: one-off costs a
long drain pays once, not once for every STORES stores of the extrapolation).

Figures (rows of `./dev bench`'s table):
- sale lines per second through the sync API, as a ratio of the floor: COPY of the very same rows
  (sync_received, sales, sale_lines, sale_vat, sale_payments, stock_movements, visits) into the
  same tables, same run, through psycopg's `copy` (bench/sync_floor.py; on-hand levels are
  derived and not in the floor); goal >= 0.25x;
- the time to drain one day's backlog of 1,000 stores, extrapolated linearly from STORES stores'
  DAYS days (the drain is bound by the server's throughput, not by any one store:
  x 1000 / STORES / DAYS),
  beside the floor's drain extrapolated the same way; goal < 60 s.
Printed too: CPU seconds in the timed window of the workers, the database's backends,
PostgreSQL's writers and the bench (bench/server_cpu.py), per push: on a shared machine the
figure to compare between versions. SYNC_BENCH_PROFILE=path writes a cProfile per worker.
"""

from __future__ import annotations

import asyncio
import itertools
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
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from backoffice.db import MIGRATIONS
from backoffice.devices.service import issue_enrollment_code, redeem_enrollment_code
from backoffice.stores.service import create_store
from bench.results import record
from bench.server_cpu import cpu_snapshot, cpu_spent
from bench.sync_client import LeastBusy, Push, Store, push_request
from bench.sync_floor import copy_floor
from byabutik.runtime.db import make_engine
from store_controller.sync.config import (
    BACKLOG_BATCH_ENTRIES,
    PUSH_BATCH_BYTES,
    PUSH_BATCH_ENTRIES,
)

ADMIN_URL = os.environ.get(
    "BYABUTIK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
STORES = int(os.environ.get("SYNC_BENCH_STORES", "100"))
DAYS = int(os.environ.get("SYNC_BENCH_DAYS", "2"))  # a timed store's backlog, in days
WORKERS = int(os.environ.get("SYNC_BENCH_WORKERS", "4"))
SPREAD = os.environ.get("SYNC_BENCH_SPREAD", "socket")  # or "least-busy"
SALES_PER_DAY = 150
LINES_PER_SALE = 4
BATCH = PUSH_BATCH_ENTRIES
BACKLOG = BACKLOG_BATCH_ENTRIES
# Warm stores: as many a worker as the timed stores keep in flight on it (at least 4), so
# that its pool holds the connections the window needs (one opened in the window paid its
# start-up there: x 1000 / STORES in the extrapolation).
WARM_STORES = max(4, -(-STORES // WORKERS)) * WORKERS
TARGET_STORES = 1000
DRAIN_GOAL_S = 60.0  # issue 23: one day of 1,000 stores drained in under a minute, 4 workers
HOST = "127.0.0.1"
PROFILE = os.environ.get("SYNC_BENCH_PROFILE", "")
DAY = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
RETRIES: list[str] = []


@dataclass
class StoreDay:
    slug: str
    store_id: int
    token: str
    entries: list[dict[str, Any]] = field(default_factory=list)
    days: int = 1
    bodies: list[bytes] = field(init=False, default_factory=list)
    """Each push's body, in order, cut as `push_sizes` says."""

    def __post_init__(self) -> None:
        start = 0
        for size in self.push_sizes():
            batch = {
                "protocol": 1,
                "store_id": self.slug,
                "entries": self.entries[start : start + size],
            }
            start += size
            body = json.dumps(batch, separators=(",", ":"), ensure_ascii=False).encode()
            assert len(body) <= PUSH_BATCH_BYTES, "a controller would send fewer entries a push"
            self.bodies.append(body)

    def push_sizes(self) -> list[int]:
        """Each day's backlog cut as `batch_sizes` cuts it: the controller's outbox holds one
        day when the store comes back (the days come one after another, as stores that came
        back on successive days would send them)."""
        return batch_sizes(len(self.entries) // self.days) * self.days


def batch_sizes(backlog: int) -> list[int]:
    """The sizes of the pushes that carry a backlog of `backlog` entries, as the controller's
    `outbox.read_batch` cuts it (all entries small enough for the byte bound): up to BACKLOG
    while at least two pushes of BATCH wait, else up to BATCH."""
    sizes = []
    while backlog > 0:
        size = min(backlog, BACKLOG if BACKLOG > BATCH and backlog >= 2 * BATCH else BATCH)
        sizes.append(size)
        backlog -= size
    return sizes


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


def days_of_trading(days: int = 1) -> list[dict[str, Any]]:
    """`days` successive days of one store's outbox entries (fresh sales and seqs each day)."""
    payloads: list[dict[str, Any]] = []
    for day in range(days):
        for n in range(1, SALES_PER_DAY + 1):
            receipt = day * SALES_PER_DAY + n
            payloads += one_sale(receipt, DAY + timedelta(days=day, minutes=4 * n))
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


def enroll_stores(
    url: str, count: int | None = None, days: int = 1, slug: str = "byn"
) -> list[StoreDay]:
    """`count` stores (default STORES) enrolled as `slug`-0, -1..., each with `days` days of
    trading."""
    engine = make_engine(url)
    MIGRATIONS.upgrade(engine)
    stores = []
    now = datetime.now(UTC)
    with Session(engine) as session, session.begin():
        for n in range(STORES if count is None else count):
            store = create_store(session=session, slug=f"{slug}-{n}", name=f"Byn {n}")
            code = issue_enrollment_code(session=session, store=store, now=now).code
            token = redeem_enrollment_code(
                session=session, code=code, software_version="bench", now=now
            ).token
            stores.append(StoreDay(store.slug, store.id, token, days_of_trading(days), days))
    engine.dispose()
    return stores


@contextmanager
def backoffice_servers(url: str, ports: list[int], workers: int) -> Iterator[list[int]]:
    """The backoffice served by a uvicorn of `workers` workers on each port until the block
    ends; yields their pids."""
    env = {
        **os.environ,
        "BYABUTIK_BACKOFFICE_DATABASE_URL": url,
        "BYABUTIK_BACKOFFICE_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "uvicorn", "bench.sync_bench:app_factory", "--factory"]
    options = ["--workers", str(workers), "--no-access-log", "--log-level", "warning"]
    processes = [
        subprocess.Popen([*command, "--host", HOST, "--port", str(port), *options], env=env)
        for port in ports
    ]
    try:
        deadline = time.monotonic() + 120  # a loaded machine starts 4 workers slowly
        for port, process in zip(ports, processes, strict=True):
            while True:
                try:
                    if httpx.get(f"http://{HOST}:{port}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the backoffice did not start")
                time.sleep(0.2)
        yield [process.pid for process in processes]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)


def app_factory() -> Any:
    """For uvicorn's workers: the backoffice from BYABUTIK_BACKOFFICE_* variables, its start-up
    heap frozen and its young collections spaced as in production (without the freeze every full
    collection walked the whole app: ~5 ms of a worker's ~21 ms a push; with the interpreter's
    young threshold a push ran dozens of collections: ~3 ms; `byabutik backoffice serve` pays
    neither).
    SYNC_BENCH_PROFILE=path: each worker writes a cProfile (CPU clock) to path.<pid> at its
    shutdown, the thread pool's work run inline so that the profile sees it."""
    import logging

    from backoffice.app import create_app
    from backoffice.settings import load_backoffice_settings
    from byabutik.runtime.heap import SERVER_YOUNG_THRESHOLD, settle_after_start

    logging.getLogger("byabutik.http").setLevel(logging.WARNING)
    app = create_app(load_backoffice_settings())
    settle_after_start(young_threshold=SERVER_YOUNG_THRESHOLD)  # as `backoffice serve` does
    return profiled(app, PROFILE) if PROFILE else app


def profiled(app: Any, path: str) -> Any:
    import cProfile

    import anyio.to_thread

    async def inline(func: Any, *args: Any, **_: Any) -> Any:
        return func(*args)

    anyio.to_thread.run_sync = inline  # type: ignore[assignment]
    profile = cProfile.Profile(time.process_time)
    profile.enable()

    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        async def sent(message: Any) -> None:
            if message["type"] == "lifespan.shutdown.complete":
                profile.disable()
                profile.dump_stats(f"{path}.{os.getpid()}")
            await send(message)

        await app(scope, receive, sent)

    return wrapped


def pushes(store: StoreDay, port: int) -> list[Push]:
    """The store's pushes as request bytes, each with the sequence its answer must reach."""
    host = f"{HOST}:{port}"
    acks = itertools.accumulate(store.push_sizes())
    return [
        push_request(host, store.token, body, min(ack, len(store.entries)))
        for body, ack in zip(store.bodies, acks, strict=True)
    ]


async def push_day(balancer: LeastBusy, day: list[Push]) -> None:
    """One store's day, push after push, as its controller sends it (each to the server the
    balancer picks; one server: one connection)."""
    store = Store(HOST, balancer, RETRIES)
    try:
        for push in day:
            await store.send(push)
    finally:
        await store.close()


async def warm_up(balancer: LeastBusy, warm: list[list[Push]]) -> None:
    """Every worker's first pushes before the clock: WARM_STORES stores of their own (as many a
    worker as the timed stores keep in flight, at least 4) push a day each at once, one
    connection each, then again (a replay stores nothing new). A worker's and a database
    session's first requests pay one-off costs (lazy imports, statement caches, the pool's
    connections, the report triggers' plans); a real drain of 1,000 stores (minutes, thousands
    of pushes a worker) pays them once, while the extrapolation below would count them again for
    every STORES stores. Fresh days, not one day replayed: only a fresh entry goes the whole way
    (COPYs, triggers, on hand), and with one store only the connection that came first applied
    it, the other 15 found it held, so most workers and sessions met their first COPY inside the
    timed window."""
    for _ in range(2):
        await asyncio.gather(*(push_day(balancer, day) for day in warm))


async def push_all(balancer: LeastBusy, days: list[list[Push]]) -> float:
    """Every store's day at once; the seconds until the last ack."""
    started = time.perf_counter()
    await asyncio.gather(*(push_day(balancer, day) for day in days))
    return time.perf_counter() - started


def database_sessions(url: str) -> int:
    """Sessions opened so far in `url`'s database (this count's own included)."""
    engine = make_engine(url)
    with engine.connect() as connection:
        query = "SELECT sessions FROM pg_stat_database WHERE datname = current_database()"
        opened = connection.execute(text(query)).scalar_one()
    engine.dispose()
    return int(opened)


def count_lines(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as connection:
        lines = connection.execute(text("SELECT count(*) FROM sale_lines")).scalar_one()
    engine.dispose()
    return int(lines)


def main() -> None:
    from tests.conftest import free_port

    print(__doc__.splitlines()[0])
    with scratch_database() as url:
        prepared = time.perf_counter()
        stores = enroll_stores(url, STORES, DAYS)
        warm = enroll_stores(url, WARM_STORES, slug="warm")
        entries = sum(len(store.entries) for store in stores)
        print(
            f"{STORES} stores x {len(stores[0].entries)} entries ({DAYS} days each) = {entries} "
            f"entries, prepared in {time.perf_counter() - prepared:.1f} s"
        )
        ports: list[int] = []  # least-busy: a server of one worker each, as deploy/ runs them
        while len(ports) < (WORKERS if SPREAD == "least-busy" else 1):
            ports = sorted({*ports, free_port()})
        port = ports[0]  # the Host header's
        with backoffice_servers(url, ports, WORKERS // len(ports)) as servers:
            asyncio.run(warm_up(LeastBusy(ports), [pushes(store, port) for store in warm]))
            days = [pushes(store, port) for store in stores]
            before, opened = cpu_snapshot(*servers), database_sessions(url)
            api_s = asyncio.run(push_all(LeastBusy(ports), days))
            cpu = cpu_spent(url, before, cpu_snapshot(*servers))
            opened = database_sessions(url) - opened - 1  # less the count's own
        one_day = SALES_PER_DAY * LINES_PER_SALE
        lines = count_lines(url) - one_day * WARM_STORES  # the warm-up stores'
        assert lines == STORES * DAYS * one_day, "sale lines went missing"
        floor_s = copy_floor(url, stores)
        assert count_lines(url) == lines
    report(api_s, floor_s, lines, entries, cpu, sum(len(day) for day in days), opened)


def report(
    api_s: float,
    floor_s: float,
    lines: int,
    entries: int,
    cpu: dict[str, float],
    count: int,
    opened: int,
) -> None:
    api_rate, floor_rate = lines / api_s, lines / floor_s
    print(
        f"sale lines through the sync API: {api_rate:10.0f} /s  ({entries / api_s:.0f} entries/s, "
        f"{lines} lines in {api_s:.1f} s, HTTP, {WORKERS} workers ({SPREAD}), "
        f"{STORES} concurrent stores)"
    )
    print(f"floor, COPY of the same rows:    {floor_rate:10.0f} /s  ({floor_s:.2f} s)")
    print(f"transport errors retried:        {len(RETRIES):10d}  {sorted(set(RETRIES))}")
    print(f"ratio API / COPY floor:          {api_rate / floor_rate:10.3f}")
    print(
        f"CPU in the timed window, {count} pushes (load {os.getloadavg()[0]:.1f}): "
        + ", ".join(f"{k} {v:.2f} s ({1000 * v / count:.1f} ms a push)" for k, v in cpu.items())
    )
    print(
        f"database sessions opened in the window: ~{opened}  (PostgreSQL counts them up to a "
        "second late; one closed in the window is missing from the backends' CPU)"
    )
    record(
        "backoffice ingest, sale lines",
        figure=api_rate,
        floor=floor_rate,
        unit="/s",
        ratio=api_rate / floor_rate,
        goal=(">=", 0.25),
    )
    scale = TARGET_STORES / STORES / DAYS
    drain, floor_drain = api_s * scale, floor_s * scale
    print(
        f"drain of one day's backlog of {TARGET_STORES} stores: {drain:.0f} s "
        f"(~{drain / 60:.1f} min), extrapolated x{scale:g} from {STORES} stores' {DAYS} days "
        f"in {api_s:.1f} s; the floor would take {floor_drain:.0f} s"
    )
    record(
        f"backoffice ingest, one day of {TARGET_STORES:,} stores drained",
        figure=drain,
        floor=floor_drain,
        unit="s",
        ratio=drain / floor_drain,
        goal=("<", DRAIN_GOAL_S),
        goal_on="figure",
    )


if __name__ == "__main__":
    main()
