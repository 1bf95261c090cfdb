"""Routes built on their first request answer as if they had been included at start."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient

from byabutik.runtime.lazy_routes import include_lazily
from byabutik.runtime.web import route_paths


def lazy_app(loads: list[str]) -> FastAPI:
    app = FastAPI()

    def load() -> list[APIRouter]:
        loads.append("loaded")
        router = APIRouter(prefix="/kiosk")

        @router.get("/{name}")
        def kiosk(name: str) -> dict[str, str]:
            return {"kiosk": name}

        return [router]

    include_lazily(app, ("/kiosk",), load)

    @app.get("/{anything}")  # after the lazy routes: they keep matching first
    def anything(anything: str) -> dict[str, str]:
        return {"anything": anything}

    return app


def test_the_routes_are_built_on_their_first_request_only() -> None:
    loads: list[str] = []
    with TestClient(lazy_app(loads)) as client:
        assert client.get("/home").json() == {"anything": "home"}
        assert loads == []
        assert client.get("/kiosk/a").json() == {"kiosk": "a"}
        assert client.get("/kiosk/b").json() == {"kiosk": "b"}
        assert client.post("/kiosk/a").status_code == 405
        assert loads == ["loaded"]


def test_paths_urls_and_the_schema_list_the_lazy_routes() -> None:
    assert "/kiosk/{name}" in route_paths(lazy_app([]))
    assert "/kiosk/{name}" not in route_paths(lazy_app([]), build=False)
    assert lazy_app([]).url_path_for("kiosk", name="x") == "/kiosk/x"
    assert "/kiosk/{name}" in lazy_app([]).openapi()["paths"]
