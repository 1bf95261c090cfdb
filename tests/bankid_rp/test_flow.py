"""The order flow: collect cadence, QR frames, messages, cancel and timeouts, on a fake clock."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from bankid_rp import errors
from bankid_rp.client import BankIdClient
from bankid_rp.config import BankIdConfig
from bankid_rp.flow import OrderFlow, OrderProgress
from bankid_rp.models import CollectResult, OrderStarted, PhoneOrderStarted
from bankid_rp.qr import qr_data
from byabutik.runtime.clock import FakeClock, SystemClock
from tests.bankid_rp.conftest import RunningSimulator
from tests.waits import WAIT_S

pytestmark = pytest.mark.anyio
REF = "0b3b6c9e-5cf0-4b5e-9d0e-6b3f1f3c1a11"
TOKEN = "67df3917-fa0d-44e5-b327-edcc928297f8"
SECRET = "d28db9a7-4cde-429e-a983-359be676944c"

Answer = CollectResult | errors.BankIdError


def pending(hint: str) -> CollectResult:
    return CollectResult(order_ref=REF, status="pending", hint_code=hint)


def failed(hint: str) -> CollectResult:
    return CollectResult(order_ref=REF, status="failed", hint_code=hint)


COMPLETE = CollectResult.model_validate(
    {
        "orderRef": REF,
        "status": "complete",
        "completionData": {
            "user": {
                "personalNumber": "191212121212",
                "name": "T T",
                "givenName": "T",
                "surname": "T",
            },
            "device": {"ipAddress": "::1"},
            "signature": "",
            "ocspResponse": "",
        },
    }
)


class ScriptedClient:
    """Answers collects from a script (the last answer repeats) and records when it was asked."""

    def __init__(self, clock: FakeClock, script: list[Answer] | Callable[[int], Answer]) -> None:
        self.clock = clock
        self.script = script
        self.collects: list[float] = []
        self.cancels: list[str] = []

    async def collect(self, order_ref: str) -> CollectResult:
        self.collects.append(self.clock.now)
        index = len(self.collects) - 1
        answer = (
            self.script(index)
            if callable(self.script)
            else self.script[min(index, len(self.script) - 1)]
        )
        if isinstance(answer, errors.BankIdError):
            raise answer
        return answer

    async def cancel(self, order_ref: str) -> None:
        self.cancels.append(order_ref)


def qr_order(clock: FakeClock) -> OrderStarted:
    return OrderStarted(REF, "auto", TOKEN, SECRET, started_at=clock.now)


async def run(flow: OrderFlow) -> list[OrderProgress]:
    return [update async for update in flow.updates()]


async def test_collects_every_two_seconds_and_a_new_qr_frame_every_second() -> None:
    clock = FakeClock()
    start = clock.now
    client = ScriptedClient(
        clock, lambda i: COMPLETE if i == 5 else pending("outstandingTransaction")
    )
    updates = await run(OrderFlow(client, qr_order(clock), clock=clock))
    assert [t - start for t in client.collects] == [0, 2, 4, 6, 8, 10]
    frames = [u.qr_data for u in updates if u.qr_data]
    assert frames == [qr_data(TOKEN, SECRET, t) for t in range(10)]
    assert {u.message.rfa for u in updates[:-1]} == {"RFA1QR"}
    assert updates[-1].state == "complete"
    assert updates[-1].completion is not None
    assert all(sleep <= 1.0 for sleep in clock.sleeps)


async def test_never_collects_more_than_once_a_second() -> None:
    clock = FakeClock()
    client = ScriptedClient(clock, lambda i: COMPLETE if i == 4 else pending("noClient"))
    await run(OrderFlow(client, qr_order(clock), clock=clock, collect_interval=0.1))
    gaps = [b - a for a, b in zip(client.collects, client.collects[1:], strict=False)]
    assert gaps == [1.0, 1.0, 1.0, 1.0]


async def test_hint_codes_become_messages_until_failure() -> None:
    clock = FakeClock()
    script: list[Answer] = [
        pending("outstandingTransaction"),
        pending("started"),
        pending("userSign"),
        failed("userCancel"),
    ]
    client = ScriptedClient(clock, script)
    updates = await run(
        OrderFlow(client, qr_order(clock), clock=clock, autostarted=True, device="mobile")
    )
    rfas = [u.message.rfa for u in updates]
    assert rfas[0] == "RFA13"
    assert "RFA15B" in rfas
    assert "RFA9" in rfas
    assert (updates[-1].state, updates[-1].message.rfa, updates[-1].hint_code) == (
        "failed",
        "RFA6",
        "userCancel",
    )


async def test_start_failed_with_qr_says_rfa17b() -> None:
    clock = FakeClock()
    client = ScriptedClient(clock, [failed("startFailed")])
    final = await OrderFlow(client, qr_order(clock), clock=clock).wait()
    assert final.message.rfa == "RFA17B"


async def test_phone_orders_have_no_qr() -> None:
    clock = FakeClock()
    client = ScriptedClient(clock, [pending("userCallConfirm"), COMPLETE])
    updates = await run(OrderFlow(client, PhoneOrderStarted(REF, clock.now), clock=clock))
    assert all(u.qr_data is None for u in updates)
    assert updates[-1].state == "complete"


async def test_timeout_cancels_the_order() -> None:
    clock = FakeClock()
    client = ScriptedClient(clock, [pending("userSign")])
    final = await OrderFlow(client, qr_order(clock), clock=clock, timeout=9).wait()
    assert (final.state, final.message.rfa) == ("timedOut", "RFA8")
    assert client.cancels == [REF]
    assert clock.now - 1000.0 == 9


async def test_cancel_from_the_screen() -> None:
    clock = FakeClock()
    client = ScriptedClient(clock, [pending("outstandingTransaction")])
    flow = OrderFlow(client, qr_order(clock), clock=clock)
    updates: list[OrderProgress] = []
    async for update in flow.updates():
        updates.append(update)
        if len(updates) == 3:
            flow.cancel()
    assert updates[-1].state == "cancelled"
    assert len(updates) == 4
    assert client.cancels == [REF]


async def test_transient_errors_are_tolerated_then_reported() -> None:
    clock = FakeClock()
    hiccup: list[Answer] = [
        errors.ClientTimeout("slow"),
        errors.Maintenance("m"),
        pending("userSign"),
        COMPLETE,
    ]
    assert (
        await OrderFlow(ScriptedClient(clock, hiccup), qr_order(clock), clock=clock).wait()
    ).state == "complete"
    down = ScriptedClient(clock, [errors.TransportFailure("down")])
    final = await OrderFlow(down, qr_order(clock), clock=clock, max_transient_errors=3).wait()
    assert (final.state, final.message.rfa) == ("error", "RFA5")
    assert len(down.collects) == 4


@pytest.mark.parametrize(
    ("error", "rfa"),
    [(errors.InvalidParameters("x"), "RFA22"), (errors.AlreadyInProgress("x"), "RFA4")],
)
async def test_rejections_end_the_flow_at_once(error: errors.BankIdError, rfa: str) -> None:
    clock = FakeClock()
    client = ScriptedClient(clock, [error])
    final = await OrderFlow(client, qr_order(clock), clock=clock).wait()
    assert (final.state, final.message.rfa, final.error) == ("error", rfa, error)
    assert len(client.collects) == 1


async def test_cancel_wakes_a_real_sleep_at_once() -> None:
    clock = FakeClock()
    client = ScriptedClient(clock, [pending("outstandingTransaction")])
    started = PhoneOrderStarted(REF, SystemClock().monotonic())
    # a collect interval far past the wait below: only the cancel can end the sleep in time
    flow = OrderFlow(client, started, clock=SystemClock(), collect_interval=10 * WAIT_S)
    task = asyncio.create_task(flow.wait())
    await asyncio.sleep(0.05)
    flow.cancel()
    final = await asyncio.wait_for(task, timeout=WAIT_S)
    assert final.state == "cancelled"


async def test_flow_from_config() -> None:
    clock = FakeClock()
    client = ScriptedClient(clock, [pending("userSign")])
    config = BankIdConfig(collect_interval=3.0, order_timeout=7.0)
    final = await OrderFlow.from_config(client, qr_order(clock), config, clock=clock).wait()
    assert final.state == "timedOut"
    assert [t - 1000.0 for t in client.collects] == [0, 3, 6]


async def test_flow_against_the_simulator(
    client: BankIdClient, sim: RunningSimulator, client_clock: FakeClock
) -> None:
    sim.simulator.store.default_scenario = "success"
    order = await client.auth(end_user_ip="127.0.0.1")
    updates = await run(OrderFlow(client, order, clock=client_clock))
    hints = [u.hint_code for u in updates if u.state == "pending"]
    assert hints[0] == "outstandingTransaction"
    assert "started" in hints
    assert "userSign" in hints
    assert updates[-1].state == "complete"
    assert updates[-1].completion is not None
    assert updates[-1].completion.user.given_name == "Tolvan"
