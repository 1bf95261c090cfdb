"""The store's public page for villagers (`/b/{slug}`): opening hours today and this week, and
whether each essential product is in stock now (yes / few / no). Off until the store's owner
switches it on from the store settings page (audited as store.public_page).

Nothing of cost, no quantities, nothing about a person: only the store's name, address, hours
and a three-word answer per essential product. Cacheable for a minute (the stock changes with
every sale, the hours rarely).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.access.rules import PUBLIC
from backoffice.audit.service import Actor, record
from backoffice.deps import NowDep, SessionDep
from backoffice.products.models import Product, ProductGtin
from backoffice.stock.book import sums
from backoffice.stock.public_models import PublicPage, is_public
from backoffice.stock.reorder_models import ReorderLevel
from backoffice.stores.details import current_rules
from backoffice.stores.models import Store
from backoffice.stores.settings_pages import WriteDep
from backoffice.web.templating import add_folder, render
from retail import wire

router = APIRouter(tags=["public"])
add_folder(Path(__file__).parent / "templates")
CACHE = "public, max-age=60"
FEW_PIECES = 3
"""At or below this many pieces (or the store's minimum level, when higher): "few"."""
FEW_GRAMS = 1000
DAY_NAMES = ("Måndag", "Tisdag", "Onsdag", "Torsdag", "Fredag", "Lördag", "Söndag")


def set_public(
    session: Session, store: Store, enabled: bool, *, actor: Actor, now: datetime
) -> None:
    """Switch the page on or off, audited with before and after (no record when unchanged)."""
    row = session.get(PublicPage, store.id)
    before = row is not None and row.enabled
    if before == enabled:
        return
    if row is None:
        session.add(PublicPage(store_id=store.id, enabled=enabled, updated_at=now))
    else:
        row.enabled, row.updated_at = enabled, now
    record(
        session,
        actor=actor,
        action="store.public_page",
        now=now,
        store_id=store.id,
        target=store.slug,
        before={"enabled": before},
        after={"enabled": enabled},
    )


@dataclass(frozen=True, slots=True)
class Essential:
    name: str
    state: str
    """"yes", "few" or "no"."""


def essentials_in_stock(session: Session, store_id: int) -> list[Essential]:
    """Each active essential product with yes / few / no: summed over its GTINs and article;
    a negative book (missing a delivery or count) is answered "no", never a guess."""
    products = list(
        session.scalars(
            select(Product)
            .where(Product.essential.is_(True), Product.active.is_(True))
            .order_by(Product.name)
        )
    )
    ids = [p.id for p in products]
    keys: dict[int, set[str]] = {p.id: {p.article} if p.article else set() for p in products}
    for product_id, gtin in session.execute(
        select(ProductGtin.product_id, ProductGtin.gtin).where(ProductGtin.product_id.in_(ids))
    ):
        keys[product_id].add(gtin)
    totals = sums(session, store_id, {k for ks in keys.values() for k in ks})
    levels: dict[int, int] = dict(
        session.execute(
            select(ReorderLevel.product_id, ReorderLevel.min_level).where(
                ReorderLevel.store_id == store_id, ReorderLevel.product_id.in_(ids)
            )
        ).all()
    )
    answer = []
    for p in products:
        by_weight = p.unit == "kg"
        have = sum(totals.get(k, (0, 0))[1 if by_weight else 0] for k in keys[p.id])
        few = max(levels.get(p.id, 0), FEW_GRAMS if by_weight else FEW_PIECES)
        state = "no" if have <= 0 else "few" if have <= few else "yes"
        answer.append(Essential(name=p.name, state=state))
    return answer


@dataclass(frozen=True, slots=True)
class DayHours:
    day: date
    name: str
    spans: list[str]
    today: bool


def week_hours(hours: wire.WeeklyHours, today: date) -> list[DayHours]:
    """Today and the six days after it, a dated exception winning over its weekday."""
    days = []
    for offset in range(7):
        day = today + timedelta(days=offset)
        spans = hours.exceptions.get(day, hours.on_weekday(day.weekday()))
        days.append(DayHours(day, DAY_NAMES[day.weekday()], list(spans), offset == 0))
    return days


@router.get("/b/{slug}", dependencies=[PUBLIC])  # public on purpose: only when the owner opted in
def public_page(slug: str, request: Request, session: SessionDep, now: NowDep) -> Response:
    store = session.scalars(select(Store).where(Store.slug == slug)).one_or_none()
    if store is None or not is_public(session, store.id):
        raise HTTPException(status_code=404, detail=f"no public page {slug}")
    rules = current_rules(session, store)
    today = now.astimezone(ZoneInfo(store.time_zone)).date()
    response = render(
        request,
        "public_store.html",
        principal=None,
        store=store,
        week=week_hours(rules.hours, today),
        essentials=essentials_in_stock(session, store.id),
        lockdown=rules.lockdown,
        at=now,
    )
    response.headers["Cache-Control"] = CACHE
    response.headers["Vary"] = "Cookie"
    return response


@router.post("/stores/{slug}/settings/public-page")
async def public_page_form(
    slug: str, request: Request, access: WriteDep, session: SessionDep, now: NowDep
) -> Response:
    """The owner's switch on the store settings page."""
    form = await request.form()
    enabled = form.get("enabled") == "on"
    set_public(session, access.store, enabled, actor=access.principal.actor, now=now)
    session.commit()
    return RedirectResponse(f"/stores/{slug}/settings?saved=1#public", status_code=303)
