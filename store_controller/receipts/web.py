"""Receipt pages on the controller (local network): /receipt/{sale_id}, its text and print views.

`?copy=1` marks the rendering "KOPIA": the kiosk's QR gives the customer the original
electronic receipt; anything printed from the page afterwards is a copy.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse, PlainTextResponse

from retail import Money
from store_controller.checkout.qr import qr_svg
from store_controller.receipts.document import ReceiptDocument
from store_controller.receipts.links import receipt_url
from store_controller.receipts.store import Issuer, load_document, synced_settings
from store_controller.receipts.text import render_text
from store_controller.runtime import StoreController
from store_controller.web.deps import ControllerDep, LanguageDep
from store_controller.web.templating import templates

router = APIRouter(tags=["receipt"])
CopyFlag = Annotated[bool, Query(alias="copy")]


def issuer_of(controller: StoreController) -> Issuer:
    settings = controller.settings
    return Issuer(
        store_id=settings.store_id,
        store_name=settings.store_name,
        org_number=settings.receipts.org_number,
        address=settings.receipts.address,
        timezone=settings.checkout.timezone,
    )


def load_or_404(controller: StoreController, sale_id: uuid.UUID, *, copy: bool) -> ReceiptDocument:
    with controller.sessions() as session:
        issuer = issuer_of(controller).with_synced(synced_settings(session))
        doc = load_document(session, issuer, str(sale_id))
    if doc is None:
        raise HTTPException(404, "no such receipt")
    return doc.as_copy() if copy else doc


@router.get("/receipt/{sale_id}", response_class=HTMLResponse)
async def receipt_page(
    sale_id: uuid.UUID,
    request: Request,
    controller: ControllerDep,
    lang: LanguageDep,
    copy: CopyFlag = False,
) -> Response:
    doc = load_or_404(controller, sale_id, copy=copy)
    url = receipt_url(controller.settings, sale_id)
    return templates.TemplateResponse(
        request,
        "receipt.html",
        {
            "lang": lang,
            "doc": doc,
            "money": Money.format,
            "qr": qr_svg(url),
            "url": url,
            "mail_enabled": controller.settings.receipts.smtp is not None,
        },
    )


@router.get("/receipt/{sale_id}/text", response_class=PlainTextResponse)
async def receipt_text(
    sale_id: uuid.UUID, controller: ControllerDep, copy: CopyFlag = False
) -> str:
    """The plain-text receipt (what a printer prints), UTF-8."""
    return render_text(load_or_404(controller, sale_id, copy=copy))
