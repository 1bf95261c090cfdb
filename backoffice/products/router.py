"""The products API (`/api/admin/products`): search, save, schedule and take back prices; each
answer says which stores have pulled the change. Access: reading for anyone who sees stock
somewhere; writing the shared catalog for the association's admin, or a store's own with
`?store=SLUG` for its owner."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_query, require
from backoffice.deps import NowDep, SessionDep
from backoffice.errors import ConflictError, NotFoundError
from backoffice.labels.router import router as labels_router
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
router.include_router(labels_router)  # before /{sku}: POST /labels is no product
ReadDep = Annotated[
    Access,
    Depends(
        require(
            Permission.STOCK_VIEW,
            from_query("store", optional=True),
            shared=Permission.SHARED_CATALOG_WRITE,
            anywhere=True,
        )
    ),
]
WriteDep = Annotated[
    Access,
    Depends(
        require(
            Permission.CATALOG_WRITE,
            from_query("store", optional=True),
            shared=Permission.SHARED_CATALOG_WRITE,
        )
    ),
]


@router.get("")
def list_products(
    *,
    _access: ReadDep,
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
def get_product(sku: str, _access: ReadDep, session: SessionDep, now: NowDep) -> ProductDetail:
    return product_detail(session=session, sku=sku, now=now)


@router.put("/{sku}")
def put_product(
    sku: str, body: ProductInput, _access: WriteDep, session: SessionDep, now: NowDep
) -> ProductDetail:
    if body.sku != sku:
        raise ConflictError(f"the path names {sku!r}, the body {body.sku!r}")
    save_product(session=session, data=body, now=now)
    session.commit()
    return product_detail(session=session, sku=sku, now=now)


@router.post("/{sku}/prices", status_code=201)
def post_price(
    sku: str, body: PriceChangeInput, access: WriteDep, session: SessionDep, now: NowDep
) -> ProductDetail:
    store_id = None
    if body.store:
        store = get_store(session=session, slug=body.store)
        if not access.principal.may(Permission.CATALOG_WRITE, store):
            raise NotFoundError(f"no store {body.store}")
        store_id = store.id
    elif not access.principal.may(Permission.SHARED_CATALOG_WRITE):
        raise NotFoundError("name the store whose price this is (store)")
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
    sku: str, change_id: int, _access: WriteDep, session: SessionDep, now: NowDep
) -> Response:
    cancel_price(session=session, sku=sku, change_id=change_id, now=now)
    session.commit()
    return Response(status_code=204)
