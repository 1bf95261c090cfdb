"""Both apps answer /healthz while alive and /readyz only with a migrated, reachable database."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backoffice.app import create_app as create_backoffice
from backoffice.db import MIGRATIONS as BACKOFFICE_MIGRATIONS
from backoffice.settings import BackofficeSettings
from byabutik.runtime.db import make_engine
from store_controller.bootstrap import build_controller
from store_controller.bootstrap import create_app as create_controller
from store_controller.settings import ControllerSettings
from tests.conftest import free_port
from tests.db_templates import migrate


def backoffice(database_url: str, *, migrated: bool) -> FastAPI:
    engine = make_engine(database_url)
    if migrated:
        migrate(engine, BACKOFFICE_MIGRATIONS)
    return create_backoffice(BackofficeSettings(database_url=database_url), engine)


def controller(tmp_path: Path) -> FastAPI:
    return create_controller(build_controller(ControllerSettings(data_dir=tmp_path)))


def test_backoffice_is_ready_when_migrated(database_url: str) -> None:
    with TestClient(backoffice(database_url, migrated=True)) as client:
        assert client.get("/healthz").status_code == 200
        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["migrations"] == "at head"


def test_backoffice_is_alive_but_not_ready_before_migrations(database_url: str) -> None:
    with TestClient(backoffice(database_url, migrated=False)) as client:
        assert client.get("/healthz").status_code == 200
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["migrations"] == "behind"


def test_backoffice_is_not_ready_without_its_database() -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/absent?connect_timeout=2"
    with TestClient(create_backoffice(BackofficeSettings(database_url=url))) as client:
        assert client.get("/healthz").status_code == 200
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["database"] == "unreachable"


def test_the_controller_migrates_itself_and_is_ready(tmp_path: Path) -> None:
    with TestClient(controller(tmp_path)) as client:
        assert client.get("/healthz").json() == {"status": "alive"}
        assert client.get("/readyz").json()["ready"] is True


@pytest.mark.parametrize("incoming", [None, "abc-123"])
def test_every_response_carries_a_request_id(tmp_path: Path, incoming: str | None) -> None:
    headers = {"x-request-id": incoming} if incoming else {}
    with TestClient(controller(tmp_path)) as client:
        request_id = client.get("/healthz", headers=headers).headers["x-request-id"]
    assert request_id == incoming if incoming else len(request_id) == 32


def test_an_unsafe_request_id_is_replaced(tmp_path: Path) -> None:
    with TestClient(controller(tmp_path)) as client:
        response = client.get("/healthz", headers={"x-request-id": "bad id\nwith newline"})
    assert response.headers["x-request-id"] != "bad id\nwith newline"
