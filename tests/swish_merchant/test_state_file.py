"""The simulator keeps its payments in a SQLite file: killed and started again, it still knows
every request (a store may be recovering one), paid or not, and expires old ones on time."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from byabutik.runtime.clock import FakeClock
from retail import Money
from swish_merchant.client import SwishClient
from swish_merchant.config import SwishConfig
from swish_merchant.models import SwishStatus
from swish_merchant.simulator.state import StateFile
from swish_merchant.simulator.store import PaymentStore
from tests.conftest import free_port
from tests.swish_merchant.test_cli import _wait_for
from tests.waits import WAIT_S

pytestmark = pytest.mark.anyio
CALLBACK = "https://127.0.0.1:9/cb"


@contextmanager
def simulator(certs: Path, port: int, phone_port: int) -> Iterator[subprocess.Popen[bytes]]:
    command = [
        *(sys.executable, "-m", "byabutik", "simulate", "swish"),
        *("--port", str(port), "--phone-port", str(phone_port), "--cert-dir", str(certs)),
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    try:
        _wait_for(f"http://127.0.0.1:{phone_port}/healthz", process)
        _wait_for_port(port, process)  # the API listens a moment after the phone page
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=WAIT_S)


def _wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        assert process.poll() is None, "the simulator exited"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail("the simulator's API did not start listening")


def client_config(certs: Path, port: int) -> SwishConfig:
    return SwishConfig(
        base_url=f"https://127.0.0.1:{port}/swish-cpcapi/api/",
        certificate=certs / "merchant.p12",
        certificate_password=SecretStr("swish"),
        ca_file=certs / "ca.pem",
        callback_url=CALLBACK,
    )


async def test_a_killed_simulator_remembers_its_payments(tmp_path: Path) -> None:
    certs, port, phone_port = tmp_path / "certs", free_port(), free_port()
    with simulator(certs, port, phone_port) as process:
        async with SwishClient.from_config(client_config(certs, port)) as swish:
            paid = await swish.create_payment_request(reference="sale-paid", amount=Money(4200))
            open_ = await swish.create_payment_request(reference="sale-open", amount=Money(990))
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{phone_port}", timeout=WAIT_S
        ) as phone:
            answer = await phone.post(f"/phone/api/requests/{paid.id}/pay", json={})
            reference = answer.json()["paymentReference"]
        process.send_signal(signal.SIGKILL)  # a crash: nothing is flushed on the way out
        process.wait(timeout=WAIT_S)
    with simulator(certs, port, phone_port):  # fresh certificates, same state file
        async with SwishClient.from_config(client_config(certs, port)) as swish:
            again = await swish.payment_request(paid.id)
            assert (again.status, again.payment_reference) == ("PAID", reference)
            assert again.amount == Money(4200)
            assert (await swish.payment_request(open_.id)).status == "CREATED"
            async with httpx.AsyncClient(
                base_url=f"http://127.0.0.1:{phone_port}", timeout=WAIT_S
            ) as phone:
                await phone.post(f"/phone/api/requests/{open_.id}/pay", json={})
            assert (await swish.payment_request(open_.id)).status == "PAID"


def test_a_request_still_expires_on_time_after_a_restart(tmp_path: Path) -> None:
    start = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    wall = [start]
    body = {
        "payeeAlias": "1234679304",
        "amount": "10.00",
        "currency": "SEK",
        "callbackUrl": CALLBACK,
        "payeePaymentReference": "A" * 32,
    }
    first = PaymentStore(
        clock=FakeClock(), now=lambda: wall[0], state=StateFile(tmp_path / "state.sqlite3")
    )
    first.create("B" * 32, body)
    first.close()
    wall[0] = start + timedelta(seconds=200)
    clock = FakeClock()  # a new process: its monotonic clock starts anew
    second = PaymentStore(
        clock=clock, now=lambda: wall[0], state=StateFile(tmp_path / "state.sqlite3")
    )
    assert second.get("B" * 32).status is SwishStatus.CREATED
    clock.advance(131)  # 200 + 131 s > the 330 s Swish gives a request
    expired = second.get("B" * 32)
    assert (expired.status, expired.error_code) == (SwishStatus.ERROR, "TM01")
    second.close()
    third = PaymentStore(
        clock=FakeClock(), now=lambda: wall[0], state=StateFile(tmp_path / "state.sqlite3")
    )
    assert third.get("B" * 32).status is SwishStatus.ERROR
