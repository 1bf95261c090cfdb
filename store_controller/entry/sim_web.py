"""The simulated door and hardware (/sim/door): open and close the door, press the exit button,
watch the relay, warm or cool each thermometer, pull or replug the network cable. Mounted only
when the pins are gpiozero's MockFactory (`hardware.pin_factory = "mock"`)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from starlette.responses import StreamingResponse

from drivers.gpio.simulation import SimulatedWiring
from drivers.thermometers.simulated import SimulatedThermometer
from store_controller.entry.view import SIM_TOPIC
from store_controller.runtime import StoreController
from store_controller.sync.cable import SimulatedCable
from store_controller.web.deps import ControllerDep, LanguageDep
from store_controller.web.live import sse_response
from store_controller.web.templating import templates

NO_CONTENT = 204
TEMPERATURE_STEP_C = 4.0
"""How much one tap on warm or cool changes a simulated thermometer."""
JSONObj = dict[str, Any]


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


def _thermometers(controller: StoreController) -> dict[str, SimulatedThermometer]:
    return {
        t.name: t for t in controller.devices.thermometers if isinstance(t, SimulatedThermometer)
    }


def _hardware(request: Request, controller: StoreController) -> dict[str, Any]:
    """The simulated thermometers' readings and the network cable, for the /sim page."""
    cable: SimulatedCable | None = getattr(request.app.state, "cable", None)
    limits = controller.settings.monitoring.limits
    return {
        "thermometers": [
            {
                "name": name,
                "celsius": thermometer.read_celsius(),
                "min_celsius": limits[name].min_celsius if name in limits else None,
                "max_celsius": limits[name].max_celsius if name in limits else None,
            }
            for name, thermometer in _thermometers(controller).items()
        ],
        "cable": None if cable is None else ("plugged" if cable.plugged else "pulled"),
    }


@router.get("/hardware")
async def hardware(request: Request, _wiring: WiringDep, controller: ControllerDep) -> JSONObj:
    return _hardware(request, controller)


@router.post("/thermometer/{name}/{change}")
async def warm_or_cool(
    name: str, change: str, request: Request, _wiring: WiringDep, controller: ControllerDep
) -> JSONObj:
    """Warm or cool a simulated thermometer by one step; the next reading shows it."""
    thermometer = _thermometers(controller).get(name)
    if thermometer is None:
        raise HTTPException(404, f"no simulated thermometer {name!r}")
    if change not in ("warm", "cool"):
        raise HTTPException(404, "warm or cool")
    step = TEMPERATURE_STEP_C if change == "warm" else -TEMPERATURE_STEP_C
    thermometer.set(round(thermometer.read_celsius() + step, 1))
    return _hardware(request, controller)


@router.post("/cable/{action}")
async def cable(
    action: str, request: Request, _wiring: WiringDep, controller: ControllerDep
) -> JSONObj:
    """Pull or replug the network cable: pulled, the controller cannot reach the backoffice."""
    cable: SimulatedCable | None = getattr(request.app.state, "cable", None)
    if cable is None:
        raise HTTPException(404, "no simulated network cable")
    if action == "pull":
        cable.pull()
    elif action == "plug":
        cable.plug()
    else:
        raise HTTPException(404, "pull or plug")
    return _hardware(request, controller)


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
