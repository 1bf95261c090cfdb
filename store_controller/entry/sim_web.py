"""The simulated door (/sim/door): open and close the door, press the exit button, watch the
relay. Mounted only when the pins are gpiozero's MockFactory (`hardware.pin_factory = "mock"`)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from starlette.responses import StreamingResponse

from drivers.gpio.simulation import SimulatedWiring
from store_controller.entry.view import SIM_TOPIC
from store_controller.web.deps import ControllerDep, LanguageDep
from store_controller.web.live import sse_response
from store_controller.web.templating import templates

NO_CONTENT = 204


def get_wiring(request: Request) -> SimulatedWiring:
    wiring: SimulatedWiring | None = getattr(request.app.state, "door_wiring", None)
    if wiring is None:
        raise HTTPException(404, "no simulated door on real pins")
    return wiring


WiringDep = Annotated[SimulatedWiring, Depends(get_wiring)]
router = APIRouter(prefix="/sim/door", tags=["simulation"])


@router.get("", response_class=HTMLResponse)
async def sim_page(request: Request, controller: ControllerDep, lang: LanguageDep) -> Response:
    return templates.TemplateResponse(
        request, "sim_door.html", {"lang": lang, "store_name": controller.settings.store_name}
    )


@router.get("/events")
async def sim_events(controller: ControllerDep) -> StreamingResponse:
    return sse_response(controller.live, SIM_TOPIC)


@router.post("/acknowledge", status_code=NO_CONTENT)
async def acknowledge(request: Request, _wiring: WiringDep) -> None:
    """A person has seen the forced-door alarm (the door must be closed again)."""
    if not request.app.state.door.service.acknowledge_forced():
        raise HTTPException(409, "no forced-door alarm to acknowledge, or the door is still open")


@router.post("/{action}", status_code=NO_CONTENT)
async def sim_action(action: str, wiring: WiringDep, controller: ControllerDep) -> None:
    if action == "open":
        wiring.open_door()
    elif action == "close":
        wiring.close_door()
    elif action == "exit":
        wiring.press_exit()
        # held past the debounce, as a finger would, so the press settles into ExitRequested
        await asyncio.sleep(controller.settings.hardware.exit_button.debounce_s * 3 + 0.05)
        wiring.release_exit()
    else:
        raise HTTPException(404, "open, close or exit")
