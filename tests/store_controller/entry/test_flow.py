"""The whole entry flow in-process: door screen over HTTP, BankID simulator, MockFactory pins."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import update

from bankid_rp.simulator.embedded import EmbeddedSimulator
from store_controller.customers.models import Customer
from store_controller.customers.status import CustomerStatus
from store_controller.door import AccessPolicy
from tests.conftest import free_port
from tests.store_controller.entry.harness import (
    ADULT,
    MINOR,
    DoorStore,
    running_store,
    settings_for,
)

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@pytest.fixture
def store(tmp_path: Path, bankid: EmbeddedSimulator) -> Iterator[DoorStore]:
    with running_store(settings_for(tmp_path, bankid), bankid) as store:
        yield store


def test_login_unlocks_and_the_visit_is_recorded(store: DoorStore) -> None:
    store.screen.wait_for(lambda d: d["phase"] == "idle" and d["door"]["state"] == "locked")
    result = store.login(ADULT)
    assert result["phase"] == "granted"
    assert result["message"]["sv"] == "Välkommen in!"
    store.relay(energised=True)
    store.wiring.open_door()
    store.relay(energised=False)
    store.screen.wait_for(lambda d: d["door"]["state"] == "open")
    store.wiring.close_door()
    store.screen.wait_for(lambda d: d["door"]["state"] == "locked")
    [visit] = store.visits()
    assert visit.outcome == "granted"
    assert visit.door_opened_at is not None
    assert visit.door_closed_at is not None
    [customer] = store.customers()
    assert ADULT not in repr(customer.__dict__)
    [sent] = store.outbox("visit")
    assert sent["outcome"] == "granted"
    assert sent["identity_hash"] == customer.identity_hash
    assert sent["door_opened_at"]
    assert sent["door_closed_at"]
    assert store.alerts() == []


def test_a_minor_is_refused_and_the_door_stays_locked(store: DoorStore) -> None:
    result = store.login(MINOR)
    assert result["phase"] == "refused"
    assert "18 år" in result["message"]["sv"]
    assert result["retry"] is True
    assert store.wiring.strike_energised() is False
    [visit] = store.visits()
    assert visit.outcome == "under_age"
    assert visit.age == 9
    [sent] = store.outbox("visit")
    assert sent["outcome"] == "under_age"
    assert sent["door_opened_at"] is None
    store.screen.wait_for(lambda d: d["phase"] == "idle")  # result_s later


def test_a_blocked_customer_is_refused(store: DoorStore) -> None:
    assert store.login(ADULT)["phase"] == "granted"
    with store.controller.sessions.begin() as session:
        session.execute(update(Customer).values(status=CustomerStatus.BLOCKED))
    result = store.login(ADULT)
    assert result["phase"] == "refused"
    assert [v.outcome for v in sorted(store.visits(), key=lambda v: v.decided_at)][-1] == "blocked"


def test_closed_hours_refuse_with_the_next_opening(
    tmp_path: Path, bankid: EmbeddedSimulator
) -> None:
    closed: dict[str, list[str]] = {day: [] for day in DAYS}
    policy = AccessPolicy.model_validate({"hours": closed})
    with running_store(settings_for(tmp_path, bankid, policy=policy), bankid) as store:
        result = store.login(ADULT)
        assert result["phase"] == "refused"
        assert "stängd" in result["message"]["sv"]
        assert store.visits()[0].outcome == "closed_hours"
        assert store.wiring.strike_energised() is False


def test_bankid_unreachable_shows_a_message_raises_an_alert_and_keeps_the_door_locked(
    tmp_path: Path, bankid: EmbeddedSimulator
) -> None:
    settings = settings_for(tmp_path, bankid, base_url=f"https://127.0.0.1:{free_port()}/rp/v6.0/")
    with running_store(settings, bankid) as store:
        assert store.http.post("/door/login").status_code == 204
        shown = store.screen.wait_for(lambda d: d["phase"] == "unavailable")
        assert "BankID går inte att nå" in shown["message"]["sv"]
        assert shown["retry"] is True
        [alert] = store.alerts()
        assert alert.category == "bankid_unavailable"
        [sent] = store.outbox("alert")
        assert sent["category"] == "bankid_unavailable"
        assert store.visits() == []
        assert store.wiring.strike_energised() is False


def test_a_failed_login_shows_the_rfa_text_and_returns_to_idle(store: DoorStore) -> None:
    assert store.http.post("/door/login").status_code == 204
    shown = store.screen.latest(lambda d: d["phase"] == "pending" and bool(d["qr_data"]))
    order = store.phone("/phone/api/scan", {"qr": shown["qr_data"]})
    store.phone(f"/phone/api/orders/{order['orderRef']}/cancel")
    failed = store.screen.wait_for(lambda d: d["phase"] == "failed")
    assert failed["message"]["sv"] == "Åtgärden avbruten."
    assert failed["retry"] is True
    store.screen.wait_for(lambda d: d["phase"] == "idle")
    assert store.visits() == []


def test_cancel_on_the_screen_cancels_the_order(store: DoorStore) -> None:
    assert store.http.post("/door/login").status_code == 204
    store.screen.latest(lambda d: d["phase"] == "pending" and bool(d["qr_data"]))
    assert store.http.post("/door/cancel").status_code == 204
    store.screen.wait_for(lambda d: d["phase"] == "idle")
    pending = store.phone_get("/phone/api/orders")
    assert pending == []


def test_the_qr_changes_every_second(store: DoorStore) -> None:
    assert store.http.post("/door/login").status_code == 204
    first = store.screen.latest(lambda d: d["phase"] == "pending" and bool(d["qr_data"]))
    second = store.screen.wait_for(lambda d: d["qr_data"] not in (None, first["qr_data"]))
    seconds = [int(doc["qr_data"].split(".")[2]) for doc in (first, second)]
    # each frame carries the whole seconds since the order started (a loaded machine may show
    # a later frame than the very next one, never an old one)
    assert seconds[1] > seconds[0]
    assert "<svg" in second["qr_svg"]
    page = store.http.get("/door").text
    assert "Legitimera dig med BankID för att gå in" in page
    store.http.post("/door/cancel")


def test_the_personal_number_is_never_logged_or_stored(
    store: DoorStore, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert store.login(ADULT)["phase"] == "granted"
    assert store.login(MINOR)["phase"] == "refused"
    database = Path(store.controller.settings.effective_database_url.removeprefix("sqlite:///"))
    stored = b"".join(f.read_bytes() for f in database.parent.glob(database.name + "*"))  # + WAL
    for number in (ADULT, MINOR):
        for form in (number, number[2:], f"{number[2:8]}-{number[8:]}"):
            assert form not in caplog.text
            assert form.encode() not in stored
            assert form not in str(store.screen.seen)


def test_a_broken_step_shows_a_failure_and_the_screen_recovers(
    store: DoorStore, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(personal_number: str, name: str) -> None:
        raise RuntimeError("database gone")

    monkeypatch.setattr(store.door.desk._admission, "admit", broken)
    result = store.login_result(ADULT, phases=("failed",))
    assert result["message"]["en"] == "Something went wrong. Please try again."
    store.screen.wait_for(lambda d: d["phase"] == "idle")
    assert store.wiring.strike_energised() is False
    assert "door login failed" in caplog.text
