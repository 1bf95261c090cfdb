"""Turning SIGTERM into a normal exit, so that atexit hooks (which engage the locks) run.

Python's default SIGTERM disposition kills the process without running atexit handlers, and
systemd stops services with SIGTERM. SIGKILL, crashes and power loss bypass all of this: the
hardware (fail-secure lock, relay pull resistor, `dtparam=strict_gpiod`) must cover those.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None


def install_sigterm_handler(on_term: Callable[[], None] | None = None) -> Handler:
    """Install a SIGTERM handler: run `on_term`, then chain to the previous handler.

    If the previous handler was the default (or none), exit with `SystemExit(128 + SIGTERM)` so
    atexit hooks run. Must be called from the main thread. Returns the previous handler.
    """
    previous = signal.getsignal(signal.SIGTERM)

    def handler(signum: int, frame: FrameType | None) -> None:
        try:
            if on_term is not None:
                on_term()
        finally:
            if callable(previous):
                previous(signum, frame)
            elif previous != signal.SIG_IGN:
                sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, handler)
    return previous
