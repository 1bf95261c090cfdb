"""A backoffice on SQLite and on PostgreSQL with a clock the test moves, and enrolled stores."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from retail import wire
from tests.store_controller.sync.harness import ADMIN, T0, running_backoffice


class Clock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Owner:
    """The owner's API client, and the stores' device tokens by slug."""

    client: TestClient
    clock: Clock
    tokens: dict[str, str]

    def put(self, sku: str, **fields: Any) -> Any:
        body = {"sku": sku, "name": sku.title(), "price_ore": 1000, "vat_class": "food"} | fields
        answer = self.client.put(f"/api/admin/products/{sku}", json=body, headers=ADMIN)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def store(self, slug: str) -> None:
        self.client.post("/api/admin/stores", json={"slug": slug, "name": slug}, headers=ADMIN)
        code = self.client.post(f"/api/admin/stores/{slug}/enrollment-codes", headers=ADMIN)
        enrolled = self.client.post(
            "/api/sync/v1/enroll",
            json={"protocol": 1, "code": code.json()["code"], "software_version": "0.1.0"},
        )
        self.tokens[slug] = enrolled.json()["token"]

    def pull(self, slug: str, since: int = 0) -> wire.CatalogChanges:
        answer = self.client.get(
            "/api/sync/v1/catalog",
            params={"since": since},
            headers={"Authorization": f"Bearer {self.tokens[slug]}"},
        )
        assert answer.status_code == 200, answer.text
        return wire.CatalogChanges.model_validate(answer.json())

    def applied(self, slug: str, revision: int) -> None:
        """The store says in its heartbeat that it holds `revision`."""
        beat = wire.Heartbeat(
            sent_at=self.clock.now,
            software_version="0.1.0",
            uptime_s=5,
            outbox_backlog=0,
            catalog_revision=revision,
            door=wire.DoorState.LOCKED,
            lock_down=False,
        )
        answer = self.client.post(
            "/api/sync/v1/heartbeat",
            content=beat.model_dump_json(),
            headers={"Authorization": f"Bearer {self.tokens[slug]}"},
        )
        assert answer.status_code == 204, answer.text


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def owner(database_url: str, clock: Clock) -> Iterator[Owner]:
    with (
        running_backoffice(database_url, clock=clock) as backoffice,
        TestClient(backoffice.app) as client,
    ):
        yield Owner(client, clock, {})
