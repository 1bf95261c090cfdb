"""Invitations and password resets by e-mail, against the real app and a real SMTP server
(aiosmtpd): the link works once, expires, and the reset answers alike for unknown addresses."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.audit.models import AuditRecord
from backoffice.mail.config import MailSettings
from backoffice.people.models import Person
from tests.backoffice.notify.servers import Mailbox, smtp_server
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import PASSWORD, Clock, World, build, sign_in
from tests.store_controller.sync.harness import running_backoffice

NEW_PASSWORD = "ett helt nytt lösenord 7"


@pytest.fixture
def mailed(database_url: str) -> Iterator[tuple[World, Mailbox]]:
    clock = Clock()
    with smtp_server() as (box, port):
        mail = MailSettings(host="127.0.0.1", port=port, tls="none", sender="bo@example.org")
        with running_backoffice(
            database_url, clock=clock, mail=mail, public_url="http://bo.test"
        ) as backoffice:
            yield build(backoffice, clock), box


def link_in(box: Mailbox, to: str) -> str:
    mail = next(m for m in reversed(box.messages) if m["To"] == to)
    body = mail.get_content()
    found = re.search(r"http://bo\.test(/(?:invite|reset)/[\w-]+)", body)
    assert found, body
    return found.group(1)


def form_token(page_text: str) -> str:
    return page_text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def actions(world: World) -> list[str]:
    with world.backoffice.sessions() as session:
        return list(session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


def test_an_invited_volunteer_sets_a_password_once_and_is_signed_in(
    mailed: tuple[World, Mailbox],
) -> None:
    world, box = mailed
    with TestClient(world.backoffice.app) as admin:
        sign_in(admin, world.emails["admin"])
        answer = admin.post(
            "/people/invite",
            data={
                "csrf_token": csrf(admin),
                "email": "Ny@Example.org",
                "name": "Nya Volontären",
                "roles": ["volunteer@a-1"],
            },
        )
        assert answer.status_code == 200
        assert "Inbjudan skickad" in answer.text
    mail = box.messages[-1]
    assert mail["From"] == "bo@example.org"
    path = link_in(box, "ny@example.org")
    with TestClient(world.backoffice.app) as guest:
        page = guest.get(path)
        assert page.status_code == 200
        assert "ny@example.org" in page.text
        weak = guest.post(path, data={"csrf_token": form_token(page.text), "password": "kort"})
        assert weak.status_code == 400
        forged = guest.post(path, data={"password": NEW_PASSWORD}, follow_redirects=False)
        assert forged.status_code == 403
        done = guest.post(
            path,
            data={"csrf_token": form_token(weak.text), "password": NEW_PASSWORD},
            follow_redirects=False,
        )
        assert (done.status_code, done.headers["location"]) == (303, "/account")
        account = guest.get("/account")
        assert "Tvåstegsverifiering" in account.text  # TOTP is offered
        home = guest.get("/")
        assert "A ett" in home.text
        assert "A två" not in home.text  # the volunteer's one store only
    with TestClient(world.backoffice.app) as again:
        assert again.get(path).status_code == 410  # works once
        assert sign_in(again, "ny@example.org", NEW_PASSWORD) == (303, "/")
    assert {"person.create", "person.invite", "person.invite_accepted"} <= set(actions(world))


def test_an_invitation_expires(mailed: tuple[World, Mailbox]) -> None:
    world, box = mailed
    with TestClient(world.backoffice.app) as admin:
        sign_in(admin, world.emails["admin"])
        admin.post(
            "/people/invite",
            data={"csrf_token": csrf(admin), "email": "sen@example.org", "roles": []},
        )
    path = link_in(box, "sen@example.org")
    world.clock.advance(days=7, seconds=1)
    with TestClient(world.backoffice.app) as guest:
        assert guest.get(path).status_code == 410
        assert sign_in(guest, "sen@example.org", NEW_PASSWORD)[0] == 401


def test_only_an_admin_invites(mailed: tuple[World, Mailbox]) -> None:
    world, box = mailed
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        answer = owner.post(
            "/people/invite", data={"csrf_token": csrf(owner), "email": "x@example.org"}
        )
        assert answer.status_code == 403
    assert box.messages == []


def test_a_reset_link_works_once_expires_and_unknown_addresses_get_the_same_answer(
    mailed: tuple[World, Mailbox],
) -> None:
    world, box = mailed
    owner = world.emails["owner"]
    with TestClient(world.backoffice.app) as signed_in:
        sign_in(signed_in, owner)
        with TestClient(world.backoffice.app) as guest:
            answers = []
            for email in (owner, "nobody@example.org"):
                page = guest.get("/reset")
                answer = guest.post(
                    "/reset", data={"csrf_token": form_token(page.text), "email": email}
                )
                answers.append((answer.status_code, answer.text))
            assert answers[0] == answers[1]
            assert [m["To"] for m in box.messages] == [owner]
            path = link_in(box, owner)
            page = guest.get(path)
            done = guest.post(
                path,
                data={"csrf_token": form_token(page.text), "password": NEW_PASSWORD},
                follow_redirects=False,
            )
            assert done.status_code == 303
            assert guest.get(path).status_code == 410
        # the reset ended the sessions signed in with the old password
        assert signed_in.get("/account", follow_redirects=False).status_code == 401
    with TestClient(world.backoffice.app) as client:
        assert sign_in(client, owner, PASSWORD)[0] == 401
        assert sign_in(client, owner, NEW_PASSWORD) == (303, "/")
        page = client.get("/reset")
        client.post("/reset", data={"csrf_token": form_token(page.text), "email": owner})
    late = link_in(box, owner)
    world.clock.advance(hours=1, seconds=1)
    with TestClient(world.backoffice.app) as guest:
        assert guest.get(late).status_code == 410
    assert actions(world).count("person.reset_requested") == 3
    assert "person.password_reset" in actions(world)
    with world.backoffice.sessions() as session:
        person = session.scalar(select(Person).where(Person.email == owner))
        assert person is not None


def test_no_mail_server_leaves_no_half_invited_person(database_url: str) -> None:
    clock = Clock()
    with running_backoffice(database_url, clock=clock) as backoffice:
        world = build(backoffice, clock)
        with TestClient(backoffice.app) as admin:
            sign_in(admin, world.emails["admin"])
            answer = admin.post(
                "/people/invite", data={"csrf_token": csrf(admin), "email": "z@example.org"}
            )
            assert answer.status_code == 400
            assert "mail.host" in answer.text
        with backoffice.sessions() as session:
            assert session.scalar(select(Person).where(Person.email == "z@example.org")) is None


def test_reset_requests_are_throttled_per_address_and_per_client(
    mailed: tuple[World, Mailbox],
) -> None:
    world, box = mailed
    owner = world.emails["owner"]

    def ask(guest: TestClient, email: str) -> int:
        page = guest.get("/reset")
        return guest.post(
            "/reset", data={"csrf_token": form_token(page.text), "email": email}
        ).status_code

    with TestClient(world.backoffice.app) as guest:
        assert [ask(guest, owner) for _ in range(6)] == [200] * 6
        assert ask(guest, owner) == 429  # past five, each mail to one address waits longer
        assert ask(guest, "nobody@example.org") == 200  # the same client, another address
        world.clock.advance(seconds=2)
        assert ask(guest, owner) == 200  # the wait is over ...
        assert ask(guest, owner) == 429  # ... and grows
        for n in range(13):  # per client: 20 free, whichever addresses, then waits
            assert ask(guest, f"someone{n}@example.org") == 200
        refused = guest.post("/reset", data={"csrf_token": "x", "email": "a@example.org"})
        assert refused.status_code == 403
        page = guest.get("/reset")
        last = guest.post("/reset", data={"csrf_token": form_token(page.text), "email": "z@x.se"})
        assert last.status_code == 429
        assert last.headers["Retry-After"]
    assert [m["To"] for m in box.messages].count(owner) == 7
    assert actions(world).count("person.reset_requested") == 21
