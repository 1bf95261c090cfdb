"""Sign-in, sessions, CSRF, lockout, TOTP (fake clock), tokens, remote unlock and the audit log,
against the real app and database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from backoffice.audit.models import AuditRecord
from backoffice.audit.service import verify
from backoffice.people.models import Person
from tests.backoffice.world import PASSWORD, World, sign_in


def csrf(client: TestClient) -> str:
    page = client.get("/account")
    assert page.status_code == 200
    marker = 'name="csrf_token" value="'
    return page.text.split(marker, 1)[1].split('"', 1)[0]


def actions(world: World) -> list[str]:
    with world.backoffice.sessions() as session:
        return list(session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


def test_sign_in_out_and_the_same_answer_for_unknown_and_wrong(world: World) -> None:
    with TestClient(world.backoffice.app) as client:
        unknown = sign_in(client, "nobody@example.org")
        wrong = sign_in(client, world.emails["owner"], "fel lösenord 123456")
        assert unknown[0] == wrong[0] == 401
        assert (
            client.get("/", headers={"Accept": "text/html"}, follow_redirects=False).status_code
            == 303
        )
        assert sign_in(client, world.emails["owner"]) == (303, "/")
        home = client.get("/")
        assert "A ett" in home.text
        assert "B ett" not in home.text
        assert "A två" not in home.text
        cookie = client.cookies.get("byabutik_session")
        assert cookie
        token = csrf(client)
        assert client.post("/signout", data={"csrf_token": token}).status_code == 200
        client.cookies.set("byabutik_session", cookie)  # an old cookie is worth nothing
        assert client.get("/account", follow_redirects=False).status_code == 401
    assert actions(world).count("sign_in.failure") == 2
    assert {"sign_in.success", "sign_out"} <= set(actions(world))


def test_the_cookie_is_httponly_and_samesite(world: World) -> None:
    with TestClient(world.backoffice.app) as client:
        client.get("/signin")
        form_token = client.cookies["byabutik_signin"]
        answer = client.post(
            "/signin",
            data={"email": world.emails["owner"], "password": PASSWORD, "csrf_token": form_token},
            follow_redirects=False,
        )
    header = answer.headers["set-cookie"].lower()
    assert "httponly" in header
    assert "samesite=lax" in header


def test_a_state_change_with_the_cookie_needs_the_csrf_token(world: World) -> None:
    with TestClient(world.backoffice.app) as client:
        sign_in(client, world.emails["owner"])
        forged = client.post("/signout/everywhere", data={})
        assert forged.status_code == 403
        forged_api = client.put("/api/admin/stores/a-1/access-policy", json={})
        assert forged_api.status_code == 403
        token = csrf(client)
        assert client.post("/signout/everywhere", data={"csrf_token": token}).status_code == 200
    with TestClient(world.backoffice.app) as client:
        client.get("/signin")
        no_form_token = client.post(
            "/signin", data={"email": world.emails["owner"], "password": PASSWORD}
        )
        assert no_form_token.status_code == 403


def test_lockout_grows_per_account_and_unknown_accounts_lock_alike(world: World) -> None:
    with TestClient(world.backoffice.app) as client:
        for email in (world.emails["volunteer"], "nobody@example.org"):
            for _ in range(5):
                assert sign_in(client, email, "fel lösenord 123456")[0] == 401
            assert sign_in(client, email, "fel lösenord 123456")[0] == 401  # 6th: locks 1 s
            locked = sign_in(client, email, PASSWORD)
            assert locked[0] == 429  # even the right password waits
        world.clock.advance(seconds=1.5)
        assert sign_in(client, world.emails["volunteer"], "fel lösenord 123456")[0] == 401
        world.clock.advance(seconds=1.5)  # the 7th failure locked for 2 s
        assert sign_in(client, world.emails["volunteer"], PASSWORD)[0] == 429
        world.clock.advance(seconds=1)
        assert sign_in(client, world.emails["volunteer"], PASSWORD) == (303, "/")


def test_sessions_time_out_idle_and_absolute(world: World) -> None:
    with TestClient(world.backoffice.app) as client:
        sign_in(client, world.emails["owner"])
        world.clock.advance(minutes=29)
        assert client.get("/account").status_code == 200
        world.clock.advance(minutes=31)
        assert client.get("/account").status_code == 401
        sign_in(client, world.emails["owner"])
        for _ in range(25):
            world.clock.advance(minutes=29)
            client.get("/account")
        assert client.get("/account").status_code == 401  # past 12 hours


def enable_totp(client: TestClient, world: World) -> tuple[str, list[str]]:
    token = csrf(client)
    begun = client.post("/account/totp/begin", data={"csrf_token": token})
    secret = begun.text.split('data-testid="totp-secret">', 1)[1].split("<", 1)[0]
    code = pyotp.TOTP(secret).at(world.clock.now)
    enabled = client.post("/account/totp/enable", data={"csrf_token": token, "code": code})
    assert enabled.status_code == 200
    codes = enabled.text.split('data-testid="recovery-codes">', 1)[1].split("</ul>", 1)[0]
    return secret, [c.split("</li>")[0] for c in codes.split("<li>")[1:]]


def second_step(client: TestClient, code: str) -> int:
    page = client.get("/signin/second-factor")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    answer = client.post(
        "/signin/second-factor", data={"code": code, "csrf_token": token}, follow_redirects=False
    )
    return answer.status_code


def test_totp_with_a_fake_clock_and_recovery_codes(world: World) -> None:
    with TestClient(world.backoffice.app) as client:
        sign_in(client, world.emails["owner"])
        secret, recovery = enable_totp(client, world)
        assert len(recovery) == 10
        client.post("/signout", data={"csrf_token": csrf(client)})

        world.clock.advance(minutes=1)
        assert sign_in(client, world.emails["owner"]) == (303, "/signin/second-factor?next=/")
        assert client.get("/account", follow_redirects=False).status_code == 401  # not yet
        totp = pyotp.TOTP(secret)
        assert second_step(client, totp.at(world.clock.now - timedelta(minutes=5))) == 401
        used = totp.at(world.clock.now)
        assert second_step(client, used) == 303
        assert client.get("/account").status_code == 200
        client.post("/signout", data={"csrf_token": csrf(client)})

        sign_in(client, world.emails["owner"])
        assert second_step(client, used) == 401  # a code works once
        assert second_step(client, recovery[0]) == 303
        client.post("/signout", data={"csrf_token": csrf(client)})
        sign_in(client, world.emails["owner"])
        assert second_step(client, recovery[0]) == 401  # so does a recovery code


def test_remote_unlock_needs_a_fresh_second_factor_a_reason_and_is_audited(world: World) -> None:
    with TestClient(world.backoffice.app) as client:
        sign_in(client, world.emails["owner"])
        secret, _codes = enable_totp(client, world)
        token = csrf(client)
        world.clock.advance(minutes=6)
        stale = client.post(
            "/api/admin/stores/a-1/unlock",
            json={"reason": "leverans"},
            headers={"X-CSRF-Token": token},
        )
        assert stale.status_code == 403
        code = pyotp.TOTP(secret).at(world.clock.now)
        page = client.post(
            "/stores/a-1/unlock",
            data={"csrf_token": token, "reason": "Leverans från Dagab", "code": code},
        )
        assert page.status_code == 200
        for _ in range(2):
            again = client.post(
                "/api/admin/stores/a-1/unlock",
                json={"reason": "igen"},
                headers={"X-CSRF-Token": token},
            )
            assert again.status_code == 201
        limited = client.post(
            "/api/admin/stores/a-1/unlock", json={"reason": "igen"}, headers={"X-CSRF-Token": token}
        )
        assert limited.status_code == 429
        no_reason = client.post(
            "/api/admin/stores/a-1/unlock", json={}, headers={"X-CSRF-Token": token}
        )
        assert no_reason.status_code == 422
    with world.backoffice.sessions() as session:
        unlocks = list(
            session.scalars(select(AuditRecord).where(AuditRecord.action == "door.unlock"))
        )
        assert len(unlocks) == 3
        assert "Leverans från Dagab" in (unlocks[0].after or "")
        assert unlocks[0].actor == world.emails["owner"]
        assert verify(session).ok


def test_a_volunteer_cannot_unlock_and_a_read_token_cannot_write(world: World) -> None:
    volunteer = {"Authorization": f"Bearer {world.tokens['volunteer']}"}
    with TestClient(world.backoffice.app) as client:
        assert (
            client.post(
                "/api/admin/stores/a-1/unlock", json={"reason": "x y z"}, headers=volunteer
            ).status_code
            == 403
        )
        sign_in(client, world.emails["owner"])
        token = csrf(client)
        made = client.post(
            "/account/tokens",
            data={"csrf_token": token, "name": "skript", "scopes": ["read"], "days": "30"},
        )
        clear = made.text.split('data-testid="new-token">', 1)[1].split("<", 1)[0]
        assert clear.startswith("bbt_")
        with world.backoffice.sessions() as session:
            stored = session.execute(
                text("SELECT token_hash FROM api_tokens WHERE name = 'skript'")
            ).scalar_one()
        assert clear not in stored
        reader = {"Authorization": f"Bearer {clear}"}
        assert client.get("/api/admin/stores/a-1/status", headers=reader).status_code == 200
        assert (
            client.put("/api/admin/stores/a-1/access-policy", json={}, headers=reader).status_code
            == 403
        )
        assert (
            client.post(
                "/api/admin/stores/a-1/unlock", json={"reason": "x y z"}, headers=reader
            ).status_code
            == 403
        )


def test_the_audit_log_is_append_only_and_tampering_is_found(world: World) -> None:
    with TestClient(world.backoffice.app) as client:
        sign_in(client, world.emails["admin"])
        sign_in(client, "nobody@example.org")
    with world.backoffice.sessions() as session:
        assert verify(session).ok
        with pytest.raises(Exception, match="append-only"):
            session.execute(text("UPDATE audit_log SET actor = 'someone else'"))
        session.rollback()
        with pytest.raises(Exception, match="append-only"):
            session.execute(text("DELETE FROM audit_log"))
        session.rollback()
    with world.backoffice.engine.begin() as connection:  # an attacker with the database
        if connection.dialect.name == "sqlite":
            connection.execute(text("DROP TRIGGER audit_log_no_update"))
        else:
            connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
        connection.execute(text("UPDATE audit_log SET target = 'x' WHERE id = 2"))
    with world.backoffice.sessions() as session:
        verdict = verify(session)
    assert not verdict.ok
    assert verdict.problems[0].startswith("record 2")


def test_a_person_changes_nothing_in_a_disabled_account(world: World) -> None:
    with world.backoffice.sessions.begin() as session:
        person = session.scalar(select(Person).where(Person.email == world.emails["bookkeeper"]))
        assert person is not None
        person.disabled_at = world.clock.now
    with TestClient(world.backoffice.app) as client:
        assert sign_in(client, world.emails["bookkeeper"])[0] == 401
        headers = {"Authorization": f"Bearer {world.tokens['bookkeeper']}"}
        assert client.get("/api/admin/stores/a-1/status", headers=headers).status_code == 401


BANNER = "skydda kontot med BankID eller en andra faktor"


def test_owners_and_admins_without_a_second_factor_see_a_banner_until_they_add_one(
    world: World,
) -> None:
    with TestClient(world.backoffice.app) as volunteer:
        sign_in(volunteer, world.emails["volunteer"])
        assert BANNER not in volunteer.get("/").text  # a volunteer is not asked
    with TestClient(world.backoffice.app) as admin:
        sign_in(admin, world.emails["admin"])
        assert BANNER in admin.get("/people").text
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        for page in ("/", "/stores", "/account"):
            text = owner.get(page).text
            assert BANNER in text, page
            assert 'href="/account"' in text
        enable_totp(owner, world)
        assert BANNER not in owner.get("/").text
        assert BANNER not in owner.get("/account").text
