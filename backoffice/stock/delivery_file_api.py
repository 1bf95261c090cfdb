"""Deliveries from the wholesaler's delivery file by API (stock.write, audited):
`PUT .../stock/delivery-file-mappings/{supplier}` saves the supplier's column mapping;
`POST .../stock/deliveries/file?supplier=..&note_number=..&filename=..` (the file is the body)
opens a delivery with the file's expected lines; `POST .../deliveries/{id}/check` counts a scan
or typed code off; `GET .../deliveries/{id}/differences` answers expected against received."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_path, require
from backoffice.audit.service import record
from backoffice.deps import NowDep, SessionDep
from backoffice.pricefiles.parse import MAX_BYTES
from backoffice.stock import delivery_file
from backoffice.stock.counting import BadCodeError
from backoffice.stores.service import get_store

router = APIRouter(prefix="/api/admin/stores/{slug}/stock", tags=["stock"])
WriteDep = Annotated[Access, Depends(require(Permission.STOCK_WRITE, from_path("slug")))]
Heading = Annotated[str, Field(min_length=1, max_length=80)]


class MappingInput(BaseModel):
    gtin: Heading
    quantity: Heading
    cost: Heading | None = None
    best_before: Heading | None = None
    batch: Heading | None = None


class CheckInput(BaseModel):
    code: Annotated[str, Field(min_length=1, max_length=120)]
    quantity: Annotated[int, Field(ge=1, le=100_000)] = 1


@router.put("/delivery-file-mappings/{supplier}")
def put_mapping(
    *, access: WriteDep, session: SessionDep, now: NowDep, slug: str, supplier: str,
    body: MappingInput,
) -> dict[str, str]:  # fmt: skip
    store = get_store(session=session, slug=slug)
    columns = {k: v for k, v in body.model_dump().items() if v}
    delivery_file.save_mapping(session, supplier[:80], columns, now)
    record(session, actor=access.principal.actor, action="stock.delivery_file.mapping",
           now=now, store_id=store.id, target=supplier[:80], after=columns)  # fmt: skip
    session.commit()
    return columns


@router.post("/deliveries/file", status_code=201)
async def upload(
    *,
    request: Request,
    access: WriteDep,
    session: SessionDep,
    now: NowDep,
    slug: str,
    supplier: Annotated[str, Query(min_length=1, max_length=80)],
    note_number: Annotated[str, Query(min_length=1, max_length=40)],
    filename: Annotated[str, Query(max_length=200)] = "leverans.csv",
) -> dict[str, int]:
    store = get_store(session=session, slug=slug)
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_BYTES:
            raise delivery_file.DeliveryFileError("the delivery file is too large")
    made, count = delivery_file.start_from_file(
        session, store_id=store.id, supplier=supplier, note_number=note_number,
        filename=filename, data=bytes(data), mapping=None, now=now,
    )  # fmt: skip
    after = {"supplier": supplier, "note_number": note_number, "file": filename, "lines": count}
    record(session, actor=access.principal.actor, action="stock.delivery.file", now=now,
           store_id=store.id, target=str(made.id), after=after)  # fmt: skip
    session.commit()
    return {"id": made.id, "lines": count}


@router.post("/deliveries/{delivery_id}/check")
def check(
    *, access: WriteDep, session: SessionDep, now: NowDep, slug: str, delivery_id: int,
    body: CheckInput,
) -> dict[str, Any]:  # fmt: skip
    store = get_store(session=session, slug=slug)
    try:
        done = delivery_file.check_off(
            session, store_id=store.id, delivery_id=delivery_id, code=body.code,
            quantity=body.quantity, today=now.date(),
        )  # fmt: skip
    except BadCodeError as error:
        raise HTTPException(status_code=422, detail=str(error)) from error
    record(session, actor=access.principal.actor, action="stock.delivery.check", now=now,
           store_id=store.id, target=str(delivery_id),
           after={"product_key": done.product_key, "quantity": body.quantity})  # fmt: skip
    session.commit()
    return asdict(done)


@router.get("/deliveries/{delivery_id}/differences")
def differences(
    *, _access: WriteDep, session: SessionDep, slug: str, delivery_id: int
) -> list[dict[str, Any]]:
    store = get_store(session=session, slug=slug)
    found = delivery_file.differences(session, store_id=store.id, delivery_id=delivery_id)
    return [delivery_file.as_dict(d) for d in found]
