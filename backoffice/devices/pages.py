"""The store's devices page: each controller (online, last contact, version, features,
revoked), the store's latest heartbeat and whether it has applied the newest catalog change;
create an enrollment code (shown once), revoke a device (after a confirm step) and ask a
device to rotate its token (a `RotateToken` command it obeys on its next command pull).
Every POST: CSRF and `devices.manage` on the store (backoffice.access), and an audit record."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_path, require
from backoffice.audit.service import record
from backoffice.commands.service import issue_command
from backoffice.deps import NowDep, SessionDep
from backoffice.devices import messages_en  # noqa: F401 - registers the page's English
from backoffice.devices.models import Device
from backoffice.devices.service import IssuedCode, create_enrollment_code, revoke_device
from backoffice.devices.view import device_rows, open_codes, store_heartbeat
from backoffice.errors import ConflictError, NotFoundError
from backoffice.web.templating import add_folder, render
from retail import wire

router = APIRouter(tags=["pages"])
add_folder(Path(__file__).parent / "templates")
ViewDep = Annotated[Access, Depends(require(Permission.STORE_VIEW, from_path("slug")))]
ManageDep = Annotated[Access, Depends(require(Permission.DEVICES_MANAGE, from_path("slug")))]


def _page(
    request: Request,
    session: Session,
    access: Access,
    now: datetime,
    *,
    issued: IssuedCode | None = None,
    confirm: int | None = None,
    status_code: int = 200,
) -> Response:
    store = access.store
    rows = device_rows(session, store, now)
    heartbeat = store_heartbeat(session, store)
    held = [
        heartbeat.catalog_revision,
        *(row.catalog_revision for row in rows if not row.revoked_at),
    ]
    return render(
        request,
        "store_devices.html",
        principal=access.principal,
        store=store,
        devices=rows,
        heartbeat=heartbeat,
        revision_ahead=any(heartbeat.ahead(revision) for revision in held),
        codes=open_codes(session, store, now),
        issued=issued,
        confirm=next((row for row in rows if row.id == confirm and not row.revoked_at), None),
        may_manage=access.principal.may(Permission.DEVICES_MANAGE, store),
        done=request.query_params.get("done", ""),
        status_code=status_code,
    )


@router.get("/stores/{slug}/devices")
def devices_page(
    *,
    slug: str,
    request: Request,
    access: ViewDep,
    session: SessionDep,
    now: NowDep,
    revoke: int | None = None,
) -> Response:
    """`?revoke=ID` shows the confirm step for revoking device ID."""
    return _page(request, session, access, now, confirm=revoke)


@router.post("/stores/{slug}/devices/codes")
def create_code(
    slug: str, request: Request, access: ManageDep, session: SessionDep, now: NowDep
) -> Response:
    """A new enrollment code, shown once on the answer (only its digest is kept)."""
    issued = create_enrollment_code(
        session=session, store=access.store, actor=access.principal.actor, now=now
    )
    session.commit()
    response = _page(request, session, access, now, issued=issued)
    response.headers["Cache-Control"] = "no-store"
    return response


def _device(session: Session, access: Access, device_id: int) -> Device:
    device = session.get(Device, device_id)
    if device is None or device.store_id != access.store.id:
        raise NotFoundError(f"no device {device_id} in this store")
    return device


@router.post("/stores/{slug}/devices/{device_id}/revoke")
def revoke(
    slug: str, device_id: int, access: ManageDep, session: SessionDep, now: NowDep
) -> Response:
    """Revoke one device: its token is refused (401) from now on."""
    device = _device(session, access, device_id)
    was = device.revoked_at
    revoke_device(session=session, device_id=device.id, now=now)
    if was is None:
        record(
            session,
            actor=access.principal.actor,
            action="device.revoke",
            now=now,
            store_id=access.store.id,
            target=f"{slug}/device/{device.id}",
            after={"device_id": device.id},
        )
    session.commit()
    return RedirectResponse(f"/stores/{slug}/devices?done=revoked", status_code=303)


@router.post("/stores/{slug}/devices/{device_id}/rotate")
def rotate(
    slug: str, device_id: int, access: ManageDep, session: SessionDep, now: NowDep
) -> Response:
    """Ask the device to swap its token on its next command pull (seconds, when online)."""
    device = _device(session, access, device_id)
    if device.revoked_at is not None:
        raise ConflictError("this device is revoked; enroll a new one with a code")
    body = wire.RotateToken(device_id=device.id)
    issue_command(
        session=session,
        store_id=access.store.id,
        body=body,
        issued_by=access.principal.email,
        now=now,
    )
    record(
        session,
        actor=access.principal.actor,
        action="command.rotate_token",
        now=now,
        store_id=access.store.id,
        target=f"{slug}/device/{device.id}",
        after=body.model_dump(mode="json"),
    )
    session.commit()
    return RedirectResponse(f"/stores/{slug}/devices?done=rotate", status_code=303)
