"""GET /receipt/{store_slug}/{sale_id}: a customer's electronic receipt once the sale synced.

No login: the sale id (only on the customer's receipt QR) is the capability, as on the
controller's local page. New sale ids are time-ordered UUIDs (version 7: the sale's millisecond,
then 73 random bits for the first sale of a millisecond, 62 for a later one; older stores' ids
are version 4 with 122): knowing when a sale was made still leaves at least 2^62 ids to try.
`?copy=1` marks a printed copy "KOPIA".
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from backoffice.access.rules import PUBLIC
from backoffice.deps import SessionDep
from backoffice.receipts.service import load_receipt

router = APIRouter(tags=["receipts"])
ASSETS_PATH = "/receipt-assets"
ASSETS_DIR = Path(__file__).parent / "static"
"""The receipt page's stylesheet and script (no inline code: the Content-Security-Policy)."""
_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)


def kronor(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    whole = f"{abs(ore) // 100:,}".replace(",", "\u00a0")
    return f"{sign}{whole},{abs(ore) % 100:02d}\u00a0kr"


@router.get(  # the customer's receipt: its link (a random sale id) is what grants it
    "/receipt/{store_slug}/{sale_id}", response_class=HTMLResponse, dependencies=[PUBLIC]
)
def receipt_page(
    request: Request,
    store_slug: str,
    sale_id: UUID,
    session: SessionDep,
    copy: Annotated[bool, Query()] = False,
) -> HTMLResponse:
    receipt = load_receipt(session=session, slug=store_slug, sale_id=sale_id)
    public_url = request.app.state.settings.public_url
    members_url = f"{public_url.rstrip('/')}/me" if public_url else None
    html = _templates.get_template("receipt.html").render(
        receipt=receipt, copy=copy, kronor=kronor, members_url=members_url
    )
    return HTMLResponse(html)
