"""The receipt page /receipt/{sale_id}: a simple electronic receipt from the recorded sale."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from retail import Money
from retail.receipts import ReceiptNumber
from retail.vat import VatRow
from store_controller.checkout.models import SaleLineRow, SalePaymentRow, SaleRow, SaleVatRow
from store_controller.checkout.qr import qr_svg
from store_controller.web.deps import ControllerDep, LanguageDep
from store_controller.web.templating import templates

router = APIRouter(tags=["receipt"])


@dataclass(frozen=True, slots=True)
class Receipt:
    """What an electronic receipt shows."""

    number: ReceiptNumber
    occurred_at: datetime
    lines: list[SaleLineRow]
    vat: list[VatRow]
    total: Money
    pant: Money
    payment: SalePaymentRow


def load_receipt(session: Session, store_id: str, sale_id: str) -> Receipt | None:
    sale = session.get(SaleRow, sale_id)
    payment = session.get(SalePaymentRow, sale_id)
    if sale is None or payment is None:
        return None
    lines = session.scalars(
        select(SaleLineRow).where(SaleLineRow.sale_id == sale_id).order_by(SaleLineRow.line_no)
    )
    vat = session.scalars(
        select(SaleVatRow).where(SaleVatRow.sale_id == sale_id).order_by(SaleVatRow.rate_bp.desc())
    )
    return Receipt(
        number=ReceiptNumber(store_id, sale.register_id, sale.receipt_number),
        occurred_at=sale.occurred_at,
        lines=list(lines),
        vat=[VatRow(v.rate_bp, Money(v.gross_ore), Money(v.vat_ore)) for v in vat],
        total=Money(sale.total_ore),
        pant=Money(sale.pant_ore),
        payment=payment,
    )


@router.get("/receipt/{sale_id}", response_class=HTMLResponse)
async def receipt_page(
    sale_id: uuid.UUID, request: Request, controller: ControllerDep, lang: LanguageDep
) -> Response:
    settings = controller.settings
    with controller.sessions() as session:
        receipt = load_receipt(session, settings.store_id, str(sale_id))
    if receipt is None:
        raise HTTPException(404, "no such receipt")
    local = receipt.occurred_at.astimezone(ZoneInfo(settings.checkout.timezone))
    return templates.TemplateResponse(
        request,
        "receipt.html",
        {
            "lang": lang,
            "store_name": settings.store_name,
            "receipt": receipt,
            "local_time": local.strftime("%Y-%m-%d %H:%M"),
            "money": lambda ore: Money(ore).format(),
            "qr": qr_svg(str(request.url)),
        },
    )
