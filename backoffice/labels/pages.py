"""The shelf-labels page of a store (its owner): every product, the prices changed since the
last print, or the products ticked (searched by name, brand or code), downloaded as the label
PDF; the page shows when labels were last printed and how many prices changed since. Every
print is remembered (the next "changed since" starts there) and audited."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from backoffice.access.principal import visible_stores
from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_path, from_query, require
from backoffice.audit.service import record
from backoffice.deps import NowDep, SessionDep
from backoffice.labels import messages_en  # noqa: F401 - registers the page's English
from backoffice.labels.pdf import labels_pdf
from backoffice.labels.service import (
    MAX_LABELS,
    all_skus,
    changed_skus,
    labels_for,
    last_print,
    record_print,
)
from backoffice.products.queries import search_products
from backoffice.web import nav
from backoffice.web.templating import add_folder, language, render

MAX_CHOSEN = 500
"""The most products ticked in one print (a search shows far fewer)."""
MAX_SKU_CHARS = 40
"""A product code's length in the catalog (`products.sku`)."""

router = APIRouter(tags=["pages"])
add_folder(Path(__file__).parent / "templates")
nav.register("/labels", "Hyllkanter", order=32, permission=Permission.CATALOG_WRITE)
ChooseDep = Annotated[
    Access,
    Depends(require(Permission.CATALOG_WRITE, from_query("store", optional=True), anywhere=True)),
]
StoreDep = Annotated[Access, Depends(require(Permission.CATALOG_WRITE, from_path("slug")))]
MODES = ("changed", "all", "chosen")
SHOWN = 50


@router.get("/labels")
def choose_store(request: Request, access: ChooseDep, session: SessionDep) -> Response:
    """The nav's entry: straight to the store's page when there is one to choose."""
    if access.stores:
        return RedirectResponse(f"/stores/{access.stores[0].slug}/labels", status_code=303)
    stores = [
        s
        for s in visible_stores(session, access.principal)
        if access.principal.may(Permission.CATALOG_WRITE, s)
    ]
    if len(stores) == 1:
        return RedirectResponse(f"/stores/{stores[0].slug}/labels", status_code=303)
    return render(request, "labels_stores.html", principal=access.principal, stores=stores)


def _page(
    request: Request,
    session: Session,
    access: Access,
    now: datetime,
    *,
    q: str = "",
    mode: str = "changed",
    chosen: frozenset[str] = frozenset(),
    status_code: int = 200,
    error: str | None = None,
) -> Response:
    store = access.stores[0]
    found = search_products(session=session, now=now, q=q, limit=SHOWN) if q else None
    return render(
        request,
        "labels.html",
        principal=access.principal,
        store=store,
        last=last_print(session, store),
        changed=len(changed_skus(session, store, now)),
        q=q,
        found=found,
        mode=mode,
        chosen=chosen,
        error=language(request, access.principal).gettext(error) if error else None,
        status_code=status_code,
    )


@router.get("/stores/{slug}/labels")
def labels_page(
    slug: str,
    request: Request,
    *,
    access: StoreDep,
    session: SessionDep,
    now: NowDep,
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    return _page(request, session, access, now, q=q, mode="chosen" if q else "changed")


@router.post("/stores/{slug}/labels")
async def print_labels(
    slug: str, request: Request, access: StoreDep, session: SessionDep, now: NowDep
) -> Response:
    """The label PDF as a download; nothing to print is said on the page (nothing recorded)."""
    store = access.stores[0]
    form = await request.form()
    mode = str(form.get("mode", ""))
    ticked = [str(v) for v in form.getlist("sku")]
    chosen = [sku for sku in ticked[:MAX_CHOSEN] if len(sku) <= MAX_SKU_CHARS]
    q = str(form.get("q", ""))[:200]
    refusal: tuple[int, str] | None = None
    skus: list[str] = []
    if mode == "chosen" and len(ticked) > MAX_CHOSEN:
        refusal = (400, "Bocka för högst 500 produkter åt gången.")
    elif mode == "chosen" and len(chosen) < len(ticked):
        refusal = (400, "En produktkod är högst 40 tecken.")
    elif mode == "changed":
        skus = changed_skus(session, store, now)[:MAX_LABELS]
        if not skus:
            refusal = (409, "Inget pris har ändrats sedan senaste utskriften: inget att skriva ut.")
    elif mode == "all":
        skus = all_skus(session)[:MAX_LABELS]
    elif mode == "chosen":
        skus = list(dict.fromkeys(chosen))
        if not skus:
            refusal = (400, "Bocka för minst en produkt.")
    else:
        refusal = (400, "Välj vilka etiketter som ska skrivas ut.")
    labels = labels_for(session, skus, store, now) if refusal is None else []
    if refusal is None and not labels:
        refusal = (409, "Det finns inga produkter med pris att skriva ut.")
    if refusal is not None:
        status, message = refusal
        return _page(
            request,
            session,
            access,
            now,
            q=q,
            mode=mode if mode in MODES else "changed",
            chosen=frozenset(chosen),
            status_code=status,
            error=message,
        )
    pdf = labels_pdf(labels, f"Hyllkanter {store.name}")
    record_print(session, store, len(labels), now)
    record(
        session,
        actor=access.principal.actor,
        action="labels.print",
        now=now,
        store_id=store.id,
        target=store.slug,
        after={"mode": mode, "labels": len(labels), "sku_count": len(skus), "skus": skus[:5]},
    )
    session.commit()
    name = f"hyllkanter-{store.slug}-{now:%Y%m%d-%H%M}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
