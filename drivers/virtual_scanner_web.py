"""The virtual scanner's web page and HTTP API: `GET /` a page, `POST /scan` sends a code.

`POST /scan` takes a form field or a JSON body `{"code": "..."}` and answers
`{"sent_to": <clients>}`; `GET /health` answers `{"status": "ok", "clients": n}`.
"""

from __future__ import annotations

import html
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from drivers.virtual_scanner import VirtualScanner

MAX_BODY = 4096
SAMPLES: tuple[tuple[str, str], ...] = (
    ("Mjölk 1,5 l (EAN-13)", "7310865004703"),
    ("Kaffe (EAN-13)", "7350053850019"),
    ("Tuggummi (EAN-8)", "96385074"),
    ("Viktvara 2X (EAN-13)", "2312345010001"),
    ("GS1 bäst före", "\x1d0107350053850019\x1d15261231"),
)

PAGE = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Virtuell streckkodsläsare</title>
<style>body{{font-family:sans-serif;max-width:36rem;margin:2rem auto}}
input,button{{font-size:1.2rem;padding:.5rem;margin:.2rem}}</style></head>
<body><h1>Virtuell streckkodsläsare</h1>
<p>Skickar koder till {url} ({clients} ansluten/anslutna).</p>
<form method="post" action="/scan"><input name="code" autofocus size="24">
<button>Skanna</button></form>
<form method="post" action="/scan">{buttons}</form>
<p id="result">{result}</p></body></html>
"""


def render_page(scanner: VirtualScanner, result: str = "") -> str:
    buttons = "".join(
        f'<button name="code" value="{html.escape(code)}">{html.escape(label)}</button>'
        for label, code in SAMPLES
    )
    return PAGE.format(
        url=html.escape(scanner.url),
        clients=scanner.client_count,
        buttons=buttons,
        result=html.escape(result),
    )


def make_handler(scanner: VirtualScanner) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/health":
                self._json(200, {"status": "ok", "clients": scanner.client_count})
            elif self.path == "/":
                self._html(render_page(scanner))
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
                self._html(render_page(scanner, f"Skickade {code!r} till {sent} klient(er)."))

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
        self, scanner: VirtualScanner, *, host: str = "127.0.0.1", port: int = 8091
    ) -> None:
        self._server = ThreadingHTTPServer((host, port), make_handler(scanner))
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
