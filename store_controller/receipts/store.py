"""A recorded sale read back as a `ReceiptDocument` (from the sale tables, never recomputed)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlalchemy import select

from retail import Money, wire
from retail.receipts import ReceiptNumber
from retail.vat import VatRow
from store_controller.receipts.document import ReceiptDocument, ReceiptLine, method_label
from store_controller.sync.state_row import STATE_ID

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True, slots=True)
class Issuer:
    """Who issues the receipts of this controller."""

    store_id: str
    store_name: str
    org_number: str
    address: str
    timezone: str
    legal_name: str = ""
    vat_number: str = ""

    def with_synced(self, synced: wire.StoreSettings | None) -> Issuer:
        """The details the backoffice sent (the owner's store settings) over this local file's;
        before the first pull, or for a detail never saved there, the file's."""
        if synced is None:
            return self
        return replace(
            self,
            store_name=synced.display_name or self.store_name,
            legal_name=synced.legal_name or self.legal_name,
            org_number=synced.org_number or self.org_number,
            vat_number=synced.vat_number or self.vat_number,
            address=synced.address or self.address,
            timezone=synced.timezone or self.timezone,
        )


def synced_settings(session: Session) -> wire.StoreSettings | None:
    """The store settings of the last catalog pull, if any (and if still readable)."""
    from store_controller.sync.models import SyncState  # the ORM, on first use

    state = session.get(SyncState, STATE_ID)
    if state is None or not state.store_settings:
        return None
    try:
        return wire.StoreSettings.model_validate(state.store_settings)
    except ValidationError:
        return None


def load_document(session: Session, issuer: Issuer, sale_id: str) -> ReceiptDocument | None:
    """The receipt of the recorded sale `sale_id`, or None."""
    from store_controller.checkout.models import SaleLineRow, SalePaymentRow, SaleRow, SaleVatRow

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
    number = ReceiptNumber(issuer.store_id, sale.register_id, sale.receipt_number)
    return ReceiptDocument(
        legal_name=issuer.legal_name,
        vat_number=issuer.vat_number,
        store_name=issuer.store_name,
        org_number=issuer.org_number,
        address=issuer.address,
        receipt_number=str(number),
        register_id=sale.register_id,
        occurred_at=sale.occurred_at.astimezone(ZoneInfo(issuer.timezone)),
        lines=tuple(
            ReceiptLine(
                name=row.name,
                quantity=row.quantity,
                unit_price=Money(row.unit_price_ore),
                amount=Money(row.amount_ore),
                weight_g=row.weight_g,
                pant=Money(row.pant_ore),
            )
            for row in lines
        ),
        total=Money(sale.total_ore),
        vat=tuple(VatRow(v.rate_bp, Money(v.gross_ore), Money(v.vat_ore)) for v in vat),
        payment_method=method_label(payment.method, payment.provider),
        paid=Money(payment.amount_ore),
    )
