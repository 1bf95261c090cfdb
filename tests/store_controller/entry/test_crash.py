"""A crash or a stop during an unlock leaves the relay released (the whole app, in a subprocess)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.waits import WAIT_S

ROOT = Path(__file__).parents[3]


def run_child(mode: str, data_dir: Path, *, sigterm: bool = False) -> tuple[int, dict[str, Any]]:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.store_controller.entry.door_child", mode, str(data_dir)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert child.stdout is not None
    with child.stdout:
        lines = []
        for line in child.stdout:  # past the log lines, up to the moment the relay is on
            lines.append(line)
            if line.strip() == "UNLOCKED":
                break
        if sigterm:
            assert lines[-1:] == ["UNLOCKED\n"], "".join(lines)
            child.send_signal(signal.SIGTERM)
        out = "".join(lines) + child.stdout.read()
    child.wait(timeout=WAIT_S)
    reports = [line for line in out.splitlines() if line.startswith("REPORT ")]
    assert reports, f"no report from the child: {out!r}"
    return child.returncode, json.loads(reports[-1].removeprefix("REPORT "))


def test_sigterm_during_an_unlock_relocks_through_the_controller_stop(tmp_path: Path) -> None:
    returncode, report = run_child("sigterm", tmp_path, sigterm=True)
    assert returncode == 128 + signal.SIGTERM
    assert report["unlocked_level"] is True
    assert report["relay_on_after_stop_hooks"] is False  # the door's own stop locked it
    assert report["final"] is False
    assert True in report["history"]


def test_an_uncaught_exception_during_an_unlock_leaves_the_relay_released(tmp_path: Path) -> None:
    returncode, report = run_child("crash", tmp_path)
    assert returncode == 1
    assert report["unlocked_level"] is True
    assert report["history"][-1] is False
    assert report["final"] is False
