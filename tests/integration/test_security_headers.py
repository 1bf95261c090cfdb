"""Both apps send the security headers on every response, pages, API and errors alike."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient

from backoffice.app import create_app as create_backoffice
from backoffice.db import MIGRATIONS as BACKOFFICE_MIGRATIONS
from backoffice.settings import BackofficeSettings
from byabutik.runtime.db import make_engine
from byabutik.runtime.web import SecurityHeadersMiddleware, content_security_policy
from store_controller.bootstrap import build_controller
from store_controller.bootstrap import create_app as create_controller
from store_controller.settings import ControllerSettings
from tests.db_templates import migrate


def assert_secured(headers: Mapping[str, str], *, framed: bool = False) -> None:
    policy = headers.get("content-security-policy", "")
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == ("'self'" if framed else "'none'")
    assert headers.get("x-content-type-options") == "nosniff"
    assert headers.get("referrer-policy") == "same-origin"


def test_the_controller_secures_pages_api_and_errors(tmp_path: Path) -> None:
    app = create_controller(build_controller(ControllerSettings(data_dir=tmp_path)))
    with TestClient(app) as client:
        for path in ("/", "/kiosk", "/door", "/static/kiosk.js", "/healthz", "/nowhere"):
            assert_secured(client.get(path).headers)
        assert_secured(client.post("/kiosk/lines/1/quantity", json={"quantity": -1}).headers)


def test_the_backoffice_secures_pages_api_and_errors(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'backoffice.db'}"
    engine = make_engine(url)
    migrate(engine, BACKOFFICE_MIGRATIONS)
    app = create_backoffice(BackofficeSettings(database_url=url), engine)
    with TestClient(app) as client:
        for path in ("/healthz", "/receipt-assets/receipt.css", "/api/stores", "/nowhere"):
            assert_secured(client.get(path).headers)


def test_a_route_that_sets_its_own_policy_keeps_it() -> None:
    app = FastAPI()
    app.add_middleware(SecurityHeadersMiddleware)

    @app.get("/framed")
    def framed() -> HTMLResponse:
        policy = content_security_policy(frame_ancestors="'self'")
        return HTMLResponse("<p>framed</p>", headers={"Content-Security-Policy": policy})

    with TestClient(app) as client:
        response = client.get("/framed")
    assert_secured(response.headers, framed=True)
    assert len(response.headers.get_list("content-security-policy")) == 1
