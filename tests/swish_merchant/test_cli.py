"""`byabutik simulate swish` as a process: it writes the certificates and serves the API."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from retail import Money
from swish_merchant.client import SwishClient
from swish_merchant.config import SwishConfig
from tests.conftest import free_port
from tests.waits import WAIT_S

pytestmark = pytest.mark.anyio


def _wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the simulator exited"
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail("the simulator did not start")


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[int, int, Path]]:
    """The simulator in a subprocess; yields its ports and the file its output goes to."""
    port, phone_port = free_port(), free_port()
    command = [
        sys.executable,
        "-m",
        "byabutik",
        "simulate",
        "swish",
        "--port",
        str(port),
        "--phone-port",
        str(phone_port),
        "--cert-dir",
        str(tmp_path / "certs"),
    ]
    log = tmp_path / "out.txt"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            _wait_for(f"http://127.0.0.1:{phone_port}/healthz", process)
            yield port, phone_port, log
        finally:
            process.terminate()
            process.wait(timeout=WAIT_S)


async def test_the_command_serves_the_api_and_the_phone(
    running: tuple[int, int, Path], tmp_path: Path
) -> None:
    port, phone_port, log = running
    certs = tmp_path / "certs"
    for name in ("ca.pem", "merchant.pem", "merchant.key", "merchant.p12"):
        assert (certs / name).is_file()
    assert (certs / "merchant.key").stat().st_mode & 0o077 == 0
    printed = log.read_text()
    assert f'base_url = "https://127.0.0.1:{port}/swish-cpcapi/api/"' in printed
    assert f'certificate = "{certs / "merchant.p12"}"' in printed
    assert f"http://127.0.0.1:{phone_port}/phone" in printed
    config = SwishConfig(
        base_url=f"https://127.0.0.1:{port}/swish-cpcapi/api/",
        certificate=certs / "merchant.p12",
        certificate_password=SecretStr("swish"),
        ca_file=certs / "ca.pem",
        callback_url="https://127.0.0.1:9/cb",
    )
    async with SwishClient.from_config(config) as swish:
        created = await swish.create_payment_request(reference="cli-sale", amount=Money(2500))
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{phone_port}", timeout=WAIT_S
        ) as phone:
            paid = await phone.post(f"/phone/api/requests/{created.id}/pay", json={})
            assert paid.json()["status"] == "PAID"
        assert (await swish.payment_request(created.id)).status == "PAID"
