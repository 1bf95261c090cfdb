"""A customer's data rights within one association: everything kept about a person (by their
keyed identity hash) as one export, and erasure on request.

Erasure keeps what the accounting rules require (bokföringslagen: seven years) and removes the
personal link: every visit, sale, ledger entry, invoice and block of the person moves from the
identity hash to one random anonymous token, and the payer names the bank gave for the person's
invoice payments are blanked, and the owners' notes on the person and the name and birth date
the stores' doors reported (from BankID) are deleted. Afterwards nothing is found by the old
hash. The backoffice never holds the identity number of a customer.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Delete, Update, delete, select, update
from sqlalchemy.orm import Session

from backoffice.members import notes as customer_notes
from backoffice.members.models import (
    LedgerEntry,
    MemberAccount,
    MemberBlock,
    MemberContact,
    MemberInvoice,
    PaymentIn,
)
from backoffice.sales.models import Sale, SaleLine, SalePayment
from backoffice.stores.models import Store
from backoffice.visits.models import CustomerName, Visit

ERASED_PREFIX = "erased-"


def anonymous_token() -> str:
    """A fresh token standing in for an erased person (not derived from their hash)."""
    return ERASED_PREFIX + secrets.token_hex(16)


def store_ids(session: Session, store: Store) -> list[int]:
    """The stores whose records belong to the same keeper as `store` (its association)."""
    if store.association_id is None:
        return [store.id]
    return list(
        session.scalars(select(Store.id).where(Store.association_id == store.association_id))
    )


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def export_person(session: Session, store: Store, identity_hash: str) -> dict[str, Any]:
    """Everything the association keeps about the person, JSON-able."""
    stores = store_ids(session, store)
    slugs = dict(session.execute(select(Store.id, Store.slug).where(Store.id.in_(stores))).all())
    association = store.association_id
    visits = session.scalars(
        select(Visit)
        .where(Visit.store_id.in_(stores), Visit.identity_hash == identity_hash)
        .order_by(Visit.occurred_at)
    )
    sales = list(
        session.scalars(
            select(Sale)
            .where(Sale.store_id.in_(stores), Sale.customer_hash == identity_hash)
            .order_by(Sale.occurred_at)
        )
    )
    names = session.scalars(
        select(CustomerName)
        .where(CustomerName.store_id.in_(stores), CustomerName.identity_hash == identity_hash)
        .order_by(CustomerName.seen_at.desc())
    )
    return {
        "identity_hash": identity_hash,
        "person": [
            {
                "store": slugs[n.store_id],
                "name": n.name,
                "birth_date": n.birth_date.isoformat(),
                "reported_at": n.seen_at.isoformat(),
            }
            for n in names
        ],
        "visits": [
            {
                "store": slugs[v.store_id],
                "at": v.occurred_at.isoformat(),
                "outcome": v.outcome,
                "age": v.age,
            }
            for v in visits
        ],
        "purchases": [_sale(session, slugs[s.store_id], s) for s in sales],
        **_association_part(session, association, identity_hash),
    }


def _sale(session: Session, slug: str, sale: Sale) -> dict[str, Any]:
    key = (SaleLine.store_id == sale.store_id, SaleLine.sale_id == sale.sale_id)
    lines = session.scalars(select(SaleLine).where(*key).order_by(SaleLine.line_no))
    paid = session.scalars(
        select(SalePayment).where(
            SalePayment.store_id == sale.store_id, SalePayment.sale_id == sale.sale_id
        )
    )
    return {
        "store": slug,
        "receipt": sale.receipt_number,
        "at": sale.occurred_at.isoformat(),
        "total_ore": sale.total_ore,
        "lines": [
            {"name": line.name, "quantity": line.quantity, "amount_ore": line.amount_ore}
            for line in lines
        ],
        "payments": [{"method": p.method, "amount_ore": p.amount_ore} for p in paid],
    }


def _association_part(
    session: Session, association: int | None, identity_hash: str
) -> dict[str, Any]:
    if association is None:
        return {
            "account": None,
            "ledger": [],
            "invoices": [],
            "block": None,
            "contact": None,
            "notes": [],
        }
    contact = session.get(MemberContact, (association, identity_hash))
    account = session.get(MemberAccount, (association, identity_hash))
    held = session.get(MemberBlock, (association, identity_hash))
    mine = (LedgerEntry.association_id == association, LedgerEntry.identity_hash == identity_hash)
    entries = session.scalars(select(LedgerEntry).where(*mine).order_by(LedgerEntry.at))
    invoices = session.scalars(
        select(MemberInvoice)
        .where(
            MemberInvoice.association_id == association,
            MemberInvoice.identity_hash == identity_hash,
        )
        .order_by(MemberInvoice.number)
    )
    return {
        "account": None
        if account is None
        else {
            "credit_limit_ore": account.credit_limit_ore,
            "approved_by": account.approved_by,
            "approved_at": account.approved_at.isoformat(),
        },
        "ledger": [
            {
                "kind": e.kind,
                "amount_ore": e.amount_ore,
                "reference": e.reference,
                "by": e.by,
                "why": e.why,
                "at": e.at.isoformat(),
            }
            for e in entries
        ],
        "invoices": [
            {
                "kind": i.kind,
                "number": i.number,
                "ocr": i.ocr,
                "period": i.period,
                "issued_at": i.issued_at.isoformat(),
                "due_on": i.due_on.isoformat(),
                "amount_ore": i.amount_ore,
            }
            for i in invoices
        ],
        "contact": None
        if contact is None
        else {
            "name": contact.name,
            "email": contact.email,
            "address": contact.address,
            "updated_by": contact.updated_by,
            "updated_at": contact.updated_at.isoformat(),
        },
        "block": None
        if held is None
        else {
            "blocked_at": held.blocked_at.isoformat(),
            "why": held.reason,
            "until": _iso(held.blocked_until),
        },
        "notes": customer_notes.export(session, association, identity_hash),
    }


@dataclass(frozen=True)
class Erased:
    token: str
    visits: int
    sales: int
    ledger: int
    invoices: int
    blocks: int
    payers: int
    contacts: int = 0
    names: int = 0
    notes: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "visits": self.visits,
            "sales": self.sales,
            "ledger": self.ledger,
            "invoices": self.invoices,
            "blocks": self.blocks,
            "payer_names": self.payers,
            "contacts": self.contacts,
            "names": self.names,
            "notes": self.notes,
        }


def _changed(session: Session, statement: Update | Delete) -> int:
    return cast(CursorResult[Any], session.execute(statement)).rowcount


def erase_person(session: Session, store: Store, identity_hash: str) -> Erased:
    """Move every record of the person to a new anonymous token (flushed, not committed)."""
    token = anonymous_token()
    stores = store_ids(session, store)
    visits = _changed(
        session,
        update(Visit)
        .where(Visit.store_id.in_(stores), Visit.identity_hash == identity_hash)
        .values(identity_hash=token, age=None),
    )
    sales = _changed(
        session,
        update(Sale)
        .where(Sale.store_id.in_(stores), Sale.customer_hash == identity_hash)
        .values(customer_hash=token),
    )
    names = _changed(
        session,
        delete(CustomerName).where(
            CustomerName.store_id.in_(stores), CustomerName.identity_hash == identity_hash
        ),
    )
    ledger = invoices = blocks = payers = contacts = notes = 0
    association = store.association_id
    if association is not None:
        account = session.get(MemberAccount, (association, identity_hash))
        if account is not None:  # the new account first: the ledger's foreign key names it
            session.add(
                MemberAccount(
                    association_id=association,
                    identity_hash=token,
                    credit_limit_ore=account.credit_limit_ore,
                    approved_by=account.approved_by,
                    approved_at=account.approved_at,
                )
            )
            session.flush()
        mine_invoices = list(
            session.scalars(
                select(MemberInvoice.id).where(
                    MemberInvoice.association_id == association,
                    MemberInvoice.identity_hash == identity_hash,
                )
            )
        )
        ledger = _changed(
            session,
            update(LedgerEntry)
            .where(
                LedgerEntry.association_id == association,
                LedgerEntry.identity_hash == identity_hash,
            )
            .values(identity_hash=token),
        )
        invoices = _changed(
            session,
            update(MemberInvoice)
            .where(MemberInvoice.id.in_(mine_invoices))
            .values(identity_hash=token),
        )
        if mine_invoices:
            payers = _changed(
                session,
                update(PaymentIn)
                .where(PaymentIn.invoice_id.in_(mine_invoices), PaymentIn.payer != "")
                .values(payer=""),
            )
        blocks = _changed(
            session,
            update(MemberBlock)
            .where(
                MemberBlock.association_id == association,
                MemberBlock.identity_hash == identity_hash,
            )
            .values(identity_hash=token),
        )
        contacts = _changed(
            session,
            delete(MemberContact).where(
                MemberContact.association_id == association,
                MemberContact.identity_hash == identity_hash,
            ),
        )
        notes = customer_notes.erase(session, association, identity_hash)
        if account is not None:
            session.delete(account)
    session.flush()
    session.expire_all()
    return Erased(token, visits, sales, ledger, invoices, blocks, payers, contacts, names, notes)
