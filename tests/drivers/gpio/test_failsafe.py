"""Every exit path a test can make leaves the relay at its locked level (in a real subprocess)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.waits import WAIT_S

ROOT = Path(__file__).parents[3]
CHILD_TIMEOUT_S = WAIT_S


def run_child(mode: str, *, active_high: bool, sigterm: bool = False) -> tuple[int, dict[str, Any]]:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.drivers.gpio.lock_child", mode, "1" if active_high else "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert child.stdout is not None
    killer = threading.Timer(CHILD_TIMEOUT_S, child.kill)  # a hung child ends the read below
    killer.start()
    try:
        with child.stdout:
            first = child.stdout.readline()
            if sigterm:
                assert first.strip() == "UNLOCKED"
                child.send_signal(signal.SIGTERM)
            # Read through the same buffered file: communicate() would miss what readline buffered.
            out = first + child.stdout.read()
    finally:
        try:
            child.wait(timeout=CHILD_TIMEOUT_S)
        finally:
            killer.cancel()
            if child.poll() is None:
                child.kill()
                child.wait()
    reports = [line for line in out.splitlines() if line.startswith("REPORT ")]
    assert reports, f"no report from the child: {out!r}"
    report = reports[-1]
    return child.returncode, json.loads(report.removeprefix("REPORT "))


def locked_level(active_high: bool) -> bool:
    return not active_high


@pytest.mark.parametrize("active_high", [True, False])
def test_sigterm_engages_the_lock_before_exit(active_high: bool) -> None:
    returncode, report = run_child("sigterm", active_high=active_high, sigterm=True)
    assert returncode == 128 + signal.SIGTERM
    assert report["unlocked_level"] is active_high
    assert report["history"][-1] is locked_level(active_high)
    assert report["engaged"] == ["close"]


def test_sigterm_chains_to_the_previous_handler() -> None:
    returncode, report = run_child("chained", active_high=True, sigterm=True)
    assert returncode == 0
    assert report["survived_sigterm"] is True
    assert report["previous_ran"] is True
    assert report["history"][-1] is False


@pytest.mark.parametrize("active_high", [True, False])
def test_uncaught_exception_engages_the_lock(active_high: bool) -> None:
    returncode, report = run_child("crash", active_high=active_high)
    assert returncode == 1
    assert report["history"][-2:] == [active_high, locked_level(active_high)]
    assert report["engaged"] == ["close"]


def test_watchdog_engages_the_lock_after_the_window_without_help() -> None:
    returncode, report = run_child("watchdog", active_high=False)
    assert returncode == 0
    assert report["watchdog_fired"] is True
    assert report["locked_after_window"] is True
    assert report["engaged"] == ["watchdog"]
    assert report["history"][-1] is True
