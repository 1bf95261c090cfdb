"""`byabutik simulate scanner`: run the virtual scanner, or send it one code."""

from __future__ import annotations

import json
import signal
import sys
import threading
import urllib.request
from pathlib import Path
from typing import get_args

import click

from drivers.scanners.framing import Suffix
from drivers.virtual_scanner import VirtualScanner
from drivers.virtual_scanner_web import ScannerWebServer, load_presets


@click.command(name="scanner")
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--tcp-port", default=7001, show_default=True, help="serial-over-TCP port")
@click.option("--http-port", default=8091, show_default=True, help="web page and API port")
@click.option("--suffix", type=click.Choice(get_args(Suffix)), default="CR", show_default=True)
@click.option("--send", "code", default=None, help="send one code to a running scanner, then exit")
@click.option(
    "--presets",
    "presets_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help='JSON list of {"label", "code"}: the page\'s preset buttons (the store\'s own codes)',
)
def scanner(
    *,
    host: str,
    tcp_port: int,
    http_port: int,
    suffix: Suffix,
    code: str | None,
    presets_file: Path | None,
) -> None:
    """A virtual serial barcode scanner: codes typed here, on its web page or POSTed to /scan go
    to every client, e.g. the controller with url = "socket://127.0.0.1:7001"."""
    if code is not None:
        _send(host, http_port, code)
        return
    try:
        presets = load_presets(presets_file) if presets_file is not None else ()
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--presets") from None
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with VirtualScanner(host=host, port=tcp_port, suffix=suffix) as virtual:
        web = ScannerWebServer(virtual, host=host, port=http_port, presets=presets)
        click.echo(f"virtual scanner: {virtual.url} (serial over TCP), page {web.url}/")
        try:
            if sys.stdin.isatty():
                click.echo("type a code and Enter to scan it; Ctrl+D or Ctrl+C to stop")
                for line in sys.stdin:
                    if line.strip():
                        virtual.send(line.strip())
            else:
                stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            web.close()


def _send(host: str, http_port: int, code: str) -> None:
    request = urllib.request.Request(
        f"http://{host}:{http_port}/scan",
        data=json.dumps({"code": code}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            sent = json.load(response)["sent_to"]
    except OSError as exc:
        raise click.ClickException(f"no virtual scanner at {host}:{http_port}: {exc}") from exc
    click.echo(f"sent {code!r} to {sent} client(s)")
