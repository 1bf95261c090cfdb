"""The stock pages: which stores, and per store the book (on hand, "needs a count" for a
negative sum, value at cost for those who see prices) and what expires soon. Restocking,
counting and waste have their own modules (receive_pages, count_pages)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select

from backoffice.access.principal import visible_stores
from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_path, from_query, require
from backoffice.deps import NowDep, SessionDep
from backoffice.stock import (
    assets,
    count_pages,
    delivery_file_api,
    delivery_file_pages,
    public_page,
    receive_pages,
    reorder_api,
    reorder_mail,
    reorder_pages,
)
from backoffice.stock import messages_en as _english  # noqa: F401  (adds the English)
from backoffice.stock.book import products_by_key, stock_book
from backoffice.stock.book_models import GoodsDelivery, Stocktake
from backoffice.stock.deliveries import expiring
from backoffice.web import nav
from backoffice.web.templating import add_folder, render

router = APIRouter(tags=["pages"])
add_folder(Path(__file__).parent / "templates")
nav.register("/stock", "Lager", order=20, permission=Permission.STOCK_VIEW)
StockView = Annotated[Access, Depends(require(Permission.STOCK_VIEW, from_path("slug")))]
EXPIRING_DAYS = 3
router.include_router(assets.router)
router.include_router(delivery_file_api.router)
router.include_router(receive_pages.router)
router.include_router(delivery_file_pages.router)
router.include_router(count_pages.router)
router.include_router(reorder_pages.router)
router.include_router(reorder_api.router)
router.include_router(reorder_mail.router)
router.include_router(public_page.router)


@router.get("/stock")
def stock_stores(
    request: Request,
    access: Annotated[
        Access,
        Depends(require(Permission.STOCK_VIEW, from_query("store", optional=True), anywhere=True)),
    ],
    session: SessionDep,
) -> Response:
    """The stores whose stock the person sees (`?store=` one of them)."""
    principal = access.principal
    stores = list(access.stores) or [
        s for s in visible_stores(session, principal) if principal.may(Permission.STOCK_VIEW, s)
    ]
    writable = {s.id for s in stores if principal.may(Permission.STOCK_WRITE, s)}
    return render(
        request, "stock_stores.html", principal=principal, stores=stores, writable=writable
    )


@router.get("/stores/{slug}/stock")
def store_stock(
    request: Request, slug: str, access: StockView, session: SessionDep, now: NowDep
) -> Response:
    store = access.store
    principal = access.principal
    lines = stock_book(session, store.id)
    soon = expiring(session, store_id=store.id, today=now.date(), days=EXPIRING_DAYS)
    names = products_by_key(session, [b.product_key for b in soon])
    shows_cost = principal.may(Permission.CATALOG_WRITE, store)  # owners: prices of cost
    open_deliveries = list(
        session.scalars(
            select(GoodsDelivery)
            .where(GoodsDelivery.store_id == store.id, GoodsDelivery.status == "open")
            .order_by(GoodsDelivery.id.desc())
        )
    )
    open_counts = list(
        session.scalars(
            select(Stocktake)
            .where(Stocktake.store_id == store.id, Stocktake.status == "open")
            .order_by(Stocktake.id.desc())
        )
    )
    return render(
        request,
        "stock_store.html",
        principal=principal,
        store=store,
        lines=lines,
        soon=soon,
        names={k: r.name for k, r in names.items()},
        shows_cost=shows_cost,
        total_value=sum(ln.cost_value_ore or 0 for ln in lines),
        may_write=principal.may(Permission.STOCK_WRITE, store),
        open_deliveries=open_deliveries,
        open_counts=open_counts,
    )
