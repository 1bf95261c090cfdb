"""The simulator's order store as a pure state machine on a fake clock."""

from __future__ import annotations

from typing import Any

import pytest

from bankid_rp.qr import qr_data
from bankid_rp.simulator.identities import SimulatedIdentity
from bankid_rp.simulator.orders import (
    Order,
    OrderError,
    OrderRequest,
    OrderStore,
    PhoneError,
    Timing,
)
from byabutik.runtime.clock import FakeClock

RP = "rp-a"
OTHER_RP = "rp-b"
PNO = "199006022397"


def completer(order: Order, identity: SimulatedIdentity) -> dict[str, Any]:
    return {"user": {"personalNumber": identity.personal_number}}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(clock: FakeClock) -> OrderStore:
    return OrderStore(clock=clock, completer=completer, timing=Timing())


def auth(store: OrderStore, **request: Any) -> Order:
    return store.create(
        kind="auth", client_id=RP, request=OrderRequest(end_user_ip="1.2.3.4", **request)
    )


def scan(store: OrderStore, clock: FakeClock, order: Order, seconds: int | None = None) -> Order:
    t = int(clock.now - order.created_at) if seconds is None else seconds
    return store.open_qr(qr_data(order.qr_start_token, order.qr_start_secret, t))


def code(call: Any) -> str:
    with pytest.raises(OrderError) as caught:
        call()
    return caught.value.code


def test_manual_lifecycle_to_complete(store: OrderStore, clock: FakeClock) -> None:
    order = auth(store)
    assert store.collect(order.ref, RP) == {
        "orderRef": order.ref,
        "status": "pending",
        "hintCode": "outstandingTransaction",
    }
    clock.advance(3)
    assert store.collect(order.ref, RP)["hintCode"] == "noClient"
    clock.advance(2)
    scan(store, clock, order)
    assert store.collect(order.ref, RP)["hintCode"] == "userSign"
    store.approve(order.ref, "191212121212")
    answer = store.collect(order.ref, RP)
    assert answer["status"] == "complete"
    assert "hintCode" not in answer
    assert answer["completionData"]["user"]["personalNumber"] == "191212121212"
    assert code(lambda: store.collect(order.ref, RP)) == "invalidParameters"  # read once


def test_pickup_window_gives_start_failed(store: OrderStore, clock: FakeClock) -> None:
    order = auth(store)
    clock.advance(29.9)
    assert store.collect(order.ref, RP)["status"] == "pending"
    clock.advance(0.1)
    assert store.collect(order.ref, RP) == {
        "orderRef": order.ref,
        "status": "failed",
        "hintCode": "startFailed",
    }


def test_total_lifetime_gives_expired_transaction(store: OrderStore, clock: FakeClock) -> None:
    order = auth(store)
    clock.advance(10)
    scan(store, clock, order)
    clock.advance(170)
    assert store.collect(order.ref, RP)["hintCode"] == "expiredTransaction"


@pytest.mark.parametrize(("outcome", "retention"), [("complete", 180.0), ("failed", 300.0)])
def test_terminal_states_are_kept_for_their_retention(
    store: OrderStore, clock: FakeClock, outcome: str, retention: float
) -> None:
    kept, dropped = auth(store), auth(store)
    for order in (kept, dropped):
        scan(store, clock, order)
        if outcome == "complete":
            store.approve(order.ref)
        else:
            store.user_cancel(order.ref)
    clock.advance(retention - 0.1)
    assert store.collect(kept.ref, RP)["status"] == outcome
    clock.advance(0.1)
    assert code(lambda: store.collect(dropped.ref, RP)) == "invalidParameters"


def test_unknown_cancelled_and_other_certificate_orders(store: OrderStore) -> None:
    order = auth(store)
    assert (
        code(lambda: store.collect("0b3b6c9e-5cf0-4b5e-9d0e-6b3f1f3c1a11", RP))
        == "invalidParameters"
    )
    assert code(lambda: store.collect(order.ref, OTHER_RP)) == "invalidParameters"
    assert code(lambda: store.cancel(order.ref, OTHER_RP)) == "invalidParameters"
    store.cancel(order.ref, RP)
    assert code(lambda: store.collect(order.ref, RP)) == "invalidParameters"
    assert code(lambda: store.cancel(order.ref, RP)) == "invalidParameters"


def test_a_second_order_for_the_same_person_kills_both(store: OrderStore) -> None:
    first = auth(store, requirement={"personalNumber": PNO})
    assert code(lambda: auth(store, requirement={"personalNumber": PNO})) == "alreadyInProgress"
    assert store.collect(first.ref, RP) == {
        "orderRef": first.ref,
        "status": "failed",
        "hintCode": "cancelled",
    }
    phone = store.create(
        kind="phone/auth",
        client_id=RP,
        request=OrderRequest(personal_number=PNO, call_initiator="RP"),
    )
    assert store.collect(phone.ref, RP)["status"] == "pending"
    auth(store)  # orders without a known person never collide
    auth(store)


def test_user_cancel_and_certificate_error(store: OrderStore, clock: FakeClock) -> None:
    cancelled, blocked = auth(store), auth(store)
    scan(store, clock, cancelled)
    store.user_cancel(cancelled.ref)
    store.fail(blocked.ref, "certificateErr")
    assert store.collect(cancelled.ref, RP)["hintCode"] == "userCancel"
    assert store.collect(blocked.ref, RP)["hintCode"] == "certificateErr"


def test_qr_scans_are_checked_like_bankid(store: OrderStore, clock: FakeClock) -> None:
    order = auth(store)
    with pytest.raises(PhoneError, match="not a BankID QR"):
        store.open_qr("hello")
    with pytest.raises(PhoneError, match="authentication code"):
        store.open_qr(qr_data(order.qr_start_token, "not-the-secret", 0))
    clock.advance(12)
    with pytest.raises(PhoneError, match="too old"):
        scan(store, clock, order, seconds=2)
    with pytest.raises(PhoneError, match="too old"):
        scan(store, clock, order, seconds=20)  # from the future
    assert scan(store, clock, order).hint_code == "userSign"
    with pytest.raises(PhoneError, match="already open"):
        scan(store, clock, order)


def test_live_scan_shortcut(store: OrderStore, clock: FakeClock) -> None:
    order = auth(store)
    clock.advance(4.5)
    assert store.scan_live(order.ref).hint_code == "userSign"


def test_autostart_then_user_sign_and_mrtd(store: OrderStore, clock: FakeClock) -> None:
    order = auth(store, requirement={"mrtd": True})
    assert store.open_autostart(order.auto_start_token).hint_code == "started"
    assert scan(store, clock, order).hint_code == "userMrtd"
    with pytest.raises(PhoneError):
        store.open_autostart("no-such-token")


def test_approval_by_the_wrong_person_is_refused(store: OrderStore, clock: FakeClock) -> None:
    order = auth(store, requirement={"personalNumber": PNO})
    scan(store, clock, order)
    with pytest.raises(PhoneError, match="another person"):
        store.approve(order.ref, "191212121212")
    store.approve(order.ref)
    assert store.collect(order.ref, RP)["completionData"]["user"]["personalNumber"] == PNO


def test_phone_orders_wait_for_call_confirmation(store: OrderStore) -> None:
    order = store.create(
        kind="phone/sign",
        client_id=RP,
        request=OrderRequest(personal_number=PNO, call_initiator="user", user_visible_data="eA=="),
    )
    assert store.open_phone_order(order.ref).hint_code == "userCallConfirm"
    store.approve(order.ref)
    assert store.collect(order.ref, RP)["status"] == "complete"


@pytest.mark.parametrize(
    ("scenario", "hints", "end"),
    [
        ("success", ["outstandingTransaction", "started", "userSign"], "complete"),
        ("userCancel", ["outstandingTransaction", "started", "userSign"], "userCancel"),
        ("certificateErr", ["outstandingTransaction", "started"], "certificateErr"),
        ("expiredTransaction", ["outstandingTransaction", "userSign"], "expiredTransaction"),
        ("startFailed", ["outstandingTransaction", "noClient"], "startFailed"),
    ],
)
def test_scripted_scenarios_step_once_per_collect(
    store: OrderStore, scenario: str, hints: list[str], end: str
) -> None:
    order = store.create(
        kind="auth", client_id=RP, request=OrderRequest(end_user_ip="::1"), scenario=scenario
    )
    for hint in hints:
        assert store.collect(order.ref, RP)["hintCode"] == hint
    last = store.collect(order.ref, RP)
    assert last["status"] == "complete" if end == "complete" else last["hintCode"] == end


def test_scenario_can_be_set_after_start(store: OrderStore) -> None:
    order = auth(store)
    store.set_scenario(order.ref, "success")
    statuses = [store.collect(order.ref, RP)["status"] for _ in range(4)]
    assert statuses == ["pending", "pending", "pending", "complete"]
