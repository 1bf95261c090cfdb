"""Coming back after an outage: while the push loop backs off from an unreachable backoffice it
asks the health endpoint every few seconds (jittered, never more often than every 5 s) and
pushes the moment it answers, instead of waiting out a backoff of up to 300 s. On a fake
sleeper: no test here waits for real time."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.orm import Session, sessionmaker

from store_controller.core.clock import ManualClock
from store_controller.sync import outbox
from store_controller.sync.client import BackofficeClient
from store_controller.sync.service import SyncService, SyncTiming
from tests.store_controller.sync.harness import (  # noqa: F401
    T0,
    anyio_backend,
    controller_outbox,
    trade,
)
from tests.store_controller.sync.test_service import FakeBackoffice
from tests.waits import WAIT_S

pytestmark = pytest.mark.anyio


class Outage(FakeBackoffice):
    """Unreachable while `down`; answering pushes with `push_status` (200: acknowledged)."""

    def __init__(self) -> None:
        super().__init__()
        self.down = True
        self.push_status = 200
        self.log: list[str] = []
        self.pushed = asyncio.Event()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.log.append(path.removeprefix("/api/sync/v1"))
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        if path == "/healthz":
            return httpx.Response(200, json={"status": "alive"})
        if path.endswith("/push") and self.push_status != 200:
            return httpx.Response(self.push_status, json={"detail": "no"})
        answer = super().__call__(request)
        if path.endswith("/push"):
            self.pushed.set()
        return answer


class Sleeper:
    """Records each wait and lets `on_sleep` change the world; never waits for real time,
    except that once `stop_after` waits are done it blocks (the test then stops the loop)."""

    def __init__(self, on_sleep: Any, stop_after: int = 50) -> None:
        self.slept: list[float] = []
        self.on_sleep = on_sleep
        self.stop_after = stop_after

    async def __call__(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.on_sleep(len(self.slept))
        if len(self.slept) >= self.stop_after:
            await asyncio.Event().wait()
        await asyncio.sleep(0)


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    with controller_outbox(tmp_path) as made:
        yield made


def service_for(fake: Outage, sessions: sessionmaker[Session], sleeper: Sleeper) -> SyncService:
    return SyncService(
        client=BackofficeClient("http://bo", "tok", transport=httpx.MockTransport(fake)),
        sessions=sessions,
        clock=ManualClock(T0),
        store_id="byn-1",
        software_version="0.1.0",
        timing=SyncTiming(backoff_base=300, backoff_cap=300),  # every backoff 150-300 s
        sleep=sleeper,
        rng=random.Random(7),
    )


async def run_push_loop(service: SyncService, until: asyncio.Event) -> None:
    loop = asyncio.create_task(service.run_loop("push", service.drain, 2.0))
    try:
        await asyncio.wait_for(until.wait(), timeout=WAIT_S)
    finally:
        loop.cancel()
        await asyncio.gather(loop, return_exceptions=True)
        await service.client.aclose()


async def test_the_push_follows_the_first_probe_that_answers(
    sessions: sessionmaker[Session],
) -> None:
    fake = Outage()
    trade(sessions, 3)
    fake.acked_through = 6
    done = asyncio.Event()

    def world(waits: int) -> None:
        if waits == 4:
            fake.down = False  # the backoffice is back during the 4th wait
        if fake.pushed.is_set():
            done.set()  # the loop rests after the push: it is marked

    sleeper = Sleeper(world)
    await run_push_loop(service_for(fake, sessions, sleeper), done)

    assert fake.log[:1] == ["/push"]  # the push that found it down
    probes = fake.log[1:]
    assert probes == ["/healthz"] * 4 + ["/push"]  # pushed right after the answer
    assert all(2.5 <= wait <= 5.0 for wait in sleeper.slept[:4])  # at most every 5 s
    assert len(set(sleeper.slept[:4])) == 4  # jittered
    assert sum(sleeper.slept[:4]) < 150  # long before the backoff was up
    assert outbox.backlog(sessions) == 0


async def test_a_refusal_is_backed_off_without_probing(sessions: sessionmaker[Session]) -> None:
    fake = Outage()
    fake.down = False
    fake.push_status = 422  # reachable, and refusing: probing would not help
    trade(sessions, 1)
    done = asyncio.Event()
    sleeper = Sleeper(lambda waits: done.set() if waits == 2 else None)
    await run_push_loop(service_for(fake, sessions, sleeper), done)
    assert "/healthz" not in fake.log
    assert all(150 <= wait <= 300 for wait in sleeper.slept)  # the backoff waited out whole


async def test_a_push_that_fails_after_the_probe_waits_out_the_next_backoff(
    sessions: sessionmaker[Session],
) -> None:
    fake = Outage()
    trade(sessions, 1)
    done = asyncio.Event()

    def world(waits: int) -> None:
        if waits == 1:  # alive, but every push fails (its database is down, say)
            fake.down = False
            fake.push_status = 503
        if len(fake.log) >= 6:
            done.set()

    sleeper = Sleeper(world)
    await run_push_loop(service_for(fake, sessions, sleeper), done)
    assert fake.log[:3] == ["/push", "/healthz", "/push"]
    assert 150 <= sleeper.slept[1] <= 300  # no probing: one whole backoff
    assert fake.log[3:6] == ["/push", "/healthz", "/push"]  # then probing again


async def test_alive_never_raises() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("slow", request=request)

    client = BackofficeClient("http://bo", transport=httpx.MockTransport(refuse))
    assert await client.alive() is False
    await client.aclose()
    answering = BackofficeClient(
        "http://bo", transport=httpx.MockTransport(lambda r: httpx.Response(503))
    )
    assert await answering.alive() is False
    await answering.aclose()
