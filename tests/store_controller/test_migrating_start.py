"""`byabutik controller run` on a database behind this version migrates it in a child process
(`byabutik controller migrate`), as its own process (real processes, a real notify socket): the
controller then serves without Alembic loaded (~20 MB it would keep until its next restart, issue
23) and says READY=1 to systemd itself (the unit's NotifyAccess=main); a failed migration ends the
start with the child's error and leaves the database as it was, so the next start migrates it; a
stop signal during the migration reaches the child, and the controller ends after it.

A `sitecustomize` on the processes' path lets the test see inside: on SIGUSR1 the controller
writes the modules it holds and stops as Ctrl-C does; with TEST_HOLD_MIGRATION the child says its
pid there and then waits, so a signal finds it running, whatever the machine's load.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import struct
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from byabutik.runtime.db import make_engine
from store_controller.db import MIGRATIONS
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
START_WITHIN_S = 120.0  # a whole start-up on a busy 2-core machine, with the child's
STOP_WITHIN_S = 5.0  # TimeoutStopSec of deploy/systemd/byabutik-controller.service
SITECUSTOMIZE = """
import os, signal, socket, sys, time

def _dump_modules_and_stop(_signum, _frame):
    with open(os.environ["TEST_MODULES_FILE"], "w") as out:
        out.write("\\n".join(sorted(sys.modules)))
    os.kill(os.getpid(), signal.SIGINT)

hold = os.environ.get("TEST_HOLD_MIGRATION")
if hold and "migrate" in sys.argv:
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as said:
        said.sendto(str(os.getpid()).encode(), "\\0" + hold)
    time.sleep(600)
if "TEST_MODULES_FILE" in os.environ:
    signal.signal(signal.SIGUSR1, _dump_modules_and_stop)
"""


def write_config(folder: Path) -> Path:
    config = folder / "controller.toml"
    config.write_text(
        f'mode = "dev"\nstore_id = "migrating"\ndata_dir = "{folder / "data"}"\n'
        f'[http]\nhost = "127.0.0.1"\nport = {free_port()}\n'
        '[hardware]\nsimulated = true\npin_factory = "mock"\n'
    )
    (folder / "site").mkdir()
    (folder / "site" / "sitecustomize.py").write_text(SITECUSTOMIZE)
    return config


def database(folder: Path) -> Engine:
    return make_engine(f"sqlite:///{folder / 'data' / 'controller.db'}")


@contextlib.contextmanager
def listening() -> Iterator[tuple[str, socket.socket]]:
    """A datagram socket (abstract name) that sees who sent each message, as systemd's does."""
    name = f"byabutik-test-{uuid.uuid4().hex}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        sock.bind("\0" + name)
        sock.settimeout(1.0)
        yield name, sock


def receive(sock: socket.socket, process: subprocess.Popen[bytes], log: Path) -> tuple[str, int]:
    """The next message and its sender's pid, while `process` runs (at most START_WITHIN_S)."""
    for _ in range(int(START_WITHIN_S)):
        try:
            data, ancillary, _flags, _address = sock.recvmsg(4096, socket.CMSG_SPACE(12))
        except TimeoutError:
            assert process.poll() is None, log.read_text()
            continue
        credentials = next(c for lvl, kind, c in ancillary if kind == socket.SCM_CREDENTIALS)
        return data.decode(), struct.unpack("iII", credentials[:12])[0]
    raise AssertionError("nothing received\n" + log.read_text())


@contextlib.contextmanager
def controller_run(folder: Path, config: Path, **env: str) -> Iterator[subprocess.Popen[bytes]]:
    with (folder / "controller.log").open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "byabutik", "controller", "run", "--config", str(config)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env={**os.environ, "PYTHONPATH": str(folder / "site"), **env},
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def serve_once(folder: Path, config: Path) -> set[str]:
    """Start the controller, wait for its READY=1 (from the controller's own pid), and stop it:
    the modules it held, serving."""
    modules = folder / "modules.txt"
    log = folder / "controller.log"
    with listening() as (name, notify):
        env = {"NOTIFY_SOCKET": "@" + name, "TEST_MODULES_FILE": str(modules)}
        with controller_run(folder, config, **env) as process:
            message, sender = receive(notify, process, log)
            while "READY=1" not in message.splitlines():
                message, sender = receive(notify, process, log)
            assert sender == process.pid
            process.send_signal(signal.SIGUSR1)
            assert process.wait(timeout=STOP_WITHIN_S) == 0, log.read_text()
    return set(modules.read_text().split())


def loaded_migration_modules(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in ("alembic", "mako"))


def test_a_new_store_migrates_in_a_child_and_serves_without_alembic(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    modules = serve_once(tmp_path, config)
    assert "store_controller.runtime" in modules  # sanity: the listing is the controller's
    assert loaded_migration_modules(modules) == []
    assert "Running upgrade 0010 -> 0011" in (tmp_path / "controller.log").read_text()
    engine = database(tmp_path)
    assert MIGRATIONS.at_head(engine)
    engine.dispose()


def test_a_failed_migration_ends_the_start_with_its_error_and_the_next_start_migrates(
    tmp_path: Path,
) -> None:
    config = write_config(tmp_path)
    (tmp_path / "data").mkdir(mode=0o700)
    engine = database(tmp_path)
    MIGRATIONS.upgrade(engine, "0001")
    with engine.begin() as connection:  # in the way of revision 0002's tables
        connection.execute(text("CREATE TABLE visits (id INTEGER PRIMARY KEY)"))
    tables = set(inspect(engine).get_table_names())

    failed = subprocess.run(
        [sys.executable, "-m", "byabutik", "controller", "run", "--config", str(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=START_WITHIN_S,
        check=False,
    )
    assert failed.returncode == 1, failed.stderr
    said = failed.stderr.strip().splitlines()[-1]
    assert said.startswith(
        "Error: the database was not migrated (`byabutik controller migrate` exited 1): "
        "the migration from 0001 to head failed and was rolled back: OperationalError: "
    ), failed.stderr
    assert "table visits already exists" in said
    assert MIGRATIONS.current(engine) == {"0001"}
    assert set(inspect(engine).get_table_names()) == tables

    with engine.begin() as connection:
        connection.execute(text("DROP TABLE visits"))
    assert loaded_migration_modules(serve_once(tmp_path, config)) == []
    assert MIGRATIONS.at_head(engine)
    engine.dispose()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_during_the_migration_ends_the_child_then_the_controller(
    tmp_path: Path, sig: signal.Signals
) -> None:
    config = write_config(tmp_path)
    log = tmp_path / "controller.log"
    with (
        listening() as (name, hold),
        controller_run(tmp_path, config, TEST_HOLD_MIGRATION=name) as process,
    ):
        said, sender = receive(hold, process, log)
        assert int(said) == sender != process.pid  # the child is running
        process.send_signal(sig)
        code = process.wait(timeout=STOP_WITHIN_S)
    # SIGTERM ends the controller by its signal (what systemd expects), SIGINT exits 0
    assert code == (-sig if sig == signal.SIGTERM else 0), log.read_text()
    with pytest.raises(ProcessLookupError):  # ended, and waited for: no orphan left
        os.kill(sender, 0)
    assert "not migrated" not in log.read_text()
