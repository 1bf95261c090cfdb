"""The backoffice's /metrics: closed without the token; stores, sales and sync positions."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry
from sqlalchemy import text

from backoffice.app import create_app
from backoffice.db import MIGRATIONS
from backoffice.metrics import BackofficeCollector
from backoffice.settings import BackofficeSettings
from byabutik.runtime.db import make_engine, utcnow
from byabutik.runtime.metrics import samples
from tests.backoffice.conftest import bearer
from tests.db_templates import migrate
from tests.store_controller.sync.harness import Backoffice, batch, sale
from tests.store_controller.test_metrics import TOKEN, metric


def test_metrics_count_what_the_stores_sent(tmp_path: Path) -> None:
    token_file = tmp_path / "metrics.token"
    token_file.write_text(TOKEN)
    url = f"sqlite:///{tmp_path / 'backoffice.db'}"
    engine = make_engine(url)
    migrate(engine, MIGRATIONS)
    settings = BackofficeSettings(database_url=url, metrics_token_file=token_file)
    app = create_app(settings, engine)
    backoffice = Backoffice(app, engine, app.state.sessions)
    device = backoffice.enroll_store("byn-1")
    with TestClient(app) as client:
        assert client.get("/metrics").status_code == 401
        pushed = client.post(
            "/api/sync/v1/push",
            content=batch("byn-1", [sale(1), sale(2)]).model_dump_json(),
            headers={**bearer(device), "Content-Type": "application/json"},
        )
        assert pushed.status_code == 200
        answer = client.get("/metrics", headers=bearer(TOKEN))
    assert answer.status_code == 200
    assert metric(answer.text, "byabutik_stores") == 1
    assert metric(answer.text, "byabutik_sales_total") == 2
    assert metric(answer.text, 'byabutik_sync_acked_through{store="byn-1"}') == 2
    assert 'route="/api/sync/v1/push",status="200"' in answer.text


@pytest.mark.postgres
def test_the_job_queue_by_status_on_postgresql(postgres_url: str, tmp_path: Path) -> None:
    engine = make_engine(postgres_url)
    try:
        migrate(engine, MIGRATIONS)
        with engine.begin() as connection:
            connection.execute(text("SET LOCAL search_path = procrastinate"))  # its triggers'
            connection.execute(
                text(
                    "INSERT INTO procrastinate.procrastinate_jobs (queue_name, task_name, args) "
                    "VALUES ('backoffice', 'deliver', '{}'), ('backoffice', 'deliver', '{}')"
                )
            )
        registry = CollectorRegistry()
        registry.register(BackofficeCollector(engine, utcnow))
        jobs = {
            labels["status"]: value
            for name, labels, value in samples(registry)
            if name == "byabutik_jobs"
        }
    finally:
        engine.dispose()
    assert jobs == {"todo": 2}
