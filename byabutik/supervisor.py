"""Run a few long-lived child processes together: start, wait until healthy, stop.

Used by the demo. Each child dies with the supervisor on Linux, even when the supervisor is
killed with SIGKILL and its own clean-up never runs.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field

import click
import httpx

STARTUP_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0


@dataclass
class Part:
    """One child process: `health_url` answers 200 when it is up, `url` is for people."""

    name: str
    argv: list[str]
    health_url: str
    url: str
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            self.argv,
            env={**os.environ, **self.env},
            preexec_fn=_die_with_parent,  # noqa: PLW1509 - the supervisor starts no threads
        )

    def exited(self) -> int | None:
        return None if self.process is None else self.process.poll()


def byabutik_command(*args: str) -> list[str]:
    """`byabutik ARGS` with this interpreter, whatever the PATH says."""
    return [sys.executable, "-m", "byabutik", *args]


def _die_with_parent() -> None:
    """Linux: the child gets SIGTERM if the supervisor dies, even by SIGKILL."""
    if sys.platform == "linux":
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def check_ports_free(host: str, ports: dict[str, int]) -> None:
    """Refuse to start when a port is taken: a health check would find the other process."""
    for name, port in ports.items():
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError as exc:
                raise click.ClickException(
                    f"port {port} ({name}) on {host} is in use ({exc.strerror}); is another "
                    f"demo running? Stop it or choose other ports (see --help)"
                ) from None


def start_healthy(parts: list[Part], timeout_s: float = STARTUP_TIMEOUT_S) -> None:
    """Start `parts` together and wait until each answers its health URL."""
    for part in parts:
        part.start()
    deadline = time.monotonic() + timeout_s
    with httpx.Client(timeout=2.0) as client:
        for part in parts:
            while not _healthy(client, part):
                if (code := part.exited()) is not None:
                    raise click.ClickException(f"{part.name} exited during start-up (code {code})")
                if time.monotonic() > deadline:
                    raise click.ClickException(f"{part.name} did not become healthy in time")
                time.sleep(0.2)


def _healthy(client: httpx.Client, part: Part) -> bool:
    try:
        return client.get(part.health_url).status_code == 200
    except httpx.TransportError:
        return False


def stop(parts: list[Part]) -> None:
    """SIGTERM every running part, then SIGKILL what has not exited in time."""
    for part in parts:
        if part.process is not None and part.process.poll() is None:
            part.process.terminate()
    deadline = time.monotonic() + STOP_TIMEOUT_S
    for part in parts:
        if part.process is None:
            continue
        try:
            part.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            part.process.kill()
            part.process.wait()
