"""Receiving a delivery on a phone: open it (supplier, delivery note), add lines by scanning
with the camera (static/scan.js) or typing the code, quantity, best-before (from GS1 AI 15/17
when the code carries it), cost; unknown codes link to the catalog's new-product step; commit
into the stock book. Every change is audited."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_path, require
from backoffice.audit.service import record
from backoffice.deps import NowDep, SessionDep
from backoffice.errors import ConflictError, NotFoundError
from backoffice.stock import deliveries, delivery_file
from backoffice.stock.assets import SCANNING_CSP
from backoffice.stock.book import products_by_key
from backoffice.stock.book_models import GoodsDelivery
from backoffice.stock.counting import BadCodeError
from backoffice.stock.page_forms import FieldError, best_before, kronor, pieces, text
from backoffice.web.templating import language, render

router = APIRouter(tags=["pages"])
WriteDep = Annotated[Access, Depends(require(Permission.STOCK_WRITE, from_path("slug")))]
Field = Annotated[str, Form(max_length=200)]


def _scanning(response: Response) -> Response:
    response.headers["content-security-policy"] = SCANNING_CSP
    return response


def receive_view(
    request: Request, session: Session, access: Access, *, error: str | None = None
) -> Response:
    store = access.store
    open_ones = session.scalars(
        select(GoodsDelivery)
        .where(GoodsDelivery.store_id == store.id, GoodsDelivery.status == "open")
        .order_by(GoodsDelivery.id.desc())
    )
    return render(
        request,
        "stock_receive.html",
        principal=access.principal,
        store=store,
        may_write=True,
        open_deliveries=list(open_ones),
        error=error,
        status_code=400 if error else 200,
    )


@router.get("/stores/{slug}/stock/receive")
def receive_page(request: Request, slug: str, access: WriteDep, session: SessionDep) -> Response:
    return receive_view(request, session, access)


@router.post("/stores/{slug}/stock/receive")
def open_delivery(
    *,
    request: Request,
    slug: str,
    access: WriteDep,
    session: SessionDep,
    now: NowDep,
    supplier: Field = "",
    note_number: Field = "",
) -> Response:
    store = access.store
    try:
        who, note = text(supplier, limit=80), text(note_number, limit=40)
    except FieldError as error:
        _ = language(request, access.principal).gettext
        return render(
            request,
            "stock_receive.html",
            principal=access.principal,
            store=store,
            may_write=True,
            open_deliveries=[],
            error=_(str(error)),
            status_code=400,
        )
    made = deliveries.open_delivery(
        session, store_id=store.id, supplier=who, note_number=note, now=now
    )
    record(
        session,
        actor=access.principal.actor,
        action="stock.delivery.open",
        now=now,
        store_id=store.id,
        target=str(made.id),
        after={"supplier": who, "note_number": note},
    )
    session.commit()
    return RedirectResponse(f"/stores/{store.slug}/stock/deliveries/{made.id}", status_code=303)


def delivery_view(
    request: Request,
    session: Session,
    access: Access,
    delivery_id: int,
    *,
    error: str | None = None,
    message: str | None = None,
) -> Response:
    store = access.store
    delivery = session.get(GoodsDelivery, delivery_id)
    if delivery is None or delivery.store_id != store.id:
        raise NotFoundError(f"no delivery {delivery_id} in this store")
    received = deliveries.lines(session, delivery_id)
    refs = products_by_key(session, [ln.product_key for ln in received])
    page = render(
        request,
        "stock_delivery.html",
        principal=access.principal,
        store=store,
        may_write=True,
        delivery=delivery,
        lines=received,
        names={key: ref.name for key, ref in refs.items()},
        unknown=sorted({ln.product_key for ln in received if ln.product_key not in refs}),
        from_file=any(ln.expected is not None for ln in received),
        differences=delivery_file.differences(session, store_id=store.id, delivery_id=delivery_id),
        error=error,
        message=message,
        status_code=400 if error else 200,
    )
    return _scanning(page)


@router.get("/stores/{slug}/stock/deliveries/{delivery_id}")
def delivery_page(
    request: Request, slug: str, delivery_id: int, access: WriteDep, session: SessionDep
) -> Response:
    done = request.query_params.get("done") == "1"
    _ = language(request, access.principal).gettext
    message = _("Leveransen är bokförd.") if done else None
    return delivery_view(request, session, access, delivery_id, message=message)


@router.post("/stores/{slug}/stock/deliveries/{delivery_id}/lines")
def add_line(
    *,
    request: Request,
    slug: str,
    delivery_id: int,
    access: WriteDep,
    session: SessionDep,
    now: NowDep,
    code: Field = "",
    quantity: Field = "1",
    best_before_date: Field = "",
    cost: Field = "",
) -> Response:
    store = access.store
    _ = language(request, access.principal).gettext
    try:
        count, dated, cost_ore = pieces(quantity), best_before(best_before_date), kronor(cost)
        added = deliveries.add_line(
            session,
            store_id=store.id,
            delivery_id=delivery_id,
            code=code.strip(),
            quantity=count,
            best_before=dated,
            cost_ore=cost_ore,
            today=now.date(),
        )
    except FieldError as error:
        return delivery_view(request, session, access, delivery_id, error=_(str(error)))
    except BadCodeError:
        session.rollback()
        error_text = f"{_('Koden kunde inte läsas')}: {code.strip()[:40]}"
        return delivery_view(request, session, access, delivery_id, error=error_text)
    except ConflictError:
        session.rollback()
        return delivery_view(
            request, session, access, delivery_id, error=_("Leveransen är redan bokförd.")
        )
    record(
        session,
        actor=access.principal.actor,
        action="stock.delivery.line",
        now=now,
        store_id=store.id,
        target=str(delivery_id),
        after={
            "product_key": added.product_key,
            "quantity": count,
            "best_before": added.best_before.isoformat() if added.best_before else None,
            "cost_ore": cost_ore,
        },
    )
    session.commit()
    return RedirectResponse(
        f"/stores/{store.slug}/stock/deliveries/{delivery_id}#lines", status_code=303
    )


@router.post("/stores/{slug}/stock/deliveries/{delivery_id}/commit")
def commit_delivery(
    *,
    request: Request,
    slug: str,
    delivery_id: int,
    access: WriteDep,
    session: SessionDep,
    now: NowDep,
) -> Response:
    store = access.store
    _ = language(request, access.principal).gettext
    try:
        booked = deliveries.commit_delivery(
            session, store_id=store.id, delivery_id=delivery_id, now=now
        )
    except ConflictError as error:
        session.rollback()
        message = (
            _("Gör de okända koderna till varor först.")
            if "make these codes" in error.detail
            else _("Leveransen är redan bokförd.")
        )
        return delivery_view(request, session, access, delivery_id, error=message)
    record(
        session,
        actor=access.principal.actor,
        action="stock.delivery.commit",
        now=now,
        store_id=store.id,
        target=str(delivery_id),
        after={"movements": booked},
    )
    session.commit()
    return RedirectResponse(
        f"/stores/{store.slug}/stock/deliveries/{delivery_id}?done=1", status_code=303
    )
