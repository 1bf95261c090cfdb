"""Alert to volunteer: from a store's door-forced alert arriving at the backoffice's sync API to
the e-mail accepted by a local SMTP server (aiosmtpd) and the signed webhook received.

The backoffice is served by uvicorn over real HTTP on SQLite with its jobs in process (what
`byabutik backoffice serve` does); the store pushes the alert as its sync client does; the one
contact on the store has e-mail and webhook. Each run resolves the previous alert first, so each
push opens a new alert. The floor, measured in the same run and interleaved with it, sends the
very same two messages directly through the same channel functions (no database, no queue).

Not in the measured path yet: the controller itself (door contact -> alarm -> outbox -> push),
which pushes an alert as soon as it is written; the goal allows one heartbeat interval for it.

Run: `.venv/bin/python -m bench.alert_bench` (about 20 s).
"""

from __future__ import annotations

import socket
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from aiosmtpd.controller import Controller
from sqlalchemy.orm import sessionmaker

from backoffice.access.roles import Role, Scope
from backoffice.app import create_app
from backoffice.audit.service import SYSTEM
from backoffice.db import MIGRATIONS
from backoffice.devices.service import issue_enrollment_code, redeem_enrollment_code
from backoffice.notify.channels import Message, send_email, send_webhook
from backoffice.notify.models import Contact
from backoffice.people import tokens
from backoffice.people.service import Grant, association_named, create_person
from backoffice.settings import BackofficeSettings
from backoffice.stores.service import create_store
from byabutik.runtime.db import make_engine
from retail import wire

RUNS = 50
HEARTBEAT_S = 30.0  # store_controller.sync.config: heartbeat_interval_s
GOAL_P99_S = 5.0
ADMIN: dict[str, str] = {}  # the owner's personal API token, set by setup()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Arrivals:
    """Counts e-mails and webhooks; `wait(n)` until both reached n."""

    def __init__(self) -> None:
        self.mails = self.hooks = 0
        self.changed = threading.Condition()

    def add(self, which: str) -> None:
        with self.changed:
            setattr(self, which, getattr(self, which) + 1)
            self.changed.notify_all()

    def wait(self, n: int, timeout: float = 30.0) -> None:
        with self.changed:
            if not self.changed.wait_for(lambda: self.mails >= n and self.hooks >= n, timeout):
                raise TimeoutError(f"waited for {n}: {self.mails} mails, {self.hooks} hooks")


@contextmanager
def receivers(arrivals: Arrivals) -> Iterator[tuple[int, str]]:
    class Box:
        async def handle_DATA(self, _server: Any, _session: Any, _envelope: Any) -> str:  # noqa: N802
            arrivals.add("mails")
            return "250 OK"

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.end_headers()
            arrivals.add("hooks")

        def log_message(self, *_args: Any) -> None:
            pass

    smtp_port = free_port()
    smtp = Controller(Box(), hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    http = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    try:
        yield smtp_port, f"http://127.0.0.1:{http.server_address[1]}/hook"
    finally:
        http.shutdown()
        smtp.stop()


@contextmanager
def served(settings: BackofficeSettings) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, run_jobs=True), port=port, log_config=None)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join()


def setup(settings: BackofficeSettings, hook_url: str) -> str:
    engine = make_engine(settings.effective_database_url)
    MIGRATIONS.upgrade(engine)
    with sessionmaker(engine).begin() as session:
        now = datetime.now(UTC)
        association = association_named(session, "Bänkföreningen")
        store = create_store(
            session=session, slug="byn-1", name="Byn", association_id=association.id
        )
        owner = create_person(
            session, association=association, email="owner@example.test", name="Owner",
            password=None, grants=[Grant(Role.OWNER, "byn-1")], actor=SYSTEM, now=now,
        )  # fmt: skip
        api, _row = tokens.issue(
            session, person_id=owner.id, name="bench", scopes=frozenset(Scope),
            lifetime=timedelta(days=1), now=now,
        )  # fmt: skip
        ADMIN["Authorization"] = f"Bearer {api}"
        code = issue_enrollment_code(session=session, store=store, now=now).code
        token = redeem_enrollment_code(
            session=session, code=code, software_version="0.1.0", now=now
        ).token
        session.add(
            Contact(
                store_id=store.id,
                name="Anna",
                email="anna@example.test",
                webhook_url=hook_url,
                severities="critical",
                channels="email,webhook",
            )
        )
    engine.dispose()
    return token


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    arrivals = Arrivals()
    with tempfile.TemporaryDirectory() as tmp, receivers(arrivals) as (smtp_port, hook_url):
        settings = BackofficeSettings(
            database_url=f"sqlite:///{Path(tmp) / 'backoffice.db'}",
            public_url="http://backoffice.test",
            jobs={"rules_every_seconds": 60},
            notify={"smtp_host": "127.0.0.1", "smtp_port": smtp_port, "webhook_secret": "x" * 32},
        )
        token = setup(settings, hook_url)
        contact = Contact(id=1, name="Anna", email="anna@example.test", webhook_url=hook_url)
        message = Message(
            1,
            "byn-1",
            "door_forced",
            "critical",
            "AKUT Byn: Dörren bröts upp",
            "Byn, 09:00: Dörren bröts upp",
            "http://backoffice.test/ack/x",
        )
        path: list[float] = []
        floor: list[float] = []
        with served(settings) as url, httpx.Client(base_url=url) as client:
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            for run in range(1, RUNS + 1):
                alert = wire.Alert(
                    alert_id=uuid.uuid4(),
                    occurred_at=datetime.now(UTC),
                    category=wire.AlertCategory.DOOR_FORCED,
                    severity=wire.Severity.CRITICAL,
                    message="Dörren bröts upp",
                )
                batch = wire.PushBatch(
                    protocol=wire.PROTOCOL_VERSION,
                    store_id="byn-1",
                    entries=(
                        wire.OutboxEntry(seq=run, created_at=alert.occurred_at, payload=alert),
                    ),
                )
                start = time.perf_counter()
                answer = client.post(
                    "/api/sync/v1/push", content=batch.model_dump_json(), headers=headers
                )
                answer.raise_for_status()
                arrivals.wait(2 * run - 1)
                path.append(time.perf_counter() - start)
                start = time.perf_counter()
                send_email(settings.notify, contact, message)
                send_webhook(settings.notify, contact, message)
                arrivals.wait(2 * run)
                floor.append(time.perf_counter() - start)
                [case] = client.get("/api/alerts", headers=ADMIN).json()["alerts"]
                client.post(
                    f"/api/alerts/{case['id']}/resolve", json={"by": "bench"}, headers=ADMIN
                )
    p50, p99 = statistics.median(path), pct(path, 0.99)
    f50, f99 = statistics.median(floor), pct(floor, 0.99)
    bound = 2 * f99 + HEARTBEAT_S
    print(f"alert -> e-mail + webhook, {RUNS} runs (ms):")
    print(f"  path   p50 {p50 * 1000:8.1f}   p99 {p99 * 1000:8.1f}")
    print(f"  floor  p50 {f50 * 1000:8.1f}   p99 {f99 * 1000:8.1f}   (direct send, same servers)")
    print(f"  ratio  p50 {p50 / f50:8.2f}x  p99 {p99 / f99:8.2f}x")
    print(
        f"  goal p99 < {GOAL_P99_S:.0f} s: {'met' if p99 < GOAL_P99_S else 'MISSED'}; "
        f"p99 <= 2x floor + heartbeat ({bound:.1f} s): {'met' if p99 <= bound else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
