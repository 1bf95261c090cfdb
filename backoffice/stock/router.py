"""The stock API (`/api/admin/stores/{slug}/stock/...`; stock.view to read, stock.write to
change: owners and volunteers): the book, deliveries, best-before batches, stocktakes, waste
and transfers. Every change is audited with the same actions as the pages (a stocktake's single
scans are its own rows, not audited)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_path, require
from backoffice.audit.service import record
from backoffice.deps import NowDep, SessionDep
from backoffice.stock import counting, deliveries
from backoffice.stock.book import stock_book
from backoffice.stores.models import Store
from backoffice.stores.service import get_store

router = APIRouter(prefix="/api/admin/stores/{slug}/stock", tags=["stock"])
ReadDep = Annotated[Access, Depends(require(Permission.STOCK_VIEW, from_path("slug")))]
WriteDep = Annotated[Access, Depends(require(Permission.STOCK_WRITE, from_path("slug")))]

Code = Annotated[str, Field(min_length=1, max_length=120)]
Pieces = Annotated[int, Field(ge=1, le=100_000)]


def _bad(error: counting.BadCodeError) -> HTTPException:
    return HTTPException(status_code=422, detail=str(error))


def _audit(
    session: Session,
    access: Access,
    now: datetime,
    store: Store,
    action: str,
    *,
    target: str,
    after: Any,
) -> None:
    record(
        session,
        actor=access.principal.actor,
        action=action,
        now=now,
        store_id=store.id,
        target=target,
        after=after,
    )


@router.get("/book")
def get_book(*, _access: ReadDep, session: SessionDep, slug: str) -> list[dict[str, Any]]:
    store = get_store(session=session, slug=slug)
    return [asdict(line) for line in stock_book(session, store.id)]


class DeliveryInput(BaseModel):
    supplier: Annotated[str, Field(min_length=1, max_length=80)]
    note_number: Annotated[str, Field(min_length=1, max_length=40)]


class LineInput(BaseModel):
    code: Code
    quantity: Pieces
    best_before: date | None = None
    cost_ore: Annotated[int | None, Field(ge=0, le=10_000_000)] = None


@router.post("/deliveries", status_code=201)
def create_delivery(
    *, access: WriteDep, session: SessionDep, now: NowDep, slug: str, body: DeliveryInput
) -> dict[str, int]:
    store = get_store(session=session, slug=slug)
    made = deliveries.open_delivery(
        session, store_id=store.id, supplier=body.supplier, note_number=body.note_number, now=now
    )
    after = {"supplier": body.supplier, "note_number": body.note_number}
    _audit(session, access, now, store, "stock.delivery.open", target=str(made.id), after=after)
    session.commit()
    return {"id": made.id}


@router.post("/deliveries/{delivery_id}/lines", status_code=201)
def add_delivery_line(
    *,
    access: WriteDep,
    session: SessionDep,
    now: NowDep,
    slug: str,
    delivery_id: int,
    body: LineInput,
) -> dict[str, Any]:
    store = get_store(session=session, slug=slug)
    try:
        added = deliveries.add_line(
            session,
            store_id=store.id,
            delivery_id=delivery_id,
            code=body.code,
            quantity=body.quantity,
            best_before=body.best_before,
            cost_ore=body.cost_ore,
            today=now.date(),
        )
    except counting.BadCodeError as error:
        raise _bad(error) from error
    after = {
        "product_key": added.product_key,
        "quantity": body.quantity,
        "best_before": added.best_before.isoformat() if added.best_before else None,
        "cost_ore": body.cost_ore,
    }
    _audit(session, access, now, store, "stock.delivery.line", target=str(delivery_id), after=after)
    session.commit()
    return asdict(added)


@router.post("/deliveries/{delivery_id}/commit")
def commit_delivery(
    *, access: WriteDep, session: SessionDep, now: NowDep, slug: str, delivery_id: int
) -> dict[str, int]:
    store = get_store(session=session, slug=slug)
    booked = deliveries.commit_delivery(
        session, store_id=store.id, delivery_id=delivery_id, now=now
    )
    after = {"movements": booked}
    _audit(
        session, access, now, store, "stock.delivery.commit", target=str(delivery_id), after=after
    )
    session.commit()
    return {"movements": booked}


@router.get("/expiring")
def expiring(
    *,
    _access: ReadDep,
    session: SessionDep,
    now: NowDep,
    slug: str,
    days: Annotated[int, Query(ge=0, le=365)] = 3,
) -> list[dict[str, Any]]:
    store = get_store(session=session, slug=slug)
    found = deliveries.expiring(session, store_id=store.id, today=now.date(), days=days)
    return [asdict(batch) for batch in found]


class StocktakeInput(BaseModel):
    shelf: Annotated[str | None, Field(max_length=60)] = None


class ScanInput(BaseModel):
    code: Code
    quantity: Pieces = 1


class CommitInput(BaseModel):
    reason: Annotated[str, Field(min_length=1, max_length=200)]


@router.post("/stocktakes", status_code=201)
def create_stocktake(
    *, access: WriteDep, session: SessionDep, now: NowDep, slug: str, body: StocktakeInput
) -> dict[str, int]:
    store = get_store(session=session, slug=slug)
    made = counting.open_stocktake(session, store_id=store.id, shelf=body.shelf, now=now)
    after = {"shelf": body.shelf}
    _audit(session, access, now, store, "stock.stocktake.open", target=str(made.id), after=after)
    session.commit()
    return {"id": made.id}


@router.post("/stocktakes/{stocktake_id}/scans")
def scan(
    *,
    access: WriteDep,
    session: SessionDep,
    now: NowDep,
    slug: str,
    stocktake_id: int,
    body: ScanInput,
) -> dict[str, Any]:
    store = access.store  # the access check has read it (one query less a scan: phones scan fast)
    try:
        key, counted = counting.scan(
            session,
            store_id=store.id,
            stocktake_id=stocktake_id,
            code=body.code,
            quantity=body.quantity,
            now=now,
        )
    except counting.BadCodeError as error:
        raise _bad(error) from error
    session.commit()
    return {"product_key": key, "counted": counted}


@router.get("/stocktakes/{stocktake_id}/differences")
def differences(
    *, _access: ReadDep, session: SessionDep, slug: str, stocktake_id: int
) -> list[dict[str, Any]]:
    store = get_store(session=session, slug=slug)
    found = counting.differences(session, store_id=store.id, stocktake_id=stocktake_id)
    return [asdict(d) for d in found]


@router.post("/stocktakes/{stocktake_id}/commit")
def commit_stocktake(
    *,
    access: WriteDep,
    session: SessionDep,
    now: NowDep,
    slug: str,
    stocktake_id: int,
    body: CommitInput,
) -> list[dict[str, Any]]:
    store = get_store(session=session, slug=slug)
    found = counting.commit_stocktake(
        session, store_id=store.id, stocktake_id=stocktake_id, reason=body.reason, now=now
    )
    after = {"reason": body.reason, "differences": [asdict(d) for d in found if d.difference]}
    target = str(stocktake_id)
    _audit(session, access, now, store, "stock.stocktake.commit", target=target, after=after)
    session.commit()
    return [asdict(d) for d in found]


class WasteInput(BaseModel):
    code: Code
    quantity: Pieces
    reason: Literal["expired", "damaged", "stolen", "own_use"]


@router.post("/waste", status_code=201)
def waste(
    *, access: WriteDep, session: SessionDep, now: NowDep, slug: str, body: WasteInput
) -> dict[str, str]:
    store = get_store(session=session, slug=slug)
    try:
        key = counting.write_off(
            session,
            store_id=store.id,
            code=body.code,
            quantity=body.quantity,
            reason=body.reason,
            now=now,
        )
    except counting.BadCodeError as error:
        raise _bad(error) from error
    after = {"quantity": body.quantity, "reason": body.reason}
    _audit(session, access, now, store, "stock.waste", target=key, after=after)
    session.commit()
    return {"product_key": key}


class TransferLine(BaseModel):
    code: Code
    quantity: Pieces


class TransferInput(BaseModel):
    to: Annotated[str, Field(min_length=1, max_length=64)]
    lines: Annotated[list[TransferLine], Field(min_length=1, max_length=500)]


def _writable_target(session: Session, access: Access, slug: str) -> Store:
    """The receiving store: goods booked into it change its book too, so the caller needs
    stock.write there as well; a store they have no role in is the same 404 as any other."""
    principal = access.principal
    target = session.scalars(select(Store).where(Store.slug == slug)).one_or_none()
    if target is None or not principal.sees(target):
        raise HTTPException(status_code=404, detail=f"no store {slug}")
    if not principal.may(Permission.STOCK_WRITE, target):
        raise HTTPException(status_code=403, detail=f"no right to change the stock of {slug}")
    return target


@router.post("/transfers", status_code=201)
def transfer(
    *, access: WriteDep, session: SessionDep, now: NowDep, slug: str, body: TransferInput
) -> dict[str, int]:
    source = get_store(session=session, slug=slug)
    target = _writable_target(session, access, body.to)
    try:
        booked = counting.transfer(
            session,
            source=source,
            target=target,
            lines=[(ln.code, ln.quantity) for ln in body.lines],
            now=now,
        )
    except counting.BadCodeError as error:
        raise _bad(error) from error
    after = {"to": target.slug, "lines": [ln.model_dump() for ln in body.lines]}
    _audit(session, access, now, source, "stock.transfer", target=target.slug, after=after)
    session.commit()
    return {"movements": booked}
