"""The status board: each of the person's stores, online or not and since when, door, every
thermometer with its 24-hour chart and limits, last sale, outbox depth, software version.

- `GET /board`: the page (store.view in some store; shows the stores the person sees). It carries
  an ETag from `status.fingerprint` (three small queries): `/assets/board.js` asks again every
  20 s while the page is visible, with If-None-Match, and gets 304 when nothing changed.
- `GET /board/{slug}/chart.svg?sensor=`: one thermometer's last 24 hours (store.view there).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from backoffice.access.principal import visible_stores
from backoffice.access.roles import Permission
from backoffice.access.rules import Access, from_path, from_query, require
from backoffice.board.chart import temperature_chart
from backoffice.board.messages_en import BOARD_EN
from backoffice.board.status import board_of, fingerprint
from backoffice.deps import NowDep, SessionDep
from backoffice.temperatures import limits
from backoffice.temperatures.service import readings
from backoffice.web import nav
from backoffice.web.messages_en import ENGLISH
from backoffice.web.templating import add_folder, language, render

add_folder(Path(__file__).parent / "templates")
ENGLISH.update(BOARD_EN)
nav.register("/board", "Läget", order=3, permission=Permission.STORE_VIEW)

router = APIRouter(tags=["pages"])
BoardDep = Annotated[
    Access,
    Depends(require(Permission.STORE_VIEW, from_query("store", optional=True), anywhere=True)),
]
StoreDep = Annotated[Access, Depends(require(Permission.STORE_VIEW, from_path("slug")))]


@router.get("/board")
def board_page(request: Request, access: BoardDep, session: SessionDep, now: NowDep) -> Response:
    stores = [access.store] if access.stores else visible_stores(session, access.principal)
    lang = language(request, access.principal)
    etag = f'"{fingerprint(session, stores, now, lang.code)}"'
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    boards = [board_of(session, store, now) for store in stores]
    answer = render(request, "board.html", principal=access.principal, boards=boards, etag=etag)
    answer.headers.update(headers)
    return answer


@router.get("/board/{slug}/chart.svg")
def chart_svg(
    access: StoreDep,
    session: SessionDep,
    now: NowDep,
    sensor: Annotated[str, Query(min_length=1, max_length=64)],
) -> Response:
    store = access.store
    rows = readings(
        session=session,
        store_id=store.id,
        start=now - timedelta(hours=24),
        end=now + timedelta(minutes=5),
        sensor=sensor,
    )
    points = [(r.measured_at, r.centi_celsius) for r in rows]
    held = limits.of_reading(rows[-1]) if rows else limits.NONE
    svg = temperature_chart(sensor, points, held, store.time_zone)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-cache"})
