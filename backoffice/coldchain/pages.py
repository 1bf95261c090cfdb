"""The cold-chain log page (egenkontroll) per store, thermometer and month, and its CSV.

- `GET /coldchain?store=&sensor=&month=YYYY-MM&grain=hour|day`: the page (store.view: owners,
  volunteers and bookkeepers read it), printable (print CSS in /assets/coldchain.css).
- `GET /coldchain/export.csv?store=&sensor=&month=&grain=`: the same as CSV for a Swedish
  spreadsheet (semicolons, decimal commas), each download an audit record `coldchain.export`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from backoffice.access.principal import visible_stores
from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_query, require
from backoffice.audit.service import record
from backoffice.coldchain import csv_log
from backoffice.coldchain.log import (
    Excursion,
    Grain,
    Summary,
    excursions,
    match_cases,
    month_bounds,
    summaries,
)
from backoffice.coldchain.messages_en import COLDCHAIN_EN
from backoffice.coldchain.source import month_readings, sensors, temperature_cases
from backoffice.deps import NowDep, SessionDep
from backoffice.stores.models import Store
from backoffice.web import nav
from backoffice.web.messages_en import ENGLISH
from backoffice.web.templating import add_folder, language, render

add_folder(Path(__file__).parent / "templates")
ENGLISH.update(COLDCHAIN_EN)
nav.register("/coldchain", "Egenkontroll", order=4, permission=Permission.STORE_VIEW)

router = APIRouter(tags=["pages"])
PageDep = Annotated[
    Access,
    Depends(require(Permission.STORE_VIEW, from_query("store", optional=True), anywhere=True)),
]
StoreDep = Annotated[Access, Depends(require(Permission.STORE_VIEW, from_query("store")))]
Text = Annotated[str | None, Query(max_length=64)]


@dataclass(frozen=True, slots=True)
class ColdLog:
    store: Store
    sensors: list[str]
    sensor: str | None
    month: date
    grain: Grain
    rows: list[Summary]
    excursions: list[Excursion]
    readings: int


def _month(text: str | None, today: date) -> date | None:
    if not text:
        return today.replace(day=1)
    try:
        year, number = (int(part) for part in text.split("-"))
        return date(year, number, 1)
    except ValueError:
        return None


def _log(
    session: Session, *, store: Store, sensor: str | None, month: date, grain: Grain, now: datetime
) -> ColdLog:
    known = sensors(session, store.id)
    chosen = sensor if sensor in known else (known[0] if known else None)
    rows: list[Summary] = []
    found: list[Excursion] = []
    count = 0
    if chosen is not None:
        start, end = month_bounds(month, store.time_zone)
        readings = month_readings(session, store.id, chosen, start, end)
        count = len(readings)
        rows = summaries(readings, store.time_zone, grain)
        cases = temperature_cases(session, store.id, start, end)
        found = match_cases(excursions(readings), cases, chosen, now)
    return ColdLog(store, known, chosen, month, grain, rows, found, count)


@router.get("/coldchain")
def coldchain_page(
    request: Request,
    *,
    access: PageDep,
    session: SessionDep,
    now: NowDep,
    sensor: Text = None,
    month: Text = None,
    grain: Literal["hour", "day"] = "day",
) -> Response:
    stores = [access.store] if access.stores else visible_stores(session, access.principal)
    if not stores:
        return render(request, "coldchain.html", principal=access.principal, log=None, stores=[])
    store = stores[0]
    today = now.astimezone(ZoneInfo(store.time_zone)).date()
    chosen = _month(month, today)
    error = None
    if chosen is None:
        text = "Skriv månaden som ÅÅÅÅ-MM (till exempel 2026-05), inte {month}."
        error = language(request, access.principal).gettext(text).format(month=month)
        chosen = today.replace(day=1)
    log = _log(session, store=store, sensor=sensor, month=chosen, grain=grain, now=now)
    return render(
        request,
        "coldchain.html",
        principal=access.principal,
        status_code=200 if error is None else 400,
        error=error,
        log=log,
        stores=visible_stores(session, access.principal),
        now=now,
    )


@router.get("/coldchain/export.csv")
def coldchain_csv(
    *,
    access: StoreDep,
    session: SessionDep,
    now: NowDep,
    sensor: Text = None,
    month: Text = None,
    grain: Literal["hour", "day"] = "hour",
) -> Response:
    store = access.store
    today = now.astimezone(ZoneInfo(store.time_zone)).date()
    chosen = _month(month, today)
    if chosen is None:
        return Response(
            f"month must be YYYY-MM, not {month!r}\n", status_code=400, media_type="text/plain"
        )
    log = _log(session, store=store, sensor=sensor, month=chosen, grain=grain, now=now)
    body = csv_log.write(log.rows, log.excursions, log.store.time_zone, grain, now)
    record(
        session,
        actor=access.principal.actor,
        action="coldchain.export",
        now=now,
        store_id=store.id,
        target=log.sensor or "",
        after={"month": chosen.strftime("%Y-%m"), "grain": grain, "readings": log.readings},
    )
    session.commit()
    name = f"egenkontroll-{store.slug}-{log.sensor or 'ingen'}-{chosen:%Y-%m}.csv"
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
