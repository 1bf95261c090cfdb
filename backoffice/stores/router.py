"""Owner-facing admin API (admin token until users and roles exist): stores, credentials,
catalog, commands, and reading back what the stores reported."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from backoffice.catalog.service import put_product, remove_product, set_store_settings
from backoffice.commands.service import issue_command
from backoffice.deps import AdminDep, NowDep, SessionDep
from backoffice.devices.service import issue_enrollment_code, revoke_devices
from backoffice.errors import ConflictError
from backoffice.heartbeats.service import latest
from backoffice.sales.service import recent_sales
from backoffice.stock.service import on_hand
from backoffice.stores.schemas import (
    EnrollmentCodeRead,
    RevokedRead,
    SaleRead,
    StockRead,
    StoreCreate,
    StoreRead,
)
from backoffice.stores.service import create_store, get_store
from retail import wire

router = APIRouter(prefix="/api/admin", tags=["admin"])


@router.post("/stores", status_code=201)
def post_store(body: StoreCreate, _admin: AdminDep, session: SessionDep) -> StoreRead:
    store = create_store(session=session, **body.model_dump())
    session.commit()
    return StoreRead.model_validate(store)


@router.post("/stores/{slug}/enrollment-codes", status_code=201)
def post_code(slug: str, _admin: AdminDep, session: SessionDep, now: NowDep) -> EnrollmentCodeRead:
    issued = issue_enrollment_code(
        session=session, store=get_store(session=session, slug=slug), now=now
    )
    session.commit()
    return EnrollmentCodeRead(code=issued.code, expires_at=issued.expires_at)


@router.post("/stores/{slug}/revoke")
def post_revoke(slug: str, _admin: AdminDep, session: SessionDep, now: NowDep) -> RevokedRead:
    count = revoke_devices(session=session, store=get_store(session=session, slug=slug), now=now)
    session.commit()
    return RevokedRead(revoked_devices=count)


@router.get("/stores/{slug}/sales")
def get_sales(
    slug: str,
    _admin: AdminDep,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[SaleRead]:
    store = get_store(session=session, slug=slug)
    rows = recent_sales(session=session, store_id=store.id, limit=limit)
    return [SaleRead.model_validate(row) for row in rows]


@router.get("/stores/{slug}/stock")
def get_stock(slug: str, _admin: AdminDep, session: SessionDep) -> list[StockRead]:
    store = get_store(session=session, slug=slug)
    return [StockRead.model_validate(row) for row in on_hand(session=session, store_id=store.id)]


@router.get("/stores/{slug}/status")
def get_status(slug: str, _admin: AdminDep, session: SessionDep) -> dict[str, Any]:
    store = get_store(session=session, slug=slug)
    status = latest(session=session, store_id=store.id)
    if status is None:
        return {"received_at": None, "heartbeat": None}
    return {"received_at": status.received_at, "heartbeat": status.body}


@router.post("/stores/{slug}/commands", status_code=201)
def post_command(
    slug: str, body: wire.CommandBody, _admin: AdminDep, session: SessionDep, now: NowDep
) -> wire.Command:
    store = get_store(session=session, slug=slug)
    command = issue_command(
        session=session, store_id=store.id, body=body, issued_by="admin", now=now
    )
    session.commit()
    return command


@router.put("/catalog/products/{sku}")
def put_catalog_product(
    sku: str,
    product: wire.Product,
    _admin: AdminDep,
    session: SessionDep,
    now: NowDep,
    store: str | None = None,
) -> dict[str, int]:
    """A global product, or with `?store=SLUG` one store's own."""
    if product.sku != sku:
        raise ConflictError(f"the path names {sku!r}, the body {product.sku!r}")
    store_id = get_store(session=session, slug=store).id if store else None
    revision = put_product(session=session, product=product, store_id=store_id, now=now)
    session.commit()
    return {"revision": revision}


@router.delete("/catalog/products/{sku}")
def delete_catalog_product(
    sku: str, _admin: AdminDep, session: SessionDep, now: NowDep
) -> dict[str, int]:
    revision = remove_product(session=session, sku=sku, now=now)
    session.commit()
    return {"revision": revision}


@router.put("/stores/{slug}/settings")
def put_settings(
    slug: str, body: wire.StoreSettings, _admin: AdminDep, session: SessionDep, now: NowDep
) -> dict[str, int]:
    store = get_store(session=session, slug=slug)
    revision = set_store_settings(session=session, store_id=store.id, now=now, settings=body)
    session.commit()
    return {"revision": revision}


@router.put("/stores/{slug}/access-policy")
def put_access_policy(
    slug: str, body: wire.AccessPolicy, _admin: AdminDep, session: SessionDep, now: NowDep
) -> Response:
    store = get_store(session=session, slug=slug)
    set_store_settings(session=session, store_id=store.id, now=now, policy=body)
    session.commit()
    return Response(status_code=204)
