"""The door screen's routes under /door: the page, its live events, login and cancel, and the
page for a phone that scanned the sticker on the door (same-device BankID)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from starlette.responses import StreamingResponse

from store_controller.entry.login import EntryDesk, TooManyLogins
from store_controller.entry.view import DOOR_TOPIC, login_document
from store_controller.web.deps import ControllerDep, LanguageDep
from store_controller.web.live import sse_response
from store_controller.web.templating import templates

NO_CONTENT = 204


def get_desk(request: Request) -> EntryDesk:
    desk: EntryDesk = request.app.state.entry_desk
    return desk


DeskDep = Annotated[EntryDesk, Depends(get_desk)]
router = APIRouter(prefix="/door", tags=["door"])


def phone_topic(key: str) -> str:
    return f"door-phone/{key}"


@router.get("", response_class=HTMLResponse)
async def door_page(request: Request, controller: ControllerDep, lang: LanguageDep) -> Response:
    return templates.TemplateResponse(
        request, "door.html", {"lang": lang, "store_name": controller.settings.store_name}
    )


@router.get("/events")
async def door_events(controller: ControllerDep) -> StreamingResponse:
    return sse_response(controller.live, DOOR_TOPIC)


@router.post("/login", status_code=NO_CONTENT)
async def door_login(desk: DeskDep) -> None:
    desk.login_at_door()


@router.post("/cancel", status_code=NO_CONTENT)
async def door_cancel(desk: DeskDep) -> None:
    await desk.cancel_at_door()


@router.get("/phone", response_class=HTMLResponse)
async def phone_page(request: Request, controller: ControllerDep, lang: LanguageDep) -> Response:
    simulator = controller.settings.bankid.environment == "simulator"
    return templates.TemplateResponse(
        request,
        "door_phone.html",
        {"lang": lang, "store_name": controller.settings.store_name, "simulator": simulator},
    )


@router.post("/phone/login")
async def phone_login(request: Request, desk: DeskDep) -> dict[str, Any]:
    ip = request.client.host if request.client is not None else "127.0.0.1"
    try:
        login = desk.login_on_phone(ip)
    except TooManyLogins as exc:
        raise HTTPException(429, "too many logins at once; try again shortly") from exc
    return {"key": login.key, **login_document(login)}


@router.get("/phone/{key}/events")
async def phone_events(key: str, controller: ControllerDep, desk: DeskDep) -> StreamingResponse:
    if key not in desk.phones:
        raise HTTPException(404, "no such login")
    return sse_response(controller.live, phone_topic(key))


@router.post("/phone/{key}/cancel", status_code=NO_CONTENT)
async def phone_cancel(key: str, desk: DeskDep) -> None:
    desk.cancel_on_phone(key)
