"""Counting a shelf or the whole store on a phone (scan or type each item, the differences
against the book shown before committing, commit with a reason) and writing off waste with its
reason. Opening, committing and every write-off are audited (a commit's record carries each
difference; single scans are not, they are the count's own rows)."""

from __future__ import annotations

from dataclasses import asdict
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
from backoffice.stock import counting
from backoffice.stock.assets import SCANNING_CSP
from backoffice.stock.book_models import Stocktake
from backoffice.stock.page_forms import FieldError, pieces, text
from backoffice.web.templating import language, render

router = APIRouter(tags=["pages"])
WriteDep = Annotated[Access, Depends(require(Permission.STOCK_WRITE, from_path("slug")))]
Field = Annotated[str, Form(max_length=200)]
WASTE_LABELS = {
    "expired": "Utgånget",
    "damaged": "Skadat",
    "stolen": "Stulet",
    "own_use": "Eget bruk",
}


def _scanning(response: Response) -> Response:
    response.headers["content-security-policy"] = SCANNING_CSP
    return response


@router.get("/stores/{slug}/stock/count")
def count_start_page(
    request: Request, slug: str, access: WriteDep, session: SessionDep
) -> Response:
    store = access.store
    open_ones = session.scalars(
        select(Stocktake)
        .where(Stocktake.store_id == store.id, Stocktake.status == "open")
        .order_by(Stocktake.id.desc())
    )
    return render(
        request,
        "stock_count_start.html",
        principal=access.principal,
        store=store,
        may_write=True,
        open_counts=list(open_ones),
    )


@router.post("/stores/{slug}/stock/count")
def open_count(
    *, slug: str, access: WriteDep, session: SessionDep, now: NowDep, shelf: Field = ""
) -> Response:
    store = access.store
    named = " ".join(shelf.split())[:60] or None
    made = counting.open_stocktake(session, store_id=store.id, shelf=named, now=now)
    record(
        session,
        actor=access.principal.actor,
        action="stock.stocktake.open",
        now=now,
        store_id=store.id,
        target=str(made.id),
        after={"shelf": named},
    )
    session.commit()
    return RedirectResponse(f"/stores/{store.slug}/stock/stocktakes/{made.id}", status_code=303)


def _count_page(
    request: Request,
    session: Session,
    access: Access,
    stocktake_id: int,
    *,
    error: str | None = None,
    message: str | None = None,
) -> Response:
    store = access.store
    stocktake = session.get(Stocktake, stocktake_id)
    if stocktake is None or stocktake.store_id != store.id:
        raise NotFoundError(f"no stocktake {stocktake_id} in this store")
    found = counting.differences(session, store_id=store.id, stocktake_id=stocktake_id)
    page = render(
        request,
        "stock_count.html",
        principal=access.principal,
        store=store,
        may_write=True,
        stocktake=stocktake,
        differences=found,
        error=error,
        message=message,
        status_code=400 if error else 200,
    )
    return _scanning(page)


@router.get("/stores/{slug}/stock/stocktakes/{stocktake_id}")
def count_page(
    request: Request, slug: str, stocktake_id: int, access: WriteDep, session: SessionDep
) -> Response:
    _ = language(request, access.principal).gettext
    done = request.query_params.get("done") == "1"
    message = _("Inventeringen är bokförd.") if done else None
    return _count_page(request, session, access, stocktake_id, message=message)


@router.post("/stores/{slug}/stock/stocktakes/{stocktake_id}/scans")
def count_scan(
    *,
    request: Request,
    slug: str,
    stocktake_id: int,
    access: WriteDep,
    session: SessionDep,
    now: NowDep,
    code: Field = "",
    quantity: Field = "1",
) -> Response:
    store = access.store
    _ = language(request, access.principal).gettext
    try:
        counting.scan(
            session,
            store_id=store.id,
            stocktake_id=stocktake_id,
            code=code.strip(),
            quantity=pieces(quantity),
            now=now,
        )
    except FieldError as error:
        return _count_page(request, session, access, stocktake_id, error=_(str(error)))
    except counting.BadCodeError:
        session.rollback()
        error_text = f"{_('Koden kunde inte läsas')}: {code.strip()[:40]}"
        return _count_page(request, session, access, stocktake_id, error=error_text)
    except ConflictError:
        session.rollback()
        already = _("Inventeringen är redan bokförd.")
        return _count_page(request, session, access, stocktake_id, error=already)
    session.commit()
    return RedirectResponse(
        f"/stores/{store.slug}/stock/stocktakes/{stocktake_id}#differences", status_code=303
    )


@router.post("/stores/{slug}/stock/stocktakes/{stocktake_id}/commit")
def count_commit(
    *,
    request: Request,
    slug: str,
    stocktake_id: int,
    access: WriteDep,
    session: SessionDep,
    now: NowDep,
    reason: Field = "",
) -> Response:
    store = access.store
    _ = language(request, access.principal).gettext
    try:
        why = text(reason, limit=200)
        found = counting.commit_stocktake(
            session, store_id=store.id, stocktake_id=stocktake_id, reason=why, now=now
        )
    except FieldError as error:
        return _count_page(request, session, access, stocktake_id, error=_(str(error)))
    except ConflictError:
        session.rollback()
        already = _("Inventeringen är redan bokförd.")
        return _count_page(request, session, access, stocktake_id, error=already)
    record(
        session,
        actor=access.principal.actor,
        action="stock.stocktake.commit",
        now=now,
        store_id=store.id,
        target=str(stocktake_id),
        after={"reason": why, "differences": [asdict(d) for d in found if d.difference]},
    )
    session.commit()
    return RedirectResponse(
        f"/stores/{store.slug}/stock/stocktakes/{stocktake_id}?done=1", status_code=303
    )


@router.get("/stores/{slug}/stock/waste")
def waste_page(request: Request, slug: str, access: WriteDep) -> Response:
    done = request.query_params.get("done") == "1"
    _ = language(request, access.principal).gettext
    return _waste_page(request, access, message=_("Avskrivet.") if done else None)


def _waste_page(
    request: Request, access: Access, *, error: str | None = None, message: str | None = None
) -> Response:
    page = render(
        request,
        "stock_waste.html",
        principal=access.principal,
        store=access.store,
        may_write=True,
        reasons=WASTE_LABELS,
        error=error,
        message=message,
        status_code=400 if error else 200,
    )
    return _scanning(page)


@router.post("/stores/{slug}/stock/waste")
def write_off(
    *,
    request: Request,
    slug: str,
    access: WriteDep,
    session: SessionDep,
    now: NowDep,
    code: Field = "",
    quantity: Field = "1",
    reason: Field = "",
) -> Response:
    store = access.store
    _ = language(request, access.principal).gettext
    try:
        count = pieces(quantity)
        if reason not in WASTE_LABELS:
            raise FieldError("Välj en anledning.")
        key = counting.write_off(
            session, store_id=store.id, code=code.strip(), quantity=count, reason=reason, now=now
        )
    except FieldError as error:
        return _waste_page(request, access, error=_(str(error)))
    except counting.BadCodeError:
        session.rollback()
        return _waste_page(request, access, error=f"{_('Koden kunde inte läsas')}: {code[:40]}")
    record(
        session,
        actor=access.principal.actor,
        action="stock.waste",
        now=now,
        store_id=store.id,
        target=key,
        after={"quantity": count, "reason": reason},
    )
    session.commit()
    return RedirectResponse(f"/stores/{store.slug}/stock/waste?done=1", status_code=303)
