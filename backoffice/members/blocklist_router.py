"""The blocklist API of a store's association (`/api/admin/stores/{slug}/blocklist`).

`POST` blocks `{personnummer | visit_id, why, until?}`; `POST .../lift` unblocks
`{personnummer | visit_id | identity_hash, why}`. Bodies are read by hand (see
`backoffice.members.blocklist`): no answer ever repeats what was typed. Owners change
(members.write), bookkeepers read (members.view); audited."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request

from backoffice.deps import NowDep, SessionDep, SettingsDep
from backoffice.members import blocklist
from backoffice.members.models import MemberBlock
from backoffice.members.router import MembersView, MembersWrite

router = APIRouter(prefix="/api/admin/stores/{slug}/blocklist", tags=["members"])


async def _raw_body(request: Request) -> bytes:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > blocklist.MAX_BODY_BYTES:
            break
    return body


RawBody = Annotated[bytes, Depends(_raw_body)]


@router.get("")
def get_blocklist(*, access: MembersView, session: SessionDep, now: NowDep) -> list[dict[str, Any]]:
    try:
        return [_listed(held, now) for held in blocklist.listed(session, access.store)]
    except blocklist.BlockError as refused:
        raise HTTPException(status_code=refused.status, detail=refused.text) from None


@router.post("", status_code=201)
def block(
    *,
    access: MembersWrite,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    body: RawBody,
) -> dict[str, Any]:
    """Refuse the person at every door and kiosk of the association (synced to the stores)."""
    try:
        wanted = blocklist.read_request(
            blocklist.json_fields(body), store=access.store, now=now, lifting=False
        )
        identity = blocklist.identity_of(session, settings, access.store, wanted, now)
        held = blocklist.block(
            session,
            access.store,
            actor=access.principal.actor,
            request=wanted,
            identity=identity,
            now=now,
        )
    except blocklist.BlockError as refused:
        session.rollback()
        raise HTTPException(status_code=refused.status, detail=refused.text) from None
    return _listed(held, now)


@router.post("/lift")
def lift(
    *,
    access: MembersWrite,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    body: RawBody,
) -> dict[str, Any]:
    """Lift a block, saying why (kept in the audit log)."""
    try:
        wanted = blocklist.read_request(
            blocklist.json_fields(body), store=access.store, now=now, lifting=True
        )
        identity = blocklist.identity_of(session, settings, access.store, wanted, now)
        lifted = blocklist.lift(
            session,
            access.store,
            actor=access.principal.actor,
            request=wanted,
            identity=identity,
            now=now,
        )
    except blocklist.BlockError as refused:
        session.rollback()
        raise HTTPException(status_code=refused.status, detail=refused.text) from None
    return {"identity_hash": lifted.identity_hash, "blocked": False, "why": wanted.why}


def _listed(held: MemberBlock, now: Any) -> dict[str, Any]:
    return {
        "identity_hash": held.identity_hash,
        "why": held.reason,
        "until": None if held.blocked_until is None else held.blocked_until.isoformat(),
        "by": held.blocked_by,
        "at": held.blocked_at.isoformat(),
        "applies": held.applies_at(now),
    }
