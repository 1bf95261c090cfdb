"""A synced sale read back as what its receipt shows (the backoffice's own, small model)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.errors import NotFoundError
from backoffice.sales.models import Sale, SaleLine, SalePayment, SaleVat
from backoffice.stores.details import legal_name, read_details
from backoffice.stores.service import get_store

METHOD_LABELS = {
    "swish": "Swish",
    "member_account": "Medlemskonto",
    "simulated": "Simulerad betalning (inga pengar dragna)",
}


@dataclass(frozen=True, slots=True)
class SyncedReceipt:
    store_name: str
    legal_name: str
    org_number: str
    vat_number: str
    address: str
    number: str
    register_id: str
    occurred_at: datetime
    lines: list[SaleLine]
    vat: list[SaleVat]
    payments: list[SalePayment]
    total_ore: int

    def method_label(self, method: str) -> str:
        return METHOD_LABELS.get(method, method)


def load_receipt(*, session: Session, slug: str, sale_id: UUID) -> SyncedReceipt:
    """The receipt of sale `sale_id` of store `slug`; NotFoundError if it has not synced."""
    store = get_store(session=session, slug=slug)
    details = read_details(session, store)
    sale = session.get(Sale, (store.id, sale_id))
    if sale is None:
        raise NotFoundError("no such receipt (yet): it appears once the store has synced")
    key = (SaleLine.store_id == store.id) & (SaleLine.sale_id == sale_id)
    lines = session.scalars(select(SaleLine).where(key).order_by(SaleLine.line_no))
    vat = session.scalars(
        select(SaleVat)
        .where((SaleVat.store_id == store.id) & (SaleVat.sale_id == sale_id))
        .order_by(SaleVat.rate_bp.desc())
    )
    payments = session.scalars(
        select(SalePayment)
        .where((SalePayment.store_id == store.id) & (SalePayment.sale_id == sale_id))
        .order_by(SalePayment.position)
    )
    return SyncedReceipt(
        store_name=store.name,
        legal_name=legal_name(session, store),
        org_number=store.org_number,
        vat_number=details.vat_number_text,
        address=store.address,
        number=f"{store.slug}/{sale.register_id}/{sale.receipt_number:06d}",
        register_id=sale.register_id,
        occurred_at=sale.occurred_at.astimezone(ZoneInfo(store.time_zone)),
        lines=list(lines),
        vat=list(vat),
        payments=list(payments),
        total_ore=sale.total_ore,
    )
