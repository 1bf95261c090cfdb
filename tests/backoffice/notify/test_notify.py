"""From a store's alert to a volunteer's phone: who is told, through which channel, escalation
when nobody answers, quiet hours, rota exceptions, retries; the one-tap acknowledge link."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
from datetime import time, timedelta
from pathlib import Path
from urllib.parse import parse_qs

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.notify.models import Contact, DeliveryAttempt, OnCallException
from backoffice.settings import BackofficeSettings
from retail import wire
from store_controller.core.clock import ManualClock
from tests.backoffice.alerts.conftest import Store, report
from tests.backoffice.alerts.test_lifecycle import alerts
from tests.backoffice.notify.conftest import WEBHOOK_SECRET, People, deliveries, tick
from tests.backoffice.notify.servers import Mailbox, Receiver
from tests.store_controller.sync.harness import Backoffice

FORCED = wire.AlertCategory.DOOR_FORCED


def forced(store: Store) -> None:
    store.push(
        [report(FORCED, wire.Severity.CRITICAL, at=store.clock.now(), message="Dörren bröts upp")]
    )


def recipients(mailbox: Mailbox) -> list[str]:
    return [str(m["To"]) for m in mailbox.messages]


def ack_link(mailbox: Mailbox) -> str:
    body = mailbox.messages[-1].get_payload(decode=True)
    assert isinstance(body, bytes)
    found = re.search(r"http://backoffice\.test(/ack/\S+)", body.decode())
    assert found, body
    return found.group(1)


def test_a_forced_door_reaches_the_one_on_watch_and_the_link_acknowledges_it(
    client: TestClient,
    backoffice: Backoffice,
    settings: BackofficeSettings,
    clock: ManualClock,
    store: Store,
    people: People,
    mail: tuple[Mailbox, int],
) -> None:
    forced(store)
    tick(backoffice, settings, clock)
    mailbox = mail[0]
    assert recipients(mailbox) == ["anna@example.test"]
    assert mailbox.messages[0]["Subject"] == "AKUT Byn-1: Dörren bröts upp"
    link = ack_link(mailbox)
    shown = client.get(link, headers={"Authorization": ""})
    assert shown.status_code == 200
    assert "Jag tar det" in shown.text
    assert alerts(client)[0]["status"] == "open", "opening the link changes nothing"
    done = client.post(link, headers={"Authorization": ""})
    assert done.status_code == 200
    [acked] = alerts(client)
    assert (acked["status"], acked["acknowledged_by"]) == ("acknowledged", "Anna")
    assert client.post(link).status_code == 410, "a link works once"
    forged = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
    assert client.post(forged).status_code == 404
    [sent] = deliveries(backoffice)
    assert (sent.status, sent.attempts, sent.channel) == ("sent", 1, "email")


def test_an_expired_link_acknowledges_nothing(
    client: TestClient,
    backoffice: Backoffice,
    settings: BackofficeSettings,
    clock: ManualClock,
    store: Store,
    people: People,
    mail: tuple[Mailbox, int],
) -> None:
    forced(store)
    tick(backoffice, settings, clock)
    link = ack_link(mail[0])
    clock.advance(25 * 3600)
    assert client.post(link).status_code == 410
    assert alerts(client)[0]["status"] == "open"


def test_nobody_answers_so_it_escalates_to_the_next_person_then_everyone(
    client: TestClient,
    backoffice: Backoffice,
    settings: BackofficeSettings,
    clock: ManualClock,
    store: Store,
    people: People,
    mail: tuple[Mailbox, int],
    hooks: Receiver,
) -> None:
    forced(store)
    tick(backoffice, settings, clock)
    clock.advance(4 * 60 + 59)
    store.heartbeat()
    tick(backoffice, settings, clock)
    assert recipients(mail[0]) == ["anna@example.test"]
    clock.advance(1)
    tick(backoffice, settings, clock)
    assert recipients(mail[0]) == ["anna@example.test", "bo@example.test"]
    assert len(hooks.requests) == 1, "Bo's webhook too"
    clock.advance(300)
    store.heartbeat()
    tick(backoffice, settings, clock)
    assert sorted(recipients(mail[0])) == sorted(
        ["anna@example.test", "bo@example.test", "cilla@example.test"]
    )
    history = client.get(f"/api/alerts/{alerts(client)[0]['id']}").json()["history"]
    assert [e["action"] for e in history] == ["raised", "notified", "escalated", "escalated"]


def test_an_acknowledged_alert_does_not_escalate(
    client: TestClient,
    backoffice: Backoffice,
    settings: BackofficeSettings,
    clock: ManualClock,
    store: Store,
    people: People,
    mail: tuple[Mailbox, int],
) -> None:
    forced(store)
    tick(backoffice, settings, clock)
    client.post(ack_link(mail[0]))
    clock.advance(30 * 60)
    store.heartbeat()
    tick(backoffice, settings, clock)
    assert recipients(mail[0]) == ["anna@example.test"]


def test_quiet_hours_hold_back_a_warning_but_not_a_critical_alert(
    backoffice: Backoffice,
    settings: BackofficeSettings,
    clock: ManualClock,
    store: Store,
    people: People,
    mail: tuple[Mailbox, int],
) -> None:
    with backoffice.sessions.begin() as session:
        anna = session.get(Contact, people.anna)
        assert anna is not None
        anna.quiet_from, anna.quiet_until = time(8), time(10)  # it is 09:00 in Sweden
    store.push([report(wire.AlertCategory.DOOR_HELD_OPEN, at=clock.now())])
    tick(backoffice, settings, clock)
    assert recipients(mail[0]) == []
    forced(store)
    tick(backoffice, settings, clock)
    assert recipients(mail[0]) == ["anna@example.test"]


def test_a_rota_exception_puts_someone_else_on_watch(
    backoffice: Backoffice,
    settings: BackofficeSettings,
    clock: ManualClock,
    store: Store,
    people: People,
    mail: tuple[Mailbox, int],
) -> None:
    with backoffice.sessions.begin() as session:
        session.add(
            OnCallException(
                store_id=1,
                contact_id=people.cilla,
                starts_at=clock.now() - timedelta(hours=1),
                ends_at=clock.now() + timedelta(hours=1),
            )
        )
    forced(store)
    tick(backoffice, settings, clock)
    assert recipients(mail[0]) == ["cilla@example.test"]


def test_outside_every_shift_everyone_is_told(
    backoffice: Backoffice,
    settings: BackofficeSettings,
    clock: ManualClock,
    store: Store,
    people: People,
    mail: tuple[Mailbox, int],
) -> None:
    clock.advance(12 * 3600)  # 21:00 on Saturday: after Anna's shift
    forced(store)
    tick(backoffice, settings, clock)
    assert len(recipients(mail[0])) == 3


def test_a_failing_webhook_is_retried_with_backoff_and_every_attempt_recorded(
    backoffice: Backoffice,
    settings: BackofficeSettings,
    clock: ManualClock,
    store: Store,
    people: People,
    hooks: Receiver,
) -> None:
    with backoffice.sessions.begin() as session:
        for person in (people.anna, people.cilla):
            row = session.get(Contact, person)
            assert row is not None
            row.active = False
    hooks.fail_next = 2
    forced(store)
    tick(backoffice, settings, clock)
    [_, hook] = deliveries(backoffice)
    assert (hook.channel, hook.status, hook.attempts) == ("webhook", "pending", 1)
    assert hook.next_attempt_at == clock.now() + timedelta(seconds=15)
    clock.advance(14)
    tick(backoffice, settings, clock)
    assert deliveries(backoffice)[1].attempts == 1, "not due yet"
    clock.advance(1)
    tick(backoffice, settings, clock)
    assert deliveries(backoffice)[1].next_attempt_at == clock.now() + timedelta(seconds=30)
    clock.advance(30)
    tick(backoffice, settings, clock)
    sent = deliveries(backoffice)[1]
    assert (sent.status, sent.attempts) == ("sent", 3)
    with backoffice.sessions() as session:
        tried = session.scalars(
            select(DeliveryAttempt).where(DeliveryAttempt.delivery_id == sent.id)
        ).all()
    assert [(a.ok, a.detail[:8]) for a in tried] == [
        (False, "HTTP 503"),
        (False, "HTTP 503"),
        (True, "accepted"),
    ]
    [request] = hooks.requests
    signature = hmac.new(WEBHOOK_SECRET.encode(), request.body, hashlib.sha256).hexdigest()
    assert request.headers["x-byabutik-signature"] == f"sha256={signature}"
    body = json.loads(request.body)
    assert (body["store"], body["kind"], body["severity"]) == ("byn-1", "door_forced", "critical")
    assert body["ack_url"].startswith("http://backoffice.test/ack/")


def test_sms_goes_through_the_http_gateway(
    backoffice: Backoffice,
    settings: BackofficeSettings,
    clock: ManualClock,
    store: Store,
    hooks: Receiver,
) -> None:
    with backoffice.sessions.begin() as session:
        session.add(
            Contact(
                store_id=1,
                name="Dag",
                phone="+46701234567",
                channels="sms",
                severities="critical",
            )
        )
    forced(store)
    tick(backoffice, settings, clock)
    [request] = hooks.requests
    assert request.path == "/a1/sms"
    assert request.headers["authorization"].startswith("Basic ")
    form = parse_qs(request.body.decode())
    assert form["to"] == ["+46701234567"]
    assert form["from"] == ["Byabutik"]
    assert "Dörren bröts upp" in form["message"][0]
    assert "http://backoffice.test/ack/" in form["message"][0]


def test_ntfy_gets_the_topic_title_and_priority(
    backoffice: Backoffice,
    settings: BackofficeSettings,
    clock: ManualClock,
    store: Store,
    hooks: Receiver,
) -> None:
    with backoffice.sessions.begin() as session:
        session.add(
            Contact(
                store_id=1,
                name="Eva",
                ntfy_topic="byn-larm",
                channels="ntfy",
                severities="critical",
            )
        )
    forced(store)
    tick(backoffice, settings, clock)
    [request] = hooks.requests
    body = json.loads(request.body)
    assert (body["topic"], body["title"]) == ("byn-larm", "AKUT Byn-1: Dörren bröts upp")
    assert request.headers["x-priority"] == "max"
    assert request.headers["x-click"].startswith("http://backoffice.test/ack/")
    assert "x-icon" not in request.headers, "no icon fetched from the internet"
    assert deliveries(backoffice)[0].status == "sent"


def test_web_push_reaches_the_phone_encrypted_and_signed(
    tmp_path: Path,
    backoffice: Backoffice,
    settings: BackofficeSettings,
    clock: ManualClock,
    store: Store,
    hooks: Receiver,
) -> None:
    vapid = ec.generate_private_key(ec.SECP256R1())
    key_file = tmp_path / "vapid.pem"
    key_file.write_bytes(
        vapid.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    phone = ec.generate_private_key(ec.SECP256R1())
    auth = os.urandom(16)
    public = phone.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    subscription = {
        "endpoint": f"{hooks.url}/push/phone-1",
        "keys": {
            "p256dh": base64.urlsafe_b64encode(public).decode().rstrip("="),
            "auth": base64.urlsafe_b64encode(auth).decode().rstrip("="),
        },
    }
    with backoffice.sessions.begin() as session:
        session.add(
            Contact(
                store_id=1,
                name="Fia",
                push_subscription=subscription,
                channels="push",
                severities="critical",
            )
        )
    notify = settings.notify.model_copy(update={"vapid_private_key_file": key_file})
    forced(store)
    tick(backoffice, settings.model_copy(update={"notify": notify}), clock)
    [request] = hooks.requests
    assert request.path == "/push/phone-1"
    assert request.headers["content-encoding"] == "aes128gcm"
    assert request.headers["authorization"].startswith("vapid t=")
    plain = http_ece.decrypt(request.body, private_key=phone, auth_secret=auth, version="aes128gcm")
    shown = json.loads(plain)
    assert shown["title"] == "AKUT Byn-1: Dörren bröts upp"
    assert shown["ack_url"].startswith("http://backoffice.test/ack/")
