"""An existing open-source RP client, pybankid 1.5, against the simulator: unmodified code paths.

pybankid only knows BankID's two hosts, so the test points its endpoint attributes at the
simulator and adds the simulator's CA to the SSL context pybankid itself built (it passes that same
context object to httpx). Everything else, requests and parsing, is pybankid's own.
"""

from __future__ import annotations

from urllib.parse import urljoin

import httpx
import pytest

from bankid_rp.qr import qr_data
from tests.bankid_rp.conftest import RunningSimulator
from tests.waits import WAIT_S

bankid = pytest.importorskip("bankid", reason="pybankid is in the dev extra")

# pybankid 1.5 passes httpx's deprecated `cert=`; only that warning is tolerated here.
pytestmark = pytest.mark.filterwarnings(r"ignore:`cert=\.\.\.` is deprecated:DeprecationWarning")
ENDPOINTS = {
    "_auth_endpoint": "auth",
    "_phone_auth_endpoint": "phone/auth",
    "_sign_endpoint": "sign",
    "_phone_sign_endpoint": "phone/sign",
    "_collect_endpoint": "collect",
    "_cancel_endpoint": "cancel",
}


def point_at(client: object, sim: RunningSimulator) -> None:
    client.api_url = sim.base_url  # type: ignore[attr-defined]
    for attribute, path in ENDPOINTS.items():
        setattr(client, attribute, urljoin(sim.base_url, path))
    client.ctx.load_verify_locations(cafile=str(sim.files.ca))  # type: ignore[attr-defined]


def scan(sim: RunningSimulator, order: dict[str, str]) -> None:
    frame = qr_data(order["qrStartToken"], order["qrStartSecret"], 0)
    response = httpx.post(
        f"{sim.root_url}/phone/api/scan", json={"qr": frame}, verify=False, timeout=WAIT_S
    )
    response.raise_for_status()
    ref = order["orderRef"]
    approved = httpx.post(
        f"{sim.root_url}/phone/api/orders/{ref}/approve", json={}, verify=False, timeout=WAIT_S
    )
    approved.raise_for_status()


def test_sync_client_auth_collect_complete(sim: RunningSimulator) -> None:
    client = bankid.BankIDClient(
        certificates=(str(sim.files.rp_cert), str(sim.files.rp_key)), test_server=True
    )
    point_at(client, sim)
    try:
        order = client.authenticate(end_user_ip="127.0.0.1", user_visible_data="Hej från Byabutik")
        assert set(order) == {"orderRef", "autoStartToken", "qrStartToken", "qrStartSecret"}
        assert client.collect(order["orderRef"])["hintCode"] in {
            "outstandingTransaction",
            "noClient",
        }
        scan(sim, order)
        result = client.collect(order["orderRef"])
        assert result["status"] == "complete"
        assert result["completionData"]["user"]["personalNumber"] == "191212121212"
        with pytest.raises(bankid.exceptions.InvalidParametersError):
            client.collect(order["orderRef"])  # a terminal state is read once
        signing = client.sign(end_user_ip="127.0.0.1", user_visible_data="Köp 149 kr")
        assert client.cancel(signing["orderRef"]) is True
    finally:
        client.client.close()


def test_sync_client_phone_and_errors(sim: RunningSimulator) -> None:
    client = bankid.BankIDClient(
        certificates=(str(sim.files.rp_cert), str(sim.files.rp_key)), test_server=True
    )
    point_at(client, sim)
    try:
        first = client.phone_authenticate(personal_number="199006022397", call_initiator="RP")
        assert set(first) == {"orderRef"}
        with pytest.raises(bankid.exceptions.AlreadyInProgressError):
            client.phone_authenticate(personal_number="199006022397", call_initiator="user")
        assert client.collect(first["orderRef"])["hintCode"] == "cancelled"
        with pytest.raises(bankid.exceptions.InvalidParametersError):
            client.collect("not-a-uuid")
    finally:
        client.client.close()


@pytest.mark.anyio
async def test_async_client_auth_collect(sim: RunningSimulator) -> None:
    client = bankid.BankIDAsyncClient(
        certificates=(str(sim.files.rp_cert), str(sim.files.rp_key)), test_server=True
    )
    point_at(client, sim)
    try:
        order = await client.authenticate(end_user_ip="127.0.0.1")
        scan(sim, order)
        assert (await client.collect(order["orderRef"]))["status"] == "complete"
    finally:
        await client.client.aclose()
