"""`byabutik demo` starts every part, prints working URLs, and Ctrl-C stops them all."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port

pytestmark = pytest.mark.slow


def read_until_running(process: subprocess.Popen[str]) -> list[str]:
    assert process.stdout is not None
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line.rstrip())
        if line.strip().startswith("data folder"):
            return lines
    raise AssertionError("demo ended before it was running:\n" + "\n".join(lines))


def test_demo_serves_both_apps_and_stops_cleanly(tmp_path: Path) -> None:
    names = ["backoffice", "controller", "bankid", "bankid-phone", "scanner-tcp", "scanner-http"]
    ports = [arg for name in names for arg in (f"--{name}-port", str(free_port()))]
    process = subprocess.Popen(
        [sys.executable, "-m", "byabutik", "demo", "--data-dir", str(tmp_path / "demo"), *ports],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        lines = read_until_running(process)
        urls = dict(re.findall(r"^  (\S.*?)\s+(http://\S+)$", "\n".join(lines), re.MULTILINE))
        parts = {"backoffice", "store controller", "BankID simulator", "virtual scanner"}
        assert set(urls) >= parts
        for url in urls.values():
            assert httpx.get(url, timeout=5).status_code == 200
        for app in ("backoffice", "store controller"):
            base = urls[app].removesuffix("docs")
            assert httpx.get(base + "readyz", timeout=5).status_code == 200
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        for url in urls.values():
            with pytest.raises(httpx.ConnectError):
                httpx.get(url, timeout=2)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        if process.stdout is not None:
            process.stdout.close()
