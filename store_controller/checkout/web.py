"""The kiosk's routes under /kiosk: the page, its live events, and the customer's taps.

The dev mode's shortcuts (approve a simulated payment, type a code) are in `dev_web`, which a
production controller does not mount."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field
from starlette.responses import StreamingResponse

from store_controller.checkout.cart import MAX_QUANTITY
from store_controller.checkout.pay_methods import pay_buttons
from store_controller.checkout.service import CheckoutService
from store_controller.checkout.state import KIOSK_TOPIC
from store_controller.web.deps import ControllerDep, LanguageDep
from store_controller.web.live import sse_response
from store_controller.web.templating import templates


def get_checkout(request: Request) -> CheckoutService:
    checkout: CheckoutService = request.app.state.checkout
    return checkout


CheckoutDep = Annotated[CheckoutService, Depends(get_checkout)]
router = APIRouter(prefix="/kiosk", tags=["kiosk"])
NO_CONTENT = 204


class QuantityChange(BaseModel):
    quantity: int = Field(ge=0, le=MAX_QUANTITY)


@router.get("", response_class=HTMLResponse)
async def kiosk_page(
    request: Request, controller: ControllerDep, checkout: CheckoutDep, lang: LanguageDep
) -> Response:
    dev = controller.settings.mode == "dev"
    return templates.TemplateResponse(
        request,
        "kiosk.html",
        {
            "lang": lang,
            "store_name": controller.settings.store_name,
            "dev": dev,
            "pay_methods": pay_buttons(checkout.methods, lang),
        },
    )


@router.get("/events")
async def kiosk_events(controller: ControllerDep) -> StreamingResponse:
    return sse_response(controller.live, KIOSK_TOPIC)


@router.post("/lines/{line_id}/quantity", status_code=NO_CONTENT)
async def change_quantity(line_id: int, change: QuantityChange, checkout: CheckoutDep) -> None:
    await checkout.set_quantity(line_id, change.quantity)


@router.post("/lines/{line_id}/remove", status_code=NO_CONTENT)
async def remove_line(line_id: int, checkout: CheckoutDep) -> None:
    await checkout.remove_line(line_id)


@router.post("/clear", status_code=NO_CONTENT)
async def clear_cart(checkout: CheckoutDep) -> None:
    await checkout.clear()


@router.post("/age-check", status_code=NO_CONTENT)
async def start_age_check(checkout: CheckoutDep) -> None:
    checkout.start_age_check()


@router.post("/age-check/cancel", status_code=NO_CONTENT)
async def cancel_age_check(checkout: CheckoutDep) -> None:
    await checkout.cancel_age_check()
    checkout.publish()


@router.post("/pay", status_code=NO_CONTENT)
async def pay(
    checkout: CheckoutDep, method: Annotated[str | None, Query(max_length=32)] = None
) -> None:
    """Pay with `method` (a provider's name; the default provider when absent)."""
    if checkout.provider_named(method) is None:
        raise HTTPException(404, "no such payment method")
    await checkout.pay(method)


@router.post("/pay/cancel", status_code=NO_CONTENT)
async def cancel_payment(checkout: CheckoutDep) -> None:
    await checkout.cancel_payment()
