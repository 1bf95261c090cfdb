"""The person's own alert settings per store (`/account/alerts`, kept as their contact by
`person_id`) and the owners' rota page (`/stores/{slug}/rota`): forms with CSRF, bad input
shown back with nothing saved, every change audited, who is on watch now."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.audit.models import AuditRecord
from backoffice.notify.models import Contact, OnCallException, OnCallShift
from backoffice.notify.rota import on_watch
from tests.backoffice.world import Clock, World, build, sign_in
from tests.store_controller.sync.harness import running_backoffice

WATCHING = 'data-testid="watching">'


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    clock = Clock()  # Monday 4 May 2026, 10:00 in Sweden
    url = f"sqlite:///{tmp_path / 'bo.db'}"
    with running_backoffice(url, clock=clock, data_dir=tmp_path / "data") as backoffice:
        yield build(backoffice, clock)


def browser(world: World, who: str) -> tuple[TestClient, str]:
    client = TestClient(world.backoffice.app)
    assert sign_in(client, world.emails[who])[0] == 303
    page = client.get("/account/alerts")
    assert page.status_code == 200
    return client, page.text.split('name="csrf_token" value="')[1].split('"')[0]


def audits(world: World, prefix: str) -> list[AuditRecord]:
    with world.backoffice.sessions() as session:
        query = select(AuditRecord).where(AuditRecord.action.startswith(prefix))
        return list(session.scalars(query.order_by(AuditRecord.id)))


def settings(csrf: str, **changes: object) -> dict[str, object]:
    form: dict[str, object] = {
        "csrf_token": csrf,
        "active": "on",
        "severities": ["critical", "warning"],
        "channels": ["email", "sms"],
        "email": "vera@example.org",
        "phone": "+46 701234567",
        "ntfy_topic": "",
        "quiet_from": "22:00",
        "quiet_until": "07:00",
    }
    return {**form, **changes}


def test_a_volunteer_chooses_severities_channels_and_quiet_hours_per_store(world: World) -> None:
    client, csrf = browser(world, "volunteer")
    page = client.get("/account/alerts").text
    assert "A ett" in page
    assert "A två" not in page
    assert 'href="/account/alerts"' in page  # in the navigation

    refused = client.post("/account/alerts/a-1", data=settings(csrf, phone=""))
    assert refused.status_code == 400
    assert "sms: fyll i phone" in refused.text
    assert 'value="vera@example.org"' in refused.text  # what was typed is kept
    assert (
        client.post("/account/alerts/a-1", data=settings(csrf, quiet_until="")).status_code == 400
    )
    without_token = client.post("/account/alerts/a-1", data=settings(""))
    assert without_token.status_code == 403
    with world.backoffice.sessions() as session:
        assert session.scalars(select(Contact)).all() == []

    saved = client.post("/account/alerts/a-1", data=settings(csrf), follow_redirects=False)
    assert saved.status_code == 303
    assert client.get(saved.headers["location"]).text.count("Sparat.") == 1
    again = settings(
        csrf, severities=["critical"], channels=["email"], quiet_from="", quiet_until=""
    )
    assert client.post("/account/alerts/a-1", data=again).status_code == 200

    with world.backoffice.sessions() as session:
        (contact,) = session.scalars(select(Contact)).all()  # one contact, updated
        assert contact.person_id is not None
        assert contact.name == "volunteer"
        assert (contact.severities, contact.channels) == ("critical", "email")
        assert contact.phone == "+46701234567"
        assert contact.quiet_from is None
        assert contact.active
    first, second = audits(world, "contact.self")
    assert first.before is None
    assert json.loads(first.after or "")["quiet_from"] == "22:00:00"
    assert json.loads(second.before or "")["channels"] == "email,sms"

    client.cookies.set("byabutik_lang", "en")
    english = client.get("/account/alerts").text
    assert "Which alerts" in english
    assert "Quiet hours" in english
    bookkeeper, token = browser(world, "bookkeeper")
    assert bookkeeper.post("/account/alerts/a-1", data=settings(token)).status_code == 403


def test_an_owner_sets_the_weekly_rota_and_an_exception_and_sees_who_is_on_watch(
    world: World,
) -> None:
    volunteer, vcsrf = browser(world, "volunteer")
    owner, csrf = browser(world, "owner")
    for client, token in ((volunteer, vcsrf), (owner, csrf)):
        assert client.post("/account/alerts/a-1", data=settings(token)).status_code == 200
    with world.backoffice.sessions() as session:
        ids = {c.name: c.id for c in session.scalars(select(Contact))}

    page = owner.get("/stores/a-1/rota").text
    assert "Ingen har jouren nu" in page
    shift = {
        "csrf_token": csrf,
        "contact_id": ids["volunteer"],
        "weekday": 0,
        "starts": "08:00",
        "ends": "12:00",
    }
    assert owner.post("/stores/a-1/rota/shifts", data=shift).status_code == 200
    page = owner.get("/stores/a-1/rota").text
    assert "Måndag" in page
    assert "08:00–12:00" in page
    assert WATCHING + "volunteer<" in page

    bad = owner.post("/stores/a-1/rota/shifts", data={**shift, "starts": "25:00"})
    assert bad.status_code == 400
    assert 'role="alert"' in bad.text
    assert (
        volunteer.post("/stores/a-1/rota/shifts", data={**shift, "csrf_token": vcsrf}).status_code
        == 403
    )
    assert "I tjänst nu" in volunteer.get("/stores/a-1/rota").text  # volunteers see it

    exception = {
        "csrf_token": csrf,
        "contact_id": ids["owner"],
        "starts_at": "2026-05-04T09:30",
        "ends_at": "2026-05-04T11:00",
    }
    assert owner.post("/stores/a-1/rota/exceptions", data=exception).status_code == 200
    backwards = owner.post(
        "/stores/a-1/rota/exceptions", data={**exception, "ends_at": "2026-05-04T09:00"}
    )
    assert backwards.status_code == 400
    with world.backoffice.sessions() as session:
        watching = on_watch(session, 1, world.clock.now)
        assert watching is not None
        assert watching.name == "owner"

        (exc_row,) = session.scalars(select(OnCallException)).all()
        (shift_row,) = session.scalars(select(OnCallShift)).all()
        assert shift_row.starts == time(8)
        assert shift_row.weekday == 0
    assert WATCHING + "owner<" in owner.get("/stores/a-1/rota").text
    removed = {"csrf_token": csrf, "exception_id": exc_row.id}
    assert owner.post("/stores/a-1/rota/exceptions/remove", data=removed).status_code == 200
    assert WATCHING + "volunteer<" in owner.get("/stores/a-1/rota").text
    gone = {"csrf_token": csrf, "shift_id": shift_row.id}
    assert owner.post("/stores/a-1/rota/shifts/remove", data=gone).status_code == 200
    assert "Inga pass ännu." in owner.get("/stores/a-1/rota").text
    actions = [a.action for a in audits(world, "rota.")]
    assert actions == [
        "rota.shift.add",
        "rota.exception.add",
        "rota.exception.remove",
        "rota.shift.remove",
    ]
    assert owner.get("/stores/b-1/rota").status_code == 404
