"""The members API of a store (`/api/admin/stores/{slug}/members`): its customers, approval
with a credit limit, payments, credits and adjustments with a reason, the ledger and balance.

Owners change (members.write), bookkeepers read (members.view); a customer the store never
saw is not found there. Every change leaves an audit record."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from pydantic import AwareDatetime, BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice import free_text
from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_path, require
from backoffice.audit.service import record
from backoffice.deps import NowDep, SessionDep
from backoffice.members import blocks, contacts, ledger
from backoffice.members import messages_en as _english  # noqa: F401  (ContactError in English)
from backoffice.members.customers import known_at, list_customers
from backoffice.members.models import LedgerEntry, MemberAccount

router = APIRouter(prefix="/api/admin/stores/{slug}/members", tags=["members"])

MembersView = Annotated[Access, Depends(require(Permission.MEMBERS_VIEW, from_path("slug")))]
MembersWrite = Annotated[Access, Depends(require(Permission.MEMBERS_WRITE, from_path("slug")))]
MemberHash = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]


@router.get("")
def get_customers(
    *, access: MembersView, session: SessionDep, q: Annotated[str, Query(max_length=120)] = ""
) -> list[dict[str, Any]]:
    """The store's customers (name and birth date when BankID gave them); `q` searches names."""
    store = access.store
    return [asdict(row) for row in list_customers(session, store.id, store.association_id, q)]


class ApprovalInput(BaseModel):
    credit_limit_ore: Annotated[int, Field(ge=0, le=10_000_000)]


@router.put("/{identity_hash}/approval")
def approve(
    *,
    access: MembersWrite,
    session: SessionDep,
    now: NowDep,
    identity_hash: MemberHash,
    body: ApprovalInput,
) -> dict[str, Any]:
    association = _known(session, access, identity_hash)
    before = ledger.account_of(session, association, identity_hash)
    old_limit = None if before is None else before.credit_limit_ore
    account = ledger.approve(
        session,
        association,
        identity_hash,
        limit_ore=body.credit_limit_ore,
        by=access.principal.actor.label[:120],
        at=now,
    )
    record(
        session,
        actor=access.principal.actor,
        action="member.approval",
        now=now,
        store_id=access.store.id,
        target=identity_hash,
        before={"credit_limit_ore": old_limit},
        after={"credit_limit_ore": body.credit_limit_ore},
    )
    session.commit()
    return _standing(session, account)


class EntryInput(BaseModel):
    kind: Literal["payment", "credit", "adjustment"]
    amount_ore: Annotated[int, Field(ge=-10_000_000, le=10_000_000)]
    why: Annotated[str, Field(max_length=500)] = ""
    reference: Annotated[str | None, Field(min_length=1, max_length=48)] = None
    """The caller's key for this entry: sending it again books nothing twice."""


@router.post("/{identity_hash}/entries", status_code=201)
def add_entry(
    *,
    access: MembersWrite,
    session: SessionDep,
    now: NowDep,
    identity_hash: MemberHash,
    body: EntryInput,
) -> dict[str, int]:
    association = _known(session, access, identity_hash)
    free_text.check_api("why", body.why)
    reference = f"{body.kind}:{body.reference or uuid.uuid4().hex}"
    try:
        posted = ledger.post(
            session,
            association,
            identity_hash,
            kind=ledger.EntryKind(body.kind),
            amount_ore=body.amount_ore,
            reference=reference,
            by=access.principal.actor.label[:120],
            why=body.why.strip(),
            at=now,
        )
    except ledger.LedgerError as refused:
        session.rollback()
        raise HTTPException(status_code=422, detail=str(refused)) from None
    record(
        session,
        actor=access.principal.actor,
        action=f"member.{body.kind}",
        now=now,
        store_id=access.store.id,
        target=identity_hash,
        after={"amount_ore": body.amount_ore, "why": body.why.strip(), "reference": reference},
    )
    session.commit()
    return {"id": posted.entry_id, "balance_ore": posted.balance_ore}


class BlockInput(BaseModel):
    why: Annotated[str, Field(min_length=1, max_length=500)]
    until: AwareDatetime | None = None
    """The block ends at this moment on its own (None: until lifted)."""


@router.put("/{identity_hash}/block")
def block(
    *,
    access: MembersWrite,
    session: SessionDep,
    now: NowDep,
    identity_hash: MemberHash,
    body: BlockInput,
) -> dict[str, Any]:
    """Refuse the customer at every door and kiosk of the association (synced to the stores)."""
    association = _known(session, access, identity_hash)
    free_text.check_api("why", body.why)
    try:
        held = blocks.block(
            session,
            association,
            identity_hash,
            by=access.principal.actor.label[:120],
            why=body.why,
            at=now,
            until=body.until,
        )
    except ValueError as refused:
        raise HTTPException(status_code=422, detail=str(refused)) from None
    record(
        session,
        actor=access.principal.actor,
        action="member.block",
        now=now,
        store_id=access.store.id,
        target=identity_hash,
        after={"why": held.reason, "until": _iso(held.blocked_until)},
    )
    session.commit()
    return {
        "identity_hash": identity_hash,
        "blocked": True,
        "why": held.reason,
        "until": _iso(held.blocked_until),
    }


@router.delete("/{identity_hash}/block")
def unblock(
    *,
    access: MembersWrite,
    session: SessionDep,
    now: NowDep,
    identity_hash: MemberHash,
    why: Annotated[str, Query(min_length=1, max_length=500)],
) -> dict[str, Any]:
    """Lift a block, saying why (kept in the audit log)."""
    association = _known(session, access, identity_hash)
    free_text.check_api("why", why)
    lifted = blocks.unblock(session, association, identity_hash)
    if lifted is not None:
        record(
            session,
            actor=access.principal.actor,
            action="member.unblock",
            now=now,
            store_id=access.store.id,
            target=identity_hash,
            before={"why": lifted.reason},
            after={"why": why.strip()},
        )
    session.commit()
    return {"identity_hash": identity_hash, "blocked": False}


@router.get("/{identity_hash}/ledger")
def get_ledger(
    *, access: MembersView, session: SessionDep, identity_hash: MemberHash
) -> dict[str, Any]:
    association = _known(session, access, identity_hash)
    account = ledger.account_of(session, association, identity_hash)
    if account is None:
        raise HTTPException(status_code=404, detail="not approved for account purchases")
    entries = session.scalars(
        select(LedgerEntry)
        .where(
            LedgerEntry.association_id == association, LedgerEntry.identity_hash == identity_hash
        )
        .order_by(LedgerEntry.at, LedgerEntry.id)
    )
    return _standing(session, account) | {
        "entries": [
            {
                "id": e.id,
                "kind": e.kind,
                "amount_ore": e.amount_ore,
                "reference": e.reference,
                "by": e.by,
                "why": e.why,
                "at": e.at.isoformat(),
            }
            for e in entries
        ]
    }


class ContactInput(BaseModel):
    name: Annotated[str, Field(max_length=120)] = ""
    email: Annotated[str, Field(max_length=254)] = ""
    address: Annotated[str, Field(max_length=300)] = ""


@router.get("/{identity_hash}/contact")
def get_contact(
    *, access: MembersView, session: SessionDep, identity_hash: MemberHash
) -> dict[str, Any]:
    """Where the member's invoices go (blank fields when nothing is known)."""
    association = _known(session, access, identity_hash)
    return contacts.as_dict(contacts.contact_of(session, association, identity_hash))


@router.put("/{identity_hash}/contact")
def put_contact(
    *,
    access: MembersWrite,
    session: SessionDep,
    now: NowDep,
    identity_hash: MemberHash,
    body: ContactInput,
) -> dict[str, Any]:
    """Name, e-mail and postal address for the member's invoices (blank clears; audited)."""
    association = _known(session, access, identity_hash)
    try:
        row = contacts.set_contact(
            session,
            association,
            identity_hash,
            name=body.name,
            email=body.email,
            address=body.address,
            by=access.principal.actor,
            now=now,
            store_id=access.store.id,
        )
    except contacts.ContactError as refused:
        session.rollback()
        raise HTTPException(status_code=422, detail=refused.api_detail) from None
    session.commit()
    return contacts.as_dict(row)


def _known(session: Session, access: Access, identity_hash: str) -> int:
    """The store's association, once the customer is known at the store."""
    association = access.store.association_id
    if association is None or not known_at(session, access.store.id, identity_hash):
        raise HTTPException(status_code=404, detail="no such customer at this store")
    return association


def _standing(session: Session, account: MemberAccount) -> dict[str, Any]:
    return {
        "identity_hash": account.identity_hash,
        "credit_limit_ore": account.credit_limit_ore,
        "approved_by": account.approved_by,
        "balance_ore": ledger.balance(session, account.association_id, account.identity_hash),
    }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
