"""The client against the simulator over real HTTPS with mutual TLS: every endpoint."""

from __future__ import annotations

import base64
import datetime as dt
import xml.etree.ElementTree as ET

import httpx
import pytest
from cryptography.x509 import ocsp

from bankid_rp.client import BankIdClient
from bankid_rp.errors import InvalidParameters, InvalidRequest
from bankid_rp.identity import PersonalNumber
from bankid_rp.models import AppDeviceData, Requirement, WebDeviceData
from bankid_rp.qr import qr_data
from byabutik.runtime.clock import FakeClock
from tests.bankid_rp.conftest import RunningSimulator
from tests.waits import WAIT_S

pytestmark = pytest.mark.anyio
PNO = PersonalNumber("199006022397")
DSIG = "{http://www.w3.org/2000/09/xmldsig#}"
BID = "{http://www.bankid.com/signature/v1.0.0/types}"


async def phone(sim: RunningSimulator, path: str, body: dict[str, object]) -> dict[str, object]:
    async with httpx.AsyncClient(base_url=sim.root_url, verify=False, timeout=WAIT_S) as http:
        response = await http.post(path, json=body)
    assert response.status_code == 200, response.text
    data: dict[str, object] = response.json()
    return data


async def test_auth_with_every_field_then_qr_scan_and_complete(
    client: BankIdClient, sim: RunningSimulator, client_clock: FakeClock
) -> None:
    order = await client.auth(
        end_user_ip="2001:db8::1",
        requirement=Requirement(
            pin_code=True,
            mrtd=True,
            card_reader="class1",
            certificate_policies=("1.2.3.4.5", "1.2.3.4.*"),
        ),
        user_visible_data="**Logga in** i Byabutiken",
        user_non_visible_data=b"\x00session-42",
        user_visible_data_format="simpleMarkdownV1",
        return_url="https://butik.example/door#nonce=abc",
        return_risk=True,
        web=WebDeviceData(
            device_identifier="d1", referring_domain="butik.example", user_agent="Kiosk"
        ),
    )
    assert order.started_at == client_clock.now
    assert (await client.collect(order.order_ref)).hint_code == "outstandingTransaction"
    await phone(sim, "/phone/api/scan", {"qr": order.qr.frame_at(client_clock.now)})
    assert (await client.collect(order.order_ref)).hint_code == "userMrtd"
    await phone(
        sim, f"/phone/api/orders/{order.order_ref}/approve", {"personalNumber": "191212121212"}
    )
    result = await client.collect(order.order_ref)
    assert result.status == "complete"
    assert result.hint_code is None
    data = result.completion_data
    assert data is not None
    assert data.user.personal_number == PersonalNumber("191212121212")
    assert (data.user.given_name, data.user.surname) == ("Tolvan", "Tolvansson")
    assert data.device.ip_address == "2001:db8::1"
    assert data.device.uhi
    assert len(data.device.uhi) == 28
    assert data.step_up is not None
    assert data.step_up.mrtd
    assert data.risk == "low"
    assert isinstance(data.bank_id_issue_date, dt.date)
    signature = ET.fromstring(base64.b64decode(data.signature))
    assert signature.tag == f"{DSIG}Signature"
    signed = signature.find(f"{DSIG}Object/{BID}bankIdSignedData")
    assert signed is not None
    visible = signed.find(f"{BID}usrVisibleData")
    assert visible is not None
    assert visible.get("format") == "simpleMarkdownV1"
    assert base64.b64decode(visible.text or "").decode() == "**Logga in** i Byabutiken"
    assert signed.findtext(f"{BID}clientInfo/{BID}funcId") == "Identification"
    assert len(signature.findall(f"{DSIG}KeyInfo/{DSIG}X509Data/{DSIG}X509Certificate")) == 2
    oc = ocsp.load_der_ocsp_response(base64.b64decode(data.ocsp_response))
    assert oc.response_status == ocsp.OCSPResponseStatus.SUCCESSFUL
    assert oc.certificate_status == ocsp.OCSPCertStatus.GOOD


async def test_sign_without_step_up_or_risk_unless_asked(
    client: BankIdClient, sim: RunningSimulator
) -> None:
    order = await client.sign(
        end_user_ip="192.0.2.7",
        user_visible_data="Köp på konto: 149,00 kr",
        app=AppDeviceData(
            app_identifier="se.byabutik.kiosk",
            device_os="Linux",
            device_model_name="Pi 5",
            device_identifier="kiosk-1",
        ),
    )
    await phone(sim, "/phone/api/autostart", {"autoStartToken": order.auto_start_token})
    assert (await client.collect(order.order_ref)).hint_code == "started"
    await phone(sim, f"/phone/api/orders/{order.order_ref}/approve", {})
    data = (await client.collect(order.order_ref)).completion_data
    assert data is not None
    assert data.step_up is None
    assert data.risk is None
    signature = ET.fromstring(base64.b64decode(data.signature))
    assert signature.findtext(f".//{BID}funcId") == "Signing"


async def test_phone_auth_and_phone_sign(client: BankIdClient, sim: RunningSimulator) -> None:
    started = await client.phone_auth(
        personal_number=PNO, call_initiator="RP", requirement=Requirement(pin_code=True)
    )
    await phone(sim, f"/phone/api/orders/{started.order_ref}/open", {})
    assert (await client.collect(started.order_ref)).hint_code == "userCallConfirm"
    await phone(sim, f"/phone/api/orders/{started.order_ref}/approve", {})
    data = (await client.collect(started.order_ref)).completion_data
    assert data is not None
    assert data.user.personal_number == PNO
    signed = await client.phone_sign(
        personal_number=PersonalNumber("191212121212"),
        call_initiator="user",
        user_visible_data="Bekräfta",
        user_non_visible_data="ref-9",
    )
    await client.cancel(signed.order_ref)
    with pytest.raises(InvalidParameters):
        await client.collect(signed.order_ref)


async def test_cancel_then_collect_and_cancel_again(client: BankIdClient) -> None:
    order = await client.auth(end_user_ip="127.0.0.1")
    await client.cancel(order.order_ref)
    with pytest.raises(InvalidParameters):
        await client.collect(order.order_ref)
    with pytest.raises(InvalidParameters):
        await client.cancel(order.order_ref)


async def test_unscanned_orders_fail_with_start_failed(
    client: BankIdClient, sim: RunningSimulator
) -> None:
    order = await client.auth(end_user_ip="127.0.0.1")
    sim.clock.advance(30)
    result = await client.collect(order.order_ref)
    assert (result.status, result.hint_code) == ("failed", "startFailed")


async def test_scanning_a_stale_frame_is_refused(
    client: BankIdClient, sim: RunningSimulator
) -> None:
    order = await client.auth(end_user_ip="127.0.0.1")
    sim.clock.advance(9)
    async with httpx.AsyncClient(base_url=sim.root_url, verify=False, timeout=WAIT_S) as http:
        stale = await http.post(
            "/phone/api/scan", json={"qr": qr_data(order.qr_start_token, order.qr_start_secret, 0)}
        )
    assert stale.status_code == 409
    assert "too old" in stale.json()["error"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ({"user_visible_data": "x" * 1200}, "userVisibleData must be 1-1500"),
        ({"user_non_visible_data": "x" * 1200}, "userNonVisibleData must be 1-1500"),
        ({"return_url": "h" * 513}, "returnUrl"),
        ({"end_user_ip": ""}, "endUserIp"),
    ],
)
async def test_limits_are_enforced_before_sending(
    client: BankIdClient, call: dict[str, str], message: str
) -> None:
    kwargs: dict[str, str] = {"end_user_ip": "127.0.0.1", **call}
    with pytest.raises(InvalidRequest, match=message):
        await client.auth(**kwargs)  # type: ignore[arg-type]


async def test_sign_limits(client: BankIdClient) -> None:
    order = await client.sign(end_user_ip="127.0.0.1", user_visible_data="å" * 15_000)
    assert order.order_ref
    with pytest.raises(InvalidRequest, match="40000"):
        await client.sign(end_user_ip="127.0.0.1", user_visible_data="å" * 16_000)
    with pytest.raises(InvalidRequest, match="required"):
        await client.sign(end_user_ip="127.0.0.1", user_visible_data=None)  # type: ignore[arg-type]
