"""A member's own acts (here an erasure request from /me) reach the audit log of the
association that keeps the member's data: its administrator (the role with audit.view) sees the
record on /audit, with the member's hash prefix as the actor; another association's does not."""

from __future__ import annotations

import hashlib

from fastapi.testclient import TestClient

from backoffice.access.roles import Role
from backoffice.audit.service import SYSTEM
from backoffice.members.me_models import MemberSession
from backoffice.members.me_session import cookie_name
from backoffice.members.models import MemberAccount
from backoffice.people.models import Association
from backoffice.people.service import Grant, create_person
from tests.backoffice.world import PASSWORD, World, sign_in

MEMBER = hashlib.sha256(b"a member of the first association").hexdigest()


def _member_session(world: World) -> str:
    token = "a-member-session-token-for-the-test"
    with world.backoffice.sessions.begin() as session:
        session.add(
            MemberAccount(
                association_id=1,
                identity_hash=MEMBER,
                credit_limit_ore=10_000,
                approved_by="owner",
                approved_at=world.clock.now,
            )
        )
        session.add(
            MemberSession(
                token_hash=hashlib.sha256(token.encode()).hexdigest(),
                identity_hash=MEMBER,
                csrf_token="member-csrf",
                created_at=world.clock.now,
                last_seen_at=world.clock.now,
            )
        )
    return token


def _other_admin(world: World) -> str:
    with world.backoffice.sessions.begin() as session:
        second = session.get(Association, 2)
        assert second is not None
        create_person(
            session,
            association=second,
            email="other-admin@example.org",
            name="other admin",
            password=PASSWORD,
            grants=[Grant(Role.ADMIN)],
            actor=SYSTEM,
            now=world.clock.now,
        )
    return "other-admin@example.org"


def _audit_page(world: World, email: str) -> str:
    with TestClient(world.backoffice.app) as client:
        status, _where = sign_in(client, email)
        assert status == 303
        page = client.get("/audit", params={"action": "member."})
        assert page.status_code == 200, page.text
        return page.text


def test_the_owner_sees_a_members_erasure_request_on_the_audit_page(
    sqlite_world: World,
) -> None:
    world = sqlite_world
    token = _member_session(world)
    with TestClient(world.backoffice.app) as me:
        me.cookies.set(cookie_name(world.backoffice.app.state.settings), token)
        sent = me.post(
            "/me/erasure",
            data={"csrf_token": "member-csrf", "reason": "Jag har flyttat."},
            follow_redirects=False,
        )
        assert sent.status_code == 303, sent.text

    mine = _audit_page(world, world.emails["admin"])
    assert "member.erasure_request" in mine
    assert f"member {MEMBER[:12]}" in mine
    theirs = _audit_page(world, _other_admin(world))
    assert "member.erasure_request" not in theirs
    assert MEMBER[:12] not in theirs
