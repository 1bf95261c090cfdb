"""The installable app and Web Push from a phone, server side: the manifest and its icons, the
service worker at the root, the VAPID key (made at run time, private, refused in production
when missing), a subscription posted as the browser's PushManager gives it, stored for the
person, and an alert pushed to that phone (decrypted by a local push endpoint)."""

from __future__ import annotations

import base64
import io
import json
import os
import secrets
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi.testclient import TestClient
from PIL import Image
from pydantic import SecretStr
from sqlalchemy import select

from backoffice.alerts.models import AlertCase
from backoffice.audit.models import AuditRecord
from backoffice.notify.config import NotifySettings
from backoffice.notify.deliver import deliver
from backoffice.notify.models import Contact, Delivery, PushSubscription
from backoffice.notify.planner import notify
from backoffice.notify.vapid import make_key_file, public_key
from backoffice.settings import BackofficeSettings
from backoffice.signin.config import BankIdSignInSettings
from byabutik.runtime.settings import SettingsError
from tests.backoffice.notify.servers import Receiver, http_receiver
from tests.backoffice.world import Clock, World, build, sign_in
from tests.store_controller.sync.harness import running_backoffice


@dataclass
class Phone:
    """What a browser keeps for one push subscription: its key pair and auth secret."""

    key: ec.EllipticCurvePrivateKey
    auth: bytes
    endpoint: str

    def subscription(self) -> dict[str, Any]:
        point = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": b64(point), "auth": b64(self.auth)},
        }

    def read(self, body: bytes) -> dict[str, Any]:
        plain = http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth)
        return dict(json.loads(plain))


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def new_phone(url: str) -> Phone:
    return Phone(ec.generate_private_key(ec.SECP256R1()), os.urandom(16), url)


@pytest.fixture
def hooks() -> Iterator[Receiver]:
    with http_receiver() as made:
        yield made


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    clock = Clock()
    url = f"sqlite:///{tmp_path / 'bo.db'}"
    with running_backoffice(
        url, clock=clock, data_dir=tmp_path / "data", public_url="http://bo.test"
    ) as backoffice:
        yield build(backoffice, clock)


def browser(world: World, who: str) -> tuple[TestClient, str]:
    client = TestClient(world.backoffice.app, headers={"User-Agent": "Mozilla/5.0 (Linux; "
                        "Android 14) Chrome/126.0 Mobile Safari/537.36"})  # fmt: skip
    status, _ = sign_in(client, world.emails[who])
    assert status == 303
    page = client.get("/account")
    csrf = page.text.split('data-csrf="')[1].split('"')[0]
    return client, csrf


def test_the_app_installs_from_its_manifest_with_icons_made_at_run_time(world: World) -> None:
    client = TestClient(world.backoffice.app)
    answer = client.get("/manifest.webmanifest")
    assert answer.headers["content-type"].startswith("application/manifest+json")
    manifest = answer.json()
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["lang"] == "sv"
    assert "larm" in manifest["name"]
    sizes = set()
    for icon in manifest["icons"]:
        got = client.get(icon["src"])
        assert got.status_code == 200
        assert got.headers["content-type"].startswith(icon["type"])
        if icon["type"] == "image/png":
            image = Image.open(io.BytesIO(got.content))
            assert f"{image.width}x{image.height}" == icon["sizes"]
            sizes.add(image.width)
    assert {192, 512} <= sizes
    assert client.get("/icons/100.png").status_code == 404
    page = client.get("/signin")
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page.text
    assert '<script src="/assets/push.js" defer></script>' in page.text


def test_the_service_worker_is_served_at_the_root_and_shows_the_ack_link(world: World) -> None:
    answer = TestClient(world.backoffice.app).get("/sw.js")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/javascript")
    assert answer.headers["service-worker-allowed"] == "/"
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert "showNotification" in answer.text
    assert "ack_url" in answer.text
    assert "openWindow" in answer.text


def test_dev_makes_a_private_vapid_key_and_the_page_gets_its_public_half(
    world: World, tmp_path: Path
) -> None:
    client, _csrf = browser(world, "volunteer")
    key_file = tmp_path / "data" / "vapid_private.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    page = client.get("/account")
    assert f'data-key="{public_key(key_file)}"' in page.text
    assert len(base64.urlsafe_b64decode(public_key(key_file) + "=")) == 65
    assert "Larm till den här telefonen" in page.text


def production(key: Path) -> BackofficeSettings:
    identity = key.parent / "identity.key"  # production also needs the stores' identity key
    if not identity.exists():
        identity.write_bytes(secrets.token_bytes(32).hex().encode())
        identity.chmod(0o600)
    return BackofficeSettings(
        mode="production",
        secret_key=SecretStr(secrets.token_urlsafe(32)),
        notify=NotifySettings(vapid_private_key_file=key),
        bankid=BankIdSignInSettings(identity_key_file=identity),
    )


def test_production_refuses_a_missing_or_shared_vapid_key_by_its_setting(tmp_path: Path) -> None:
    missing = tmp_path / "none.pem"
    with pytest.raises(SettingsError) as refused:
        production(missing)
    assert "notify.vapid_private_key_file" in str(refused.value)
    assert "BYABUTIK_BACKOFFICE_NOTIFY__VAPID_PRIVATE_KEY_FILE" in str(refused.value)
    shared = tmp_path / "shared.pem"
    make_key_file(shared)
    shared.chmod(0o644)
    with pytest.raises(SettingsError, match="read by others"):
        production(shared)
    good = tmp_path / "good.pem"
    make_key_file(good)
    with pytest.raises(FileExistsError):
        make_key_file(good)  # a key is never overwritten
    settings = production(good)
    assert settings.notify.vapid_private_key_file == good


def test_a_phone_subscribes_and_the_alert_reaches_it_encrypted(
    world: World, hooks: Receiver
) -> None:
    client, csrf = browser(world, "volunteer")
    phone = new_phone(f"{hooks.url}/push/volunteer-phone")
    refused = client.post("/account/push", json=phone.subscription())
    assert refused.status_code == 403, "no CSRF token, no subscription"
    answer = client.post("/account/push", json=phone.subscription(), headers={"X-CSRF-Token": csrf})
    assert answer.status_code == 201, answer.text
    assert answer.json()["device"] == "Chrome på Android"
    page = client.get("/account")
    assert "Chrome på Android" in page.text
    sessions = world.backoffice.sessions
    with sessions.begin() as session:
        person_id = session.scalars(select(PushSubscription.person_id)).one()
        audit = session.scalars(
            select(AuditRecord.action).where(AuditRecord.action == "push.subscribe")
        ).all()
        assert audit == ["push.subscribe"]
        session.add(
            Contact(
                store_id=1, person_id=person_id, name="volunteer", channels="push",
                severities="critical,warning,info",
            )
        )  # fmt: skip
        case = session.scalars(select(AlertCase)).one()
        [planned] = notify(session, case, world.clock.now, stage=0)
        assert planned.channel == "push"
        delivery_id = planned.id
    settings = world.backoffice.app.state.settings
    assert deliver(sessions, settings, world.clock, delivery_id) == "sent"
    [request] = hooks.requests
    assert request.path == "/push/volunteer-phone"
    assert request.headers["authorization"].startswith("vapid t=")
    shown = phone.read(request.body)
    assert shown["title"].endswith("Butiken svarar inte")
    assert shown["ack_url"].startswith("http://bo.test/ack/")


def test_a_phone_unsubscribes_and_a_bad_subscription_is_refused(
    world: World, hooks: Receiver
) -> None:
    client, csrf = browser(world, "volunteer")
    headers = {"X-CSRF-Token": csrf}
    phone = new_phone(f"{hooks.url}/push/p")
    bad = phone.subscription()
    bad["keys"]["auth"] = b64(b"short")
    answer = client.post("/account/push", json=bad, headers=headers)
    assert answer.status_code == 422
    assert "keys.auth" in answer.text
    ftp = {**phone.subscription(), "endpoint": "ftp://push.example/x"}
    assert client.post("/account/push", json=ftp, headers=headers).status_code == 400
    assert client.post("/account/push", json=phone.subscription(), headers=headers).is_success
    # another person cannot remove this phone
    other, other_csrf = browser(world, "owner")
    with world.backoffice.sessions() as session:
        phone_id = session.scalars(select(PushSubscription.id)).one()
    gone = other.post(f"/account/push/{phone_id}/remove", data={"csrf_token": other_csrf})
    assert gone.status_code == 404
    removed = client.post(
        "/account/push/remove", json={"endpoint": phone.endpoint}, headers=headers
    )
    assert removed.json() == {"removed": True}
    with world.backoffice.sessions() as session:
        assert session.scalars(select(PushSubscription)).all() == []
        assert session.scalars(select(Delivery)).all() == []
