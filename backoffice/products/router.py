"""The products API (`/api/admin/products`, admin token until people and roles land): search,
save, schedule and take back prices; each answer says which stores have pulled the change."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from backoffice.deps import AdminDep, NowDep, SessionDep
from backoffice.errors import ConflictError
from backoffice.products.queries import product_detail, search_products
from backoffice.products.schemas import (
    PriceChangeInput,
    ProductDetail,
    ProductInput,
    ProductPage,
)
from backoffice.products.service import cancel_price, save_product, schedule_price
from backoffice.stores.service import get_store

router = APIRouter(prefix="/api/admin/products", tags=["products"])


@router.get("")
def list_products(
    *,
    _admin: AdminDep,
    session: SessionDep,
    now: NowDep,
    q: Annotated[str, Query(max_length=200)] = "",
    category: str | None = None,
    supplier: str | None = None,
    essential: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ProductPage:
    return search_products(
        session=session,
        now=now,
        q=q,
        category=category,
        supplier=supplier,
        essential=essential,
        limit=limit,
        offset=offset,
    )


@router.get("/{sku}")
def get_product(sku: str, _admin: AdminDep, session: SessionDep, now: NowDep) -> ProductDetail:
    return product_detail(session=session, sku=sku, now=now)


@router.put("/{sku}")
def put_product(
    sku: str, body: ProductInput, _admin: AdminDep, session: SessionDep, now: NowDep
) -> ProductDetail:
    if body.sku != sku:
        raise ConflictError(f"the path names {sku!r}, the body {body.sku!r}")
    save_product(session=session, data=body, now=now)
    session.commit()
    return product_detail(session=session, sku=sku, now=now)


@router.post("/{sku}/prices", status_code=201)
def post_price(
    sku: str, body: PriceChangeInput, _admin: AdminDep, session: SessionDep, now: NowDep
) -> ProductDetail:
    store_id = get_store(session=session, slug=body.store).id if body.store else None
    schedule_price(
        session=session,
        sku=sku,
        price_ore=body.price_ore,
        effective_at=body.effective_at,
        store_id=store_id,
        now=now,
    )
    session.commit()
    return product_detail(session=session, sku=sku, now=now)


@router.delete("/{sku}/prices/{change_id}", status_code=204)
def delete_price(
    sku: str, change_id: int, _admin: AdminDep, session: SessionDep, now: NowDep
) -> Response:
    cancel_price(session=session, sku=sku, change_id=change_id, now=now)
    session.commit()
    return Response(status_code=204)
