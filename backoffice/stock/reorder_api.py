"""The reorder list by API: `GET .../stock/reorder` (JSON, by supplier), `GET .../stock/reorder.csv`
(one supplier's order file: semicolons, UTF-8, optional BOM for Excel), both stock.view (owners,
volunteers, the bookkeeper); `PUT .../stock/reorder-levels/{sku}` sets or removes a product's
minimum level and pack size in the store, catalog.write (owners), audited."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_path, require
from backoffice.audit.service import record
from backoffice.deps import NowDep, SessionDep
from backoffice.products.models import Product
from backoffice.stock import reorder

router = APIRouter(prefix="/api/admin/stores/{slug}/stock", tags=["stock"])
ReadDep = Annotated[Access, Depends(require(Permission.STOCK_VIEW, from_path("slug")))]
LevelsDep = Annotated[Access, Depends(require(Permission.CATALOG_WRITE, from_path("slug")))]
Weeks = Annotated[int, Query(ge=1, le=52)]
CoverDays = Annotated[int, Query(ge=1, le=365)]


def by_supplier(lines: list[reorder.ReorderLine]) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for line in lines:
        groups.setdefault(line.supplier, []).append(asdict(line))
    return [{"supplier": name, "lines": rows} for name, rows in groups.items()]


@router.get("/reorder")
def get_reorder(
    *,
    access: ReadDep,
    session: SessionDep,
    now: NowDep,
    slug: str,
    weeks: Weeks = reorder.DEFAULT_WEEKS,
    cover_days: CoverDays = reorder.DEFAULT_COVER_DAYS,
    supplier: Annotated[str | None, Query(max_length=80)] = None,
) -> dict[str, Any]:
    lines = reorder.reorder_list(
        session,
        store_id=access.store.id,
        now=now,
        weeks=weeks,
        cover_days=cover_days,
        supplier=supplier,
    )
    return {"weeks": weeks, "cover_days": cover_days, "suppliers": by_supplier(lines)}


def order_file_name(slug: str, supplier: str, now: datetime) -> str:
    """ASCII only, so every mail program and file system keeps it."""
    safe = (
        "".join(c if (c.isascii() and c.isalnum()) or c in "-_" else "-" for c in supplier)
        or "utan-leverantor"
    )
    return f"bestallning-{slug}-{safe}-{now:%Y-%m-%d}.csv"


@router.get("/reorder.csv")
def get_reorder_csv(
    *,
    access: ReadDep,
    session: SessionDep,
    now: NowDep,
    slug: str,
    supplier: Annotated[str, Query(max_length=80)],
    weeks: Weeks = reorder.DEFAULT_WEEKS,
    cover_days: CoverDays = reorder.DEFAULT_COVER_DAYS,
    bom: bool = False,
) -> Response:
    """The order file for one supplier: only the lines with something to order."""
    store = access.store
    lines = reorder.reorder_list(
        session, store_id=store.id, now=now, weeks=weeks, cover_days=cover_days, supplier=supplier
    )
    name = order_file_name(store.slug, supplier, now)
    return Response(
        reorder.as_csv(lines, bom=bom).encode(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


class LevelInput(BaseModel):
    min_level: Annotated[int | None, Field(ge=0, le=10_000_000)]
    """None removes the level."""
    pack_size: Annotated[int | None, Field(ge=1, le=100_000)] = None


def product_by_sku(session: Session, sku: str) -> Product:
    product = session.scalars(select(Product).where(Product.sku == sku)).one_or_none()
    if product is None:
        raise HTTPException(status_code=404, detail=f"no product {sku}")
    return product


def save_level(
    session: Session, access: Access, now: datetime, product: Product, body: LevelInput
) -> None:
    """Set the level and record who changed it from what to what, in one transaction."""
    store = access.store
    before, after = reorder.set_level(
        session,
        store_id=store.id,
        product_id=product.id,
        min_level=body.min_level,
        pack_size=body.pack_size,
        now=now,
    )
    if before != after:
        record(
            session,
            actor=access.principal.actor,
            action="stock.reorder_level",
            now=now,
            store_id=store.id,
            target=product.sku,
            before=before,
            after=after,
        )
    session.commit()


@router.put("/reorder-levels/{sku}")
def put_level(
    *, access: LevelsDep, session: SessionDep, now: NowDep, slug: str, sku: str, body: LevelInput
) -> dict[str, Any]:
    product = product_by_sku(session, sku)
    save_level(session, access, now, product, body)
    return {"sku": sku, "min_level": body.min_level, "pack_size": body.pack_size}
