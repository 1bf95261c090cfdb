"""How many stores one backoffice core serves: `python -m bench.sizing_bench` (~30 s;
SIZING_BENCH_FULL=1 for longer steps and a finer ramp, ~3 min; `./dev bench` runs a shorter
ramp, ~20 s: SIZING_BENCH_SECONDS, _STEP_S, _FLOOR_S and _START set in bench/run_all.py).

One uvicorn worker process (one core) on a scratch PostgreSQL database (BYABUTIK_TEST_POSTGRES_URL,
default 127.0.0.1:5432 `test`, dropped afterwards), real HTTP. STORES enrolled stores (device
tokens) make a controller's own requests at its default `[sync]` intervals: commands every 5 s,
heartbeat and stock every 30 s, catalog every 60 s, and a push of SALES_PER_MIN sales a minute
(each sale with its visit and a stock movement per line). That is REQ_PER_STORE requests a second
per store. The load is open-loop (requests start on schedule, whether or not earlier ones have
answered, as independent stores do), spread over the enrolled stores, and raised step by step;
a step of R requests a second stands for R / REQ_PER_STORE stores. The ramp starts at the
floor's rate divided by START and stops at the first step whose p99 latency passes LIMIT_MS,
that has an error, or that the server cannot keep up with (fewer answers than requests
started), or after MAX_SECONDS; the figure is the last step that passed.

Floor, same run, same process: bare `/healthz` (no database) requests a second from 32
concurrent clients for FLOOR_S seconds, read as stores: the throughput if every request of a
store cost a `/healthz`.
The ratio is the share of that floor the real mix reaches.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import httpx
import uvicorn
from sqlalchemy.orm import Session

from backoffice.db import MIGRATIONS
from backoffice.devices.service import issue_enrollment_code, redeem_enrollment_code
from backoffice.stores.service import create_store
from bench.reconnect_bench import free_port
from bench.results import record
from bench.sync_bench import app_factory, scratch_database
from byabutik.runtime.db import make_engine

T = TypeVar("T")

FULL = os.environ.get("SIZING_BENCH_FULL") == "1"
STORES = int(os.environ.get("SIZING_BENCH_STORES", "40"))
STEP_S = float(os.environ.get("SIZING_BENCH_STEP_S", "6" if FULL else "3"))
GROWTH = float(os.environ.get("SIZING_BENCH_GROWTH", "1.25" if FULL else "1.6"))
LIMIT_MS = float(os.environ.get("SIZING_BENCH_P99_MS", "500"))
SALES_PER_MIN = int(os.environ.get("SIZING_BENCH_SALES_PER_MIN", "2"))
LINES_PER_SALE = 4
MAX_SECONDS = float(os.environ.get("SIZING_BENCH_SECONDS", "150" if FULL else "24"))
FLOOR_S = float(os.environ.get("SIZING_BENCH_FLOOR_S", "3"))
START = float(os.environ.get("SIZING_BENCH_START", "16"))  # first step: floor rate / START
# (kind, seconds between two of them at one store): a controller's default [sync] intervals
SCHEDULE = (("commands", 5.0), ("heartbeat", 30.0), ("stock", 30.0), ("catalog", 60.0))
PUSH_EVERY_S = 60.0
REQ_PER_STORE = sum(1 / every for _, every in SCHEDULE) + 1 / PUSH_EVERY_S


@dataclass
class Store:
    slug: str
    token: str
    seq: int = 0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


@dataclass
class Step:
    rate: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    started: int = 0

    @property
    def p99_ms(self) -> float:
        if not self.latencies:
            return float("inf")
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]

    @property
    def passed(self) -> bool:
        kept_up = len(self.latencies) + len(self.errors) >= self.started
        return kept_up and not self.errors and self.p99_ms <= LIMIT_MS


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def one_sale(at: datetime) -> list[dict[str, Any]]:
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
    total = sum(1000 + n for n in range(1, LINES_PER_SALE + 1))
    vat = total - round(total / 1.06)
    visit = {"kind": "visit", "visit_id": str(uuid.uuid4()), "occurred_at": iso(at)}
    sale = {
        "kind": "sale",
        "sale_id": sale_id,
        "register_id": "kassa-1",
        "receipt_number": 1,
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
    moves = [
        {
            "kind": "stock_movement",
            "movement_id": str(uuid.uuid4()),
            "occurred_at": iso(at),
            "product_key": line["product_key"],
            "quantity_delta": -1,
            "reason": "sale",
            "sale_id": sale_id,
        }
        for line in lines
    ]
    return [visit | {"outcome": "granted", "age": 40}, sale, *moves]


def heartbeat_body(store: Store) -> str:
    return json.dumps(
        {
            "sent_at": iso(datetime.now(UTC)),
            "software_version": "bench",
            "uptime_s": 60,
            "outbox_backlog": 0,
            "catalog_revision": 0,
            "door": "locked",
            "lock_down": False,
        }
    )


def push_body(store: Store) -> str:
    at = datetime.now(UTC) - timedelta(seconds=5)
    payloads = [payload for _ in range(SALES_PER_MIN) for payload in one_sale(at)]
    entries = []
    for payload in payloads:
        store.seq += 1
        entries.append({"seq": store.seq, "created_at": iso(at), "payload": payload})
    return json.dumps({"protocol": 1, "store_id": store.slug, "entries": entries})


async def one_request(client: httpx.AsyncClient, store: Store, kind: str, step: Step) -> None:
    headers = {"Authorization": f"Bearer {store.token}", "Content-Type": "application/json"}
    started = time.perf_counter()
    try:
        if kind == "push":
            async with store.lock:  # one push at a time per store, as a controller does
                started = time.perf_counter()
                answer = await client.post(
                    "/api/sync/v1/push", content=push_body(store), headers=headers
                )
        elif kind == "heartbeat":
            body = heartbeat_body(store)
            answer = await client.post("/api/sync/v1/heartbeat", content=body, headers=headers)
        elif kind == "catalog":
            answer = await client.get("/api/sync/v1/catalog?since=0", headers=headers)
        else:
            answer = await client.get(f"/api/sync/v1/{kind}", headers=headers)
        if answer.status_code >= 400:
            step.errors.append(f"{kind} {answer.status_code}: {answer.text[:200]}")
            return
    except httpx.HTTPError as exc:
        step.errors.append(f"{kind}: {type(exc).__name__}")
        return
    step.latencies.append(time.perf_counter() - started)


def mix() -> list[str]:
    """One minute of a store's requests, in the proportions a controller makes them."""
    kinds = [kind for kind, every in SCHEDULE for _ in range(round(60 / every))]
    kinds += ["push"] * round(60 / PUSH_EVERY_S)
    return sorted(kinds, key=lambda kind: hash((kind, kinds.count(kind))) % 7)


async def run_step(client: httpx.AsyncClient, stores: list[Store], rate: float) -> Step:
    step = Step(rate)
    kinds = mix()
    tasks: list[asyncio.Task[None]] = []
    begin = time.perf_counter()
    n = 0
    while (due := begin + n / rate) < begin + STEP_S:
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        store = stores[n % len(stores)]
        kind = kinds[(n // len(stores)) % len(kinds)]
        tasks.append(asyncio.create_task(one_request(client, store, kind, step)))
        step.started += 1
        n += 1
    # answers still outstanding a second after the step count as not kept up
    await asyncio.wait(tasks, timeout=max(1.0, LIMIT_MS / 1000 * 2))
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return step


async def healthz_rate(client: httpx.AsyncClient, seconds: float = FLOOR_S) -> float:
    done = 0
    stop = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal done
        while time.perf_counter() < stop:
            (await client.get("/healthz")).raise_for_status()
            done += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(32)))
    return done / (time.perf_counter() - started)


async def ramp(base: str, stores: list[Store]) -> tuple[float, list[Step]]:
    limits = httpx.Limits(max_connections=512, max_keepalive_connections=512)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10) as client:
        warm = await run_step(client, stores, 2 * len(stores) / STEP_S)  # every store once or twice
        if warm.errors:
            raise RuntimeError(f"warm-up failed: {warm.errors[:3]}")
        floor = await healthz_rate(client)
        steps: list[Step] = []
        rate = max(5.0, floor / START)
        deadline = time.monotonic() + MAX_SECONDS
        while time.monotonic() + STEP_S < deadline:
            step = await run_step(client, stores, rate)
            steps.append(step)
            print(
                f"  {rate:7.0f} req/s = {rate / REQ_PER_STORE:6.0f} stores: "
                f"p50 {1000 * statistics.median(step.latencies or [0]):6.1f} ms, "
                f"p99 {step.p99_ms:7.1f} ms, {len(step.errors)} errors, "
                f"{len(step.latencies)}/{step.started} answered"
                f"{'' if step.passed else '  <- over'}"
            )
            if not step.passed:
                break
            rate *= GROWTH
    return floor, steps


def enroll_tokens(url: str, count: int) -> list[tuple[str, str]]:
    engine = make_engine(url)
    MIGRATIONS.upgrade(engine)
    now = datetime.now(UTC)
    tokens = []
    with Session(engine) as session, session.begin():
        for n in range(count):
            store = create_store(session=session, slug=f"byn-{n}", name=f"Byn {n}")
            code = issue_enrollment_code(session=session, store=store, now=now).code
            credential = redeem_enrollment_code(
                session=session, code=code, software_version="bench", now=now
            )
            tokens.append((store.slug, credential.token))
    engine.dispose()
    return tokens


def serve(url: str, port: int) -> None:
    """The forked worker's body: the backoffice on `port`, as `uvicorn --factory` would run it."""
    os.environ["BYABUTIK_BACKOFFICE_DATABASE_URL"] = url
    os.environ["BYABUTIK_BACKOFFICE_LOG_LEVEL"] = "WARNING"
    uvicorn.run(app_factory(), host="127.0.0.1", port=port, access_log=False, log_level="warning")


@contextmanager
def one_worker(url: str, port: int, meanwhile: Callable[[], T]) -> Iterator[tuple[str, T]]:
    """The backoffice as one uvicorn worker process: one core's worth of Python. It is forked
    from this process, so it starts with what this one has imported (a fresh interpreter took
    10-20 s to start the worker on a busy machine), and it imports the rest of the app while
    `meanwhile` runs here (the app touches no database until a request does: the migrations
    can run meanwhile). The result of `meanwhile` comes with the worker's base URL."""
    process = multiprocessing.get_context("fork").Process(target=serve, args=(url, port))
    process.start()
    base = f"http://127.0.0.1:{port}"
    try:
        done = meanwhile()
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or not process.is_alive():
                raise RuntimeError("the backoffice did not start")
            time.sleep(0.05)
        yield base, done
    finally:
        # No graceful drain: after an overloaded step hundreds of requests are still queued,
        # and answering them would only spend the bench's time budget.
        process.terminate()
        process.join(timeout=2)
        if process.is_alive():
            process.kill()
            process.join()


def main() -> None:
    with scratch_database() as url:
        port = free_port()
        with one_worker(url, port, lambda: enroll_tokens(url, STORES)) as (base, tokens):
            stores = [Store(slug, token) for slug, token in tokens]
            floor_rate, steps = asyncio.run(ramp(base, stores))
    passed = [step for step in steps if step.passed]
    best = passed[-1].rate if passed else 0.0
    stores_per_core = best / REQ_PER_STORE
    floor_stores = floor_rate / REQ_PER_STORE
    print(f"per store: {REQ_PER_STORE:.3f} requests/s ({SALES_PER_MIN} sales/min pushed each min)")
    print(f"bare /healthz (floor):   {floor_rate:8.0f} req/s = {floor_stores:7.0f} stores")
    print(f"real mix, p99 <= {LIMIT_MS:.0f} ms: {best:8.0f} req/s = {stores_per_core:7.0f} stores")
    print(f"ratio to the floor:      {stores_per_core / floor_stores:8.2f}x")
    if steps and not steps[-1].passed and steps[-1].errors:
        print("first errors:", *steps[-1].errors[:3], sep="\n  ")
    record(
        "stores per backoffice core (PostgreSQL, p99 <= 500 ms)",
        figure=stores_per_core,
        floor=floor_stores,
        unit="stores",
        ratio=stores_per_core / floor_stores,
    )


if __name__ == "__main__":
    main()
