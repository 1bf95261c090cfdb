"""A customer's data rights over HTTP: the export (JSON from the API, a readable page) and
erasure on request. Owners only (members.write); each export and erasure is audited."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from backoffice.access.rules import Access
from backoffice.audit.service import record
from backoffice.deps import NowDep, SessionDep
from backoffice.members import me_data, rights
from backoffice.members.erasures import note_erasure
from backoffice.members.router import MemberHash, MembersWrite, _known

router = APIRouter(prefix="/api/admin/stores/{slug}/members", tags=["members"])


def export_audited(
    session: Session, access: Access, identity_hash: str, *, now: datetime, form: str
) -> dict[str, Any]:
    """The person's data, leaving an `export` audit record."""
    data = rights.export_person(session, access.store, identity_hash)
    record(
        session,
        actor=access.principal.actor,
        action="export",
        now=now,
        store_id=access.store.id,
        target="member_data",
        after={"identity_hash": identity_hash, "form": form},
    )
    session.commit()
    return data


@router.get("/{identity_hash}/export")
def export(
    *, access: MembersWrite, session: SessionDep, now: NowDep, identity_hash: MemberHash
) -> Response:
    """Everything the association keeps about the person, machine-readable (a download)."""
    data = export_audited(session, access, identity_hash, now=now, form="json")
    return Response(
        json.dumps(data, ensure_ascii=False, indent=1),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="data-{identity_hash[:10]}.json"'},
    )


class EraseInput(BaseModel):
    why: Annotated[str, Field(min_length=1, max_length=500)]


def erase_audited(
    session: Session, access: Access, identity_hash: str, *, now: datetime, why: str
) -> rights.Erased:
    """Erase the person (must be known at the store); the audit record names only the token."""
    _known(session, access, identity_hash)
    if not why.strip():
        raise HTTPException(status_code=422, detail="an erasure says why")
    erased = rights.erase_person(session, access.store, identity_hash)
    if access.store.association_id is not None:  # the stores remove name and birth date
        note_erasure(session, access.store.association_id, identity_hash, now)
        me_data.close_requests(
            session,
            access.store.association_id,
            identity_hash,
            token=erased.token,
            by=access.principal.actor.label,
            now=now,
        )
    record(
        session,
        actor=access.principal.actor,
        action="member.erase",
        now=now,
        store_id=access.store.id,
        target=erased.token,
        after={"why": why.strip(), **erased.counts()},
    )
    session.commit()
    return erased


@router.post("/{identity_hash}/erase")
def erase(
    *,
    access: MembersWrite,
    session: SessionDep,
    now: NowDep,
    identity_hash: MemberHash,
    body: EraseInput,
) -> dict[str, Any]:
    """Remove the personal link, keeping the accounting records (seven years) under a token."""
    erased = erase_audited(session, access, identity_hash, now=now, why=body.why)
    return {"token": erased.token, **erased.counts()}


@router.get("/erasure-requests")
def erasure_requests(*, access: MembersWrite, session: SessionDep) -> list[dict[str, Any]]:
    """The open erasure requests of the store's association's customers (owners act on them)."""
    return [
        {
            "identity_hash": row.identity_hash,
            "reason": row.reason,
            "requested_at": row.requested_at.isoformat(),
        }
        for row in me_data.open_requests_of(session, access.store.association_id)
    ]
