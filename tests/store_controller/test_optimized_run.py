"""`byabutik controller run` as its systemd unit runs it, with PYTHONOPTIMIZE=2 (no docstrings or
asserts in the bytecode: ~4 MB less resident on a Pi 3, issue 23): a new store migrates (in its
child, Alembic without the revisions' docstrings), seeds the demo assortment, serves its screens
and records a sale made at the kiosk."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port
from tests.waits import answering

START_WITHIN_S = 120.0  # a whole start-up with its migrating child, on a busy 2-core machine
UNIT_ENVIRONMENT = {"PYTHONOPTIMIZE": "2"}  # deploy/systemd/byabutik-controller.service


def test_the_controller_runs_optimized_and_sells(tmp_path: Path) -> None:
    port = free_port()
    config = tmp_path / "controller.toml"
    config.write_text(
        f'mode = "dev"\nstore_id = "optimized"\ndata_dir = "{tmp_path / "data"}"\n'
        "[checkout]\ndemo_catalog = true\n"
        f'[http]\nhost = "127.0.0.1"\nport = {port}\n'
        '[hardware]\nsimulated = true\npin_factory = "mock"\n'
    )
    command = [sys.executable, "-m", "byabutik", "controller", "run", "--config", str(config)]
    env = {**os.environ, **UNIT_ENVIRONMENT}
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "controller.log"  # a file, not a pipe nobody reads that could fill and stall
    with (
        log.open("w") as stderr,
        subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, env=env) as process,
    ):
        try:
            if not answering(f"{base}/readyz", process, START_WITHIN_S):
                process.terminate()
                process.wait(10)
                pytest.fail(f"not ready in time: {log.read_text()[-2000:]}")
            for screen in ("/", "/kiosk", "/door", "/openapi.json"):
                assert httpx.get(base + screen, timeout=10).status_code == 200, screen
            sell(base)
        finally:
            process.terminate()
            process.wait(10)
    with contextlib.closing(sqlite3.connect(tmp_path / "data" / "controller.db")) as db:
        assert db.execute("SELECT count(*) FROM sales").fetchone() == (1,)


def sell(base: str) -> None:
    for code in ("7310000000010", "7310000000027"):  # the demo assortment's milk and bread
        httpx.post(f"{base}/kiosk/scan", json={"code": code}, timeout=10).raise_for_status()
    httpx.post(f"{base}/kiosk/pay", timeout=10).raise_for_status()
    httpx.post(f"{base}/kiosk/pay/simulate/approve", timeout=10).raise_for_status()
