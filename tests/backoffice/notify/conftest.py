"""Notification fixtures: a backoffice on a manual clock whose channels point at real local
servers, a store with three contacts, and the tick that sends what is due."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.app import create_app
from backoffice.db import MIGRATIONS
from backoffice.jobs.work import JobRuntime, run_alert_rules, tick_of
from backoffice.notify.models import Contact, Delivery, OnCallShift
from backoffice.settings import BackofficeSettings
from byabutik.runtime.db import make_engine
from store_controller.core.clock import ManualClock
from tests.backoffice.alerts.conftest import Store
from tests.backoffice.harness_owner import seed_owner
from tests.backoffice.notify.servers import Mailbox, Receiver, http_receiver, smtp_server
from tests.db_templates import migrate
from tests.store_controller.sync.harness import ADMIN, T0, Backoffice

WEBHOOK_SECRET = "a-webhook-secret-of-enough-length"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)  # Saturday 28 November 2026, 09:00 in Sweden


@pytest.fixture
def mail() -> Iterator[tuple[Mailbox, int]]:
    with smtp_server() as made:
        yield made


@pytest.fixture
def hooks() -> Iterator[Receiver]:
    with http_receiver() as made:
        yield made


@pytest.fixture
def settings(tmp_path: Path, mail: tuple[Mailbox, int], hooks: Receiver) -> BackofficeSettings:
    return BackofficeSettings(
        database_url=f"sqlite:///{tmp_path / 'backoffice.db'}",
        public_url="http://backoffice.test",
        notify={
            "smtp_host": "127.0.0.1",
            "smtp_port": mail[1],
            "sms_url": f"{hooks.url}/a1/sms",
            "sms_user": "u1",
            "sms_password": "secret-sms",
            "ntfy_url": hooks.url,
            "webhook_secret": WEBHOOK_SECRET,
        },
    )


@pytest.fixture
def backoffice(settings: BackofficeSettings, clock: ManualClock) -> Iterator[Backoffice]:
    engine = make_engine(settings.effective_database_url)
    migrate(engine, MIGRATIONS)
    seed_owner(engine)  # the owner behind ADMIN
    app = create_app(settings, engine, clock=clock.now)
    try:
        yield Backoffice(app, engine, app.state.sessions)
    finally:
        engine.dispose()


@pytest.fixture
def client(backoffice: Backoffice) -> Iterator[TestClient]:
    with TestClient(backoffice.app, headers=ADMIN) as made:
        yield made


@pytest.fixture
def store(client: TestClient, backoffice: Backoffice, clock: ManualClock) -> Store:
    return Store(client, backoffice.enroll_store("byn-1"), "byn-1", clock)


@dataclass
class People:
    anna: int
    bo: int
    cilla: int


def contact(backoffice: Backoffice, **fields: Any) -> int:
    values: dict[str, Any] = {
        "store_id": 1,
        "severities": "critical,warning,info",
        "channels": "email",
        **fields,
    }
    with backoffice.sessions.begin() as session:
        made = Contact(**values)
        session.add(made)
        session.flush()
        return made.id


@pytest.fixture
def people(backoffice: Backoffice, store: Store, hooks: Receiver) -> People:
    """Anna is on watch on Saturdays 08-20; Bo and Cilla follow in that order."""
    anna = contact(backoffice, name="Anna", email="anna@example.test", rota_order=1)
    bo = contact(
        backoffice,
        name="Bo",
        email="bo@example.test",
        webhook_url=f"{hooks.url}/hook",
        channels="email,webhook",
        rota_order=2,
    )
    cilla = contact(backoffice, name="Cilla", email="cilla@example.test", rota_order=3)
    with backoffice.sessions.begin() as session:
        session.add(
            OnCallShift(store_id=1, contact_id=anna, weekday=5, starts=time(8), ends=time(20))
        )
    return People(anna, bo, cilla)


def tick(backoffice: Backoffice, settings: BackofficeSettings, clock: ManualClock) -> None:
    runtime = JobRuntime(backoffice.sessions, settings, clock.now, "test")
    run_alert_rules(runtime, tick_of(clock.now()))


def deliveries(backoffice: Backoffice) -> list[Delivery]:
    with backoffice.sessions() as session:
        return list(session.scalars(select(Delivery).order_by(Delivery.id)))
