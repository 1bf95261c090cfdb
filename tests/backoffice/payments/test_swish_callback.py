"""POST /api/swish/callback: recorded, then checked against Swish (the simulator, over mTLS)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from backoffice.app import create_app
from backoffice.db import MIGRATIONS
from backoffice.payments.config import SwishStatusSettings
from backoffice.payments.models import SwishCallback
from backoffice.settings import BackofficeSettings
from byabutik.runtime.clock import FakeClock
from byabutik.runtime.db import make_engine
from retail import Money
from swish_merchant.client import SwishClient
from swish_merchant.simulator.embedded import EmbeddedSwishSimulator
from tests.conftest import free_port
from tests.db_templates import migrate
from tests.servers import serving

pytestmark = pytest.mark.anyio
IDENTIFIER = "fedcba9876543210fedcba9876543210"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def sim_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sim(tmp_path: Path, sim_clock: FakeClock) -> Iterator[EmbeddedSwishSimulator]:
    running = EmbeddedSwishSimulator.start(
        cert_dir=tmp_path / "swish",
        port=free_port(),
        clock=sim_clock,
        callback_delays=(0.01,) * 9,
        tick_interval=0.02,
    )
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'backoffice.db'}")
    migrate(engine, MIGRATIONS)
    try:
        yield engine
    finally:
        engine.dispose()


def _swish_settings(sim: EmbeddedSwishSimulator, **overrides: object) -> SwishStatusSettings:
    values: dict[str, object] = {
        "base_url": sim.base_url,
        "certificate": sim.files.merchant_cert,
        "key": sim.files.merchant_key,
        "ca_file": sim.files.ca,
        "callback_identifier": SecretStr(IDENTIFIER),
        **overrides,
    }
    return SwishStatusSettings.model_validate(values)


def _app(engine: Engine, swish: SwishStatusSettings) -> FastAPI:
    return create_app(BackofficeSettings(database_url=str(engine.url), swish=swish), engine)


def _callbacks(engine: Engine) -> list[SwishCallback]:
    with sessionmaker(engine)() as session:
        return list(session.scalars(select(SwishCallback).order_by(SwishCallback.id)))


@dataclass
class Backoffice:
    app: FastAPI
    http: httpx.AsyncClient


@pytest.fixture
async def backoffice(engine: Engine, sim: EmbeddedSwishSimulator) -> AsyncIterator[Backoffice]:
    app = _app(engine, _swish_settings(sim))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://backoffice") as http:
        yield Backoffice(app, http)


async def _created(sim: EmbeddedSwishSimulator) -> str:
    config = sim.config(callback_url="https://127.0.0.1:9/cb")
    async with SwishClient.from_config(config) as swish:
        created = await swish.create_payment_request(reference=str(uuid.uuid4()), amount=Money(990))
    return created.id


async def test_a_simulator_callback_is_recorded_and_verified_with_swish(
    engine: Engine, sim: EmbeddedSwishSimulator
) -> None:
    app = _app(engine, _swish_settings(sim))
    files = sim.files
    with serving(
        app, ssl_certfile=str(files.server_cert), ssl_keyfile=str(files.server_key)
    ) as url:
        config = sim.config(
            callback_url=f"{url}/api/swish/callback", callback_identifier=IDENTIFIER
        )
        async with SwishClient.from_config(config) as swish:
            created = await swish.create_payment_request(
                reference=str(uuid.uuid4()), amount=Money(1250)
            )
        sim.simulator.store.pay(created.id)
        assert sim.simulator.callbacks.wait_for(lambda d: any(x.delivered for x in d))
    [callback] = _callbacks(engine)
    assert (callback.swish_id, callback.kind) == (created.id, "payment")
    assert (callback.reported_status, callback.verified_status) == ("PAID", "PAID")
    assert callback.verified_amount_ore == 1250
    assert callback.payment_reference == sim.simulator.store.get(created.id).payment_reference
    assert callback.verified_at is not None


async def test_a_lying_body_is_recorded_but_not_believed(
    backoffice: Backoffice, sim: EmbeddedSwishSimulator, engine: Engine
) -> None:
    request_id = await _created(sim)
    forged = {"id": request_id, "status": "PAID", "amount": 9.90, "paymentReference": "FAKE"}
    response = await backoffice.http.post(
        "/api/swish/callback", json=forged, headers={"callbackIdentifier": IDENTIFIER}
    )
    assert response.status_code == 200
    assert response.json()["verified"] == "CREATED"
    [callback] = _callbacks(engine)
    assert (callback.reported_status, callback.verified_status) == ("PAID", "CREATED")
    assert callback.payment_reference is None


async def test_swish_unreachable_answers_503_so_swish_calls_again(
    engine: Engine, sim: EmbeddedSwishSimulator
) -> None:
    swish = _swish_settings(sim, base_url=f"https://127.0.0.1:{free_port()}/swish-cpcapi/api/")
    transport = httpx.ASGITransport(app=_app(engine, swish))
    async with httpx.AsyncClient(transport=transport, base_url="http://backoffice") as http:
        response = await http.post(
            "/api/swish/callback",
            json={"id": "0" * 32, "status": "PAID"},
            headers={"callbackIdentifier": IDENTIFIER},
        )
    assert response.status_code == 503
    [callback] = _callbacks(engine)
    assert callback.verified_status is None
    assert callback.fetch_error is not None
    assert "unreachable" in callback.fetch_error


async def test_without_swish_credentials_callbacks_are_only_recorded(engine: Engine) -> None:
    settings = SwishStatusSettings(callback_identifier=SecretStr(IDENTIFIER))
    transport = httpx.ASGITransport(app=_app(engine, settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://backoffice") as http:
        response = await http.post(
            "/api/swish/callback",
            json={"id": "A" * 32, "status": "PAID"},
            headers={"callbackIdentifier": IDENTIFIER},
        )
    assert response.status_code == 200
    assert response.json()["verified"] is None
    assert [c.reported_status for c in _callbacks(engine)] == ["PAID"]


async def test_the_callback_route_is_closed_without_a_callback_identifier(engine: Engine) -> None:
    transport = httpx.ASGITransport(app=_app(engine, SwishStatusSettings()))
    async with httpx.AsyncClient(transport=transport, base_url="http://backoffice") as http:
        response = await http.post("/api/swish/callback", json={"id": "A" * 32, "status": "PAID"})
    assert response.status_code == 404
    assert "CALLBACK_IDENTIFIER" in response.text
    assert _callbacks(engine) == []


def test_a_callback_identifier_swish_would_refuse_is_refused() -> None:
    with pytest.raises(ValueError, match="32-36"):
        SwishStatusSettings(callback_identifier=SecretStr("short"))


async def test_a_wrong_callback_identifier_is_refused(
    backoffice: Backoffice, engine: Engine
) -> None:
    body = {"id": "A" * 32, "status": "PAID"}
    for headers in ({}, {"callbackIdentifier": "x" * 32}):
        response = await backoffice.http.post("/api/swish/callback", json=body, headers=headers)
        assert response.status_code == 401
    assert _callbacks(engine) == []


async def test_a_callback_identifier_outside_ascii_is_refused_not_a_crash(
    backoffice: Backoffice, engine: Engine
) -> None:
    body = {"id": "A" * 32, "status": "PAID"}
    headers = {b"callbackIdentifier": "\u00e5".encode("latin-1") * 32}
    response = await backoffice.http.post("/api/swish/callback", json=body, headers=headers)
    assert response.status_code == 401  # was a 500 (compare_digest refuses non-ASCII text)
    assert _callbacks(engine) == []


NESTED = b'{"id": "' + b"A" * 32 + b'", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
NOT_SWISH = [
    b"[]",
    b"not json",
    b'{"status": "PAID"}',
    b'{"id": 5}',
    b"[" * 30_000 + b"]" * 30_000,  # gave a 500 (RecursionError) before
    b'{"id": "' + b"A" * 32 + b'", "amount": {"value": 1}}',
    b'{"id": "' + b"A" * 32 + b'", "status": "DECLINED", "status": "PAID"}',
    b'{"id": "' + b"A" * 32 + b'", "amount": NaN}',
    b'{"id": "' + b"A" * 32 + b'", "message": "' + b"x" * 2000 + b'"}',
    b"\xff\xfe",
    b'{"id": "../refunds/' + b"A" * 23 + b'", "status": "PAID"}',  # into Swish's URL path
    b'{"id": "' + b"a" * 32 + b'", "status": "PAID"}',
    b'{"id": "' + b"A" * 31 + b'", "status": "PAID"}',
    b'{"id": "12345678-1234-1234-1234-123456789ABC", "status": "PAID"}',
]


@pytest.mark.parametrize("body", NOT_SWISH)
async def test_bodies_that_are_not_swish_objects(
    backoffice: Backoffice, engine: Engine, body: bytes
) -> None:
    response = await backoffice.http.post(
        "/api/swish/callback",
        content=body,
        headers={"callbackIdentifier": IDENTIFIER, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert _callbacks(engine) == []


async def test_a_refund_callback_is_verified_as_a_refund(
    backoffice: Backoffice, sim: EmbeddedSwishSimulator, engine: Engine, sim_clock: FakeClock
) -> None:
    request_id = await _created(sim)
    paid = sim.simulator.store.pay(request_id)
    assert paid.payment_reference is not None
    config = sim.config(callback_url="https://127.0.0.1:9/cb")
    async with SwishClient.from_config(config) as swish:
        refund = await swish.create_refund(
            reference="r-1", original_payment_reference=paid.payment_reference, amount=Money(500)
        )
    sim_clock.advance(5.0)  # refunds are paid later, asynchronously
    body = sim.simulator.store.refund(refund.id).to_wire()
    response = await backoffice.http.post(
        "/api/swish/callback", json=body, headers={"callbackIdentifier": IDENTIFIER}
    )
    assert response.status_code == 200
    [callback] = _callbacks(engine)
    assert (callback.kind, callback.verified_status, callback.verified_amount_ore) == (
        "refund",
        "PAID",
        500,
    )


async def test_a_callback_over_64_kib_is_refused_unread(
    backoffice: Backoffice, engine: Engine
) -> None:
    for body in (NESTED, b'{"id": "' + b"A" * 32 + b'", "m": "' + b"x" * 70_000 + b'"}'):
        response = await backoffice.http.post(
            "/api/swish/callback",
            content=body,
            headers={"callbackIdentifier": IDENTIFIER, "Content-Type": "application/json"},
        )
        assert response.status_code == 413
    assert _callbacks(engine) == []
