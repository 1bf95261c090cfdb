"""The tests' memory of route analyses (tests/route_memo.py): a second app answers as the first
without analysing its routes again, and what one app overrides stays its own."""

from __future__ import annotations

from typing import Any

import fastapi
import pytest
from fastapi import APIRouter, Depends, FastAPI, routing
from fastapi.testclient import TestClient

from tests.route_memo import CHECKED_FASTAPI, remember_route_analysis


def _who() -> str:
    return "everyone"


router = APIRouter()


@router.get("/hello/{name}")
def hello(name: str, count: int = 1, who: str = Depends(_who)) -> dict[str, object]:
    return {"name": name, "count": count, "who": who}


def _app() -> FastAPI:
    app = FastAPI()
    app.include_router(router, prefix="/api")
    return app


def test_a_second_app_reuses_the_analysis_and_keeps_its_own_overrides(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert fastapi.__version__.startswith(CHECKED_FASTAPI), (
        f"FastAPI {fastapi.__version__}: check tests/route_memo.py against it, then name it"
    )
    assert remember_route_analysis()
    analysed: list[str] = []
    get_dependant = routing.get_dependant  # type: ignore[attr-defined]

    def counted(**arguments: Any) -> Any:
        analysed.append(arguments["path"])
        return get_dependant(**arguments)

    monkeypatch.setattr(routing, "get_dependant", counted)
    first, second = _app(), _app()
    second.dependency_overrides[_who] = lambda: "the second app"
    with TestClient(first) as one, TestClient(second) as two:
        answer = one.get("/api/hello/ada", params={"count": "2"})
        assert answer.json() == {"name": "ada", "count": 2, "who": "everyone"}
        assert analysed == ["/api/hello/{name}"]
        assert two.get("/api/hello/ada", params={"count": "2"}).json() == {
            "name": "ada",
            "count": 2,
            "who": "the second app",
        }
        assert analysed == ["/api/hello/{name}"], "the second app analysed its route again"
        assert one.get("/api/hello/bob").json()["who"] == "everyone"
        refused = two.get("/api/hello/ada", params={"count": "many"})
        assert refused.status_code == 422
        assert refused.json()["detail"][0]["loc"] == ["query", "count"]
