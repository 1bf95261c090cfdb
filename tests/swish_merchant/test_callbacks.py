"""Callbacks: POSTed to callbackUrl over HTTPS when a request ends, retried until a 200."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI, Request, Response

from byabutik.runtime.clock import FakeClock
from retail import Money
from swish_merchant.client import SwishClient
from swish_merchant.simulator.callbacks import Delivery
from swish_merchant.simulator.embedded import EmbeddedSwishSimulator
from tests.servers import serving

pytestmark = pytest.mark.anyio
IDENTIFIER = "0123456789abcdef0123456789abcdef"


class Receiver:
    """A callback receiver that fails the first `failures` posts."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.received: list[tuple[dict[str, Any], str | None]] = []
        self.app = FastAPI()

        @self.app.post("/api/swish/callback")
        async def callback(request: Request) -> Response:
            self.received.append((await request.json(), request.headers.get("callbackIdentifier")))
            if len(self.received) <= self.failures:
                return Response(status_code=503)
            return Response(status_code=200)


@pytest.fixture
def receiver(sim: EmbeddedSwishSimulator) -> Iterator[tuple[Receiver, str]]:
    receiver = Receiver(failures=2)
    files = sim.files
    with serving(
        receiver.app, ssl_certfile=str(files.server_cert), ssl_keyfile=str(files.server_key)
    ) as url:
        yield receiver, f"{url}/api/swish/callback"


def _delivered(deliveries: list[Delivery]) -> bool:
    return any(d.delivered for d in deliveries)


async def test_a_paid_request_is_called_back_and_retried_until_200(
    sim: EmbeddedSwishSimulator, receiver: tuple[Receiver, str], clock: FakeClock
) -> None:
    target, url = receiver
    config = sim.config(callback_url=url, callback_identifier=IDENTIFIER)
    async with SwishClient.from_config(config, clock=clock) as swish:
        created = await swish.create_payment_request(reference=str(uuid.uuid4()), amount=Money(990))
        assert sim.simulator.callbacks.deliveries == []  # nothing until the request ends
        sim.simulator.store.pay(created.id)
        assert sim.simulator.callbacks.wait_for(_delivered)
    attempts = sim.simulator.callbacks.deliveries
    assert [d.status for d in attempts] == [503, 503, 200]
    assert [d.attempt for d in attempts] == [1, 2, 3]
    body, identifier = target.received[-1]
    assert (body["id"], body["status"]) == (created.id, "PAID")
    assert body["paymentReference"]
    assert identifier == IDENTIFIER


async def test_time_driven_outcomes_are_called_back_without_anyone_polling(
    sim: EmbeddedSwishSimulator, receiver: tuple[Receiver, str], clock: FakeClock
) -> None:
    target, url = receiver
    target.failures = 0
    async with SwishClient.from_config(sim.config(callback_url=url), clock=clock) as swish:
        created = await swish.create_payment_request(
            reference=str(uuid.uuid4()), amount=Money(990), message="FF10"
        )
    clock.advance(2.0)  # the simulator's own ticker settles it
    assert sim.simulator.callbacks.wait_for(_delivered)
    body, _ = target.received[-1]
    assert (body["id"], body["status"], body["errorCode"]) == (created.id, "ERROR", "FF10")


async def test_callbacks_give_up_after_ten_attempts(
    sim: EmbeddedSwishSimulator, clock: FakeClock
) -> None:
    url = "https://127.0.0.1:9/api/swish/callback"
    async with SwishClient.from_config(sim.config(callback_url=url), clock=clock) as swish:
        created = await swish.create_payment_request(reference=str(uuid.uuid4()), amount=Money(5))
    sim.simulator.store.decline(created.id)
    assert sim.simulator.callbacks.wait_for(lambda d: len(d) == 10)
    deliveries = sim.simulator.callbacks.deliveries
    assert all(d.error and not d.delivered for d in deliveries)
