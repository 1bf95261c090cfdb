"""The members API (`/api/admin/members`, admin token until people and roles land): customers,
approval with a credit limit, payments, credits and adjustments with a reason, the ledger."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path
from pydantic import BaseModel, Field
from sqlalchemy import select

from backoffice.deps import AdminDep, NowDep, SessionDep
from backoffice.members import ledger
from backoffice.members.customers import list_customers
from backoffice.members.models import LedgerEntry, MemberAccount

router = APIRouter(prefix="/api/admin/members", tags=["members"])

MemberHash = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]
OWNER = "admin"
"""Who made a change, until people and roles name the person."""


@router.get("")
def get_customers(*, _admin: AdminDep, session: SessionDep) -> list[dict[str, Any]]:
    return [asdict(row) for row in list_customers(session)]


class ApprovalInput(BaseModel):
    credit_limit_ore: Annotated[int, Field(ge=0, le=10_000_000)]


@router.put("/{identity_hash}/approval")
def approve(
    *,
    _admin: AdminDep,
    session: SessionDep,
    now: NowDep,
    identity_hash: MemberHash,
    body: ApprovalInput,
) -> dict[str, Any]:
    account = ledger.approve(
        session, identity_hash, limit_ore=body.credit_limit_ore, by=OWNER, at=now
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
    _admin: AdminDep,
    session: SessionDep,
    now: NowDep,
    identity_hash: MemberHash,
    body: EntryInput,
) -> dict[str, int]:
    reference = f"{body.kind}:{body.reference or uuid.uuid4().hex}"
    try:
        posted = ledger.post(
            session,
            identity_hash,
            kind=ledger.EntryKind(body.kind),
            amount_ore=body.amount_ore,
            reference=reference,
            by=OWNER,
            why=body.why.strip(),
            at=now,
        )
    except ledger.LedgerError as refused:
        session.rollback()
        raise HTTPException(status_code=422, detail=str(refused)) from None
    session.commit()
    return {"id": posted.entry_id, "balance_ore": posted.balance_ore}


@router.get("/{identity_hash}/ledger")
def get_ledger(
    *, _admin: AdminDep, session: SessionDep, identity_hash: MemberHash
) -> dict[str, Any]:
    account = session.get(MemberAccount, identity_hash)
    if account is None:
        raise HTTPException(status_code=404, detail="not approved for account purchases")
    entries = session.scalars(
        select(LedgerEntry)
        .where(LedgerEntry.identity_hash == identity_hash)
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


def _standing(session: SessionDep, account: MemberAccount) -> dict[str, Any]:
    return {
        "identity_hash": account.identity_hash,
        "credit_limit_ore": account.credit_limit_ore,
        "approved_by": account.approved_by,
        "balance_ore": ledger.balance(session, account.identity_hash),
    }
