"""The simulated payer: a phone page and its JSON API, plus the test-control API.

`/phone` shows pending requests and lets a tester pay, decline or fail them; `/phone/api/...` does
the same for tests (and `scan` finds a request by the QR string the kiosk shows).
`/simulator/api/...` sets the default scenario and lists callback deliveries. No certificate is
needed: this is the payer's side, not the merchant's API.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from swish_merchant.simulator.callbacks import Delivery
from swish_merchant.simulator.store import (
    SCENARIOS,
    PaymentStore,
    SimPayment,
    SimulatorError,
)


class _Body(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class PayAction(_Body):
    payer_age: int | None = Field(default=None, ge=0, le=130)


class FailAction(_Body):
    code: str = "FF10"


class ScanAction(_Body):
    qr: str


class ScenarioChoice(_Body):
    scenario: str


def payment_view(payment: SimPayment) -> dict[str, Any]:
    """What the phone shows about a request (the token too: it is the QR the kiosk shows)."""
    wire = payment.to_wire()
    return {
        **wire,
        "token": payment.token,
        "qrData": f"D{payment.token}" if payment.token else None,
        "ageLimit": payment.body.get("ageLimit"),
        "scenario": payment.scenario,
    }


def _answer(action: Callable[[], SimPayment]) -> Response:
    try:
        return JSONResponse(payment_view(action()))
    except SimulatorError as error:
        return JSONResponse({"error": str(error), "codes": list(error.codes)}, error.status)


def phone_router(store: PaymentStore) -> APIRouter:
    router = APIRouter()

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": "swish-simulator"}

    @router.get("/phone", response_class=HTMLResponse)
    async def page() -> str:
        page = resources.files("swish_merchant.simulator") / "phone.html"
        return page.read_text(encoding="utf-8")

    @router.get("/phone/api/requests")
    async def requests() -> list[dict[str, Any]]:
        return [payment_view(p) for p in store.payments()]

    @router.post("/phone/api/requests/{request_id}/pay")
    async def pay(request_id: str, action: PayAction | None = None) -> Response:
        age = action.payer_age if action else None
        return _answer(lambda: store.pay(request_id, payer_age=age))

    @router.post("/phone/api/requests/{request_id}/decline")
    async def decline(request_id: str) -> Response:
        return _answer(lambda: store.decline(request_id))

    @router.post("/phone/api/requests/{request_id}/fail")
    async def fail(request_id: str, action: FailAction) -> Response:
        return _answer(lambda: store.fail(request_id, action.code))

    @router.post("/phone/api/scan")
    async def scan(action: ScanAction) -> Response:
        return _answer(lambda: store.by_token(action.qr.strip()))

    return router


def control_router(store: PaymentStore, deliveries: Callable[[], list[Delivery]]) -> APIRouter:
    router = APIRouter(prefix="/simulator/api")

    @router.get("/scenario")
    async def scenario() -> dict[str, Any]:
        return {"scenario": store.scenario, "choices": list(SCENARIOS)}

    @router.put("/scenario")
    async def set_scenario(choice: ScenarioChoice) -> Response:
        if choice.scenario not in SCENARIOS:
            return JSONResponse({"error": f"one of {list(SCENARIOS)}"}, status_code=422)
        store.scenario = choice.scenario
        return JSONResponse({"scenario": store.scenario})

    @router.get("/callbacks")
    async def callbacks() -> list[dict[str, Any]]:
        return [
            {
                "url": d.url,
                "id": d.object_id,
                "attempt": d.attempt,
                "status": d.status,
                "error": d.error,
            }
            for d in deliveries()
        ]

    return router
