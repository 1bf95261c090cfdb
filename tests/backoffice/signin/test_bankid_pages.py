"""Sign in with BankID in the real app, against the BankID simulator over HTTPS (mTLS):
a person links their BankID from /account, then signs in with it (same device and QR);
an unknown BankID gets the wrong-password answer; every step is in the audit log."""

from __future__ import annotations

import hashlib
import hmac
import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import httpx2
import pytest
import segno
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import select

from backoffice.app import create_app
from backoffice.audit.models import AuditRecord
from backoffice.people.models import Person
from backoffice.signin.config import BankIdSignInSettings
from backoffice.signin.models import BankIdOrder
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import Clock, World, build, sign_in
from tests.bankid_rp.conftest import RunningSimulator
from tests.store_controller.sync.harness import running_backoffice
from tests.waits import WAIT_S

TOLVAN = "191212121212"
OTHER = "198112289874"
KEY = b"an identity-hash key of 32+ bytes, test only"


@pytest.fixture
def world(database_url: str, sim: RunningSimulator, tmp_path: Path) -> Iterator[World]:
    key_file = tmp_path / "identity.key"
    key_file.write_bytes(KEY)
    bankid = BankIdSignInSettings(
        enabled=True,
        environment="simulator",
        base_url=sim.base_url,
        certificate=sim.files.rp_p12,
        certificate_password=SecretStr(sim.files.rp_p12_password),
        ca_file=sim.files.ca,
        identity_key_file=key_file,
    )
    clock = Clock()
    with running_backoffice(
        database_url, clock=clock, bankid=bankid, public_url="http://bo.test"
    ) as backoffice:
        yield build(backoffice, clock)


def phone(sim: RunningSimulator, path: str, body: dict[str, object]) -> dict[str, object]:
    answer = httpx.post(sim.root_url + path, json=body, verify=False, timeout=WAIT_S)
    assert answer.status_code == 200, answer.text
    result: dict[str, object] = answer.json()
    return result


def approve_on_this_phone(sim: RunningSimulator, started: httpx2.Response, number: str) -> None:
    """The browser was sent to the BankID app: the app opens the order and the person approves."""
    assert started.status_code == 303
    location = urlsplit(started.headers["location"])
    assert location.netloc == "app.bankid.com"
    query = parse_qs(location.query)
    assert query["redirect"] == ["http://bo.test/signin/bankid/wait"]
    order = phone(sim, "/phone/api/autostart", {"autoStartToken": query["autostarttoken"][0]})
    phone(sim, f"/phone/api/orders/{order['orderRef']}/approve", {"personalNumber": number})


def wait_token(client: TestClient) -> str:
    page = client.get("/signin/bankid/wait")
    assert page.status_code == 200
    return page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def poll(client: TestClient) -> httpx2.Response:
    token = wait_token(client)
    return client.post(
        "/signin/bankid/status",
        data={"csrf_token": token},
        headers={"Accept": "application/json"},
    )


def start_sign_in(client: TestClient, *, same_device: bool) -> httpx2.Response:
    page = client.get("/signin/bankid")
    assert page.status_code == 200
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    return client.post(
        "/signin/bankid/start",
        data={"csrf_token": token, "same_device": str(same_device).lower()},
        follow_redirects=False,
    )


def actions(world: World) -> list[tuple[str, str, str]]:
    with world.backoffice.sessions() as session:
        rows = session.scalars(select(AuditRecord).order_by(AuditRecord.id))
        return [(r.action, r.target or "", r.after or "") for r in rows]


def test_link_bankid_then_sign_in_with_it_and_an_unknown_one_is_refused(
    world: World, sim: RunningSimulator
) -> None:
    owner = world.emails["owner"]
    with TestClient(world.backoffice.app) as client:
        sign_in(client, owner)
        assert "skydda kontot med BankID" in client.get("/").text
        started = client.post(
            "/account/bankid/start",
            data={"csrf_token": csrf(client), "same_device": "true"},
            follow_redirects=False,
        )
        approve_on_this_phone(sim, started, TOLVAN)
        done = poll(client)
        assert done.json() == {"state": "complete", "message": "", "next": "/account"}
        account = client.get("/account").text
        assert 'data-testid="bankid-linked"' in account
        assert "skydda kontot med BankID" not in account  # BankID counts as a strong sign-in
    with world.backoffice.sessions() as session:
        person = session.scalar(select(Person).where(Person.email == owner))
        assert person is not None
        assert person.bankid_hash == hmac.new(KEY, TOLVAN.encode(), hashlib.sha256).hexdigest()

    with TestClient(world.backoffice.app) as phone_browser:  # sign in on the phone itself
        approve_on_this_phone(sim, start_sign_in(phone_browser, same_device=True), TOLVAN)
        signed = poll(phone_browser)
        assert signed.json()["state"] == "complete"
        assert phone_browser.get("/account").status_code == 200

    with TestClient(world.backoffice.app) as desktop:  # QR on a desktop
        started = start_sign_in(desktop, same_device=False)
        assert started.headers["location"] == "/signin/bankid/wait"
        first = poll(desktop)
        assert first.json()["state"] == "pending"
        assert "QR" in first.json()["message"]
        qr = desktop.get("/signin/bankid/qr.svg")
        assert qr.headers["content-type"] == "image/svg+xml"
        assert qr.headers["cache-control"] == "no-store"
        listed = httpx.get(sim.root_url + "/phone/api/orders", verify=False, timeout=WAIT_S).json()
        ref = listed[-1]["orderRef"]
        phone(sim, f"/phone/api/orders/{ref}/scan-live", {})
        phone(sim, f"/phone/api/orders/{ref}/approve", {"personalNumber": OTHER})
        refused = poll(desktop)
        assert refused.status_code == 401
        assert refused.json()["message"] == "Fel e-post eller lösenord."  # as a wrong password
        assert desktop.get("/account", follow_redirects=False).status_code == 401
        assert desktop.get("/signin/bankid/qr.svg").status_code == 404  # the order is over

    with TestClient(world.backoffice.app) as wrong:  # the same words as a wrong password
        page = wrong.get("/signin")
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        answer = wrong.post(
            "/signin", data={"csrf_token": token, "email": owner, "password": "not it at all"}
        )
        assert answer.status_code == 401
        assert "Fel e-post eller lösenord." in answer.text

    log = actions(world)
    assert ("person.bankid_linked", owner, "") in [(a, t, "") for a, t, _ in log]
    successes = [a for a in log if a[0] == "sign_in.success" and "bankid" in str(a[2])]
    assert len(successes) == 1
    failures = [a for a in log if a[0] == "sign_in.failure" and a[1] == "bankid"]
    assert len(failures) == 1
    assert all(TOLVAN not in str(a) and OTHER not in str(a) for a in log)


def test_linking_needs_a_fresh_sign_in(world: World) -> None:
    with TestClient(world.backoffice.app) as client:
        sign_in(client, world.emails["volunteer"])
        world.clock.advance(minutes=6)
        late = client.post(
            "/account/bankid/start",
            data={"csrf_token": csrf(client), "same_device": "true"},
            follow_redirects=False,
        )
        assert late.status_code == 403


def test_every_worker_draws_the_same_qr_frame_of_an_order(world: World) -> None:
    """Two app instances over one database, as two workers: the QR frame of an order started in
    the first is the same in the second at the same moment (the start is wall-clock, kept with
    the order). The stored QR token and secret are set to BankID's published example, so the
    frame expected two seconds after the start is the published one."""
    settings = world.backoffice.app.state.settings
    second = create_app(settings, world.backoffice.engine, clock=world.clock)
    with TestClient(world.backoffice.app) as first, TestClient(second) as other:
        started = start_sign_in(first, same_device=False)
        cookie = {"Cookie": f"byabutik_bankid={started.cookies['byabutik_bankid']}"}
        with world.backoffice.sessions.begin() as session:
            row = session.scalars(select(BankIdOrder)).one()
            assert row.started_at == world.clock.now.timestamp()  # wall-clock, not monotonic
            row.qr_start_token, row.qr_start_secret = QR_TOKEN, QR_SECRET
        world.clock.advance(seconds=2.5)
        frames = [c.get("/signin/bankid/qr.svg", headers=cookie) for c in (first, other)]
    assert [f.status_code for f in frames] == [200, 200]
    assert frames[0].content == frames[1].content
    assert frames[0].content == qr_svg(QR_FRAME_AT_2)


QR_TOKEN = "67df3917-fa0d-44e5-b327-edcc928297f8"  # BankID's published QR example
QR_SECRET = "d28db9a7-4cde-429e-a983-359be676944c"
QR_FRAME_AT_2 = (
    f"bankid.{QR_TOKEN}.2.a9e5ec59cb4eee4ef4117150abc58fad7a85439a6a96ccbecc3668b41795b3f3"
)


def qr_svg(frame: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(frame, error="l").save(buffer, kind="svg", scale=5, border=2, title="BankID")
    return buffer.getvalue()
