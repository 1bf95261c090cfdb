"""The price-file pages (the shared catalog's admin): choose a supplier and its column
mapping (saved per supplier), upload a CSV or .xlsx file, see the preview (new, changed,
unchanged and every refused row with its reason) and apply it on confirmation, all rows or
none. Every upload and apply is audited."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, require
from backoffice.audit.service import record
from backoffice.deps import NowDep, SessionDep
from backoffice.errors import BackofficeError, NotFoundError
from backoffice.pricefiles import background as jobs
from backoffice.pricefiles.background import queue_apply, queue_preview
from backoffice.pricefiles.job_pages import defer, job_redirect
from backoffice.pricefiles.models import PriceImport, PriceImportRow, SupplierMapping
from backoffice.pricefiles.parse import MAX_BYTES, PriceFileError
from backoffice.pricefiles.schemas import MappingInput
from backoffice.pricefiles.service import (
    apply_import,
    counts,
    discard_import,
    get_import,
    preview_file,
    save_mapping,
)
from backoffice.products.messages_en import label
from backoffice.web import nav
from backoffice.web.templating import add_folder, render
from retail.vat.rates import VatClass

router = APIRouter(tags=["pages"])
add_folder(Path(__file__).parent / "templates")
nav.register("/pricefiles", "Prisfiler", order=31, permission=Permission.SHARED_CATALOG_WRITE)
AdminDep = Annotated[Access, Depends(require(Permission.SHARED_CATALOG_WRITE))]
FIELDS = ("gtin", "price", "name", "brand", "category", "cost_price")
KINDS = ("error", "new", "changed", "unchanged")
SHOWN = 200


def background_bytes() -> int:
    return jobs.BACKGROUND_BYTES  # read at each request: tests lower it


def background_rows() -> int:
    return jobs.BACKGROUND_ROWS


def _upload_page(
    request: Request,
    session: Session,
    access: Access,
    *,
    supplier: str,
    mapping: dict[str, str],
    status_code: int = 200,
    error: str | None = None,
) -> Response:
    return render(
        request,
        "pricefiles.html",
        principal=access.principal,
        supplier=supplier,
        mapping=mapping,
        fields=FIELDS,
        suppliers=list(session.scalars(select(SupplierMapping.supplier).order_by("supplier"))),
        imports=list(
            session.scalars(select(PriceImport).order_by(PriceImport.id.desc()).limit(10))
        ),
        error=error,
        shown=label,
        status_code=status_code,
    )


@router.get("/pricefiles")
def pricefiles_page(
    request: Request,
    access: AdminDep,
    session: SessionDep,
    supplier: Annotated[str, Query(max_length=80)] = "",
) -> Response:
    saved = session.get(SupplierMapping, supplier) if supplier else None
    mapping = dict(saved.columns) if saved else {}
    return _upload_page(request, session, access, supplier=supplier, mapping=mapping)


def _mapping(typed: dict[str, str]) -> MappingInput:
    values = {f: typed[f].strip() or None for f in FIELDS}
    try:
        return MappingInput.model_validate(values)
    except ValidationError as exc:
        wrong = ", ".join(str(e["loc"][0]) for e in exc.errors())
        raise BackofficeError(f"kolumnerna saknas eller är för långa: {wrong}") from None


@router.post("/pricefiles")
async def upload_pricefile(
    request: Request,
    background: BackgroundTasks,
    access: AdminDep,
    session: SessionDep,
    now: NowDep,
) -> Response:
    """Save the supplier's mapping and keep a preview of the file; nothing is applied yet."""
    async with request.form(max_files=1, max_fields=20) as form:
        supplier = str(form.get("supplier", "")).strip()[:80]
        typed = {f: str(form.get(f"col_{f}", "")) for f in FIELDS}
        upload = form.get("file")
        filename, data = "", b""
        if isinstance(upload, UploadFile) and upload.filename:
            filename, data = upload.filename, await upload.read(MAX_BYTES + 1)
    try:
        if not supplier:
            raise BackofficeError("ange leverantören")
        mapping = _mapping(typed)
        if not filename:
            raise BackofficeError("välj en prisfil")
        if len(data) > MAX_BYTES:
            raise PriceFileError(f"en prisfil är högst {MAX_BYTES // 1024 // 1024} MB")
        save_mapping(session=session, supplier=supplier, columns=mapping.columns(), now=now)
        if len(data) > background_bytes():  # a large file: read in the background
            job = queue_preview(
                session,
                supplier=supplier,
                filename=filename,
                data=data,
                actor=access.principal.actor,
                now=now,
            )
            session.commit()
            defer(request, background, job)
            return job_redirect(job)
        made, shown = preview_file(
            session=session, supplier=supplier, filename=filename, data=data, now=now
        )
    except BackofficeError as exc:
        session.rollback()
        return _upload_page(
            request,
            session,
            access,
            supplier=supplier,
            mapping=typed,
            status_code=400,
            error=str(exc),
        )
    record(
        session,
        actor=access.principal.actor,
        action="pricefile.preview",
        now=now,
        target=str(made.id),
        after={
            "supplier": supplier,
            "filename": made.filename,
            "mapping": mapping.columns(),
            "counts": shown,
        },
    )
    session.commit()
    return RedirectResponse(f"/pricefiles/{made.id}", status_code=303)


def _import_page(
    request: Request,
    session: Session,
    access: Access,
    import_id: int,
    *,
    kind: str = "",
    status_code: int = 200,
    error: str | None = None,
) -> Response:
    made = get_import(session, import_id)
    query = select(PriceImportRow).where(PriceImportRow.import_id == import_id)
    if kind:
        query = query.where(PriceImportRow.kind == kind)
    errors = session.scalars(
        select(PriceImportRow)
        .where(PriceImportRow.import_id == import_id, PriceImportRow.kind == "error")
        .order_by(PriceImportRow.line)
        .limit(SHOWN)
    )
    return render(
        request,
        "pricefile_import.html",
        principal=access.principal,
        made=made,
        counts=counts(session, import_id),
        kinds=KINDS,
        kind=kind,
        errors=list(errors),
        rows=list(session.scalars(query.order_by(PriceImportRow.line).limit(SHOWN))),
        limit=SHOWN,
        vat_classes=[v.value for v in VatClass],
        shown=label,
        error=error,
        status_code=status_code,
    )


@router.get("/pricefiles/{import_id}")
def import_page(
    import_id: int,
    request: Request,
    access: AdminDep,
    session: SessionDep,
    kind: Annotated[str, Query(pattern="^(|error|new|changed|unchanged)$")] = "",
) -> Response:
    return _import_page(request, session, access, import_id, kind=kind)


@router.post("/pricefiles/{import_id}/apply")
async def apply_pricefile(
    import_id: int,
    request: Request,
    *,
    background: BackgroundTasks,
    access: AdminDep,
    session: SessionDep,
    now: NowDep,
) -> Response:
    """Apply every new and changed row in one transaction, or none (a catalog changed since
    the preview is refused with the reason, and nothing is applied)."""
    form = await request.form()
    try:
        vat = VatClass(str(form.get("vat_class", VatClass.FOOD.value)))
    except ValueError:
        return _import_page(
            request, session, access, import_id, status_code=400, error="okänd momsklass"
        )
    try:
        found = counts(session, import_id)
        if found["new"] + found["changed"] > background_rows():  # many rows: in the background
            job = queue_apply(
                session, import_id=import_id, vat_class=vat, actor=access.principal.actor, now=now
            )
            session.commit()
            defer(request, background, job)
            return job_redirect(job)
        applied = apply_import(session=session, import_id=import_id, vat_class=vat, now=now)
    except NotFoundError:
        raise
    except BackofficeError as exc:
        session.rollback()
        return _import_page(request, session, access, import_id, status_code=409, error=str(exc))
    record(
        session,
        actor=access.principal.actor,
        action="pricefile.apply",
        now=now,
        target=str(import_id),
        after={"supplier": applied.supplier, "counts": counts(session, import_id)},
    )
    session.commit()
    return RedirectResponse(f"/pricefiles/{import_id}?applied=1", status_code=303)


@router.post("/pricefiles/{import_id}/discard")
async def discard_pricefile(
    import_id: int, request: Request, access: AdminDep, session: SessionDep, now: NowDep
) -> Response:
    """Throw the preview away (nothing reaches the catalog); an applied file is refused."""
    try:
        before = discard_import(session=session, import_id=import_id)
    except NotFoundError:
        raise
    except BackofficeError as exc:
        session.rollback()
        return _import_page(request, session, access, import_id, status_code=409, error=str(exc))
    record(
        session,
        actor=access.principal.actor,
        action="pricefile.discard",
        now=now,
        target=str(import_id),
        before={"counts": before},
    )
    session.commit()
    return RedirectResponse(f"/pricefiles/{import_id}?discarded=1", status_code=303)
