"""How long a test waits for something that should happen at once: a failure detector, not a
claim about speed (speed lives in bench/). A passing test never waits this long; the margin is
for CI's 2-core machine running three test workers beside other work (load 8-12), where a
step that takes 50 ms here was seen to take seconds."""

from __future__ import annotations

import contextlib
import subprocess
import time
from typing import Any

import httpx

WAIT_S = 60.0


def answering(url: str, process: subprocess.Popen[Any], within_s: float = WAIT_S) -> bool:
    """Whether `url` answers 200 within `within_s` while `process` (the server behind it) runs:
    False as soon as it has exited. A server in another process says nothing when it is ready,
    so this asks every 50 ms."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=1.0).status_code == 200:
                return True
        time.sleep(0.05)
    return False
