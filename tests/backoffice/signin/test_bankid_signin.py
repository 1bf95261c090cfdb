"""Sign in with BankID, the backoffice's service, against the simulator over real HTTPS."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

import httpx
import pytest

from backoffice.signin.bankid import BankIdSignIn, SignInOrder
from bankid_rp import BankIdClient
from bankid_rp.qr import parse_qr_frame
from byabutik.runtime.clock import FakeClock
from tests.bankid_rp.conftest import RunningSimulator
from tests.waits import WAIT_S

pytestmark = pytest.mark.anyio
KEY = b"backoffice-identity-key-of-32-bytes!"
TOLVAN = "191212121212"


async def phone(sim: RunningSimulator, path: str, body: dict[str, object]) -> None:
    async with httpx.AsyncClient(base_url=sim.root_url, verify=False, timeout=WAIT_S) as http:
        response = await http.post(path, json=body)
    assert response.status_code == 200, response.text


@pytest.fixture
def signin(client: BankIdClient, client_clock: FakeClock) -> BankIdSignIn:
    def wall() -> datetime:  # the fake clock's seconds as wall-clock time
        return datetime.fromtimestamp(client_clock.monotonic(), UTC)

    return BankIdSignIn(client, hash_key=KEY, clock=client_clock, now=wall)


async def test_desktop_sign_in_with_the_qr_code(
    signin: BankIdSignIn, sim: RunningSimulator, client_clock: FakeClock
) -> None:
    order = await signin.start(end_user_ip="192.0.2.40")
    assert "qr_start_secret" not in repr(order)
    first = await signin.poll(order)
    assert (first.state, first.hint_code) == ("pending", "outstandingTransaction")
    assert first.message is not None
    assert first.message.rfa == "RFA1QR"  # "start the BankID app and scan the QR code"
    client_clock.advance(1.0)
    frame = signin.qr_data(order)
    parsed = parse_qr_frame(frame)
    assert parsed is not None
    assert (parsed.qr_start_token, parsed.seconds) == (order.qr_start_token, 1)
    await phone(sim, "/phone/api/scan", {"qr": frame})
    scanned = await signin.poll(order)
    assert (scanned.state, scanned.hint_code) == ("pending", "userSign")
    await phone(sim, f"/phone/api/orders/{order.order_ref}/approve", {"personalNumber": TOLVAN})
    done = await signin.poll(order)
    assert done.state == "complete"
    assert done.person is not None
    expected = hmac.new(KEY, TOLVAN.encode(), hashlib.sha256).hexdigest()
    assert done.person.identity_hash == expected
    assert (done.person.given_name, done.person.surname) == ("Tolvan", "Tolvansson")
    assert done.person.birth_date.isoformat() == "1912-12-12"
    assert TOLVAN not in repr(done)  # only the keyed hash leaves the service


async def test_same_device_sign_in_on_a_phone(signin: BankIdSignIn, sim: RunningSimulator) -> None:
    order = await signin.start(end_user_ip="192.0.2.41", same_device=True)
    assert order.autostart_url() == (
        f"https://app.bankid.com/?autostarttoken={order.auto_start_token}&redirect=null"
    )
    waiting = await signin.poll(order, device="mobile")
    assert waiting.message is not None
    assert waiting.message.rfa == "RFA13"  # "trying to start your BankID app"
    await phone(sim, "/phone/api/autostart", {"autoStartToken": order.auto_start_token})
    started = await signin.poll(order, device="mobile")
    assert started.message is not None
    assert (started.hint_code, started.message.rfa) == ("started", "RFA15B")
    assert (await signin.poll(order, device="mobile")).hint_code == "userSign"
    await phone(sim, f"/phone/api/orders/{order.order_ref}/approve", {})
    done = await signin.poll(order, device="mobile")
    assert done.state == "complete"
    assert done.person is not None


async def test_a_cancelled_sign_in_fails_with_the_right_message(
    signin: BankIdSignIn, sim: RunningSimulator
) -> None:
    order = await signin.start(end_user_ip="192.0.2.42")
    await phone(sim, f"/phone/api/orders/{order.order_ref}/scan-live", {})
    await phone(sim, f"/phone/api/orders/{order.order_ref}/cancel", {})
    failed = await signin.poll(order)
    assert (failed.state, failed.hint_code, failed.person) == ("failed", "userCancel", None)
    assert failed.message is not None
    assert failed.message.rfa == "RFA6"


async def test_the_user_gives_up_and_bankid_forgets_the_order(
    signin: BankIdSignIn, sim: RunningSimulator
) -> None:
    order = await signin.start(end_user_ip="192.0.2.43")
    await signin.cancel(order)
    await signin.cancel(order)  # twice is harmless
    gone = await signin.poll(order)
    assert gone.state == "failed"
    assert sim.simulator.store.get(order.order_ref) is None


def test_an_order_keeps_its_secret_out_of_its_text() -> None:
    order = SignInOrder("ref", "auto", "qrtoken", "the-secret", 1.0, same_device=False)
    assert "the-secret" not in repr(order)
