"""`byabutik simulate bankid` as a process: it writes the certificates and serves the RP API."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from bankid_rp.client import BankIdClient
from bankid_rp.config import BankIdConfig
from bankid_rp.simulator.embedded import EmbeddedSimulator
from tests.conftest import free_port
from tests.waits import WAIT_S, answering


@pytest.fixture
def command_run(tmp_path: Path) -> Iterator[tuple[int, int, list[str]]]:
    """`byabutik simulate bankid` in a subprocess; yields its ports and, afterwards, its output."""
    port, phone_port = free_port(), free_port()
    command = [
        sys.executable,
        "-m",
        "byabutik",
        "simulate",
        "bankid",
        "--port",
        str(port),
        "--phone-port",
        str(phone_port),
        "--cert-dir",
        str(tmp_path),
        "--scenario",
        "success",
    ]
    output: list[str] = []
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert answering(f"http://127.0.0.1:{phone_port}/healthz", process), (
            "the simulator did not start"
        )
        yield port, phone_port, output
    finally:
        process.terminate()
        stdout, _ = process.communicate(timeout=WAIT_S)
        output.append(stdout.decode())
    assert str(tmp_path / "rp.p12") in output[0]
    assert f"http://127.0.0.1:{phone_port}/phone" in output[0]


@pytest.mark.slow
@pytest.mark.anyio
async def test_the_command_writes_certificates_and_serves(
    tmp_path: Path, command_run: tuple[int, int, list[str]]
) -> None:
    port, _, _ = command_run
    for name in ("ca.pem", "server.pem", "server.key", "rp.pem", "rp.key", "rp.p12"):
        assert (tmp_path / name).is_file()
    assert (tmp_path / "rp.key").stat().st_mode & 0o077 == 0
    config = BankIdConfig(
        base_url=f"https://127.0.0.1:{port}/rp/v6.0/",
        certificate=tmp_path / "rp.p12",
        certificate_password=SecretStr("qwerty123"),
        ca_file=tmp_path / "ca.pem",
    )
    async with BankIdClient.from_config(config) as client:
        order = await client.auth(end_user_ip="127.0.0.1")
        statuses = [(await client.collect(order.order_ref)).status for _ in range(4)]
    assert statuses == ["pending", "pending", "pending", "complete"]


@pytest.mark.anyio
async def test_embedded_simulator_gives_a_working_config(tmp_path: Path) -> None:
    embedded = EmbeddedSimulator.start(
        cert_dir=tmp_path, port=free_port(), default_scenario="success"
    )
    try:
        async with BankIdClient.from_config(embedded.config(request_timeout=WAIT_S)) as client:
            order = await client.auth(end_user_ip="127.0.0.1")
            assert (await client.collect(order.order_ref)).hint_code == "outstandingTransaction"
    finally:
        embedded.stop()
