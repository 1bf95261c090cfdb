"""BankID's HTTP rules and every failure path, over real HTTPS with mutual TLS."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bankid_rp import errors
from bankid_rp.client import BankIdClient
from bankid_rp.config import BankIdConfig
from bankid_rp.simulator.certs import SimulatorPki, make_rp_cert
from bankid_rp.simulator.faults import Fault
from bankid_rp.simulator.rpapi import certificate_id
from bankid_rp.tls import RpIdentity, rp_ssl_context, ssl_context_from_config
from byabutik.runtime.clock import FakeClock
from tests.bankid_rp.conftest import RunningSimulator
from tests.conftest import free_port
from tests.waits import WAIT_S

pytestmark = pytest.mark.anyio


@pytest.fixture
async def raw(config: BankIdConfig, sim: RunningSimulator) -> AsyncIterator[httpx.AsyncClient]:
    """A plain httpx client with our RP certificate, to send what our client never would."""
    async with httpx.AsyncClient(
        base_url=sim.base_url, verify=ssl_context_from_config(config), timeout=WAIT_S
    ) as http:
        yield http


def context_without_certificate(ca: Path) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(ca))


async def test_no_client_certificate_is_401_json(sim: RunningSimulator) -> None:
    verify = context_without_certificate(sim.files.ca)
    async with BankIdClient(base_url=sim.base_url, ssl_context=verify) as bankid:
        with pytest.raises(errors.Unauthorized) as caught:
            await bankid.auth(end_user_ip="127.0.0.1")
    assert caught.value.http_status == 401


async def test_a_certificate_from_another_ca_fails_the_handshake(sim: RunningSimulator) -> None:
    stranger = SimulatorPki.generate()
    verify = rp_ssl_context(
        identity=RpIdentity(stranger.rp.certificate, stranger.rp.key),
        root_pem=sim.files.ca.read_bytes(),
    )
    async with BankIdClient(base_url=sim.base_url, ssl_context=verify) as bankid:
        with pytest.raises(errors.TransportFailure):
            await bankid.auth(end_user_ip="127.0.0.1")


async def test_a_server_outside_the_pinned_root_is_refused(
    sim: RunningSimulator, pki: SimulatorPki
) -> None:
    other_root = SimulatorPki.generate().ca.cert_pem
    verify = rp_ssl_context(
        identity=RpIdentity(pki.rp.certificate, pki.rp.key), root_pem=other_root
    )
    async with BankIdClient(base_url=sim.base_url, ssl_context=verify) as bankid:
        with pytest.raises(errors.TransportFailure, match="unreachable"):
            await bankid.collect("0b3b6c9e-5cf0-4b5e-9d0e-6b3f1f3c1a11")


async def test_a_blocked_rp_certificate_is_401(
    client: BankIdClient, sim: RunningSimulator, pki: SimulatorPki
) -> None:
    sim.simulator.blocked_clients.add(certificate_id(pki.rp.certificate))
    with pytest.raises(errors.Unauthorized):
        await client.auth(end_user_ip="127.0.0.1")


async def test_orders_belong_to_the_certificate_that_made_them(
    client: BankIdClient, sim: RunningSimulator, pki: SimulatorPki
) -> None:
    order = await client.auth(end_user_ip="127.0.0.1")
    second = make_rp_cert(pki.ca, "Another RP")
    verify = rp_ssl_context(
        identity=RpIdentity(second.certificate, second.key), root_pem=pki.ca.cert_pem
    )
    async with BankIdClient(base_url=sim.base_url, ssl_context=verify) as other:
        with pytest.raises(errors.InvalidParameters):
            await other.collect(order.order_ref)
        with pytest.raises(errors.InvalidParameters):
            await other.cancel(order.order_ref)
    assert (await client.collect(order.order_ref)).status == "pending"


@pytest.mark.parametrize(
    ("method", "path", "headers", "status", "code"),
    [
        ("GET", "auth", {}, 405, "methodNotAllowed"),
        ("PUT", "collect", {"Content-Type": "application/json"}, 405, "methodNotAllowed"),
        (
            "POST",
            "auth",
            {"Content-Type": "application/json; charset=utf-8"},
            415,
            "unsupportedMediaType",
        ),
        ("POST", "auth", {"Content-Type": "text/plain"}, 415, "unsupportedMediaType"),
        ("POST", "nothing", {"Content-Type": "application/json"}, 404, "notFound"),
        ("POST", "../v5.1/auth", {"Content-Type": "application/json"}, 404, "notFound"),
        ("POST", "auth", {"Content-Type": "application/json"}, 400, "invalidParameters"),
    ],
)
async def test_http_rules(
    raw: httpx.AsyncClient, method: str, path: str, headers: dict[str, str], status: int, code: str
) -> None:
    response = await raw.request(method, path, headers=headers, content=b"{not json")
    assert response.status_code == status
    assert response.json()["errorCode"] == code
    assert set(response.json()) == {"errorCode", "details"}


@pytest.mark.parametrize(
    ("path", "body", "details"),
    [
        ("auth", {}, "Missing endUserIp"),
        ("auth", {"endUserIp": "999.1.1.1"}, "Invalid endUserIp"),
        ("auth", {"endUserIp": "::1", "personalNumber": "199006022397"}, "Unknown field"),
        ("auth", {"endUserIp": "::1", "userVisibleData": "not base64!"}, "userVisibleData"),
        ("auth", {"endUserIp": "::1", "userVisibleDataFormat": "html"}, "userVisibleDataFormat"),
        ("auth", {"endUserIp": "::1", "requirement": {"cardReader": "class3"}}, "cardReader"),
        (
            "auth",
            {"endUserIp": "::1", "requirement": {"personalNumber": "199006022398"}},
            "personalNumber",
        ),
        (
            "auth",
            {"endUserIp": "::1", "requirement": {"certificatePolicies": ["x"]}},
            "certificatePolicies",
        ),
        ("auth", {"endUserIp": "::1", "web": {"userAgent": "x"}}, "web"),
        ("sign", {"endUserIp": "::1"}, "Missing userVisibleData"),
        (
            "sign",
            {
                "endUserIp": "::1",
                "userVisibleData": "S8O2cDoKLSBtasO2bGs=",
                "userVisibleDataFormat": "simpleMarkdownV1",
            },
            "At (2, 1): Initial token for unordered list items must be '+'",
        ),
        (
            "phone/auth",
            {"personalNumber": "199006022397", "callInitiator": "bank"},
            "callInitiator",
        ),
        ("phone/auth", {"callInitiator": "RP", "personalNumber": "19900602"}, "personalNumber"),
        (
            "phone/sign",
            {"callInitiator": "RP", "personalNumber": "199006022397"},
            "userVisibleData",
        ),
        ("collect", {"orderRef": "not-a-uuid"}, "Invalid orderRef"),
        ("collect", {"orderRef": "0b3b6c9e-5cf0-4b5e-9d0e-6b3f1f3c1a11"}, "No such order"),
        ("cancel", {"orderRef": "0b3b6c9e-5cf0-4b5e-9d0e-6b3f1f3c1a11"}, "No such order"),
        ("collect", [], "Invalid JSON"),
    ],
)
async def test_invalid_parameters(
    raw: httpx.AsyncClient, path: str, body: object, details: str
) -> None:
    response = await raw.post(path, json=body)
    assert response.status_code == 400
    assert response.json()["errorCode"] == "invalidParameters"
    assert details in response.json()["details"]


async def test_cancel_answers_an_empty_object(raw: httpx.AsyncClient) -> None:
    started = (await raw.post("auth", json={"endUserIp": "127.0.0.1"})).json()
    assert set(started) == {"orderRef", "autoStartToken", "qrStartToken", "qrStartSecret"}
    response = await raw.post("cancel", json={"orderRef": started["orderRef"]})
    assert (response.status_code, response.json()) == (200, {})


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("invalidParameters", errors.InvalidParameters),
        ("alreadyInProgress", errors.AlreadyInProgress),
        ("unauthorized", errors.Unauthorized),
        ("notFound", errors.NotFound),
        ("methodNotAllowed", errors.MethodNotAllowed),
        ("requestTimeout", errors.RequestTimeout),
        ("unsupportedMediaType", errors.UnsupportedMediaType),
        ("tooManyRequests", errors.TooManyRequests),
        ("internalError", errors.InternalError),
        ("brandNewCode", errors.UnknownErrorCode),
    ],
)
async def test_each_error_code_through_the_client(
    client: BankIdClient,
    sim: RunningSimulator,
    client_clock: FakeClock,
    code: str,
    kind: type[errors.BankIdError],
) -> None:
    sim.simulator.faults.add(Fault(path="auth", error=code))
    with pytest.raises(kind) as caught:
        await client.auth(end_user_ip="127.0.0.1")
    assert caught.value.error_code == code
    assert client_clock.sleeps == []  # none of these is retried
    assert (await client.auth(end_user_ip="127.0.0.1")).order_ref


async def test_maintenance_is_retried_silently(
    client: BankIdClient, sim: RunningSimulator, client_clock: FakeClock
) -> None:
    sim.simulator.faults.add(Fault(path="collect", error="maintenance", times=2))
    order = await client.auth(end_user_ip="127.0.0.1")
    assert (await client.collect(order.order_ref)).status == "pending"
    assert client_clock.sleeps == [0.5, 1.0]


async def test_maintenance_that_persists_is_raised(
    client: BankIdClient, sim: RunningSimulator, client_clock: FakeClock
) -> None:
    sim.simulator.faults.add(Fault(path="auth", error="maintenance", times=3))
    with pytest.raises(errors.Maintenance):
        await client.auth(end_user_ip="127.0.0.1")
    assert len(client_clock.sleeps) == 2


async def test_a_non_json_answer(client: BankIdClient, sim: RunningSimulator) -> None:
    sim.simulator.faults.add(Fault(path="auth", non_json=True))
    with pytest.raises(errors.UnexpectedResponse) as caught:
        await client.auth(end_user_ip="127.0.0.1")
    assert caught.value.http_status == 502
    sim.simulator.faults.add(Fault(path="auth", non_json=True, status=200))
    with pytest.raises(errors.UnexpectedResponse, match="non-JSON"):
        await client.auth(end_user_ip="127.0.0.1")


async def test_request_timeout(config: BankIdConfig, sim: RunningSimulator) -> None:
    sim.simulator.faults.add(Fault(path="collect", delay=1.0))
    quick = config.model_copy(update={"request_timeout": 0.2})
    async with BankIdClient.from_config(quick) as bankid:
        with pytest.raises(errors.ClientTimeout):
            await bankid.collect("0b3b6c9e-5cf0-4b5e-9d0e-6b3f1f3c1a11")


async def test_unreachable_service(config: BankIdConfig) -> None:
    gone = config.model_copy(update={"base_url": f"https://127.0.0.1:{free_port()}/rp/v6.0/"})
    async with BankIdClient.from_config(gone) as bankid:
        with pytest.raises(errors.TransportFailure):
            await bankid.collect("0b3b6c9e-5cf0-4b5e-9d0e-6b3f1f3c1a11")
