"""The sync API (`/api/sync/v1`): what a store controller calls, authenticated as its device.

Contract:
- `POST /enroll` (no credential): `EnrollmentRequest` -> `DeviceCredential`; 401 for an unknown,
  used or expired code. `last_seq` is the highest sequence held for the store: a controller
  whose outbox is behind it (a fresh database) renumbers its entries after it.
- Everything else needs `Authorization: Bearer <device token>` (401 if unknown or revoked) and
  may send `X-Byabutik-Protocol`; the store is the credential's, never the body's.
- `POST /push`: `PushBatch` -> `PushAck` in the batch's protocol version. 403 if the batch names
  another store (nothing written), 413 over the body limit, 426 for an unsupported version, 422
  for an invalid batch (its version, store or sequence numbers). An entry its own checks refuse
  does not refuse the batch: it is kept in quarantine (reason "refused", the fields at fault),
  the owner alerted, and it counts as held; a version 2 ack names it in `quarantined`. Replays
  and overlaps are harmless; `acked_through` is the highest sequence up to which the
  backoffice holds every entry (a gap holds it back).
- `GET /catalog?since=N[&features=a,b]`: `CatalogChanges` (this store's and the global catalog);
  ask again from `revision` while `more`. `features` names what the controller can read beyond
  its protocol version: the access policy carries `member_hours` only with `member_hours` named
  (an older controller, naming nothing, refuses a policy with an unknown key). A scheduled
  price that came due (by the backoffice's clock) is published first as a new revision, with
  `price_ore` the price in effect.
- `GET /stock?since=N`: `StockChanges`, the store's stock book rows (deliveries, waste, counts,
  transfers made in the backoffice) after book id N; ask again from `cursor` while `more`.
- `GET /members[?features=erased]`: `MemberStandings`, every approval (limit) and block of the
  store's association; the whole list each time, so the store replaces what it held. `erased`
  (people erased at the backoffice, still pending) only to a controller naming `erased`: an
  older one refuses an unknown field; its pull does not count as having received them.
- `GET /commands`: `CommandList` of pending, unexpired commands (a `rotate_token` only to the
  device it names).
- `POST /commands/{command_id}/ack`: `CommandAck` -> 204 (404 if not this store's command).
- `POST /heartbeat`: `Heartbeat` -> 204. Heartbeats are direct, not outbox entries: only the
  latest matters and a day offline would queue thousands (one in the outbox is also accepted).
- `POST /device/rotate`: -> `DeviceCredential` with a new token; the old one works until the new
  one's first request (a lost answer or a crash before it is stored locks nobody out).

Enrollment and rotation answer in the caller's version (the request's, or the header's).
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from backoffice.access.rules import PUBLIC
from backoffice.catalog.service import changes_since, publish_due_prices
from backoffice.commands.service import pending_commands, record_ack
from backoffice.deps import DeviceDep, NowDep, SessionDep, check_protocol
from backoffice.devices.features import note_pull_features
from backoffice.devices.heartbeat import note_heartbeat
from backoffice.devices.service import IssuedToken, redeem_enrollment_code, rotate_token
from backoffice.errors import ForbiddenError
from backoffice.heartbeats.service import record_heartbeat
from backoffice.members.blocks import standings
from backoffice.members.erasures import note_pull
from backoffice.stock.feed import changes_after
from backoffice.stores.models import Store
from backoffice.sync.service import apply_push, highest_held
from retail import wire

router = APIRouter(prefix="/api/sync/v1", tags=["sync"])
M = TypeVar("M", bound=BaseModel)


async def json_body(request: Request) -> dict[str, Any]:
    """The body read by the wire's JSON entry point (`json_object`)."""
    return json_object(await request.body())


def json_object(text: bytes) -> dict[str, Any]:
    """`text` read by the wire's JSON entry point: a key given twice, NaN or anything but one
    JSON object is a 422 saying where, before any model looks at it."""
    try:
        body = wire.load_json(text)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_input=False)) from None
    if not isinstance(body, dict):
        raise RequestValidationError(
            [{"type": "dict_type", "loc": (), "msg": "a sync message is one JSON object"}]
        )
    return body


async def raw_body(request: Request) -> bytes:
    return await request.body()


JsonBody = Annotated[dict[str, Any], Depends(json_body)]
RawBody = Annotated[bytes, Depends(raw_body)]


def parse(model: type[M], body: dict[str, Any]) -> M:
    """Validate a versioned message: the version first (426), then the rest (422)."""
    check_protocol(body.get("protocol"))
    return validated(model, body)


def validated(model: type[M], body: dict[str, Any]) -> M:
    """`model` from `body`, or a 422 whose errors name the fields at fault."""
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_input=False)) from None


def _credential(session: Session, issued: IssuedToken, protocol: int) -> wire.DeviceCredential:
    return wire.DeviceCredential(
        protocol=protocol,
        store_id=issued.store_slug,
        device_id=issued.device_id,
        token=issued.token,
        last_seq=highest_held(session=session, store_id=issued.store_id),
    )


@router.post("/enroll", dependencies=[PUBLIC])  # the enrollment code is the credential
def enroll(body: JsonBody, session: SessionDep, now: NowDep) -> wire.DeviceCredential:
    request = parse(wire.EnrollmentRequest, body)
    issued = redeem_enrollment_code(
        session=session, code=request.code, software_version=request.software_version, now=now
    )
    credential = _credential(session, issued, request.protocol)
    session.commit()
    return credential


@router.post("/push", response_model=wire.PushAck)
def push(device: DeviceDep, body: RawBody, session: SessionDep, now: NowDep) -> JSONResponse:
    # Nearly every push is read straight from its bytes (`wire.read_push`); one that needs more
    # care (a key given twice, an entry refused alone, ...) the careful way, as every message.
    batch: wire.PushBatch | wire.PushEnvelope | None = wire.read_push(body)
    if batch is None:
        batch = parse(wire.PushEnvelope, json_object(body))
    if batch.store_id != device.store_slug:
        raise ForbiddenError("this credential may only push its own store's entries")
    entries, refused = (
        batch.checked() if isinstance(batch, wire.PushEnvelope) else (batch.entries, ())
    )
    pushed = apply_push(
        session=session,
        store_id=device.store_id,
        entries=entries,
        refused=refused,
        now=now,
        device_id=device.device_id,
    )
    session.commit()
    quarantined = pushed.quarantined if batch.protocol >= wire.QUARANTINE_PROTOCOL else ()
    ack = wire.PushAck(
        protocol=batch.protocol,
        store_id=device.store_slug,
        acked_through=pushed.acked_through,
        quarantined=quarantined,
    )
    return JSONResponse(ack.as_json())


@router.get("/catalog")
def catalog(
    device: DeviceDep,
    session: SessionDep,
    now: NowDep,
    since: Annotated[int, Query(ge=0)] = 0,
    features: Annotated[str, Query(max_length=200)] = "",
) -> wire.CatalogChanges:
    if publish_due_prices(session=session, now=now):
        session.commit()
    named = frozenset(f for f in features.split(",") if f)
    note_pull_features(session, device.device_id, named)
    return changes_since(session=session, store_id=device.store_id, since=since, features=named)


@router.get("/stock")
def stock(
    device: DeviceDep, session: SessionDep, since: Annotated[int, Query(ge=0, le=2**62)] = 0
) -> wire.StockChanges:
    return changes_after(session, device.store_id, since)


@router.get("/members", response_model=wire.MemberStandings)
def members(
    device: DeviceDep,
    session: SessionDep,
    now: NowDep,
    features: Annotated[str, Query(max_length=200)] = "",
) -> JSONResponse:
    store = session.get(Store, device.store_id)
    answer = standings(session, None if store is None else store.association_id, now)
    reads_erased = wire.ERASED in features.split(",")
    if reads_erased:
        # Only a pull that can carry the erasures counts: they stay pending for older stores.
        note_pull(session, device.store_id, now)
    session.commit()
    # `erased` only to a controller naming it, and only when there is one: stores from before
    # it refuse unknown fields.
    sent = reads_erased and bool(answer.erased)
    return JSONResponse(answer.model_dump(mode="json", exclude=None if sent else {"erased"}))


@router.get("/commands")
def commands(device: DeviceDep, session: SessionDep, now: NowDep) -> wire.CommandList:
    return pending_commands(
        session=session, store_id=device.store_id, now=now, device_id=device.device_id
    )


@router.post("/commands/{command_id}/ack", status_code=204)
def ack_command(
    command_id: UUID, device: DeviceDep, body: JsonBody, session: SessionDep
) -> Response:
    ack = validated(wire.CommandAck, body)
    if ack.command_id != command_id:
        raise ForbiddenError("the ack names another command")
    record_ack(
        session=session,
        store_id=device.store_id,
        ack=ack,
        strict=True,
        device_id=device.device_id,
    )
    session.commit()
    return Response(status_code=204)


@router.post("/heartbeat", status_code=204)
def heartbeat(device: DeviceDep, body: JsonBody, session: SessionDep, now: NowDep) -> Response:
    beat = validated(wire.Heartbeat, body)
    record_heartbeat(session=session, store_id=device.store_id, heartbeat=beat, now=now)
    note_heartbeat(session, device.device_id, beat, now)
    session.commit()
    return Response(status_code=204)


@router.post("/device/rotate")
def rotate(
    device: DeviceDep,
    session: SessionDep,
    now: NowDep,
    x_byabutik_protocol: Annotated[int | None, Header()] = None,
) -> wire.DeviceCredential:
    issued = rotate_token(session=session, device=device, now=now)
    # Answered in the caller's version (checked by DeviceDep); without one, the oldest spoken.
    version = x_byabutik_protocol or min(wire.SUPPORTED_PROTOCOL_VERSIONS)
    credential = _credential(session, issued, version)
    session.commit()
    return credential
