"""The whole entry flow in-process: door screen over HTTP, BankID simulator, MockFactory pins."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from store_controller.bankid.simulator.embedded import EmbeddedSimulator
from tests.store_controller.entry.harness import (
    ADULT,
    DoorStore,
    running_store,
    settings_for,
)


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
    store.screen.wait_for(lambda d: d["door"]["state"] == "locked", timeout=5)
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
