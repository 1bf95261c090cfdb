"""FastAPI imported lean (`import_fastapi_lean`, what `byabutik controller run` does before its
routes are built) answers exactly as FastAPI does: the same OpenAPI document, the same 422 body,
the same responses, pydantic.v1 models still refused; but its own models wait for their first
use and `pydantic.v1` is not imported. Each probe runs in a fresh interpreter: the test process
has imported both long ago."""

from __future__ import annotations

import json
import subprocess
import sys

APP = """
import json, sys
if sys.argv[1] == "lean":
    from byabutik.runtime.lean_fastapi import import_fastapi_lean
    import_fastapi_lean()
    import_fastapi_lean()  # twice: the checks are wrapped once
from fastapi import FastAPI
from fastapi.encoders import jsonable_encoder
from fastapi.openapi import models
from fastapi.testclient import TestClient
from pydantic import BaseModel

deferred = not models.OpenAPI.__pydantic_complete__


class Item(BaseModel):
    code: str
    count: int = 1


app = FastAPI()


@app.post("/items/{shelf}")
def add(shelf: int, item: Item, note: str | None = None) -> dict[str, object]:
    return {"shelf": shelf, "item": item, "note": note}


client = TestClient(app)
answers = [
    client.post("/items/3", json={"code": "731"}, params={"note": "n"}).json(),
    client.post("/items/x", json={"count": "many"}).json(),  # the 422 body
    jsonable_encoder({"item": Item(code="1")}),
]
v1_before = "pydantic.v1" in sys.modules
openapi = client.get("/openapi.json").json()
print(json.dumps({
    "answers": answers,
    "openapi": openapi,
    "deferred": deferred,
    "built_on_use": models.OpenAPI.__pydantic_complete__,
    "v1": v1_before,
}))
"""

V1_REFUSED = """
import sys
from byabutik.runtime.lean_fastapi import import_fastapi_lean
import_fastapi_lean()
from fastapi import FastAPI
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import PydanticV1NotSupportedError
from pydantic import v1


class Old(v1.BaseModel):
    code: str


app = FastAPI()
refused = []
try:
    @app.post("/old")
    def old(item: Old) -> None: ...
except PydanticV1NotSupportedError:
    refused.append("route")
try:
    jsonable_encoder(Old(code="1"))
except PydanticV1NotSupportedError:
    refused.append("encoder")
print(*refused)
"""


def probe(code: str, *args: str) -> str:
    run = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def test_lean_fastapi_answers_as_fastapi_does_without_building_its_models_or_importing_v1() -> None:
    lean, plain = (json.loads(probe(APP, mode)) for mode in ("lean", "plain"))
    assert lean["answers"] == plain["answers"]
    assert lean["answers"][1]["detail"][0]["type"] == "int_parsing"  # sanity: a 422 body
    assert lean["openapi"] == plain["openapi"]
    assert (lean["deferred"], lean["built_on_use"], lean["v1"]) == (True, True, False)
    assert (plain["deferred"], plain["v1"]) == (False, True)


def test_a_pydantic_v1_model_is_still_refused_once_pydantic_v1_is_imported() -> None:
    assert probe(V1_REFUSED).split() == ["route", "encoder"]
