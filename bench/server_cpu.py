"""CPU time of a bench's server processes, and an optional profile of their event loop.

`cpu_ns(pid)`: nanoseconds every live thread of `pid` has run on a CPU (the first field of
/proc/<pid>/task/<tid>/schedstat). Unlike wall time it hardly moves with the shared machine's
load, so "CPU per scan" compares the kiosk's work with the echo's even on a busy box.

`profile_loop(controller, path)`: cProfile (CPU clock) of the event loop's thread from the
controller's start to its stop, written to `path` (see `python -m pstats path`).
"""

from __future__ import annotations

import cProfile
import os
import time
from pathlib import Path

from store_controller.runtime import StoreController


def cpu_ns(pid: int) -> int:
    """CPU nanoseconds used so far by the live threads of process `pid` (0 if not readable)."""
    total = 0
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return 0
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as stat:
                total += int(stat.read().split()[0])
        except (OSError, ValueError, IndexError):
            continue  # the thread ended meanwhile
    return total


def profile_loop(controller: StoreController, path: Path) -> None:
    """Profile the event loop's thread of `controller` while it runs; write `path` at stop."""
    profile = cProfile.Profile(time.process_time)

    async def start() -> None:
        profile.enable()

    async def stop() -> None:
        profile.disable()
        profile.dump_stats(str(path))

    controller.on_start(start)
    controller.on_stop(stop)
