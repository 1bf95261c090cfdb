"""The catalog pages: search and filter the products (paged on the server, 25 a page), a
product's page (edit, GTINs, schedule a price for every store or one, its price history and
which stores have applied it) and a new product. Every change is audited."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.access.principal import visible_stores
from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_query, require
from backoffice.audit.service import record
from backoffice.deps import NowDep, SessionDep
from backoffice.errors import BackofficeError, ForbiddenError, NotFoundError
from backoffice.products import messages_en
from backoffice.products.forms import kronor, local_moment, product_input
from backoffice.products.models import Product
from backoffice.products.queries import product_detail, search_products
from backoffice.products.schemas import Deposit, ProductDetail
from backoffice.products.service import save_product, schedule_price
from backoffice.stores.models import Store
from backoffice.web import nav
from backoffice.web.templating import add_folder, render
from retail.comparison import ContentUnit
from retail.vat.rates import VatClass
from retail.wire.catalog import Unit

router = APIRouter(tags=["pages"])
add_folder(Path(__file__).parent / "templates")
nav.register(
    "/catalog",
    "Sortiment",
    order=30,
    permission=Permission.CATALOG_WRITE,
    shared=Permission.SHARED_CATALOG_WRITE,
)
PAGE = 25
ViewDep = Annotated[
    Access,
    Depends(
        require(
            Permission.CATALOG_WRITE,
            from_query("store", optional=True),
            shared=Permission.SHARED_CATALOG_WRITE,
            anywhere=True,
        )
    ),
]
SharedDep = Annotated[Access, Depends(require(Permission.SHARED_CATALOG_WRITE))]
CHOICES: dict[str, Any] = {
    "units": [u.value for u in Unit],
    "vat_classes": [v.value for v in VatClass],
    "deposits": [d.value for d in Deposit],
    "content_units": [c.value for c in ContentUnit],
    "shown": messages_en.label,
}


def _facets(session: Session, column: Any) -> list[str]:
    return [v for v in session.scalars(select(column).distinct().order_by(column)) if v]


@router.get("/catalog")
def catalog_page(
    request: Request,
    *,
    access: ViewDep,
    session: SessionDep,
    now: NowDep,
    q: Annotated[str, Query(max_length=200)] = "",
    category: Annotated[str, Query(max_length=80)] = "",
    supplier: Annotated[str, Query(max_length=80)] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    found = search_products(
        session=session,
        now=now,
        q=q,
        category=category or None,
        supplier=supplier or None,
        limit=PAGE,
        offset=(page - 1) * PAGE,
    )
    pages = max(1, -(-found.total // PAGE))
    filters = {"q": q, "category": category, "supplier": supplier}

    def link(n: int) -> str:
        return "/catalog?" + urlencode({**{k: v for k, v in filters.items() if v}, "page": n})

    return render(
        request,
        "catalog.html",
        principal=access.principal,
        found=found,
        filters=filters,
        page=page,
        pages=pages,
        previous=link(page - 1) if page > 1 else None,
        next=link(page + 1) if page < pages else None,
        categories=_facets(session, Product.category),
        suppliers=_facets(session, Product.supplier),
        may_create=access.principal.may(Permission.SHARED_CATALOG_WRITE),
        may_labels=access.principal.may_somewhere(Permission.CATALOG_WRITE),
    )


def _product_page(
    request: Request,
    session: Session,
    access: Access,
    product: ProductDetail | None,
    *,
    form: dict[str, str] | None = None,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    stores = visible_stores(session, access.principal)
    return render(
        request,
        "product.html",
        principal=access.principal,
        product=product,
        form=form or {},
        store_names={s.slug: s.name for s in stores},
        price_stores=[s for s in stores if access.principal.may(Permission.CATALOG_WRITE, s)],
        may_share=access.principal.may(Permission.SHARED_CATALOG_WRITE),
        status_code=status_code,
        **CHOICES,
        **extra,
    )


@router.get("/catalog/new")
def new_product_page(
    request: Request, access: SharedDep, session: SessionDep, gtin: str = ""
) -> Response:
    return _product_page(request, session, access, None, form={"gtins": gtin, "sku": gtin})


@router.get("/catalog/{sku}")
def product_page(
    sku: str, request: Request, access: ViewDep, session: SessionDep, now: NowDep
) -> Response:
    return _product_page(
        request, session, access, product_detail(session=session, sku=sku, now=now)
    )


async def _form(request: Request) -> dict[str, str]:
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


def _save(
    request: Request,
    session: Session,
    access: Access,
    now: Any,
    form: dict[str, str],
    *,
    existing: ProductDetail | None,
) -> Response:
    try:
        data = product_input(form)
        if existing is None and session.scalar(select(Product.id).where(Product.sku == data.sku)):
            raise BackofficeError(f"artikelnumret {data.sku} finns redan")
        save_product(session=session, data=data, now=now)
    except BackofficeError as exc:
        session.rollback()
        return _product_page(
            request, session, access, existing, form=form, status_code=400, error=str(exc)
        )
    before = existing.model_dump(mode="json", exclude={"stores", "prices"}) if existing else None
    record(
        session,
        actor=access.principal.actor,
        action="product.create" if existing is None else "product.save",
        now=now,
        target=data.sku,
        before=before,
        after=data.model_dump(mode="json"),
    )
    session.commit()
    return RedirectResponse(f"/catalog/{data.sku}?saved=1", status_code=303)


@router.post("/catalog/new")
async def create_product(
    request: Request, access: SharedDep, session: SessionDep, now: NowDep
) -> Response:
    return _save(request, session, access, now, await _form(request), existing=None)


@router.post("/catalog/{sku}")
async def edit_product(
    sku: str, request: Request, access: SharedDep, session: SessionDep, now: NowDep
) -> Response:
    existing = product_detail(session=session, sku=sku, now=now)
    form = await _form(request)
    form["sku"] = sku
    return _save(request, session, access, now, form, existing=existing)


@router.post("/catalog/{sku}/prices")
async def schedule_price_form(
    sku: str, request: Request, access: ViewDep, session: SessionDep, now: NowDep
) -> Response:
    """A price from a moment (empty: now), for every store (the shared catalog's admin) or one
    store (its owner)."""
    existing = product_detail(session=session, sku=sku, now=now)
    form = await _form(request)
    slug = form.get("store", "")
    store_id = None
    try:
        if slug:
            store = session.scalar(select(Store).where(Store.slug == slug))
            if store is None or not access.principal.may(Permission.CATALOG_WRITE, store):
                raise NotFoundError(f"no store {slug}")
            store_id = store.id
        elif not access.principal.may(Permission.SHARED_CATALOG_WRITE):
            raise ForbiddenError("välj butiken vars pris det är")
        price = kronor(form.get("price", ""))
        at = local_moment(form.get("effective_at", ""))
        change = schedule_price(
            session=session,
            sku=sku,
            price_ore=price,
            effective_at=at,
            store_id=store_id,
            now=now,
        )
    except (NotFoundError, ForbiddenError):
        raise
    except BackofficeError as exc:
        session.rollback()
        return _product_page(
            request, session, access, existing, status_code=400, price_error=str(exc)
        )
    record(
        session,
        actor=access.principal.actor,
        action="product.price",
        now=now,
        store_id=store_id,
        target=sku,
        before={"price_ore": existing.price_ore},
        after={
            "price_ore": price,
            "effective_at": change.effective_at.isoformat(),
            "store": slug or None,
        },
    )
    session.commit()
    return RedirectResponse(f"/catalog/{sku}?scheduled=1", status_code=303)
