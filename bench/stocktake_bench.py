"""Stocktake scan to row updated: a phone's scan of one item (POST .../stocktakes/{id}/scans over
real HTTP to the backoffice served by uvicorn on PostgreSQL, with a personal API token) until the
count row is updated and the answer is back, 1,000 scans of a shelf.

Floor, measured in the same run and interleaved scan by scan: the same round trip with nothing of
ours in it, a bare ASGI app on uvicorn that reads the stocktake (SELECT, open and this store's) and
adds to the count (INSERT .. ON CONFLICT DO UPDATE .. RETURNING) on one psycopg connection and
commits. The database alone (the same two statements from this process) is printed too.
Goal: p50 and p99 within 3x the floor's, p99 under 50 ms.

Run: `.venv/bin/python -m bench.stocktake_bench` (about 20 s; PostgreSQL at
BYABUTIK_TEST_POSTGRES_URL or 127.0.0.1:5432).
"""

from __future__ import annotations

import json
import os
import random
import socket
import statistics
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import psycopg
import uvicorn
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import sessionmaker

from backoffice.access.roles import Role, Scope
from backoffice.app import create_app
from backoffice.audit.service import SYSTEM
from backoffice.db import MIGRATIONS
from backoffice.people import tokens
from backoffice.people.service import Grant, association_named, create_person
from backoffice.settings import BackofficeSettings
from backoffice.stores.service import create_store
from bench.results import record
from byabutik.runtime.db import make_engine
from byabutik.runtime.heap import SERVER_YOUNG_THRESHOLD, settle_after_start

ADMIN_URL = os.environ.get(
    "BYABUTIK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SCANS = int(os.environ.get("STOCKTAKE_BENCH_SCANS", "1000"))
WARMUP = 50
PRODUCTS = 300
GOAL_RATIO = 3.0
GOAL_P99_MS = 50.0

SELECT = "SELECT status FROM stocktakes WHERE id = %s AND store_id = %s"
UPSERT = (
    "INSERT INTO stocktake_counts (stocktake_id, product_key, counted, updated_at) "
    "VALUES (%s, %s, %s, %s) ON CONFLICT (stocktake_id, product_key) "
    "DO UPDATE SET counted = stocktake_counts.counted + EXCLUDED.counted, "
    "updated_at = EXCLUDED.updated_at RETURNING counted"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(app: Any) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_config=None, access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join()


def scan_once(
    raw: psycopg.Connection[Any], stocktake: int, store: int, body: dict[str, Any]
) -> int:
    row = raw.execute(SELECT, (stocktake, store)).fetchone()
    if row is None or row[0] != "open":
        raise LookupError("no open stocktake")
    counted = raw.execute(
        UPSERT, (stocktake, "0" + body["code"], body["quantity"], datetime.now(UTC))
    ).fetchone()
    raw.commit()
    assert counted is not None
    return int(counted[0])


def bare_app(dsn: str, stocktake: int, store: int) -> Callable[..., Any]:
    """The floor: an ASGI app with one route and one connection, nothing else."""
    raw = psycopg.connect(dsn)

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        counted = scan_once(raw, stocktake, store, json.loads(body))
        answer = json.dumps({"counted": counted}).encode()
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": answer})

    return app


def setup(url: str) -> tuple[str, int]:
    """The store, its owner's API token; the ids of the store."""
    engine = make_engine(url)
    MIGRATIONS.upgrade(engine)
    with sessionmaker(engine).begin() as session:
        now = datetime.now(UTC)
        association = association_named(session, "Bänkföreningen")
        store = create_store(
            session=session, slug="byn-1", name="Byn", association_id=association.id
        )
        owner = create_person(
            session, association=association, email="owner@example.test", name="Owner",
            password=None, grants=[Grant(Role.OWNER, "byn-1")], actor=SYSTEM, now=now,
        )  # fmt: skip
        api, _row = tokens.issue(
            session, person_id=owner.id, name="bench", scopes=frozenset(Scope),
            lifetime=timedelta(days=1), now=now,
        )  # fmt: skip
        store_id = store.id
    engine.dispose()
    return api, store_id


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    name = f"byabutik_stocktake_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        run(url, dsn)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(url: str, dsn: str) -> None:
    api, store_id = setup(url)
    headers = {"Authorization": f"Bearer {api}"}
    rng = random.Random(19)
    codes = [f"731{i:09d}" for i in range(PRODUCTS)]
    codes = [c + str(check_digit(c)) for c in codes]
    settings = BackofficeSettings(database_url=url, public_url="http://backoffice.test")
    ours: list[float] = []
    floor: list[float] = []
    database: list[float] = []
    with served(create_app(settings)) as base, httpx.Client(base_url=base) as client:
        stock = "/api/admin/stores/byn-1/stock/stocktakes"
        made = client.post(stock, json={"shelf": "Hylla 1"}, headers=headers)
        assert made.status_code == 201, made.text
        shelf = made.json()["id"]
        made = client.post(stock, json={"shelf": "Hylla 2"}, headers=headers)
        other = made.json()["id"]  # the floor counts into its own stocktake
        with (
            served(bare_app(dsn, other, store_id)) as bare_base,
            httpx.Client(base_url=bare_base) as bare,
            psycopg.connect(dsn) as raw,
        ):
            # As `byabutik backoffice serve` once started: start-up's objects frozen, young
            # collections spaced (the bare app shares this process and its collector)
            settle_after_start(young_threshold=SERVER_YOUNG_THRESHOLD)
            for i in range(WARMUP + SCANS):
                body = {"code": rng.choice(codes), "quantity": 1}
                started = time.perf_counter()
                answer = client.post(f"{stock}/{shelf}/scans", json=body, headers=headers)
                took = time.perf_counter() - started
                assert answer.status_code == 200, answer.text
                started = time.perf_counter()
                answer = bare.post("/scan", json=body)
                took_floor = time.perf_counter() - started
                assert answer.status_code == 200, answer.text
                started = time.perf_counter()
                scan_once(raw, other, store_id, body)
                took_db = time.perf_counter() - started
                if i >= WARMUP:
                    ours.append(took * 1000)
                    floor.append(took_floor * 1000)
                    database.append(took_db * 1000)
        counted = client.get(f"{stock}/{shelf}/differences", headers=headers).json()
        assert sum(d["counted"] for d in counted) == WARMUP + SCANS, "every scan counted"
    report(ours, floor, database)


def check_digit(digits: str) -> int:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def report(ours: list[float], floor: list[float], database: list[float]) -> None:
    print(f"stocktake scan -> row updated, {len(ours)} scans over HTTP on PostgreSQL (ms)")
    print(f"{'':<34}{'p50':>8}{'p99':>8}{'mean':>8}")
    for label, values in (
        ("backoffice (uvicorn, FastAPI)", ours),
        ("floor: bare ASGI SELECT+UPDATE", floor),
        ("database alone (no HTTP)", database),
    ):
        print(
            f"{label:<34}{pct(values, 0.5):>8.2f}{pct(values, 0.99):>8.2f}"
            f"{statistics.fmean(values):>8.2f}"
        )
    for q, label in ((0.5, "p50"), (0.99, "p99")):
        ratio = pct(ours, q) / pct(floor, q)
        ok = ratio <= GOAL_RATIO and pct(ours, 0.99) < GOAL_P99_MS
        print(f"{label} ratio {ratio:.2f}x (goal {GOAL_RATIO}x, p99 < {GOAL_P99_MS} ms): "
              f"{'met' if ok else 'MISSED'}")  # fmt: skip
        record(
            f"stocktake scan round trip {label} (ms)",
            figure=round(pct(ours, q), 2),
            floor=round(pct(floor, q), 2),
            unit="ms",
            ratio=round(ratio, 2),
            goal=("<=", GOAL_RATIO),
        )


if __name__ == "__main__":
    main()
