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
        if line.startswith("  data folder"):
            return lines
    raise AssertionError("demo ended before it was running:\n" + "\n".join(lines))


def test_demo_serves_both_apps_and_stops_cleanly(tmp_path: Path) -> None:
    ports = ["--backoffice-port", str(free_port()), "--controller-port", str(free_port())]
    process = subprocess.Popen(
        [sys.executable, "-m", "byabutik", "demo", "--data-dir", str(tmp_path / "demo"), *ports],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        lines = read_until_running(process)
        urls = [m.group(0) for line in lines if (m := re.search(r"http://\S+", line))]
        assert len(urls) >= 2
        for url in urls:
            assert httpx.get(url.rstrip("/") + "/healthz", timeout=5).status_code == 200
            assert httpx.get(url.rstrip("/") + "/readyz", timeout=5).status_code == 200
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        for url in urls:
            with pytest.raises(httpx.ConnectError):
                httpx.get(url.rstrip("/") + "/healthz", timeout=2)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        if process.stdout is not None:
            process.stdout.close()
