"""The controller's web server: uvicorn, ending the screens' live streams as it stops, and a
process that exits once the controller has stopped, whatever a worker thread still waits on.

A door screen or kiosk keeps its event stream open for ever; uvicorn waits for open responses
before it shuts the application down. Ending the streams first lets the controller stop within
its 5 s (uvicorn's `timeout_graceful_shutdown` cuts whatever still hangs on).

`asyncio.run` (what `uvicorn.Server.run` uses) and the interpreter's exit both wait for every
worker thread of `asyncio.to_thread`; one blocked in I/O (a database busy wait, a device) would
hold a stopped controller for ever. `serve_until_stopped` gives such threads a moment, then exits
without them: by then the locks are engaged and everything the controller owns is closed.

Before uvicorn takes the signals over (imports, migrations, opening the devices) and after it hands
them back, `stop_on_signal` makes SIGINT and SIGTERM raise `StopRequested` wherever the controller
is, so `controller run` engages the locks and ends at once (Python's default for SIGTERM would end
the process without engaging them; SIGINT's KeyboardInterrupt would unwind through interpreter
teardown, and a signal in the gap before uvicorn's handlers was lost to the loop).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from types import FrameType
from typing import NoReturn

import uvicorn

from store_controller.web.live import LiveChannel

log = logging.getLogger(__name__)
THREADS_GRACE_S = 1.0


class ControllerServer(uvicorn.Server):
    def __init__(
        self,
        config: uvicorn.Config,
        *,
        live: LiveChannel,
        on_exit: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(config)
        self._live = live
        self._on_exit = on_exit

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        """uvicorn only notes the signal, and waits for the application's start-up to end:
        `on_exit` cuts a start-up under way short (StoreController.request_stop)."""
        super().handle_exit(sig, frame)
        self._on_exit()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self._live.close()
        await super().shutdown(sockets)


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StopRequested(BaseException):
    """SIGINT or SIGTERM came while `stop_on_signal`'s handler was in place."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_requested: list[int] = []
"""Every stop signal `_raise_stop` saw. Python drops an exception raised where it cannot be
propagated (a garbage-collection callback, a __del__): a signal landing there during start-up
would be lost, and the controller would serve on. `serve_until_stopped` looks here first."""


def _raise_stop(signum: int, _frame: FrameType | None) -> None:
    _requested.append(signum)
    raise StopRequested(signum)


def stop_if_requested() -> None:
    """Raise `StopRequested` again for a stop signal whose first exception was swallowed."""
    if _requested:
        raise StopRequested(_requested[0])


def stop_on_signal() -> None:
    """From now on SIGINT and SIGTERM raise `StopRequested` (uvicorn replaces this handler while
    it serves, and raises the signal it stopped on again once it has restored it)."""
    for sig in STOP_SIGNALS:
        signal.signal(sig, _raise_stop)


def ignore_signals() -> None:
    """While the locks are engaged and the process ends: a second Ctrl-C must not cut that."""
    for sig in STOP_SIGNALS:
        signal.signal(sig, signal.SIG_IGN)


def exit_by(signum: int) -> NoReturn:
    """End as a stopped service does: SIGINT exits 0, SIGTERM ends by its signal (systemd's
    normal). Called once the locks are engaged; nothing left needs the interpreter's teardown."""
    logging.shutdown()
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
        sys.stderr.flush()
    if signum == signal.SIGTERM:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
    os._exit(0)


def serve_until_stopped(server: uvicorn.Server) -> int:
    """Serve until SIGINT or SIGTERM; the signal that stopped it. Threads stuck in I/O are left."""
    loop = asyncio.new_event_loop()
    workers = ThreadPoolExecutor(thread_name_prefix="asyncio-worker")
    loop.set_default_executor(workers)
    signum = int(signal.SIGINT)
    try:
        stop_if_requested()  # a signal during start-up whose exception Python swallowed
        loop.run_until_complete(server.serve())
    except StopRequested as stop:  # uvicorn raises the signal again once it has stopped
        signum = stop.signum
    except KeyboardInterrupt:  # without stop_on_signal (tests that call this directly)
        pass
    finally:
        ignore_signals()
        _close(loop)
        workers.shutdown(wait=False, cancel_futures=True)
    _leave_stuck_threads()
    return signum


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
    if stuck:  # `exit_by` ends the process without them
        log.warning("exiting without waiting for busy threads", extra={"threads": ",".join(stuck)})
