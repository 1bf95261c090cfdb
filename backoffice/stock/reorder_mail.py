"""The reorder list e-mailed to the supplier: the owner types (or keeps) the supplier's address on
the reorder page and the order file (the same CSV as the download, with a BOM for Excel) is sent
through the backoffice's one mailer as an attachment; audited as stock.reorder.sent (to whom,
which file, how many lines). Owners only (catalog.write): an order spends the store's money."""

from __future__ import annotations

import json
import re
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_path, require
from backoffice.audit.models import AuditRecord
from backoffice.audit.service import record
from backoffice.deps import NowDep, SessionDep
from backoffice.mail import sender
from backoffice.settings import BackofficeSettings
from backoffice.stock import reorder
from backoffice.stock.reorder_api import order_file_name

router = APIRouter(tags=["pages"])
SendDep = Annotated[Access, Depends(require(Permission.CATALOG_WRITE, from_path("slug")))]
ADDRESS = re.compile(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+")

BODY = """Hej!

Här kommer en beställning från {store} ({address}), se bifogad fil {file}:
{count} rader, beräknat för {cover_days} dagar.

Hälsningar
{store}
"""


def last_addresses(session: Session, store_id: int) -> dict[str, str]:
    """The address each supplier's order was last sent to from this store (from the audit
    trail), so the page offers it again."""
    sent = session.execute(
        select(AuditRecord.target, AuditRecord.after)
        .where(AuditRecord.store_id == store_id, AuditRecord.action == "stock.reorder.sent")
        .order_by(AuditRecord.id)
    )
    found: dict[str, str] = {}
    for supplier, after in sent:
        to = json.loads(after or "{}").get("to")
        if supplier is not None and isinstance(to, str):
            found[supplier] = to
    return found


@router.post("/stores/{slug}/stock/reorder/send")
def send_order(
    *,
    request: Request,
    slug: str,
    access: SendDep,
    session: SessionDep,
    now: NowDep,
    supplier: Annotated[str, Form(max_length=80)],
    email: Annotated[str, Form(max_length=254)],
    weeks: Annotated[int, Form(ge=1, le=52)] = reorder.DEFAULT_WEEKS,
    cover_days: Annotated[int, Form(ge=1, le=365)] = reorder.DEFAULT_COVER_DAYS,
) -> Response:
    store = access.store
    to = email.strip()
    if ADDRESS.fullmatch(to) is None:
        raise HTTPException(status_code=422, detail=f"email: not an e-mail address: {to!r}")
    lines = reorder.reorder_list(
        session, store_id=store.id, now=now, weeks=weeks, cover_days=cover_days, supplier=supplier
    )
    ordered = [line for line in lines if line.suggested > 0]
    if not ordered:
        raise HTTPException(status_code=409, detail=f"nothing to order from {supplier!r}")
    name = order_file_name(store.slug, supplier, now)
    settings: BackofficeSettings = request.app.state.settings
    sender.send(
        settings.mail,
        to=to,
        subject=f"Beställning {store.name} {now:%Y-%m-%d}",
        body=BODY.format(
            store=store.name,
            address=store.address,
            file=name,
            count=len(ordered),
            cover_days=cover_days,
        ),
        attachments=[sender.Attachment(name, reorder.as_csv(lines, bom=True).encode(), "text/csv")],
    )
    record(
        session,
        actor=access.principal.actor,
        action="stock.reorder.sent",
        now=now,
        store_id=store.id,
        target=supplier,
        after={"to": to, "file": name, "lines": len(ordered), "cover_days": cover_days},
    )
    session.commit()
    return RedirectResponse(
        f"/stores/{store.slug}/stock/reorder?weeks={weeks}&cover_days={cover_days}&sent=1",
        status_code=303,
    )
