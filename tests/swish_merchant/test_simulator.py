"""The simulator's own surfaces: the phone page and its JSON API, scenarios, the CLI."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from retail import Money
from store_controller.simulate import SIMULATORS
from swish_merchant.client import SwishClient
from swish_merchant.messages import (
    KNOWN_CODES,
    OUTCOME_CODES,
    VALIDATION_CODES,
    describe,
)
from swish_merchant.simulator.app import create_app
from swish_merchant.simulator.cli import _describe, swish
from swish_merchant.simulator.embedded import EmbeddedSwishSimulator
from tests.conftest import free_port
from tests.waits import WAIT_S

pytestmark = pytest.mark.anyio


@pytest.fixture
async def phone(sim: EmbeddedSwishSimulator) -> AsyncIterator[httpx.AsyncClient]:
    """The phone-only app, as served on the plain-HTTP port."""
    transport = httpx.ASGITransport(app=create_app(sim.simulator, api=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://phone") as http:
        yield http


async def test_pay_from_the_phone_api_with_the_kiosk_qr(
    client: SwishClient, phone: httpx.AsyncClient
) -> None:
    created = await client.create_payment_request(reference="sale-1", amount=Money(1500))
    assert created.token is not None
    page = await phone.get("/phone")
    assert page.status_code == 200
    assert "Betala" in page.text
    [listed] = (await phone.get("/phone/api/requests")).json()
    assert (listed["id"], listed["status"]) == (created.id, "CREATED")
    scanned = (await phone.post("/phone/api/scan", json={"qr": f"D{created.token}"})).json()
    assert scanned["id"] == created.id
    paid = await phone.post(f"/phone/api/requests/{created.id}/pay", json={})
    assert paid.json()["status"] == "PAID"
    again = await phone.post(f"/phone/api/requests/{created.id}/decline")
    assert again.status_code == 409
    assert (await client.payment_request(created.id)).status == "PAID"
    unknown = await phone.post("/phone/api/scan", json={"qr": "Dnope"})
    assert (unknown.status_code, unknown.json()["codes"]) == (422, ["RP04"])


async def test_the_api_is_not_on_the_phone_port(phone: httpx.AsyncClient) -> None:
    response = await phone.get(f"/swish-cpcapi/api/v1/paymentrequests/{'0' * 32}")
    assert response.status_code == 404
    assert (await phone.get("/healthz")).json()["status"] == "ok"


async def test_scenarios_are_set_over_the_control_api(
    client: SwishClient, phone: httpx.AsyncClient, sim: EmbeddedSwishSimulator
) -> None:
    assert (
        await phone.put("/simulator/api/scenario", json={"scenario": "nope"})
    ).status_code == 422
    assert (await phone.put("/simulator/api/scenario", json={"scenario": "decline"})).is_success
    created = await client.create_payment_request(reference="sale-2", amount=Money(100))
    sim.simulator.store.settle()
    assert (await client.payment_request(created.id)).status == "CREATED"  # after auto_after
    assert (await phone.get("/simulator/api/callbacks")).json() == []


def test_every_code_has_both_languages_and_a_reason() -> None:
    assert set(VALIDATION_CODES) | set(OUTCOME_CODES) | {"RP07"} == KNOWN_CODES
    for code in KNOWN_CODES:
        message = describe(code)
        assert message.customer.sv
        assert message.customer.en
        assert message.reason
    assert "unknown" in describe("XX99").reason


def test_the_cli_is_registered_and_describes_its_files(tmp_path: Path) -> None:
    assert SIMULATORS["swish"] == "swish_merchant.simulator.cli:swish"
    result = CliRunner().invoke(swish, ["--help"])
    assert result.exit_code == 0
    assert "--phone-port" in result.output
    from swish_merchant.simulator.certs import SwishPki

    files = SwishPki.generate().write(tmp_path)
    text = _describe(files, "0.0.0.0", 8446, 8447, "1234679304")
    assert "https://127.0.0.1:8446/swish-cpcapi/api/" in text
    assert "http://127.0.0.1:8447/phone" in text
    assert str(files.merchant_p12) in text


def test_embedded_simulator_with_a_plain_http_phone_port(tmp_path: Path) -> None:
    running = EmbeddedSwishSimulator.start(
        cert_dir=tmp_path / "swish", port=free_port(), phone_port=free_port()
    )
    try:
        assert running.phone_url.startswith("http://127.0.0.1:")
        page = httpx.get(running.phone_url, timeout=WAIT_S)
        assert page.status_code == 200
        assert "Swish" in page.text
    finally:
        running.stop()
