"""The reorder page (`/stores/{slug}/stock/reorder`, stock.view): per supplier what to order to
cover the next days, with each supplier's order file; owners (catalog.write) set a product's
minimum level and pack size on the same page (audited as stock.reorder_level)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_path, require
from backoffice.deps import NowDep, SessionDep
from backoffice.stock import reorder
from backoffice.stock.reorder_api import LevelInput, by_supplier, product_by_sku, save_level
from backoffice.stock.reorder_mail import last_addresses
from backoffice.web.templating import render

router = APIRouter(tags=["pages"])
StockView = Annotated[Access, Depends(require(Permission.STOCK_VIEW, from_path("slug")))]
LevelsWrite = Annotated[Access, Depends(require(Permission.CATALOG_WRITE, from_path("slug")))]


def _number(text: str, *, low: int, high: int, field: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not low <= int(text) <= high:
        raise HTTPException(status_code=422, detail=f"{field}: a whole number {low}-{high}")
    return int(text)


@router.get("/stores/{slug}/stock/reorder")
def reorder_page(
    *,
    request: Request,
    slug: str,
    access: StockView,
    session: SessionDep,
    now: NowDep,
    weeks: Annotated[int, Query(ge=1, le=52)] = reorder.DEFAULT_WEEKS,
    cover_days: Annotated[int, Query(ge=1, le=365)] = reorder.DEFAULT_COVER_DAYS,
) -> Response:
    store = access.store
    principal = access.principal
    lines = reorder.reorder_list(
        session, store_id=store.id, now=now, weeks=weeks, cover_days=cover_days
    )
    return render(
        request,
        "stock_reorder.html",
        principal=principal,
        store=store,
        groups=by_supplier(lines),
        weeks=weeks,
        cover_days=cover_days,
        may_write=principal.may(Permission.STOCK_WRITE, store),
        may_set_levels=principal.may(Permission.CATALOG_WRITE, store),
        addresses=last_addresses(session, store.id),
        sent=request.query_params.get("sent") == "1",
    )


@router.post("/stores/{slug}/stock/reorder/levels")
async def reorder_level_form(
    request: Request, slug: str, access: LevelsWrite, session: SessionDep, now: NowDep
) -> Response:
    form = await request.form()
    sku = str(form.get("sku", "")).strip()[:40]
    product = product_by_sku(session, sku)
    body = LevelInput(
        min_level=_number(str(form.get("min_level", "")), low=0, high=10_000_000, field="min"),
        pack_size=_number(str(form.get("pack_size", "")), low=1, high=100_000, field="pack"),
    )
    save_level(session, access, now, product, body)
    return RedirectResponse(f"/stores/{access.store.slug}/stock/reorder", status_code=303)
