"""The simulated BankID app (phone page and JSON API) and the test-control API."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bankid_rp import errors
from bankid_rp.client import BankIdClient
from bankid_rp.qr import qr_data
from bankid_rp.simulator.identities import TEST_IDENTITIES
from tests.bankid_rp.conftest import RunningSimulator
from tests.waits import WAIT_S

pytestmark = pytest.mark.anyio


@pytest.fixture
async def app(sim: RunningSimulator) -> AsyncIterator[httpx.AsyncClient]:
    """The phone page needs no client certificate (a browser has none)."""
    async with httpx.AsyncClient(base_url=sim.root_url, verify=False, timeout=WAIT_S) as http:
        yield http


async def test_page_health_and_identities(app: httpx.AsyncClient) -> None:
    page = await app.get("/phone")
    assert page.status_code == 200
    assert "BankID-simulator" in page.text
    assert (await app.get("/healthz")).json() == {"status": "alive"}
    identities = (await app.get("/phone/api/identities")).json()
    assert len(identities) == len(TEST_IDENTITIES)
    assert identities[0] == {"personalNumber": "191212121212", "name": "Tolvan Tolvansson"}


async def test_pending_orders_show_what_the_app_would(
    app: httpx.AsyncClient, client: BankIdClient
) -> None:
    order = await client.sign(end_user_ip="127.0.0.1", user_visible_data="Köp: 3 varor, 87,50 kr")
    listed = (await app.get("/phone/api/orders")).json()
    assert [o["orderRef"] for o in listed] == [order.order_ref]
    assert listed[0]["userVisibleData"] == "Köp: 3 varor, 87,50 kr"
    assert listed[0]["kind"] == "sign"
    assert order.qr_start_secret not in str(listed)


async def test_tester_actions(app: httpx.AsyncClient, client: BankIdClient) -> None:
    order = await client.auth(end_user_ip="127.0.0.1")
    ref = order.order_ref
    assert (
        await app.post(f"/phone/api/orders/{ref}/approve", json={})
    ).status_code == 409  # not opened
    frame = qr_data(order.qr_start_token, order.qr_start_secret, 0)
    assert (await app.post("/phone/api/scan", json={"qr": frame})).json()["hintCode"] == "userSign"
    typed = await app.post(
        f"/phone/api/orders/{ref}/approve", json={"personalNumber": "199006022398"}
    )
    assert typed.status_code == 409  # Luhn-invalid typed number
    assert (await app.post(f"/phone/api/orders/{ref}/dance", json={})).status_code == 404
    failed = await app.post(f"/phone/api/orders/{ref}/fail", json={"hintCode": "certificateErr"})
    assert failed.json()["status"] == "failed"
    result = await client.collect(ref)
    assert (result.status, result.hint_code) == ("failed", "certificateErr")


async def test_user_cancel_and_a_typed_identity(
    app: httpx.AsyncClient, client: BankIdClient
) -> None:
    cancelled = await client.auth(end_user_ip="127.0.0.1")
    await app.post("/phone/api/autostart", json={"autoStartToken": cancelled.auto_start_token})
    await app.post(f"/phone/api/orders/{cancelled.order_ref}/cancel")
    assert (await client.collect(cancelled.order_ref)).hint_code == "userCancel"
    typed = await client.auth(end_user_ip="127.0.0.1")
    await app.post("/phone/api/autostart", json={"autoStartToken": typed.auto_start_token})
    await app.post(
        f"/phone/api/orders/{typed.order_ref}/approve", json={"personalNumber": "197010632391"}
    )
    data = (await client.collect(typed.order_ref)).completion_data
    assert data is not None
    assert data.user.personal_number.digits == "197010632391"
    assert data.user.surname == "Testperson"


async def test_control_api_scenarios_and_faults(
    app: httpx.AsyncClient, client: BankIdClient
) -> None:
    order = await client.auth(end_user_ip="127.0.0.1")
    bad = await app.post(
        f"/simulator/api/orders/{order.order_ref}/scenario", json={"scenario": "nope"}
    )
    assert bad.status_code == 422
    await app.post(
        f"/simulator/api/orders/{order.order_ref}/scenario", json={"scenario": "success"}
    )
    statuses = [(await client.collect(order.order_ref)).status for _ in range(4)]
    assert statuses[-1] == "complete"
    await app.post("/simulator/api/faults", json={"path": "auth", "error": "tooManyRequests"})
    with pytest.raises(errors.TooManyRequests) as caught:
        await client.auth(end_user_ip="127.0.0.1")
    assert caught.value.retry_after == 2.0
    await app.post(
        "/simulator/api/faults", json={"path": "auth", "error": "internalError", "times": 5}
    )
    assert (await app.delete("/simulator/api/faults")).json() == {"status": "cleared"}
    assert (await client.auth(end_user_ip="127.0.0.1")).order_ref


async def test_scan_the_live_frame_shortcut(app: httpx.AsyncClient, client: BankIdClient) -> None:
    order = await client.auth(end_user_ip="127.0.0.1")
    scanned = await app.post(f"/phone/api/orders/{order.order_ref}/scan-live")
    assert scanned.json()["hintCode"] == "userSign"
    assert (await client.collect(order.order_ref)).hint_code == "userSign"
