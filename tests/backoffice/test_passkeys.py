"""Passkeys as a second factor, through the real app on SQLite and PostgreSQL, with a software
authenticator: register from /account (the banner goes), sign in with the passkey after the
password, a replayed answer and a counter that went back refused, another origin refused,
removal, and every step in the verifiable audit log."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from webauthn.helpers import bytes_to_base64url

from backoffice.audit.models import AuditRecord
from backoffice.audit.service import verify
from backoffice.people.models import Passkey
from tests.backoffice.soft_authenticator import SoftAuthenticator
from tests.backoffice.test_sign_in import BANNER, csrf, enable_totp
from tests.backoffice.world import World, sign_in

ORIGIN = "http://testserver"  # TestClient's base URL: the relying party without public_url


def register(
    client: TestClient, key: SoftAuthenticator, *, origin: str = ORIGIN, name: str = "Telefon"
) -> int:
    token = csrf(client)
    options = client.post("/account/passkeys/options", headers={"X-CSRF-Token": token})
    assert options.status_code == 200, options.text
    assert options.headers["cache-control"] == "no-store"
    body = options.json()
    assert body["rp"]["id"] == "testserver"
    answer = client.post(
        "/account/passkeys",
        data={
            "csrf_token": token,
            "name": name,
            "credential": json.dumps(key.create(body, origin)),
        },
        follow_redirects=False,
    )
    return answer.status_code


def pending_token(client: TestClient) -> str:
    page = client.get("/signin/second-factor")
    assert page.status_code == 200
    assert 'data-passkey="get"' in page.text
    return page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def request_options(client: TestClient, token: str) -> dict[str, Any]:
    options = client.post("/signin/passkey/options", headers={"X-CSRF-Token": token})
    assert options.status_code == 200, options.text
    body: dict[str, Any] = options.json()
    return body


def answer(client: TestClient, token: str, assertion: dict[str, Any]) -> tuple[int, str]:
    reply = client.post(
        "/signin/passkey",
        data={"csrf_token": token, "next": "/account", "credential": json.dumps(assertion)},
        follow_redirects=False,
    )
    return reply.status_code, reply.headers.get("location", "")


def actions(world: World) -> list[tuple[str, str | None]]:
    with world.backoffice.sessions() as session:
        rows = session.execute(
            select(AuditRecord.action, AuditRecord.after).order_by(AuditRecord.id)
        )
        return [(action, after) for action, after in rows]


def test_register_a_passkey_and_sign_in_with_it(world: World) -> None:
    key = SoftAuthenticator()
    with TestClient(world.backoffice.app) as client:
        sign_in(client, world.emails["owner"])
        assert BANNER in client.get("/account").text
        assert register(client, key) == 303
        page = client.get("/account").text
        assert "Telefon" in page
        assert BANNER not in page  # a passkey counts as a second factor
        client.post("/signout", data={"csrf_token": csrf(client)})

        assert sign_in(client, world.emails["owner"]) == (303, "/signin/second-factor?next=/")
        token = pending_token(client)
        assert 'name="code"' not in client.get("/signin/second-factor").text  # no TOTP here
        assert client.get("/account", follow_redirects=False).status_code == 401
        options = request_options(client, token)
        allowed = [c["id"] for c in options["allowCredentials"]]
        assert allowed == [bytes_to_base64url(key.credential_id)]
        assert answer(client, token, key.get(options, ORIGIN)) == (303, "/account")
        assert client.get("/account").status_code == 200
    with world.backoffice.sessions() as session:
        stored = session.scalars(select(Passkey)).one()
        assert stored.sign_count == 1
        assert stored.last_used_at == world.clock.now
    done = actions(world)
    added = [json.loads(a or "{}") for x, a in done if x == "person.passkey_added"]
    assert [a["name"] for a in added] == ["Telefon"]
    success = [after for action, after in done if action == "sign_in.success"][-1]
    assert success is not None
    assert json.loads(success)["second_factor"] == "passkey"


def test_a_replayed_answer_an_old_counter_and_another_origin_are_refused(world: World) -> None:
    key = SoftAuthenticator()
    with TestClient(world.backoffice.app) as client:
        sign_in(client, world.emails["owner"])
        assert register(client, key) == 303
        client.post("/signout", data={"csrf_token": csrf(client)})
        sign_in(client, world.emails["owner"])
        token = pending_token(client)
        seen = key.get(request_options(client, token), ORIGIN)
        assert answer(client, token, seen)[0] == 303
        client.post("/signout", data={"csrf_token": csrf(client)})

        sign_in(client, world.emails["owner"])
        token = pending_token(client)
        assert answer(client, token, seen)[0] == 401  # no challenge asked for: refused
        request_options(client, token)
        assert answer(client, token, seen)[0] == 401  # the old challenge: refused
        cloned = key.get(request_options(client, token), ORIGIN, count=1)
        assert answer(client, token, cloned)[0] == 401  # the counter did not move on
        elsewhere = key.get(request_options(client, token), "https://byabutik.example.net")
        assert answer(client, token, elsewhere)[0] == 401
        assert client.get("/account", follow_redirects=False).status_code == 401
        options = request_options(client, token)
        good = key.get(options, ORIGIN)
        assert answer(client, token, good)[0] == 303
    with world.backoffice.sessions() as session:
        assert session.scalars(select(Passkey)).one().sign_count == 3
    failures = [json.loads(a or "{}") for x, a in actions(world) if x == "sign_in.failure"]
    assert len(failures) == 4
    assert all(f["second_factor"] == "passkey" for f in failures)
    assert "sign count" in failures[2]["reason"]
    assert "origin" in failures[3]["reason"]


def test_registration_from_another_origin_or_without_options_is_refused(world: World) -> None:
    with TestClient(world.backoffice.app) as client:
        sign_in(client, world.emails["owner"])
        assert register(client, SoftAuthenticator(), origin="https://evil.example") == 400
        token = csrf(client)
        unasked = client.post(
            "/account/passkeys",
            data={
                "csrf_token": token,
                "credential": json.dumps(
                    SoftAuthenticator().create(
                        {"challenge": "AAAA", "rp": {"id": "testserver"}}, ORIGIN
                    )
                ),
            },
        )
        assert unasked.status_code == 400
        forged = client.post("/account/passkeys/options")  # no CSRF token
        assert forged.status_code == 403
        assert BANNER in client.get("/account").text
    with world.backoffice.sessions() as session:
        assert session.scalars(select(Passkey)).all() == []


def test_removing_the_passkey_ends_the_second_step_and_totp_stays_offered(world: World) -> None:
    key = SoftAuthenticator()
    with TestClient(world.backoffice.app) as client:
        sign_in(client, world.emails["owner"])
        assert register(client, key, name="Nyckelring") == 303
        with world.backoffice.sessions() as session:
            passkey_id = session.scalars(select(Passkey.id)).one()
        with TestClient(world.backoffice.app) as stranger:  # another person cannot remove it
            sign_in(stranger, world.emails["admin"])
            other = stranger.post(
                f"/account/passkeys/{passkey_id}/remove", data={"csrf_token": csrf(stranger)}
            )
            assert other.status_code == 404
        removed = client.post(
            f"/account/passkeys/{passkey_id}/remove",
            data={"csrf_token": csrf(client)},
            follow_redirects=False,
        )
        assert removed.status_code == 303
        assert "Nyckelring" not in client.get("/account").text
        client.post("/signout", data={"csrf_token": csrf(client)})
        assert sign_in(client, world.emails["owner"]) == (303, "/")

        enable_totp(client, world)
        assert register(client, key) == 303
        client.post("/signout", data={"csrf_token": csrf(client)})
        sign_in(client, world.emails["owner"])
        both = client.get("/signin/second-factor").text
        assert 'name="code"' in both
        assert 'data-passkey="get"' in both
    done = [action for action, _after in actions(world)]
    assert done.count("person.passkey_added") == 2
    assert done.count("person.passkey_removed") == 1
    with world.backoffice.sessions() as session:
        assert verify(session).ok
