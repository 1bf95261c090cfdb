"""What a signed-in member sees of themselves: accounts (balance and limit per association),
purchases with receipts, invoices with their status, the data export and erasure requests.

Every query is by the member's own identity hash: an id of someone else's receipt or invoice
finds nothing (the page answers 404, as for an id that does not exist)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.members import invoices, ledger, rights
from backoffice.members.me_models import ErasureRequest
from backoffice.members.models import MemberAccount, MemberContact, MemberInvoice
from backoffice.people.models import Association
from backoffice.sales.models import Sale, SaleLine, SalePayment, SaleVat
from backoffice.stores.models import Store
from backoffice.visits.models import CustomerName, Visit

PURCHASES_SHOWN = 200


@dataclass(frozen=True, slots=True)
class AccountView:
    association: str
    stores: tuple[str, ...]
    credit_limit_ore: int
    balance_ore: int  # negative: owed


@dataclass(frozen=True, slots=True)
class PurchaseView:
    sale: Sale
    store: Store


@dataclass(frozen=True, slots=True)
class InvoiceView:
    invoice: MemberInvoice
    association: str
    outstanding_ore: int
    status: str  # paid, unpaid, overdue, credit


@dataclass(frozen=True, slots=True)
class PersonView:
    """The name and birth date one store's door reported from BankID (the export's `person`)."""

    store: str
    name: str
    birth_date: date
    reported: date


def person(session: Session, identity_hash: str) -> list[PersonView]:
    """What each store keeps of the member's name and birth date, by store name."""
    rows = session.execute(
        select(CustomerName, Store.name)
        .join(Store, Store.id == CustomerName.store_id)
        .where(CustomerName.identity_hash == identity_hash)
        .order_by(Store.name)
    ).all()
    return [PersonView(store, n.name, n.birth_date, n.seen_at.date()) for n, store in rows]


def accounts(session: Session, identity_hash: str) -> list[AccountView]:
    rows = session.execute(
        select(MemberAccount, Association)
        .join(Association, Association.id == MemberAccount.association_id)
        .where(MemberAccount.identity_hash == identity_hash)
        .order_by(Association.name)
    ).all()
    found = []
    for account, association in rows:
        names = session.scalars(
            select(Store.name).where(Store.association_id == association.id).order_by(Store.name)
        )
        found.append(
            AccountView(
                association.name,
                tuple(names),
                account.credit_limit_ore,
                ledger.balance(session, association.id, identity_hash),
            )
        )
    return found


def purchases(session: Session, identity_hash: str) -> list[PurchaseView]:
    rows = session.execute(
        select(Sale, Store)
        .join(Store, Store.id == Sale.store_id)
        .where(Sale.customer_hash == identity_hash)
        .order_by(Sale.occurred_at.desc())
        .limit(PURCHASES_SHOWN)
    ).all()
    return [PurchaseView(sale, store) for sale, store in rows]


@dataclass(frozen=True, slots=True)
class Receipt:
    sale: Sale
    store: Store
    lines: list[SaleLine]
    vat: list[SaleVat]
    payments: list[SalePayment]


def receipt(session: Session, identity_hash: str, sale_id: UUID) -> Receipt | None:
    """The member's own receipt; None for someone else's or an unknown id."""
    row = session.execute(
        select(Sale, Store)
        .join(Store, Store.id == Sale.store_id)
        .where(Sale.sale_id == sale_id, Sale.customer_hash == identity_hash)
    ).first()
    if row is None:
        return None
    sale, store = row
    key = (SaleLine.store_id == sale.store_id, SaleLine.sale_id == sale.sale_id)
    vat_key = (SaleVat.store_id == sale.store_id, SaleVat.sale_id == sale.sale_id)
    paid_key = (SalePayment.store_id == sale.store_id, SalePayment.sale_id == sale.sale_id)
    return Receipt(
        sale,
        store,
        list(session.scalars(select(SaleLine).where(*key).order_by(SaleLine.line_no))),
        list(session.scalars(select(SaleVat).where(*vat_key).order_by(SaleVat.rate_bp))),
        list(session.scalars(select(SalePayment).where(*paid_key).order_by(SalePayment.position))),
    )


def _status(invoice: MemberInvoice, outstanding: int, today: date) -> str:
    if invoice.kind == "credit":
        return "credit"
    if outstanding <= 0:
        return "paid"
    return "overdue" if invoice.due_on < today else "unpaid"


def _view(session: Session, invoice: MemberInvoice, name: str, today: date) -> InvoiceView:
    outstanding = invoices.outstanding_ore(session, invoice)
    return InvoiceView(invoice, name, outstanding, _status(invoice, outstanding, today))


def invoice_list(session: Session, identity_hash: str, today: date) -> list[InvoiceView]:
    rows = session.execute(
        select(MemberInvoice, Association.name)
        .join(Association, Association.id == MemberInvoice.association_id)
        .where(MemberInvoice.identity_hash == identity_hash)
        .order_by(MemberInvoice.issued_at.desc(), MemberInvoice.id.desc())
    ).all()
    return [_view(session, invoice, name, today) for invoice, name in rows]


def invoice(
    session: Session, identity_hash: str, invoice_id: int, today: date
) -> InvoiceView | None:
    """The member's own invoice; None for someone else's or an unknown id."""
    row = session.execute(
        select(MemberInvoice, Association.name)
        .join(Association, Association.id == MemberInvoice.association_id)
        .where(MemberInvoice.id == invoice_id, MemberInvoice.identity_hash == identity_hash)
    ).first()
    return None if row is None else _view(session, row[0], row[1], today)


def keepers(session: Session, identity_hash: str) -> list[Store]:
    """One store per association (or lone store) that keeps anything about the member."""
    store_ids = set(
        session.scalars(select(Sale.store_id).where(Sale.customer_hash == identity_hash))
    )
    store_ids |= set(
        session.scalars(select(Visit.store_id).where(Visit.identity_hash == identity_hash))
    )
    associations = set(
        session.scalars(
            select(MemberAccount.association_id).where(MemberAccount.identity_hash == identity_hash)
        )
    )
    stores = list(
        session.scalars(
            select(Store)
            .where(Store.id.in_(store_ids) | Store.association_id.in_(associations))
            .order_by(Store.id)
        )
    )
    chosen: dict[tuple[str, int], Store] = {}
    for store in stores:
        key = ("association", store.association_id) if store.association_id else ("store", store.id)
        chosen.setdefault(key, store)
    return list(chosen.values())


def export(session: Session, identity_hash: str, now: datetime) -> dict[str, Any]:
    """Everything kept about the member, per association (rights.export_person for each)."""
    parts = []
    for store in keepers(session, identity_hash):
        association = (
            session.get(Association, store.association_id) if store.association_id else None
        )
        data = rights.export_person(session, store, identity_hash)
        data.pop("identity_hash", None)
        parts.append({"association": association.name if association else store.name, **data})
    return {"identity_hash": identity_hash, "exported_at": now.isoformat(), "keepers": parts}


def request_erasure(
    session: Session, identity_hash: str, reason: str, now: datetime
) -> list[ErasureRequest]:
    """One open request per association that keeps the member's data (an open one is kept,
    not doubled). The owner acts on it; nothing is erased here."""
    made = []
    ids = {s.association_id for s in keepers(session, identity_hash) if s.association_id}
    for association_id in sorted(ids):
        open_request = session.scalar(
            select(ErasureRequest).where(
                ErasureRequest.association_id == association_id,
                ErasureRequest.identity_hash == identity_hash,
                ErasureRequest.handled_at.is_(None),
            )
        )
        if open_request is not None:
            open_request.reason = reason
            made.append(open_request)
            continue
        row = ErasureRequest(
            association_id=association_id,
            identity_hash=identity_hash,
            reason=reason,
            requested_at=now,
        )
        session.add(row)
        made.append(row)
    session.flush()
    return made


def open_requests(session: Session, identity_hash: str) -> list[ErasureRequest]:
    return list(
        session.scalars(
            select(ErasureRequest)
            .where(
                ErasureRequest.identity_hash == identity_hash,
                ErasureRequest.handled_at.is_(None),
            )
            .order_by(ErasureRequest.id)
        )
    )


def requests_for(
    session: Session, association_id: int | None, identity_hash: str
) -> list[ErasureRequest]:
    """The owner's view: the association's erasure requests from this customer."""
    if association_id is None:
        return []
    return list(
        session.scalars(
            select(ErasureRequest)
            .where(
                ErasureRequest.association_id == association_id,
                ErasureRequest.identity_hash == identity_hash,
            )
            .order_by(ErasureRequest.id.desc())
        )
    )


def close_requests(
    session: Session, association_id: int, identity_hash: str, *, token: str, by: str, now: datetime
) -> int:
    """The owner erased the customer: their open requests are handled, and every request moves
    to the erasure's anonymous token like the rest of their records."""
    rows = requests_for(session, association_id, identity_hash)
    for row in rows:
        row.identity_hash = token
        if row.handled_at is None:
            row.handled_at, row.handled_by = now, by[:120]
    return len(rows)


@dataclass(frozen=True, slots=True)
class ContactForm:
    """The member's name, e-mail and address for one association's invoices (as kept or as
    typed on a refusal), with the refusal's message if any."""

    association_id: int
    association: str
    name: str
    email: str
    address: str
    error: str | None = None


def contact_forms(session: Session, identity_hash: str) -> list[ContactForm]:
    """One form per association where the member has an account (invoices come from there)."""
    rows = session.execute(
        select(Association.id, Association.name, MemberContact)
        .select_from(MemberAccount)
        .join(Association, Association.id == MemberAccount.association_id)
        .outerjoin(
            MemberContact,
            (MemberContact.association_id == MemberAccount.association_id)
            & (MemberContact.identity_hash == MemberAccount.identity_hash),
        )
        .where(MemberAccount.identity_hash == identity_hash)
        .order_by(Association.name, Association.id)
    ).all()
    return [
        ContactForm(
            association_id,
            name,
            contact.name if contact else "",
            contact.email if contact else "",
            contact.address if contact else "",
        )
        for association_id, name, contact in rows
    ]


def has_account(session: Session, identity_hash: str, association_id: int) -> bool:
    return session.get(MemberAccount, (association_id, identity_hash)) is not None


def open_requests_of(session: Session, association_id: int | None) -> list[ErasureRequest]:
    """The owner's list: the association's erasure requests not yet handled, oldest first."""
    if association_id is None:
        return []
    return list(
        session.scalars(
            select(ErasureRequest)
            .where(
                ErasureRequest.association_id == association_id,
                ErasureRequest.handled_at.is_(None),
            )
            .order_by(ErasureRequest.requested_at, ErasureRequest.id)
        )
    )
