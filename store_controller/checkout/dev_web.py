"""The kiosk's dev-mode shortcuts: approve or decline a simulated payment, type a barcode.

Mounted only in dev mode (`install_checkout`): a production controller has no such routes at
all, not merely refusing ones.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from drivers.scanners.simulated import SimulatedScanner
from store_controller.checkout.web import NO_CONTENT, CheckoutDep
from store_controller.payments.simulated import SimulatedPaymentProvider
from store_controller.web.deps import ControllerDep

router = APIRouter(prefix="/kiosk", tags=["kiosk (dev mode)"])


class TypedCode(BaseModel):
    code: str = Field(min_length=1, max_length=200)


@router.post("/pay/simulate/{outcome}", status_code=NO_CONTENT)
async def simulate_payment(outcome: str, checkout: CheckoutDep) -> None:
    """The simulated provider's customer approves or declines."""
    provider = checkout.payments
    if not isinstance(provider, SimulatedPaymentProvider) or checkout.payment is None:
        raise HTTPException(404, "no simulated payment in progress")
    if outcome == "approve":
        provider.approve(checkout.payment.reference)
    elif outcome == "decline":
        provider.decline(checkout.payment.reference)
    else:
        raise HTTPException(404, "approve or decline")
    await checkout.poll_payment()


@router.post("/scan", status_code=NO_CONTENT)
async def typed_scan(code: TypedCode, controller: ControllerDep, checkout: CheckoutDep) -> None:
    """A code typed on the page, sent through a simulated scanner if one exists."""
    for scanner in controller.devices.scanners:
        if isinstance(scanner, SimulatedScanner) and scanner.scan(code.code):
            return
    await checkout.scan(code.code, source="typed")
