"""Alerts fixtures: a backoffice on a manual clock, an enrolled store, and helpers that post
what a store sends."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx2
import pytest
from fastapi.testclient import TestClient

from retail import wire
from store_controller.core.clock import ManualClock
from tests.backoffice.conftest import bearer
from tests.store_controller.sync.harness import ADMIN, T0, Backoffice, batch, running_backoffice


@dataclass
class Store:
    """An enrolled store as its controller talks to the backoffice."""

    client: TestClient
    token: str
    slug: str
    clock: ManualClock
    seq: int = 0

    def push(self, payloads: list[wire.OutboxPayload]) -> httpx2.Response:
        pushed = batch(self.slug, payloads, start=self.seq + 1)
        self.seq += len(payloads)
        headers = {**bearer(self.token), "Content-Type": "application/json"}
        answer = self.client.post(
            "/api/sync/v1/push", content=pushed.model_dump_json(), headers=headers
        )
        assert answer.status_code == 200, answer.text
        return answer

    def heartbeat(
        self,
        *,
        backlog: int = 0,
        sent_at: datetime | None = None,
        temps: dict[str, int] | None = None,
    ) -> None:
        beat = wire.Heartbeat(
            sent_at=sent_at or self.clock.now(),
            software_version="0.1.0",
            uptime_s=5,
            outbox_backlog=backlog,
            catalog_revision=0,
            door=wire.DoorState.LOCKED,
            lock_down=False,
            temperatures=tuple(
                wire.Temperature(sensor=k, centi_celsius=v) for k, v in (temps or {}).items()
            ),
        )
        headers = {**bearer(self.token), "Content-Type": "application/json"}
        answer = self.client.post(
            "/api/sync/v1/heartbeat", content=beat.model_dump_json(), headers=headers
        )
        assert answer.status_code == 204, answer.text


def report(
    category: wire.AlertCategory,
    severity: wire.Severity = wire.Severity.WARNING,
    *,
    at: datetime = T0,
    alert_id: uuid.UUID | None = None,
    cleared: bool = False,
    message: str = "dörren står öppen",
) -> wire.Alert:
    return wire.Alert(
        alert_id=alert_id or uuid.uuid4(),
        occurred_at=at,
        category=category,
        severity=severity,
        message=message,
        cleared=cleared,
    )


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite; a test module overrides it to run on PostgreSQL too."""
    return f"sqlite:///{tmp_path / 'backoffice.db'}"


@pytest.fixture
def backoffice(database_url: str, clock: ManualClock) -> Iterator[Backoffice]:
    with running_backoffice(database_url, clock=clock.now) as made:
        yield made


@pytest.fixture
def client(backoffice: Backoffice) -> Iterator[TestClient]:
    with TestClient(backoffice.app, headers=ADMIN) as made:
        yield made


@pytest.fixture
def store(client: TestClient, backoffice: Backoffice, clock: ManualClock) -> Store:
    return Store(client, backoffice.enroll_store("byn-1"), "byn-1", clock)
