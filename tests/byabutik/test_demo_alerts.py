"""The demo's alert path with its real processes: the mail catcher (aiosmtpd + its page and
webhook receiver), the backoffice and the store's controller, started and wired as `byabutik demo`
does. Forcing the simulated door reaches the volunteer on watch: an e-mail with the acknowledge
link in the catcher and a signed webhook at its receiver; the simulated hardware's thermometers
warm and cool and its network cable pulls."""

from __future__ import annotations

import smtplib
import socket
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest

from byabutik.demo import backoffice, controller, enroll
from byabutik.demo_data import DEMO_VOLUNTEER_EMAIL, Ports, prepare
from byabutik.supervisor import Part, byabutik_command, start_healthy, stop
from tests.waits import WAIT_S

pytestmark = pytest.mark.timeout(180)
HOST = "127.0.0.1"


def free_ports(n: int) -> list[int]:
    socks = [socket.socket() for _ in range(n)]
    try:
        for sock in socks:
            sock.bind((HOST, 0))
        return [int(sock.getsockname()[1]) for sock in socks]
    finally:
        for sock in socks:
            sock.close()


def mail_catcher(ports: Ports) -> Part:
    return Part(
        "mail catcher",
        byabutik_command(
            *("simulate", "mail", "--host", HOST),
            *("--smtp-port", str(ports.mail_smtp), "--http-port", str(ports.mail_http)),
        ),
        f"http://{HOST}:{ports.mail_http}/healthz",
        f"http://{HOST}:{ports.mail_http}/",
    )


@pytest.fixture
def ports() -> Ports:
    names = list(Ports.__dataclass_fields__)
    return Ports(**dict(zip(names, free_ports(len(names)), strict=True)))


@pytest.fixture
def catcher(ports: Ports) -> Iterator[httpx.Client]:
    part = mail_catcher(ports)
    try:
        start_healthy([part])
        with httpx.Client(base_url=f"http://{HOST}:{ports.mail_http}", timeout=WAIT_S) as client:
            yield client
    finally:
        stop([part])


def wait_for(client: httpx.Client, path: str, timeout_s: float = WAIT_S) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if caught := client.get(path).json():
            return list(caught)
        time.sleep(0.2)
    raise AssertionError(f"nothing at {path} within {timeout_s} s")


def test_the_catcher_keeps_mail_and_webhooks_and_shows_them(
    catcher: httpx.Client, ports: Ports
) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@b.se", "c@d.se", "Dörren bruten"
    message.set_content("Kvittera: http://example.invalid/ack/abc<script>")
    with smtplib.SMTP(HOST, ports.mail_smtp, timeout=WAIT_S) as smtp:
        smtp.send_message(message)
    hook = catcher.post(
        "/webhook", content=b'{"kind":"door_forced"}', headers={"X-Byabutik-Signature": "sha256=ab"}
    )
    assert hook.status_code == 204
    [mail] = wait_for(catcher, "/messages")
    assert (mail["subject"], mail["rcpt_to"]) == ("Dörren bruten", ["c@d.se"])
    [caught] = catcher.get("/webhooks").json()
    assert caught["signature"] == "sha256=ab"
    assert "door_forced" in caught["body"]
    page = catcher.get("/").text
    assert '<a href="http://example.invalid/ack/abc&lt;script&gt;">' in page  # escaped, clickable
    assert "<script>" not in page
    assert "Caught mail" in catcher.get("/?lang=en").text


def test_a_forced_door_in_the_demo_reaches_the_volunteer_by_mail_and_webhook(
    tmp_path: Path, ports: Ports, catcher: httpx.Client
) -> None:
    data = prepare(tmp_path / "demo", HOST, ports)
    parts = [backoffice(data, HOST, ports)]
    try:
        start_healthy(parts)
        enroll(data, f"http://{HOST}:{ports.backoffice}")
        parts.append(store := controller(data, HOST, ports))
        start_healthy([store])
        with httpx.Client(base_url=f"http://{HOST}:{ports.controller}", timeout=WAIT_S) as door:
            hardware = door.get("/sim/door/hardware").json()
            assert {t["name"] for t in hardware["thermometers"]} == {"kyl", "frys"}
            warmed = door.post("/sim/door/thermometer/frys/warm").json()
            frys = next(t for t in warmed["thermometers"] if t["name"] == "frys")
            assert (frys["celsius"], frys["max_celsius"]) == (-14.0, -15.0)
            assert door.post("/sim/door/thermometer/frys/cool").status_code == 200
            assert door.post("/sim/door/thermometer/nosuch/warm").status_code == 404
            assert door.post("/sim/door/cable/pull").json()["cable"] == "pulled"
            assert door.post("/sim/door/cable/plug").json()["cable"] == "plugged"
            assert door.post("/sim/door/open").status_code == 204  # locked: forced
        mails = wait_for(catcher, "/messages")
        [mail] = [m for m in mails if m["rcpt_to"] == [DEMO_VOLUNTEER_EMAIL]]
        assert f"http://{HOST}:{ports.backoffice}/ack/" in mail["body"]
        [hook] = wait_for(catcher, "/webhooks")
        assert hook["signature"].startswith("sha256=")
        assert "door" in hook["body"]
    finally:
        stop(parts)
