"""Two procrastinate workers on one PostgreSQL database: every job, deferred or periodic, runs
exactly once, and their alert rules raise one alert, not two."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from backoffice.alerts.models import AlertCase
from backoffice.db import MIGRATIONS
from backoffice.heartbeats.models import StoreStatus
from backoffice.jobs.models import JobRun
from backoffice.jobs.work import RULES
from backoffice.jobs.workers import QUEUE, make_app
from backoffice.settings import BackofficeSettings
from backoffice.stores.service import create_store
from byabutik.runtime.db import make_engine, utcnow
from tests.db_templates import migrate

DEFERRED = 12
"""Rules jobs deferred before the two workers start. They share one lock, so they run one at a
time, and a worker takes the next only when woken by a new job (the one-second ticks): about a
second each. Each wake-up is a race of both workers for one job."""


@pytest.fixture
def sessions(postgres_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(postgres_url)
    migrate(engine, MIGRATIONS)
    try:
        yield sessionmaker(engine, expire_on_commit=False)
    finally:
        engine.dispose()


def start_worker(postgres_url: str, name: str, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "BYABUTIK_BACKOFFICE_DATABASE_URL": postgres_url,
        "BYABUTIK_BACKOFFICE_JOBS__RULES_EVERY_SECONDS": "1",
    }
    command = [sys.executable, "-m", "byabutik", "backoffice", "worker", "--name", name]
    with log.open("wb") as stderr:  # a file, not a pipe nobody reads while the test runs
        return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=stderr)


def runs(sessions: sessionmaker[Session]) -> list[JobRun]:
    with sessions() as session:
        return list(session.scalars(select(JobRun).where(JobRun.task == RULES)))


def test_two_workers_run_each_job_once(
    postgres_url: str, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    with sessions.begin() as session:
        store = create_store(session=session, slug="byn-1", name="Byn")
        silent = utcnow() - timedelta(hours=1)
        session.add(StoreStatus(store_id=store.id, received_at=silent, body={}))
    settings = BackofficeSettings(database_url=postgres_url)
    app = make_app(settings, worker=False)
    with app.open():
        task = app.configure_task(name=RULES, queue=QUEUE)
        for tick in range(1, DEFERRED + 1):
            task.defer(timestamp=tick)
    logs = [tmp_path / f"{name}.log" for name in ("w1", "w2")]
    workers = [start_worker(postgres_url, log.stem, log) for log in logs]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            done = runs(sessions)
            deferred = [r for r in done if int(r.key) <= DEFERRED]
            if len(deferred) >= DEFERRED and len(done) >= DEFERRED + 3:
                break
            assert all(w.poll() is None for w in workers), "a worker died"
            time.sleep(0.2)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=30)
        errors = [log.read_text() for log in logs]
    done = runs(sessions)
    keys = Counter(r.key for r in done)
    assert {str(tick) for tick in range(1, DEFERRED + 1)} <= set(keys), errors
    assert len(keys) >= DEFERRED + 3, "the periodic ticks ran too"
    assert [key for key, n in keys.items() if n > 1] == [], "no job ran twice"
    assert {r.worker for r in done} <= {"w1", "w2"}
    with sessions() as session:
        cases = list(session.scalars(select(AlertCase)))
    assert [(c.kind, c.count) for c in cases] == [("store_offline", 1)]
