"""The price-file API (`/api/admin/pricefiles`, the shared catalog: the association's admin):
save a supplier's column mapping, upload a file for a preview, apply it on confirmation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy import select

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, require
from backoffice.audit.service import record as audit
from backoffice.deps import NowDep, SessionDep
from backoffice.pricefiles.models import PriceImport, PriceImportRow
from backoffice.pricefiles.parse import MAX_BYTES, PriceFileError
from backoffice.pricefiles.schemas import ImportRead, MappingInput, MappingRead, RowRead
from backoffice.pricefiles.service import (
    apply_import,
    counts,
    discard_import,
    get_import,
    get_mapping,
    preview_file,
    save_mapping,
)
from retail.vat.rates import VatClass

router = APIRouter(prefix="/api/admin/pricefiles", tags=["pricefiles"])
Supplier = Annotated[str, Query(min_length=1, max_length=80)]
AdminDep = Annotated[Access, Depends(require(Permission.SHARED_CATALOG_WRITE))]


def _read(
    session: SessionDep, record: PriceImport, shown: dict[str, int] | None = None
) -> ImportRead:
    """The import as the API answers it; `shown`: its counts when already known."""
    return ImportRead(
        id=record.id,
        supplier=record.supplier,
        filename=record.filename,
        encoding=record.encoding,
        delimiter=record.delimiter,
        status=record.status,
        rows_total=record.rows_total,
        rows_done=record.rows_done,
        counts=counts(session, record.id) if shown is None else shown,
        created_at=record.created_at,
        applied_at=record.applied_at,
    )


@router.put("/mappings/{supplier}")
def put_mapping(
    supplier: str, body: MappingInput, _admin: AdminDep, session: SessionDep, now: NowDep
) -> MappingRead:
    saved = save_mapping(session=session, supplier=supplier, columns=body.columns(), now=now)
    session.commit()
    return MappingRead(supplier=saved.supplier, **saved.columns)


@router.get("/mappings/{supplier}")
def read_mapping(supplier: str, _admin: AdminDep, session: SessionDep) -> MappingRead:
    return MappingRead(supplier=supplier, **get_mapping(session, supplier))


@router.post("/imports", status_code=201)
async def upload(
    request: Request,
    supplier: Supplier,
    _admin: AdminDep,
    session: SessionDep,
    now: NowDep,
    filename: Annotated[str, Query(max_length=200)] = "prislista.csv",
) -> ImportRead:
    """The file is the request body (text/csv or the .xlsx bytes); answers the preview's counts."""
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_BYTES:
            raise PriceFileError(f"a price file is at most {MAX_BYTES // 1024 // 1024} MB")
    record, shown = preview_file(
        session=session, supplier=supplier, filename=filename, data=bytes(data), now=now
    )
    session.commit()
    return _read(session, record, shown)


@router.get("/imports/{import_id}")
def read_import(import_id: int, _admin: AdminDep, session: SessionDep) -> ImportRead:
    return _read(session, get_import(session, import_id))


@router.get("/imports/{import_id}/rows")
def read_rows(
    import_id: int,
    _admin: AdminDep,
    session: SessionDep,
    kind: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[RowRead]:
    """The preview's rows by line, of one kind (new, changed, unchanged, error) or all."""
    get_import(session, import_id)
    query = select(PriceImportRow).where(PriceImportRow.import_id == import_id)
    if kind is not None:
        query = query.where(PriceImportRow.kind == kind)
    rows = session.scalars(query.order_by(PriceImportRow.line).limit(limit).offset(offset))
    return [RowRead.model_validate(row, from_attributes=True) for row in rows]


@router.post("/imports/{import_id}/apply")
def apply(
    import_id: int,
    _admin: AdminDep,
    session: SessionDep,
    now: NowDep,
    vat_class: VatClass = VatClass.FOOD,
) -> ImportRead:
    """Apply every new and changed row at once (refused rows are left out), or none."""
    record = apply_import(session=session, import_id=import_id, vat_class=vat_class, now=now)
    session.commit()
    return _read(session, record)


@router.post("/imports/{import_id}/discard")
def discard(import_id: int, admin: AdminDep, session: SessionDep, now: NowDep) -> ImportRead:
    """Throw a preview away (its rows removed); an applied import is a 409."""
    before = discard_import(session=session, import_id=import_id)
    audit(
        session,
        actor=admin.principal.actor,
        action="pricefile.discard",
        now=now,
        target=str(import_id),
        before={"counts": before},
    )
    session.commit()
    return _read(session, get_import(session, import_id))
