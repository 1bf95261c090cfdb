"""Receiving from the wholesaler's delivery file on a phone: upload the file (the supplier's
column headings remembered), then check lines off by scanning or typing the code; the delivery
page shows expected against received, extra and unknown codes, before committing. Audited."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_path, require
from backoffice.audit.service import record
from backoffice.deps import NowDep, SessionDep
from backoffice.errors import ConflictError
from backoffice.pricefiles.parse import MAX_BYTES
from backoffice.stock import delivery_file
from backoffice.stock.counting import BadCodeError
from backoffice.stock.page_forms import FieldError, pieces, text
from backoffice.stock.receive_pages import delivery_view
from backoffice.web.templating import language, render

router = APIRouter(tags=["pages"])
WriteDep = Annotated[Access, Depends(require(Permission.STOCK_WRITE, from_path("slug")))]
Field = Annotated[str, Form(max_length=200)]


def file_view(
    request: Request, session: Session, access: Access, *, error: str | None = None
) -> Response:
    return render(
        request,
        "stock_receive_file.html",
        principal=access.principal,
        store=access.store,
        may_write=True,
        error=error,
        status_code=400 if error else 200,
    )


@router.get("/stores/{slug}/stock/receive/file")
def file_page(request: Request, slug: str, access: WriteDep, session: SessionDep) -> Response:
    return file_view(request, session, access)


@router.post("/stores/{slug}/stock/receive/file")
async def start_from_file(
    request: Request, slug: str, access: WriteDep, session: SessionDep, now: NowDep
) -> Response:
    store = access.store
    _ = language(request, access.principal).gettext
    async with request.form(max_files=1, max_fields=20) as form:
        fields = {k: str(form.get(k, "")) for k in ("supplier", "note_number")}
        typed = {f: str(form.get(f"col_{f}", "")).strip()[:80] for f in delivery_file.FIELDS}
        upload = form.get("file")
        filename, data = "", b""
        if isinstance(upload, UploadFile) and upload.filename:
            filename, data = upload.filename[:200], await upload.read(MAX_BYTES + 1)
    try:
        who = text(fields["supplier"], limit=80)
        note = text(fields["note_number"], limit=40)
        if not filename:
            raise FieldError("Välj leveransfilen.")
        if len(data) > MAX_BYTES:
            raise FieldError("Filen är för stor.")
        mapping = {f: h for f, h in typed.items() if h} or None
        made, count = delivery_file.start_from_file(
            session, store_id=store.id, supplier=who, note_number=note,
            filename=filename, data=data, mapping=mapping, now=now,
        )  # fmt: skip
    except FieldError as error:
        return file_view(request, session, access, error=_(str(error)))
    except delivery_file.DeliveryFileError as error:
        session.rollback()
        message = f"{_('Leveransfilen kunde inte läsas')}: {error.detail}"
        return file_view(request, session, access, error=message)
    after = {"supplier": who, "note_number": note, "file": filename, "lines": count}
    record(session, actor=access.principal.actor, action="stock.delivery.file", now=now,
           store_id=store.id, target=str(made.id), after=after)  # fmt: skip
    session.commit()
    return RedirectResponse(f"/stores/{store.slug}/stock/deliveries/{made.id}", status_code=303)


@router.post("/stores/{slug}/stock/deliveries/{delivery_id}/check")
def check_off(
    *,
    request: Request,
    slug: str,
    delivery_id: int,
    access: WriteDep,
    session: SessionDep,
    now: NowDep,
    code: Field = "",
    quantity: Field = "1",
) -> Response:
    store = access.store
    _ = language(request, access.principal).gettext
    try:
        done = delivery_file.check_off(
            session, store_id=store.id, delivery_id=delivery_id, code=code.strip(),
            quantity=pieces(quantity), today=now.date(),
        )  # fmt: skip
    except FieldError as error:
        return delivery_view(request, session, access, delivery_id, error=_(str(error)))
    except BadCodeError:
        session.rollback()
        message = f"{_('Koden kunde inte läsas')}: {code.strip()[:40]}"
        return delivery_view(request, session, access, delivery_id, error=message)
    except ConflictError:
        session.rollback()
        message = _("Leveransen är redan bokförd.")
        return delivery_view(request, session, access, delivery_id, error=message)
    record(session, actor=access.principal.actor, action="stock.delivery.check", now=now,
           store_id=store.id, target=str(delivery_id),
           after={"product_key": done.product_key, "quantity": int(quantity)})  # fmt: skip
    session.commit()
    return RedirectResponse(
        f"/stores/{store.slug}/stock/deliveries/{delivery_id}#lines", status_code=303
    )
