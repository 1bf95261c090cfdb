"""Plain HTML pages for owners (the full pages come later): a store's sales and stock."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_path, require
from backoffice.deps import SessionDep
from backoffice.heartbeats.service import latest
from backoffice.sales.service import count_sales, recent_sales
from backoffice.stock.book import stock_book
from backoffice.sync.service import acked_through

router = APIRouter(tags=["pages"])
_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)


def kronor(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    return f"{sign}{abs(ore) // 100},{abs(ore) % 100:02d}"


@router.get("/stores/{slug}/sales", response_class=HTMLResponse)
def store_sales_page(
    slug: str,
    access: Annotated[Access, Depends(require(Permission.SALES_VIEW, from_path("slug")))],
    session: SessionDep,
) -> HTMLResponse:
    store = access.store
    html = _templates.get_template("store_sales.html").render(
        store=store,
        sales=recent_sales(session=session, store_id=store.id, limit=200),
        sale_count=count_sales(session=session, store_id=store.id),
        stock=stock_book(session, store.id),
        status=latest(session=session, store_id=store.id),
        acked_through=acked_through(session=session, store_id=store.id),
        kronor=kronor,
    )
    return HTMLResponse(html)
