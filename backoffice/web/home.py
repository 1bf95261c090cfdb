"""The home page (the day at a glance for each store the person has a role in) and the stores
page. Open or closed comes from the store's lock-down flag; online means a heartbeat within
ONLINE_WITHIN; today's sales only for roles that see money."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.access.principal import Principal, visible_stores
from backoffice.access.roles import Permission
from backoffice.access.rules import signed_in
from backoffice.alerts.models import Alert
from backoffice.deps import NowDep, SessionDep
from backoffice.heartbeats.service import latest
from backoffice.sales.models import Sale
from backoffice.stores.models import Store
from backoffice.web.templating import render

router = APIRouter(tags=["pages"])
SignedIn = Annotated[Principal, Depends(signed_in())]
ONLINE_WITHIN = timedelta(minutes=3)


@dataclass(frozen=True, slots=True)
class StoreDay:
    store: Store
    online: bool | None  # None: never heard from
    last_seen: datetime | None
    door: str | None
    lock_down: bool | None
    sales_ore: int | None  # None: the person's role shows no money
    open_alerts: int
    may_unlock: bool
    may_print_labels: bool = False


def store_day(session: Session, principal: Principal, store: Store, now: datetime) -> StoreDay:
    status = latest(session=session, store_id=store.id)
    body: dict[str, Any] = status.body if status else {}
    zone = ZoneInfo(store.time_zone)
    start = datetime.combine(now.astimezone(zone).date(), time(), zone)
    sales = None
    if principal.may(Permission.SALES_VIEW, store):
        sales = session.scalar(
            select(func.coalesce(func.sum(Sale.total_ore), 0)).where(
                Sale.store_id == store.id, Sale.occurred_at >= start, Sale.occurred_at <= now
            )
        )
    alerts = session.scalar(
        select(func.count())
        .select_from(Alert)
        .where(Alert.store_id == store.id, Alert.cleared_at.is_(None))
    )
    return StoreDay(
        store=store,
        online=None if status is None else now - status.received_at <= ONLINE_WITHIN,
        last_seen=status.received_at if status else None,
        door=body.get("door"),
        lock_down=body.get("lock_down"),
        sales_ore=int(sales) if sales is not None else None,
        open_alerts=int(alerts or 0),
        may_unlock=principal.may(Permission.UNLOCK, store),
        may_print_labels=principal.may(Permission.CATALOG_WRITE, store),
    )


@router.get("/")
def home(request: Request, principal: SignedIn, session: SessionDep, now: NowDep) -> Response:
    days = [store_day(session, principal, s, now) for s in visible_stores(session, principal)]
    return render(request, "home.html", principal=principal, days=days)


@router.get("/stores")
def stores(request: Request, principal: SignedIn, session: SessionDep, now: NowDep) -> Response:
    days = [store_day(session, principal, s, now) for s in visible_stores(session, principal)]
    return render(request, "stores.html", principal=principal, days=days)
