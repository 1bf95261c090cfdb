"""The unknown-barcodes page: per store, the codes its customers scanned that the catalog did
not know, with how often and when last, what the newest price file says of each, and "make
this a product" in one step (the GTIN filled in; name and price from the price file or typed).
The product is published to every store and audited."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from backoffice.access.principal import visible_stores
from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_query, require
from backoffice.audit.service import record
from backoffice.barcodes.todo import make_product, unknown_barcodes
from backoffice.deps import NowDep, SessionDep
from backoffice.errors import BackofficeError
from backoffice.products.forms import optional_kronor
from backoffice.products.messages_en import label
from backoffice.web import nav
from backoffice.web.templating import add_folder, render
from retail.barcodes import from_gtin14
from retail.barcodes.reasons import InvalidBarcodeError
from retail.vat.rates import VatClass

router = APIRouter(tags=["pages"])
add_folder(Path(__file__).parent / "templates")
nav.register(
    "/unknown-barcodes",
    "Okända streckkoder",
    order=32,
    permission=Permission.STOCK_VIEW,
    shared=Permission.SHARED_CATALOG_WRITE,
)
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
WriteDep = Annotated[Access, Depends(require(Permission.SHARED_CATALOG_WRITE))]


def _printed(code: str) -> str:
    """A GTIN-14 as printed on the pack (EAN-13 for a European one); anything else as sent."""
    try:
        return from_gtin14(code)
    except InvalidBarcodeError:
        return code


def _page(
    request: Request,
    session: Session,
    access: Access,
    *,
    status_code: int = 200,
    error: str | None = None,
    failed: str = "",
    typed: dict[str, str] | None = None,
) -> Response:
    principal = access.principal
    stores = access.stores or visible_stores(session, principal)
    shared = principal.may(Permission.SHARED_CATALOG_WRITE)  # the admin: every store's codes
    seen = [s for s in stores if shared or principal.may(Permission.STOCK_VIEW, s)]
    return render(
        request,
        "unknown_barcodes.html",
        principal=principal,
        items=unknown_barcodes(session, [s.id for s in seen]),
        stores={s.slug: s for s in seen},
        printed=_printed,
        may_make=shared,
        vat_classes=[v.value for v in VatClass],
        shown=label,
        error=error,
        failed=failed,
        typed=typed or {},
        status_code=status_code,
    )


@router.get("/unknown-barcodes")
def unknown_barcodes_page(request: Request, access: ReadDep, session: SessionDep) -> Response:
    return _page(request, session, access)


@router.post("/unknown-barcodes/{gtin}/product")
async def make_product_form(
    gtin: str, request: Request, access: WriteDep, session: SessionDep, now: NowDep
) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    try:
        if form.get("vat_class", "food") not in {v.value for v in VatClass}:
            raise BackofficeError("okänd momsklass")
        vat = VatClass(form.get("vat_class", "food"))
        product = make_product(
            session=session,
            code=gtin,
            now=now,
            name=form.get("name", "").strip()[:120] or None,
            price_ore=optional_kronor(form.get("price", ""), "pris"),
            vat_class=vat,
        )
    except BackofficeError as exc:
        session.rollback()
        return _page(
            request,
            session,
            access,
            status_code=exc.status_code,
            error=f"{_printed(gtin)}: {exc}",
            failed=gtin,
            typed=form,
        )
    record(
        session,
        actor=access.principal.actor,
        action="product.create",
        now=now,
        target=product.sku,
        after={"sku": product.sku, "name": product.name, "from": "unknown-barcode", "gtin": gtin},
    )
    session.commit()
    return RedirectResponse(f"/catalog/{product.sku}?saved=1", status_code=303)
