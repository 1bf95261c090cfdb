"""/docs and /openapi.json: served from our own files (no CDN), on in dev, off in production
unless `api_docs` switches them on; /redoc (CDN-only in FastAPI) is never served."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backoffice.app import create_app as create_backoffice
from backoffice.db import MIGRATIONS as BACKOFFICE_MIGRATIONS
from backoffice.settings import BackofficeSettings
from backoffice.signin.config import BankIdSignInSettings
from byabutik.runtime.apidocs import docs_options, install_api_docs
from byabutik.runtime.db import make_engine
from tests.db_templates import migrate

STRONG = "k" * 20 + "-this-is-not-an-example-0123456789"
PRODUCTION: dict[str, Any] = {"mode": "production", "secret_key": STRONG}


@pytest.fixture
def database_file(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'backoffice.db'}"
    engine = make_engine(url)
    migrate(engine, BACKOFFICE_MIGRATIONS)
    engine.dispose()
    return url


def backoffice(url: str, **settings: Any) -> TestClient:
    if settings.get("mode") == "production":  # production needs the identity-hash key
        key = Path(url.removeprefix("sqlite:///")).with_name("identity.key")
        key.write_bytes(b"k" * 32)
        settings["bankid"] = BankIdSignInSettings(identity_key_file=key)
    return TestClient(create_backoffice(BackofficeSettings(database_url=url, **settings)))


def test_dev_docs_come_from_our_server(database_file: str) -> None:
    with backoffice(database_file) as client:
        page = client.get("/docs")
        assert page.status_code == 200
        assert "cdn" not in page.text.lower()
        assert "<script>" not in page.text  # nothing inline: the CSP would refuse it
        for src in ("/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css"):
            assert src in page.text
            assert client.get(src).status_code == 200
        assert client.get("/docs/start.js").status_code == 200
        assert "/healthz" in client.get("/openapi.json").json()["paths"]
        assert client.get("/redoc").status_code == 404


def test_production_has_no_docs_and_no_schema(database_file: str) -> None:
    with backoffice(database_file, **PRODUCTION) as client:
        for path in ("/docs", "/docs/start.js", "/docs/assets/swagger-ui.css", "/openapi.json"):
            assert client.get(path).status_code == 404, path


def test_production_serves_docs_when_switched_on(database_file: str) -> None:
    with backoffice(database_file, **PRODUCTION, api_docs=True) as client:
        assert client.get("/docs").status_code == 200
        assert client.get("/openapi.json").status_code == 200


def test_dev_can_switch_docs_off(database_file: str) -> None:
    with backoffice(database_file, api_docs=False) as client:
        assert client.get("/docs").status_code == 404
        assert client.get("/openapi.json").status_code == 404


def test_docs_without_the_npm_package_say_what_to_install(tmp_path: Path) -> None:
    app = FastAPI(**docs_options(enabled=True))
    install_api_docs(app, assets=tmp_path / "swagger-ui-dist")
    with TestClient(app) as client:
        page = client.get("/docs")
    assert page.status_code == 503
    assert "npm ci" in page.text
