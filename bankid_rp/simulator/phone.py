"""The simulated BankID app: a phone page and its JSON API, plus the test-control API.

`/phone` is the page a tester opens; `/phone/api/...` plays the app (scan a QR string, open an
autostart token or a phone order, pick an identity, approve, cancel or fail). `/simulator/api/...`
scripts orders and injects faults for tests.
"""

from __future__ import annotations

import base64
import binascii
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from bankid_rp.simulator.faults import Fault, FaultInjector
from bankid_rp.simulator.identities import TEST_IDENTITIES
from bankid_rp.simulator.orders import SCENARIOS, Order, OrderStore, PhoneError
from byabutik.runtime.clock import Clock


class PhoneAction(BaseModel):
    """Optional arguments of a tester's action: who approves, or which hint a failure gets."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    personal_number: str | None = None
    hint_code: str = "certificateErr"
    mrtd_passed: bool = True
    """With mrtd required: did the passport or ID card check pass (`stepUp.mrtd`)."""


class FaultSpec(BaseModel):
    """A fault to queue (see `Fault`)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    path: str = "*"
    error: str | None = None
    status: int | None = None
    non_json: bool = False
    delay: float = Field(default=0.0, ge=0, le=60)
    times: int = Field(default=1, ge=1)


def _decoded(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return base64.b64decode(value).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None


def order_view(order: Order, clock: Clock) -> dict[str, Any]:
    """What the app shows about an order (never its secret)."""
    return {
        "orderRef": order.ref,
        "kind": order.kind,
        "status": order.status,
        "hintCode": order.hint_code,
        "pickedUp": order.picked_up,
        "scenario": order.scenario,
        "personalNumberRequired": order.required_personal_number is not None,
        "userVisibleData": _decoded(order.request.user_visible_data),
        "ageSeconds": round(clock.monotonic() - order.created_at, 1),
    }


def _refused(exc: Exception) -> JSONResponse:
    return JSONResponse({"error": str(exc)}, status_code=409)


def phone_router(*, store: OrderStore, clock: Clock) -> APIRouter:
    router = APIRouter()

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "alive"}

    @router.get("/phone", response_class=HTMLResponse)
    async def page() -> str:
        return (resources.files(__package__) / "phone.html").read_text("utf-8")

    @router.get("/phone/api/orders")
    async def orders() -> list[dict[str, Any]]:
        return [order_view(order, clock) for order in store.pending()]

    @router.get("/phone/api/identities")
    async def identities() -> list[dict[str, str]]:
        return [{"personalNumber": i.personal_number, "name": i.name} for i in TEST_IDENTITIES]

    @router.post("/phone/api/scan", response_model=None)
    async def scan(qr: Annotated[str, Body(embed=True)]) -> dict[str, Any] | JSONResponse:
        try:
            return order_view(store.open_qr(qr), clock)
        except PhoneError as exc:
            return _refused(exc)

    @router.post("/phone/api/autostart", response_model=None)
    async def autostart(
        auto_start_token: Annotated[str, Body(embed=True, alias="autoStartToken")],
    ) -> dict[str, Any] | JSONResponse:
        try:
            return order_view(store.open_autostart(auto_start_token), clock)
        except PhoneError as exc:
            return _refused(exc)

    @router.post("/phone/api/orders/{ref}/{action}", response_model=None)
    async def act(
        ref: str, action: str, body: Annotated[PhoneAction | None, Body()] = None
    ) -> dict[str, Any] | JSONResponse:
        args = body or PhoneAction()
        try:
            if action == "open":
                order = store.open_phone_order(ref)
            elif action == "scan-live":
                order = store.scan_live(ref)
            elif action == "approve":
                order = store.approve(
                    ref, args.personal_number or None, mrtd_passed=args.mrtd_passed
                )
            elif action == "cancel":
                order = store.user_cancel(ref)
            elif action == "fail":
                order = store.fail(ref, args.hint_code)
            else:
                return JSONResponse({"error": f"unknown action {action}"}, status_code=404)
        except (PhoneError, ValueError) as exc:
            return _refused(exc)
        return order_view(order, clock)

    return router


def control_router(*, store: OrderStore, faults: FaultInjector, clock: Clock) -> APIRouter:
    router = APIRouter(prefix="/simulator/api")

    @router.post("/orders/{ref}/scenario", response_model=None)
    async def scenario(ref: str, name: Annotated[str, Body(embed=True, alias="scenario")]) -> Any:
        if name not in SCENARIOS:
            return JSONResponse({"error": f"scenario is one of {SCENARIOS}"}, status_code=422)
        try:
            return order_view(store.set_scenario(ref, name), clock)
        except PhoneError as exc:
            return _refused(exc)

    @router.post("/faults")
    async def add_fault(spec: FaultSpec) -> dict[str, str]:
        faults.add(Fault(**spec.model_dump()))
        return {"status": "queued"}

    @router.delete("/faults")
    async def clear_faults() -> dict[str, str]:
        faults.clear()
        return {"status": "cleared"}

    return router
