"""The real store controller stops within 5 s of SIGTERM or SIGINT, whatever it is doing.

Each round starts `byabutik controller run` as its own process, busy at once: its sync talks to a
backoffice that accepts connections and never answers (a request always in flight), its serial
scanner is a socket that never sends (a read always waiting), the door screen and the kiosk keep
live streams open, a basket waits for payment and a door login is under way. The signal comes at
a chosen phase, at a random moment in it: while Python imports, while the database migrates, while
the application starts (uvicorn only notes a signal then, and used to finish the start-up first),
and while busy. The locks must be engaged before anything else stops. Each round starts a process
(~6-20 s on a busy 2-core machine), so the rounds are one per phase, not many at random.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from store_controller.checkout.seed import MJOLK
from store_controller.sync.credential import StoredCredential, save_credential
from tests.conftest import free_port
from tests.waits import answering

pytestmark = pytest.mark.slow

# (log line to wait for, longest random delay after it, signal): every phase, both signals
PHASES = (
    ("", 1.0, signal.SIGINT),  # imports: nothing to lock yet
    ("Running upgrade", 0.1, signal.SIGTERM),  # migrations
    ("Waiting for application startup", 0.3, signal.SIGTERM),  # the app's start hooks
    (None, 1.5, signal.SIGINT),  # running and busy (None: once healthy, busy)
    (None, 1.5, signal.SIGTERM),
)
STOP_WITHIN_S = 5.0
ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def silent_server() -> Iterator[int]:
    """A TCP port whose connections are taken and never answered."""
    held: list[socket.socket] = []
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        listener.settimeout(0.1)
        stop = threading.Event()

        def take() -> None:
            while not stop.is_set():
                with contextlib.suppress(TimeoutError, OSError):
                    held.append(listener.accept()[0])

        taker = threading.Thread(target=take, daemon=True)
        taker.start()
        try:
            yield listener.getsockname()[1]
        finally:
            stop.set()
            taker.join(1)
            for connection in held:
                connection.close()


def write_config(folder: Path, *, http_port: int, silent_port: int) -> Path:
    data = folder / "data"
    data.mkdir()
    silent = f"127.0.0.1:{silent_port}"
    save_credential(data, StoredCredential(f"http://{silent}", "shutdown", 1, "t" * 40))
    config = folder / "controller.toml"
    config.write_text(
        f'mode = "dev"\nstore_id = "shutdown"\ndata_dir = "{data}"\n'
        f'[http]\nhost = "127.0.0.1"\nport = {http_port}\n'
        f'[backoffice]\nurl = "http://{silent}"\n'
        "[sync]\npush_interval_s = 0.2\ncommand_interval_s = 1\n"
        f'[bankid]\nbase_url = "https://{silent}/rp/v6.0/"\n'
        '[hardware]\nsimulated = true\npin_factory = "mock"\n'
        '[[hardware.scanners]]\nkind = "serial"\nname = "kiosk"\n'
        f'url = "socket://{silent}"\n'
        "[checkout]\ndemo_catalog = true\n"
    )
    return config


def keep_busy(base: str, stop: threading.Event) -> None:
    """Open the live streams, fill a basket, start paying and a door login, until stopped."""
    with contextlib.ExitStack() as streams, httpx.Client(base_url=base, timeout=2) as client:
        for path in ("/door/events", "/kiosk/events"):
            with contextlib.suppress(httpx.HTTPError):
                streams.enter_context(client.stream("GET", path))
        for method, path, body in (
            ("POST", "/kiosk/scan", {"code": MJOLK}),
            ("POST", "/kiosk/pay", None),
            ("POST", "/door/login", None),
        ):
            with contextlib.suppress(httpx.HTTPError):
                client.request(method, path, json=body)
        stop.wait(10)


def wait_logged(log: Path, line: str, process: subprocess.Popen[bytes], within_s: float) -> None:
    deadline = time.monotonic() + within_s
    while line not in log.read_text() and process.poll() is None:
        assert time.monotonic() < deadline, f"never logged {line!r}\n" + log.read_text()
        time.sleep(0.01)


def one_round(folder: Path, silent_port: int, rng: random.Random, index: int) -> None:
    milestone, spread_s, sig = PHASES[index]
    port = free_port()
    config = write_config(folder, http_port=port, silent_port=silent_port)
    base = f"http://127.0.0.1:{port}"
    log = folder / "controller.log"
    with log.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "byabutik", "controller", "run", "--config", str(config)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    busy_stop = threading.Event()
    busy: threading.Thread | None = None
    try:
        if milestone is None:
            assert answering(f"{base}/healthz", process, 120), log.read_text()
            busy = threading.Thread(target=keep_busy, args=(base, busy_stop), daemon=True)
            busy.start()
        elif milestone:
            wait_logged(log, milestone, process, 120)
        time.sleep(rng.uniform(0.0, spread_s))
        assert process.poll() is None, log.read_text()
        sent = time.monotonic()
        process.send_signal(sig)
        try:
            process.wait(timeout=STOP_WITHIN_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise AssertionError(
                f"round {index}: still running 5 s after the signal\n" + log.read_text()
            ) from None
        took = time.monotonic() - sent
        text = log.read_text()
        assert took < STOP_WITHIN_S, text
        if "Running upgrade" in text:  # past the imports: `controller run` handles the signal
            # SIGTERM ends the process by its signal (what systemd expects), SIGINT exits 0
            assert process.returncode == (-sig if sig == signal.SIGTERM else 0), text
            assert "Traceback" not in text, text
        if "Waiting for application startup" in text:
            lines = text.splitlines()
            engaged = next(i for i, line in enumerate(lines) if "locks engaged" in line)
            assert engaged < next(i for i, line in enumerate(lines) if "controller stopped" in line)
    finally:
        busy_stop.set()
        if process.poll() is None:
            process.kill()
            process.wait()
        if busy is not None:
            busy.join(5)


@pytest.mark.timeout(300)  # 5 start-ups, 3 of them whole: ~20 s idle, ~60 s at load 9
def test_the_controller_stops_in_time_at_any_moment(tmp_path: Path) -> None:
    seed = int.from_bytes(os.urandom(4), "big")
    with silent_server() as silent_port:
        for index in range(len(PHASES)):  # one at a time: parallel start-ups starve the stops
            folder = tmp_path / f"round-{index}"
            folder.mkdir()
            try:
                one_round(folder, silent_port, random.Random(seed + index), index)
            except AssertionError as failure:
                raise AssertionError(f"seed {seed}: {failure}") from None
