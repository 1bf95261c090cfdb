"""The virtual scanner's web page and HTTP API: `GET /` a page, `POST /scan` sends a code.

`POST /scan` takes a form field or a JSON body `{"code": "..."}` and answers
`{"sent_to": <clients>}`; `GET /health` answers `{"status": "ok", "clients": n}`.

The page's preset buttons come from a JSON file (`--presets`): a list of `{"label", "code"}` made
from the catalog the store really has (the demo writes one from its catalog). Without it the page
has no presets, rather than buttons whose codes no store knows. Control characters in a code
(the GS that stands for FNC1 in a GS1 element string) are written as character references.
"""

from __future__ import annotations

import html
import json
import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from drivers.virtual_scanner import VirtualScanner

MAX_BODY = 4096
MAX_PRESETS = 50
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Preset:
    label: str
    code: str


def load_presets(path: Path) -> tuple[Preset, ...]:
    """The presets in `path` (a JSON list of {"label": ..., "code": ...}); ValueError naming
    the entry at fault otherwise."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not a readable JSON file ({exc})") from exc
    if not isinstance(entries, list) or len(entries) > MAX_PRESETS:
        raise ValueError(f"{path}: a JSON list of at most {MAX_PRESETS} presets is expected")
    presets = []
    for index, entry in enumerate(entries):
        label = entry.get("label") if isinstance(entry, dict) else None
        code = entry.get("code") if isinstance(entry, dict) else None
        if not (isinstance(label, str) and label and isinstance(code, str) and code):
            raise ValueError(f"{path}: preset {index} needs a non-empty label and code")
        presets.append(Preset(label, code))
    return tuple(presets)


def attribute(value: str) -> str:
    """`value` escaped for an HTML attribute, control characters as character references."""
    return _CONTROL.sub(lambda m: f"&#x{ord(m.group()):02X};", html.escape(value))


PAGE = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Virtuell streckkodsläsare</title>
<style>body{{font-family:sans-serif;max-width:36rem;margin:2rem auto}}
input,button{{font-size:1.2rem;padding:.5rem;margin:.2rem}}</style></head>
<body><h1>Virtuell streckkodsläsare</h1>
<p>Skickar koder till {url} ({clients} ansluten/anslutna).</p>
<form method="post" action="/scan"><input name="code" autofocus size="24" aria-label="Streckkod">
<button>Skanna</button></form>
{presets}
<p id="result">{result}</p></body></html>
"""
NO_PRESETS = "<p>Inga förval: starta med <code>--presets FIL</code> (butikens egna koder).</p>"


def render_page(scanner: VirtualScanner, result: str = "", presets: tuple[Preset, ...] = ()) -> str:
    buttons = "".join(
        f'<button name="code" value="{attribute(p.code)}">{html.escape(p.label)}</button>'
        for p in presets
    )
    return PAGE.format(
        presets=f'<form method="post" action="/scan">{buttons}</form>' if presets else NO_PRESETS,
        url=html.escape(scanner.url),
        clients=scanner.client_count,
        result=attribute(result),
    )


def make_handler(
    scanner: VirtualScanner, presets: tuple[Preset, ...] = ()
) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/health":
                self._json(200, {"status": "ok", "clients": scanner.client_count})
            elif self.path == "/":
                self._html(render_page(scanner, presets=presets))
            else:
                self._json(404, {"error": "not found"})

        def do_POST(self) -> None:
            if self.path != "/scan":
                self._json(404, {"error": "not found"})
                return
            code = self._code()
            if not code:
                self._json(400, {"error": "no code"})
                return
            sent = scanner.send(code)
            if "json" in self.headers.get("Accept", "") or self._is_json():
                self._json(200, {"sent_to": sent})
            else:
                text = f"Skickade {code!r} till {sent} klient(er)."
                self._html(render_page(scanner, text, presets))

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the scanner logs what it sends."""

        def _is_json(self) -> bool:
            return "json" in self.headers.get("Content-Type", "")

        def _code(self) -> str:
            length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            if self._is_json():
                try:
                    value = json.loads(body).get("code", "")
                except (ValueError, AttributeError):
                    return ""
                return value if isinstance(value, str) else ""
            return parse_qs(body).get("code", [""])[0]

        def _json(self, status: int, payload: dict[str, Any]) -> None:
            self._send(status, "application/json", json.dumps(payload).encode())

        def _html(self, page: str) -> None:
            self._send(200, "text/html; charset=utf-8", page.encode())

        def _send(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


class ScannerWebServer:
    """The page and API on `host:port` (0 = a free port), served on a background thread."""

    def __init__(
        self,
        scanner: VirtualScanner,
        *,
        host: str = "127.0.0.1",
        port: int = 8091,
        presets: tuple[Preset, ...] = (),
    ) -> None:
        self._server = ThreadingHTTPServer((host, port), make_handler(scanner, presets))
        self._server.daemon_threads = True
        address = self._server.server_address
        self.host, self.port = str(address[0]), int(address[1])
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5.0)
