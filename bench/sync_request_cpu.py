"""CPU per whole sync push request, in process, on PostgreSQL: `python -m bench.sync_request_cpu`
(a measurement for the issue-23 notes, not in ./dev bench).

The backoffice app is called as one uvicorn worker would call it (ASGI, a hand-made scope and
the body as bytes, as `bench.sync_bench` sends it; no client library, no socket), so
`time.process_time` around each call is the worker's CPU for the push: JSON parsing,
validation, FastAPI routing and dependencies, the device check, `apply_push` and the commit.
One warm-up store, then SYNC_CPU_STORES (default 8) stores push one day each in pushes of 200.
SYNC_CPU_PROFILE=path writes a cProfile of the timed requests (sync endpoints and dependencies
then run inline instead of in the thread pool, so the profile sees them). To compare two
versions, run this file alternately with PYTHONPATH pointing at each source tree.
"""

from __future__ import annotations

import asyncio
import cProfile
import os
import statistics
import time
from typing import Any

from sqlalchemy import text

from bench import sync_bench
from byabutik.runtime.db import make_engine

STORES = int(os.environ.get("SYNC_CPU_STORES", "8"))
PROFILE = os.environ.get("SYNC_CPU_PROFILE", "")


async def call(app: Any, token: str, body: bytes) -> tuple[int, bytes]:
    """One POST /api/sync/v1/push through the ASGI app; its status and body."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/sync/v1/push",
        "raw_path": b"/api/sync/v1/push",
        "root_path": "",
        "query_string": b"",
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"authorization", f"Bearer {token}".encode()),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    sent = False
    status = 0
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


async def run(app: Any, stores: list[sync_bench.StoreDay], profile: Any) -> list[float]:
    cpu: list[float] = []
    for n, store in enumerate(stores):
        for body in store.bodies:
            if profile is not None and n:
                profile.enable()
            before = time.process_time()
            status, answer = await call(app, store.token, body)
            spent = time.process_time() - before
            if profile is not None:
                profile.disable()
            assert status == 200, answer
            if n:  # the first store warms the caches
                cpu.append(spent)
    return cpu


def main() -> None:
    from backoffice.app import create_app
    from backoffice.settings import load_backoffice_settings

    sync_bench.STORES = STORES + 1
    profile = cProfile.Profile(time.process_time) if PROFILE else None
    if profile is not None:
        import anyio.to_thread

        async def inline(func: Any, *args: Any, **_: Any) -> Any:
            return func(*args)

        anyio.to_thread.run_sync = inline  # type: ignore[assignment]
    with sync_bench.scratch_database() as url:
        stores = sync_bench.enroll_stores(url)
        os.environ["BYABUTIK_BACKOFFICE_DATABASE_URL"] = url
        app = create_app(load_backoffice_settings())

        async def session() -> list[float]:
            async with app.router.lifespan_context(app):
                return await run(app, stores, profile)

        cpu = asyncio.run(session())
        engine = make_engine(url)
        with engine.connect() as connection:
            lines = connection.execute(text("SELECT count(*) FROM sale_lines")).scalar_one()
        engine.dispose()
    assert lines == len(stores) * sync_bench.SALES_PER_DAY * sync_bench.LINES_PER_SALE
    if profile is not None:
        profile.dump_stats(PROFILE)
    ms = [1000 * s for s in cpu]
    print(
        f"load {os.getloadavg()[0]:.1f}; {STORES} stores, {len(ms)} pushes of up to "
        f"{max(sync_bench.batch_sizes(len(stores[0].entries)))}: "
        f"worker CPU {sum(ms) / len(ms):.1f} ms a push "
        f"(median {statistics.median(ms):.1f}, min {min(ms):.1f})"
    )


if __name__ == "__main__":
    main()
