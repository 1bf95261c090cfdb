"""The controller's web server: uvicorn, ending the screens' live streams as it stops, and a
process that exits once the controller has stopped, whatever a worker thread still waits on.

A door screen or kiosk keeps its event stream open for ever; uvicorn waits for open responses
before it shuts the application down. Ending the streams first lets the controller stop within
its 5 s (uvicorn's `timeout_graceful_shutdown` cuts whatever still hangs on).

`asyncio.run` (what `uvicorn.Server.run` uses) and the interpreter's exit both wait for every
worker thread of `asyncio.to_thread`; one blocked in I/O (a database busy wait, a device) would
hold a stopped controller for ever. `serve_until_stopped` gives such threads a moment, then exits
without them: by then the locks are engaged and everything the controller owns is closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import uvicorn

from store_controller.web.live import LiveChannel

log = logging.getLogger(__name__)
THREADS_GRACE_S = 1.0


class ControllerServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, *, live: LiveChannel) -> None:
        super().__init__(config)
        self._live = live

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self._live.close()
        await super().shutdown(sockets)


def serve_until_stopped(server: uvicorn.Server) -> None:
    """Serve until SIGINT or SIGTERM (uvicorn re-raises SIGTERM: the process ends by it, as
    systemd expects); SIGINT returns here, and the process exits without stuck threads."""
    loop = asyncio.new_event_loop()
    workers = ThreadPoolExecutor(thread_name_prefix="asyncio-worker")
    loop.set_default_executor(workers)
    try:
        with contextlib.suppress(KeyboardInterrupt):
            loop.run_until_complete(server.serve())
    finally:
        _close(loop)
        workers.shutdown(wait=False, cancel_futures=True)
    _leave_stuck_threads()


def _close(loop: asyncio.AbstractEventLoop) -> None:
    """What `asyncio.run` does at its end, except waiting for the executor's threads."""
    tasks = asyncio.all_tasks(loop)
    for task in tasks:
        task.cancel()
    if tasks:
        loop.run_until_complete(asyncio.wait(tasks, timeout=THREADS_GRACE_S))
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()


def _leave_stuck_threads() -> None:
    deadline = time.monotonic() + THREADS_GRACE_S
    main = threading.main_thread()
    for thread in threading.enumerate():
        if thread is not main and not thread.daemon:
            thread.join(max(0.0, deadline - time.monotonic()))
    stuck = [t.name for t in threading.enumerate() if t is not main and not t.daemon]
    if stuck:
        log.warning("exiting without waiting for busy threads", extra={"threads": ",".join(stuck)})
        logging.shutdown()
        os._exit(0)
