"""The virtual scanner end to end: web page / API -> TCP -> the real SerialScanner -> events."""

from __future__ import annotations

import json
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from drivers.events import BarcodeScanned, Event, ScannerLost, ScannerRestored
from drivers.scanners.serial_scanner import SerialScanner
from drivers.timing import Backoff
from drivers.virtual_scanner import VirtualScanner
from drivers.virtual_scanner_cli import scanner as scanner_command
from drivers.virtual_scanner_web import Preset, ScannerWebServer, load_presets, render_page
from tests.conftest import free_port
from tests.drivers.opened import Opened
from tests.waits import WAIT_S


@pytest.fixture
def virtual() -> Iterator[VirtualScanner]:
    with VirtualScanner(port=0, suffix="CRLF") as server:
        yield server


PRESETS = (
    Preset("Mjölk (EAN-13)", "7310000000010"),
    Preset("Kaffe <GS1>", "\x1d0107310000000034\x1d15261231"),
)


@pytest.fixture
def web(virtual: VirtualScanner) -> Iterator[ScannerWebServer]:
    server = ScannerWebServer(virtual, port=0, presets=PRESETS)
    yield server
    server.close()


def post(url: str, body: bytes, content_type: str) -> tuple[int, bytes]:
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": content_type}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=WAIT_S) as response:
        return response.status, response.read()


def test_codes_reach_the_real_serial_scanner(
    virtual: VirtualScanner, web: ScannerWebServer
) -> None:
    received: queue.Queue[Event] = queue.Queue()
    opened = Opened()
    reader = SerialScanner(name="kiosk", url=virtual.url, suffix="CRLF", open_port=opened)
    reader.start(received.put)
    try:
        opened.wait()
        assert virtual.wait_for_clients(1, WAIT_S)
        assert virtual.send("7310865004703") == 1
        status, body = post(
            f"{web.url}/scan", b'{"code": "\\u001d0107350053850019"}', "application/json"
        )
        assert (status, json.loads(body)) == (200, {"sent_to": 1})
        first, second = received.get(timeout=WAIT_S), received.get(timeout=WAIT_S)
        assert isinstance(first, BarcodeScanned)
        assert isinstance(second, BarcodeScanned)
        assert (first.text, first.source) == ("7310865004703", "kiosk")
        assert second.text == "\x1d0107350053850019"
    finally:
        reader.stop()


def test_scanner_waits_for_the_server_and_reconnects() -> None:
    received: queue.Queue[Event] = queue.Queue()
    with VirtualScanner(port=0) as first:
        port = first.port
    opened = Opened()
    reader = SerialScanner(
        name="kiosk", url=f"socket://127.0.0.1:{port}", backoff=Backoff(0.02, 0.1), open_port=opened
    )
    reader.start(received.put)
    try:
        assert isinstance(received.get(timeout=WAIT_S), ScannerLost)
        with VirtualScanner(port=port) as again:
            opened.wait()
            assert again.wait_for_clients(1, WAIT_S)
            assert isinstance(received.get(timeout=WAIT_S), ScannerRestored)
            assert again.send("96385074") == 1
            scan = received.get(timeout=WAIT_S)
            assert isinstance(scan, BarcodeScanned)
            assert scan.text == "96385074"
        assert isinstance(received.get(timeout=WAIT_S), ScannerLost)
    finally:
        reader.stop()


def test_the_page_lists_samples_and_the_form_posts(
    virtual: VirtualScanner, web: ScannerWebServer
) -> None:
    with urllib.request.urlopen(f"{web.url}/", timeout=WAIT_S) as response:
        page = response.read().decode()
    assert "Virtuell streckkodsläsare" in page
    assert 'value="7310000000010">Mjölk (EAN-13)</button>' in page
    # the GS (FNC1) of a GS1 element string is a character reference, never raw in the HTML
    assert 'value="&#x1D;0107310000000034&#x1D;15261231">Kaffe &lt;GS1&gt;</button>' in page
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", page)
    status, body = post(f"{web.url}/scan", b"code=96385074", "application/x-www-form-urlencoded")
    assert status == 200
    assert "Skickade &#x27;96385074&#x27; till 0 klient(er)." in body.decode()


def test_health_and_errors(web: ScannerWebServer) -> None:
    with urllib.request.urlopen(f"{web.url}/health", timeout=WAIT_S) as response:
        assert json.load(response) == {"status": "ok", "clients": 0}
    with pytest.raises(urllib.error.HTTPError) as missing:
        post(f"{web.url}/scan", b"{}", "application/json")
    assert missing.value.code == 400
    missing.value.close()
    with pytest.raises(urllib.error.HTTPError) as unknown:
        urllib.request.urlopen(f"{web.url}/nope", timeout=WAIT_S)
    assert unknown.value.code == 404
    unknown.value.close()


def test_cli_send_posts_to_a_running_scanner(web: ScannerWebServer) -> None:
    result = CliRunner().invoke(
        scanner_command, ["--http-port", str(web.port), "--send", "4006381333931"]
    )
    assert result.exit_code == 0, result.output
    assert "sent '4006381333931' to 0 client(s)" in result.output


def test_cli_send_without_a_scanner_fails_clearly() -> None:
    with VirtualScanner(port=0) as probe:
        free = probe.port
    result = CliRunner().invoke(scanner_command, ["--http-port", str(free), "--send", "1"])
    assert result.exit_code == 1
    assert "no virtual scanner" in result.output


def wait_for_a_client(health_url: str) -> None:
    """Until the server has accepted our reader's connection. The simulator opens its TCP port
    before its web page, so the page may refuse connections for a moment after the reader is in."""
    pause = threading.Event()
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(health_url, timeout=WAIT_S) as response:
                if json.load(response)["clients"] >= 1:
                    return
        except urllib.error.URLError as error:
            if not isinstance(error.reason, ConnectionRefusedError):
                raise
        pause.wait(0.05)
    pytest.fail("the virtual scanner never accepted the reader")


def drain(received: queue.Queue[Event]) -> list[Event]:
    """Every event until a scan arrives (or WAIT_S passes)."""
    events: list[Event] = []
    while not events or not isinstance(events[-1], BarcodeScanned):
        events.append(received.get(timeout=WAIT_S))
    return events


def test_simulate_scanner_command_end_to_end() -> None:
    tcp_port, http_port = free_port(), free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "byabutik",
            "simulate",
            "scanner",
            "--tcp-port",
            str(tcp_port),
            "--http-port",
            str(http_port),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    received: queue.Queue[Event] = queue.Queue()
    opened = Opened()
    reader = SerialScanner(
        name="kiosk",
        url=f"socket://127.0.0.1:{tcp_port}",
        backoff=Backoff(0.05, 0.2),
        open_port=opened,
    )
    reader.start(received.put)
    try:
        opened.wait(timeout=30)  # the server starts in about a second
        wait_for_a_client(f"http://127.0.0.1:{http_port}/health")
        _, body = post(f"http://127.0.0.1:{http_port}/scan", b'{"code": "123"}', "application/json")
        assert json.loads(body) == {"sent_to": 1}
        scans = [e for e in drain(received) if isinstance(e, BarcodeScanned)]
        assert [s.text for s in scans] == ["123"]
    finally:
        reader.stop()
        server.send_signal(signal.SIGTERM)
        out, _ = server.communicate(timeout=WAIT_S)
    assert server.returncode == 0, out
    assert f"socket://127.0.0.1:{tcp_port}" in out


def test_without_presets_the_page_offers_none(virtual: VirtualScanner) -> None:
    page = render_page(virtual)
    assert '<button name="code"' not in page
    assert "--presets" in page


def test_presets_are_read_from_a_file_and_bad_ones_refused(tmp_path: Path) -> None:
    good = tmp_path / "presets.json"
    good.write_text(json.dumps([{"label": "Mjölk", "code": "7310000000010"}]))
    assert load_presets(good) == (Preset("Mjölk", "7310000000010"),)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"label": "Mjölk", "code": ""}]))
    with pytest.raises(ValueError, match="preset 0 needs"):
        load_presets(bad)
    result = CliRunner().invoke(scanner_command, ["--presets", str(bad)])
    assert result.exit_code == 2
    assert "--presets" in result.output
