"""On SQLite the served backoffice runs the same jobs in its own process."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.alerts.models import AlertCase
from backoffice.app import create_app
from backoffice.db import MIGRATIONS
from backoffice.heartbeats.models import StoreStatus
from backoffice.jobs.models import JobRun
from backoffice.settings import BackofficeSettings
from backoffice.stores.service import create_store
from byabutik.runtime.db import utcnow
from tests.db_templates import migrate
from tests.waits import WAIT_S


def test_the_web_process_runs_the_alert_rules_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'backoffice.db'}"
    settings = BackofficeSettings(database_url=url, jobs={"rules_every_seconds": 1})
    assert settings.jobs_in_process
    app = create_app(settings, run_jobs=True)
    sessions = app.state.sessions
    migrate(app.state.engine, MIGRATIONS)
    with sessions.begin() as session:
        store = create_store(session=session, slug="byn-1", name="Byn")
        session.add(
            StoreStatus(store_id=store.id, received_at=utcnow() - timedelta(hours=1), body={})
        )
    with TestClient(app):
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            with sessions() as session:
                if session.scalars(select(JobRun)).first() is not None:
                    break
            time.sleep(0.1)
    with sessions() as session:
        ran = list(session.scalars(select(JobRun)))
        cases = list(session.scalars(select(AlertCase)))
    assert ran
    assert {r.worker for r in ran} == {"web"}
    assert [c.kind for c in cases] == ["store_offline"]


def test_postgresql_leaves_the_jobs_to_the_workers() -> None:
    settings = BackofficeSettings(database_url="postgresql+psycopg://x@127.0.0.1/db")
    assert not settings.jobs_in_process
    local = BackofficeSettings(
        database_url="postgresql+psycopg://x@127.0.0.1/db", jobs={"runner": "local"}
    )
    assert local.jobs_in_process
