"""`byabutik demo` starts every part, prints working URLs, and Ctrl-C stops them all."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port
from tests.waits import WAIT_S

pytestmark = pytest.mark.slow


def read_until_running(process: subprocess.Popen[str]) -> list[str]:
    assert process.stdout is not None
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line.rstrip())
        if line.strip().startswith("data folder"):
            return lines
    raise AssertionError("demo ended before it was running:\n" + "\n".join(lines))


def start_demo(data_dir: Path) -> subprocess.Popen[str]:
    """`byabutik demo` on free ports, its output readable line by line."""
    names = ["backoffice", "controller", "bankid", "bankid-phone", "swish", "swish-phone"]
    names += ["scanner-tcp", "scanner-http"]
    ports = [arg for name in names for arg in (f"--{name}-port", str(free_port()))]
    return subprocess.Popen(
        [sys.executable, "-m", "byabutik", "demo", "--data-dir", str(data_dir), *ports],
        stdout=subprocess.PIPE,
        text=True,
    )


def test_demo_serves_both_apps_and_stops_cleanly(tmp_path: Path) -> None:
    process = start_demo(tmp_path / "demo")
    try:
        lines = read_until_running(process)
        urls = dict(re.findall(r"^  (\S.*?)\s+(http://\S+)$", "\n".join(lines), re.MULTILINE))
        parts = {
            "backoffice",
            "store controller",
            "BankID simulator",
            "Swish simulator",
            "virtual scanner",
            "kiosk",
            "door screen",
            "simulated door",
        }
        assert set(urls) >= parts
        assert urls["simulated door"].endswith("/sim/door")
        for url in urls.values():
            assert httpx.get(url, timeout=WAIT_S).status_code == 200
        for app in ("backoffice", "store controller"):
            base = urls[app].removesuffix("docs")
            assert httpx.get(base + "readyz", timeout=WAIT_S).status_code == 200
        # the store was enrolled over HTTP, so its sales page exists in the backoffice
        assert (tmp_path / "demo" / "controller" / "device-credential.json").is_file()
        sales = urls["backoffice"].removesuffix("docs") + "stores/demo/sales"
        with httpx.Client(base_url=sales.removesuffix("stores/demo/sales"), timeout=WAIT_S) as web:
            form = web.get("/signin")
            token = form.cookies["byabutik_signin"]
            signed = web.post(
                "/signin",
                data={
                    "email": "bokforare@demo.byabutik.se",
                    "password": "demo-bokförare-lösenord",
                    "csrf_token": token,
                    "next": "/stores/demo/sales",
                },
                follow_redirects=True,
            )
            assert signed.status_code == 200
            assert "Byabutiken i Demoby" in signed.text
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=WAIT_S) == 0
        for url in urls.values():
            with pytest.raises(httpx.ConnectError):
                httpx.get(url, timeout=2)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        if process.stdout is not None:
            process.stdout.close()


def test_killing_the_demo_takes_its_parts_down(tmp_path: Path) -> None:
    """Even SIGKILL of the demo (no clean-up code runs) leaves no part running."""
    process = start_demo(tmp_path / "demo")
    try:
        lines = read_until_running(process)
        urls = re.findall(r"(http://\S+)$", "\n".join(lines), re.MULTILINE)
        process.kill()
        process.wait(timeout=WAIT_S)
        for url in urls:
            assert_goes_down(url)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        if process.stdout is not None:
            process.stdout.close()


def assert_goes_down(url: str, timeout_s: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
        except httpx.TransportError:
            return
        time.sleep(0.2)
    raise AssertionError(f"{url} still answers after the demo was killed")


def test_a_port_in_use_is_refused_before_anything_starts(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        demo = [sys.executable, "-m", "byabutik", "demo", "--data-dir", str(tmp_path / "demo")]
        result = subprocess.run(
            [*demo, "--backoffice-port", port],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    assert result.returncode != 0
    assert f"port {port} (backoffice_port)" in result.stderr
    assert not (tmp_path / "demo").exists()
