"""`controller run` on a database behind this version's migrations (a new Pi, an upgrade that
brings a migration): the migration runs in a child process, `byabutik controller migrate`, and
the controller goes on once the database is at head. The controller never imports Alembic and
what the migrations import, which a process keeps until it ends (~20 MB resident, issue 23).

The child's output (Alembic's steps, its error) is passed on to the controller's stderr, identity
numbers masked, and its error ends the start with a message naming it. SIGINT and SIGTERM that
reach the controller meanwhile are passed on to the child, and the controller stops once the
child has ended: no migration goes on without its controller. The migration is one SQLite
transaction (`byabutik.runtime.db`), so a child ended half-way leaves the database as it was.
The child runs in its own process group, so a terminal's Ctrl-C reaches it once, through the
controller (systemd signals every process of the unit itself).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from collections import deque
from pathlib import Path
from types import FrameType
from typing import IO

import click
from sqlalchemy import Engine

from byabutik.runtime.db import make_engine
from byabutik.runtime.logging import redact
from store_controller.db import MIGRATIONS
from store_controller.settings import ControllerSettings

log = logging.getLogger(__name__)

COMMAND_NAME = "byabutik controller"
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
SYSTEMD_ONLY = ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")
"""The service's own channel to systemd (the unit's NotifyAccess=main): not the child's."""
TAIL_LINES = 20


class MigrationFailed(click.ClickException):
    """The child did not bring the database to head; the message says why (the CLI prints it
    and exits 1)."""


def open_at_head(settings: ControllerSettings, *, config_file: Path | None) -> Engine:
    """The local database at head, migrated by a child process when it is behind;
    DatabaseNewerThanCode when a newer version has migrated it."""
    engine = make_engine(settings.effective_database_url)
    MIGRATIONS.refuse_newer(engine, command_name=COMMAND_NAME)
    if MIGRATIONS.at_head(engine):
        return engine
    engine.dispose()  # no connection of ours open while the child changes the schema
    command = migrate_command(config_file)
    log.info("migrating the database in a child process", extra={"command": " ".join(command)})
    code, tail = run_child(command)
    if code != 0:
        raise MigrationFailed(failure(code, tail))
    if not MIGRATIONS.at_head(engine):
        at = ", ".join(sorted(MIGRATIONS.current(engine))) or "no revision"
        raise MigrationFailed(
            f"the database was not migrated: `{COMMAND_NAME} migrate` ended, but the database "
            f"is at {at}, not {', '.join(sorted(MIGRATIONS.heads()))}"
        )
    return engine


def migrate_command(config_file: Path | None) -> list[str]:
    """`byabutik controller migrate` with this interpreter and the same settings (the same
    configuration file; the environment is inherited)."""
    config = ["--config", str(config_file)] if config_file is not None else []
    return [sys.executable, "-m", "byabutik", "controller", "migrate", *config]


def run_child(command: list[str]) -> tuple[int, list[str]]:
    """Run `command` to its end, its output passed on to stderr: its exit status and its last
    lines. A stop signal meanwhile goes to the child too, and is raised here once it ended."""
    received: list[int] = []
    child: subprocess.Popen[bytes] | None = None

    def forward(signum: int, _frame: FrameType | None) -> None:
        received.append(signum)
        if child is not None:
            child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in STOP_SIGNALS}
    try:
        child = subprocess.Popen(  # noqa: S603 - our own command line
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env={name: value for name, value in os.environ.items() if name not in SYSTEMD_ONLY},
            process_group=0,
        )
        for signum in received[:]:  # came while it was being started
            child.send_signal(signum)
        assert child.stdout is not None
        tail = relay(child.stdout)
        code = child.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if received:
        signal.raise_signal(received[0])  # the controller's own handler: it stops now
    return code, tail


def relay(stream: IO[bytes]) -> list[str]:
    """Copy `stream` to stderr line by line, identity numbers masked; its last lines."""
    tail: deque[str] = deque(maxlen=TAIL_LINES)
    for raw in stream:
        line = redact(raw.decode("utf-8", "replace").rstrip("\r\n"))
        print(line, file=sys.stderr, flush=True)
        tail.append(line)
    stream.close()
    return list(tail)


def failure(code: int, tail: list[str]) -> str:
    """What the start says when the child failed: how it ended and its own error line."""
    how = f"exited {code}" if code >= 0 else f"was ended by signal {_signal_name(-code)}"
    said = [line.removeprefix("Error: ") for line in tail if line.startswith("Error: ")]
    lines = [line for line in tail if line.strip()]
    reason = said[-1] if said else lines[-1] if lines else "it said nothing"
    return f"the database was not migrated (`{COMMAND_NAME} migrate` {how}): {reason}"


def _signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return str(signum)
