"""Receipts sent on request: POST /receipt/{sale_id}/email and /receipt/{sale_id}/print.

Both are optional: without `[receipts.smtp]` / `[receipts.printer]` they answer 404. A print is
always marked KOPIA: the original is the electronic receipt the kiosk offered. Tests (or another
adapter) put their own `receipt_mailer` / `receipt_printer` on `app.state`.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from store_controller.receipts.links import receipt_url
from store_controller.receipts.mail import MailError, ReceiptMailer, SmtpReceiptMailer
from store_controller.receipts.printer import EscposReceiptPrinter, PrinterError, ReceiptPrinter
from store_controller.receipts.web import load_or_404
from store_controller.web.deps import ControllerDep

log = logging.getLogger(__name__)
router = APIRouter(tags=["receipt"])
NO_CONTENT = 204
UNAVAILABLE = 503


class MailTo(BaseModel):
    to: str = Field(pattern=r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$", max_length=254)


def mailer(request: Request, controller: ControllerDep) -> ReceiptMailer | None:
    given: ReceiptMailer | None = getattr(request.app.state, "receipt_mailer", None)
    smtp = controller.settings.receipts.smtp
    return given or (SmtpReceiptMailer(smtp) if smtp is not None else None)


def printer(request: Request, controller: ControllerDep) -> ReceiptPrinter | None:
    given: ReceiptPrinter | None = getattr(request.app.state, "receipt_printer", None)
    config = controller.settings.receipts.printer
    if given is None and config is not None:
        given = EscposReceiptPrinter(config.device, width=config.width)
    return given


@router.post("/receipt/{sale_id}/email", status_code=NO_CONTENT)
async def email_receipt(
    sale_id: uuid.UUID, mail: MailTo, request: Request, controller: ControllerDep
) -> None:
    sender = mailer(request, controller)
    if sender is None:
        raise HTTPException(404, "e-mailed receipts are not set up in this store")
    doc = load_or_404(controller, sale_id, copy=False)
    url = receipt_url(controller.settings, sale_id)
    try:
        await asyncio.to_thread(sender.send, to=mail.to, doc=doc, url=url)
    except MailError as exc:
        log.warning("a receipt could not be mailed", extra={"sale_id": str(sale_id)})
        raise HTTPException(UNAVAILABLE, "the receipt could not be sent now") from exc


@router.post("/receipt/{sale_id}/print", status_code=NO_CONTENT)
async def print_receipt(sale_id: uuid.UUID, request: Request, controller: ControllerDep) -> None:
    device = printer(request, controller)
    if device is None:
        raise HTTPException(404, "this store has no receipt printer")
    doc = load_or_404(controller, sale_id, copy=True)
    try:
        await asyncio.to_thread(device.print_receipt, doc)
    except PrinterError as exc:
        log.warning("a receipt could not be printed", extra={"sale_id": str(sale_id)})
        raise HTTPException(UNAVAILABLE, "the printer is not working now") from exc
