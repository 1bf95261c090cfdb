"""A child process running the whole controller app (uvicorn, MockFactory pins) with the door
held unlocked by a remote unlock, for the crash tests.

Usage: python -m tests.store_controller.entry.door_child MODE DATA_DIR
MODE: sigterm (wait for SIGTERM) | crash (an uncaught exception escapes the event loop).
Prints `UNLOCKED` once the relay is energised, and one `REPORT {json}` line at the very end (its
atexit hook is registered first, so it runs after every other hook, the lock's included).
"""

from __future__ import annotations

import asyncio
import atexit
import json
import sys
from pathlib import Path
from typing import Any

state: dict[str, Any] = {}


def _report() -> None:
    pin = state.pop("pin", None)
    if pin is not None:
        state["history"] = [bool(s.state) for s in pin.states]
        state["final"] = bool(pin.state)
    print("REPORT " + json.dumps(state), flush=True)


atexit.register(_report)


async def main(mode: str, data_dir: Path) -> None:
    import uvicorn

    from drivers.config import HardwareConfig, LockConfig
    from drivers.gpio.failsafe import install_sigterm_handler
    from store_controller.bootstrap import build_controller, create_app
    from store_controller.door import DoorConfig
    from store_controller.settings import ControllerSettings
    from tests.conftest import free_port

    settings = ControllerSettings(
        data_dir=data_dir,
        hardware=HardwareConfig(door_lock=LockConfig(max_unlock_s=30.0)),
        door=DoorConfig(max_energise_s=30.0),
    )
    controller = build_controller(settings)
    pin = controller.devices.pin_factory.pin(settings.hardware.door_lock.pin)
    state["pin"] = pin
    controller.on_stop(lambda: state.__setitem__("relay_on_after_stop_hooks", bool(pin.state)))
    app = create_app(controller)
    started = asyncio.Event()
    controller.on_start(started.set)  # after the door's own start hook
    install_sigterm_handler()  # uvicorn hands SIGTERM back to it after its graceful shutdown
    config = uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_config=None)
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    await started.wait()
    app.state.door.service.remote_unlock(operator="test", reason="crash test", window_s=30.0)
    state["unlocked_level"] = bool(pin.state)
    print("UNLOCKED", flush=True)
    if mode == "crash":
        raise RuntimeError("simulated crash while the door is unlocked")
    await serving


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], Path(sys.argv[2])))
