"""`byabutik simulate mail`: the demo's mail catcher and webhook receiver, one process.

A real SMTP server (aiosmtpd) accepts every message for any address and keeps it in memory; a
small HTTP server shows what it caught (`/`, sv/en, newest first; `/messages` and `/webhooks` as
JSON) and receives webhooks (`POST /webhook`, kept with their headers, e.g. the signature).
Nothing leaves the machine and nothing is written to disk: it forgets all when it stops.
"""

from __future__ import annotations

import email
import email.policy
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import click
import uvicorn
from aiosmtpd.controller import Controller
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment
from markupsafe import Markup, escape

KEEP = 200
"""Messages (and webhooks) kept; the oldest go first."""


@dataclass(frozen=True)
class CaughtMail:
    received_at: str
    mail_from: str
    rcpt_to: list[str]
    subject: str
    body: str


@dataclass(frozen=True)
class CaughtWebhook:
    received_at: str
    path: str
    signature: str
    body: str


class Catch:
    """What the catcher holds: thread-safe (SMTP runs on its own thread)."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._arrived = threading.Condition(self._mutex)
        self._mails: deque[CaughtMail] = deque(maxlen=KEEP)
        self._hooks: deque[CaughtWebhook] = deque(maxlen=KEEP)

    def add_mail(self, mail: CaughtMail) -> None:
        with self._arrived:
            self._mails.appendleft(mail)
            self._arrived.notify_all()

    def wait_for_mail(
        self, wanted: Callable[[CaughtMail], bool], *, timeout: float
    ) -> CaughtMail | None:
        """The newest caught message `wanted` accepts, waiting up to `timeout` seconds for it
        to arrive (woken by each new message); None when none came in time."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                found = next((m for m in self._mails if wanted(m)), None)
                left = deadline - time.monotonic()
                if found is not None or left <= 0:
                    return found
                self._arrived.wait(left)

    def add_hook(self, hook: CaughtWebhook) -> None:
        with self._mutex:
            self._hooks.appendleft(hook)

    def mails(self) -> list[CaughtMail]:
        with self._mutex:
            return list(self._mails)

    def hooks(self) -> list[CaughtWebhook]:
        with self._mutex:
            return list(self._hooks)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SmtpHandler:
    """aiosmtpd's handler: every message is accepted and kept, its text part decoded."""

    def __init__(self, catch: Catch) -> None:
        self._catch = catch

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        part = message.get_body(preferencelist=("plain", "html"))
        body = part.get_content() if part is not None else ""
        self._catch.add_mail(
            CaughtMail(
                received_at=_now(),
                mail_from=str(envelope.mail_from),
                rcpt_to=[str(r) for r in envelope.rcpt_tos],
                subject=str(message.get("Subject", "")),
                body=str(body),
            )
        )
        return "250 Message accepted for delivery"


ENV = Environment(autoescape=True)
PAGE_SOURCE = """<!doctype html>
<html lang="{{ lang }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="5">
<title>{{ t("Fångad post", "Caught mail") }} · Byabutik demo</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:48rem;padding:1rem;
color:#1a1a1a;background:#fff}article{border:1px solid #767676;border-radius:6px;padding:.5rem 1rem;
margin:.75rem 0}pre{white-space:pre-wrap;word-break:break-word}a{color:#0b57d0}</style></head>
<body><header><nav aria-label="{{ t('Språk', 'Language') }}">
<a href="?lang={{ 'en' if lang == 'sv' else 'sv' }}">{{ t("English", "Svenska") }}</a>
</nav></header>
<main><h1>{{ t("Fångad post", "Caught mail") }}</h1>
<p>{{ t("SMTP-servern tar emot allt på port", "The SMTP server accepts everything on port") }}
{{ smtp_port }}.
{{ t("Sidan uppdateras var femte sekund.", "The page refreshes every 5 seconds.") }}</p>
<h2>{{ t("E-post", "E-mail") }} ({{ mails|length }})</h2>
{% for m in mails %}<article><h3>{{ m.subject }}</h3>
<p>{{ t("Till", "To") }}: {{ m.rcpt_to|join(", ") }} · {{ m.received_at }}</p>
<pre>{{ m.body | linkify }}</pre></article>
{% else %}<p>{{ t("Ingen post ännu.", "No mail yet.") }}</p>{% endfor %}
<h2>{{ t("Webhooks", "Webhooks") }} ({{ hooks|length }})</h2>
{% for h in hooks %}<article><h3>{{ h.path }} · {{ h.received_at }}</h3>
<p>{{ t("Signatur", "Signature") }}: {{ h.signature or "-" }}</p><pre>{{ h.body }}</pre></article>
{% else %}<p>{{ t("Inga webhooks ännu.", "No webhooks yet.") }}</p>{% endfor %}
</main></body></html>
"""


def _linkify(text: str) -> Any:
    """Make the http(s) links of an (escaped) mail body clickable: the acknowledge link."""
    escaped = str(escape(text))
    return Markup(re.sub(r"(https?://[^\s<]+)", r'<a href="\1">\1</a>', escaped))  # noqa: S704


ENV.filters["linkify"] = _linkify
PAGE = ENV.from_string(PAGE_SOURCE)


def create_app(catch: Catch, smtp_port: int) -> FastAPI:
    app = FastAPI(title="Byabutik demo mail catcher", docs_url=None, redoc_url=None)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/", response_class=HTMLResponse)
    def page(lang: str = "sv") -> str:
        lang = "en" if lang == "en" else "sv"
        return PAGE.render(
            lang=lang,
            t=lambda sv, en: sv if lang == "sv" else en,
            mails=catch.mails(),
            hooks=catch.hooks(),
            smtp_port=smtp_port,
        )

    @app.get("/messages")
    def messages() -> list[dict[str, Any]]:
        return [asdict(m) for m in catch.mails()]

    @app.get("/webhooks")
    def webhooks() -> list[dict[str, Any]]:
        return [asdict(h) for h in catch.hooks()]

    @app.post("/webhook", status_code=204)
    @app.post("/webhook/{name}", status_code=204)
    async def webhook(request: Request, name: str = "") -> None:
        body = (await request.body())[: 64 * 1024].decode("utf-8", "replace")
        catch.add_hook(
            CaughtWebhook(
                received_at=_now(),
                path=request.url.path,
                signature=request.headers.get("x-byabutik-signature", ""),
                body=body,
            )
        )

    return app


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--smtp-port", type=int, default=8025, show_default=True)
@click.option("--http-port", type=int, default=8026, show_default=True)
def mail(host: str, smtp_port: int, http_port: int) -> None:
    """Catch e-mail (SMTP) and webhooks for the demo; show them on a web page."""
    catch = Catch()
    smtp = Controller(SmtpHandler(catch), hostname=host, port=smtp_port)
    smtp.start()
    try:
        click.echo(
            f"mail catcher: SMTP {host}:{smtp_port}, caught mail at http://{host}:{http_port}/"
        )
        uvicorn.run(create_app(catch, smtp_port), host=host, port=http_port, log_level="warning")
    finally:
        smtp.stop()
