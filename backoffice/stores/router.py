"""Owner-facing API: stores, credentials, catalog, commands, remote unlock, and reading back
what the stores reported. Every route declares its access rule (backoffice.access)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from backoffice.access.roles import Permission as P  # noqa: N817 - read as a table
from backoffice.access.rules import Access, from_path, from_query, require
from backoffice.audit.service import record
from backoffice.catalog.service import put_product, remove_product, set_store_settings
from backoffice.commands.service import issue_command
from backoffice.deps import NowDep, SessionDep
from backoffice.devices.service import create_enrollment_code, revoke_devices
from backoffice.errors import ConflictError
from backoffice.heartbeats.service import latest
from backoffice.people.models import RoleGrant
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


CreateDep = Annotated[Access, Depends(require(P.STORES_CREATE))]
DevicesDep = Annotated[Access, Depends(require(P.DEVICES_MANAGE, from_path("slug")))]
SalesDep = Annotated[Access, Depends(require(P.SALES_VIEW, from_path("slug")))]
StockDep = Annotated[Access, Depends(require(P.STOCK_VIEW, from_path("slug")))]
ViewDep = Annotated[Access, Depends(require(P.STORE_VIEW, from_path("slug")))]
CommandsDep = Annotated[Access, Depends(require(P.COMMANDS_SEND, from_path("slug")))]
SettingsWriteDep = Annotated[Access, Depends(require(P.SETTINGS_WRITE, from_path("slug")))]
CatalogDep = Annotated[
    Access,
    Depends(
        require(P.CATALOG_WRITE, from_query("store", optional=True), shared=P.SHARED_CATALOG_WRITE)
    ),
]
SharedCatalogDep = Annotated[Access, Depends(require(P.SHARED_CATALOG_WRITE))]


@router.post("/stores", status_code=201)
def post_store(body: StoreCreate, access: CreateDep, session: SessionDep, now: NowDep) -> StoreRead:
    store = create_store(
        session=session, association_id=access.principal.association_id, **body.model_dump()
    )
    session.add(RoleGrant(person_id=access.principal.person_id, store_id=store.id, role="owner"))
    record(
        session,
        actor=access.principal.actor,
        action="store.create",
        now=now,
        store_id=store.id,
        target=store.slug,
        after=body.model_dump(),
    )
    session.commit()
    return StoreRead.model_validate(store)


@router.post("/stores/{slug}/enrollment-codes", status_code=201)
def post_code(
    slug: str, access: DevicesDep, session: SessionDep, now: NowDep
) -> EnrollmentCodeRead:
    issued = create_enrollment_code(
        session=session, store=access.store, actor=access.principal.actor, now=now
    )
    session.commit()
    return EnrollmentCodeRead(code=issued.code, expires_at=issued.expires_at)


@router.post("/stores/{slug}/revoke")
def post_revoke(slug: str, access: DevicesDep, session: SessionDep, now: NowDep) -> RevokedRead:
    count = revoke_devices(session=session, store=access.store, now=now)
    record(
        session,
        actor=access.principal.actor,
        action="device.revoke",
        now=now,
        store_id=access.store.id,
        target=slug,
        after={"revoked": count},
    )
    session.commit()
    return RevokedRead(revoked_devices=count)


@router.get("/stores/{slug}/sales")
def get_sales(
    slug: str,
    _access: SalesDep,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[SaleRead]:
    store = get_store(session=session, slug=slug)
    rows = recent_sales(session=session, store_id=store.id, limit=limit)
    return [SaleRead.model_validate(row) for row in rows]


@router.get("/stores/{slug}/stock")
def get_stock(slug: str, _access: StockDep, session: SessionDep) -> list[StockRead]:
    store = get_store(session=session, slug=slug)
    return [StockRead.model_validate(row) for row in on_hand(session=session, store_id=store.id)]


@router.get("/stores/{slug}/status")
def get_status(slug: str, _access: ViewDep, session: SessionDep) -> dict[str, Any]:
    store = get_store(session=session, slug=slug)
    status = latest(session=session, store_id=store.id)
    if status is None:
        return {"received_at": None, "heartbeat": None}
    return {"received_at": status.received_at, "heartbeat": status.body}


@router.post("/stores/{slug}/commands", status_code=201)
def post_command(
    slug: str, body: wire.CommandBody, access: CommandsDep, session: SessionDep, now: NowDep
) -> wire.Command:
    """Lock-down, reload and resync; a remote unlock goes to `.../unlock` (it needs a reason)."""
    if isinstance(body, wire.RemoteUnlock):
        raise ConflictError(
            f"a remote unlock is POST /api/admin/stores/{slug}/unlock, with a reason"
        )
    store = access.store
    command = issue_command(
        session=session, store_id=store.id, body=body, issued_by=access.principal.email, now=now
    )
    record(
        session,
        actor=access.principal.actor,
        action=f"command.{body.action}",
        now=now,
        store_id=store.id,
        target=slug,
        after=body.model_dump(mode="json"),
    )
    session.commit()
    return command


@router.put("/catalog/products/{sku}")
def put_catalog_product(
    *,
    sku: str,
    product: wire.Product,
    access: CatalogDep,
    session: SessionDep,
    now: NowDep,
    store: str | None = None,
) -> dict[str, int]:
    """A global product, or with `?store=SLUG` one store's own."""
    if product.sku != sku:
        raise ConflictError(f"the path names {sku!r}, the body {product.sku!r}")
    store_id = access.store.id if access.stores else None
    revision = put_product(session=session, product=product, store_id=store_id, now=now)
    record(
        session,
        actor=access.principal.actor,
        action="catalog.product.put",
        now=now,
        store_id=store_id,
        target=sku,
        after=product.model_dump(mode="json"),
    )
    session.commit()
    return {"revision": revision}


@router.delete("/catalog/products/{sku}")
def delete_catalog_product(
    sku: str, access: SharedCatalogDep, session: SessionDep, now: NowDep
) -> dict[str, int]:
    revision = remove_product(session=session, sku=sku, now=now)
    record(
        session, actor=access.principal.actor, action="catalog.product.remove", now=now, target=sku
    )
    session.commit()
    return {"revision": revision}


@router.put("/stores/{slug}/settings")
def put_settings(
    slug: str, body: wire.StoreSettings, access: SettingsWriteDep, session: SessionDep, now: NowDep
) -> dict[str, int]:
    store = access.store
    revision = set_store_settings(session=session, store_id=store.id, now=now, settings=body)
    record(
        session,
        actor=access.principal.actor,
        action="store.settings",
        now=now,
        store_id=store.id,
        target=slug,
        after=body.model_dump(mode="json"),
    )
    session.commit()
    return {"revision": revision}


@router.put("/stores/{slug}/access-policy")
def put_access_policy(
    slug: str, body: wire.AccessPolicy, access: SettingsWriteDep, session: SessionDep, now: NowDep
) -> Response:
    store = access.store
    set_store_settings(session=session, store_id=store.id, now=now, policy=body)
    record(
        session,
        actor=access.principal.actor,
        action="store.access_policy",
        now=now,
        store_id=store.id,
        target=slug,
        after=body.model_dump(mode="json"),
    )
    session.commit()
    return Response(status_code=204)
