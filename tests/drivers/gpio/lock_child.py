"""A child process holding an unlocked DoorLock on MockFactory, for the exit-path tests.

Usage: python -m tests.drivers.gpio.lock_child MODE ACTIVE_HIGH
MODE: sigterm | chained | crash | watchdog. Prints one `REPORT {json}` line at the very end
(its atexit hook is registered first, so it runs after every other hook, gpiozero's included).
"""

from __future__ import annotations

import atexit
import json
import signal
import sys
import threading
import time
from typing import Any

state: dict[str, Any] = {}


def _report() -> None:
    pin = state.get("pin")
    if pin is not None:
        state["history"] = [bool(s.state) for s in pin.states]
        state["function"] = pin.function
    state.pop("pin", None)
    print("REPORT " + json.dumps(state), flush=True)


atexit.register(_report)


def main(mode: str, active_high: bool) -> None:
    from drivers.events import Event, LockEngaged
    from drivers.gpio.failsafe import install_sigterm_handler
    from drivers.gpio.lock import DoorLock
    from drivers.gpio.pins import make_pin_factory
    from drivers.timing import ThreadingScheduler

    engaged = threading.Event()

    def sink(event: Event) -> None:
        if isinstance(event, LockEngaged):
            state.setdefault("engaged", []).append(event.reason)
            engaged.set()

    factory = make_pin_factory("mock")
    scheduler = ThreadingScheduler()
    lock = DoorLock(
        name="door",
        pin=17,
        pin_factory=factory,
        scheduler=scheduler,
        active_high=active_high,
        max_unlock_s=30.0,
        sink=sink,
    )
    state["pin"] = factory.pin(17)
    if mode == "chained":
        signal.signal(signal.SIGTERM, lambda *_: state.__setitem__("previous_ran", True))
    install_sigterm_handler()
    lock.unlock(0.3 if mode == "watchdog" else 30.0)
    state["unlocked_level"] = bool(factory.pin(17).state)
    print("UNLOCKED", flush=True)
    if mode == "crash":
        raise RuntimeError("simulated crash while the door is unlocked")
    if mode == "watchdog":
        state["watchdog_fired"] = engaged.wait(10)
        state["locked_after_window"] = lock.is_locked
        return
    # Until SIGTERM. A polling sleep, not signal.pause(): a signal that lands between the print
    # above and pause() would leave pause() waiting forever.
    while "previous_ran" not in state:
        time.sleep(0.01)
    state["survived_sigterm"] = True


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] == "1")
