"""A backoffice with two associations and a person in each role, for the access tests.

Association 1 (the harness's, with its admin token) has stores a-1 and a-2; a-1 has an owner, a
volunteer and a bookkeeper; association 2 has store b-1 and its owner. Every person has the
password PASSWORD and a personal API token with every scope; `revoked` is a revoked token."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache

import pytest
from fastapi.testclient import TestClient

from backoffice.access.roles import Role, Scope
from backoffice.alerts.lifecycle import Occurrence, raise_alert
from backoffice.audit.service import SYSTEM
from backoffice.people import passwords, tokens
from backoffice.people.models import Association
from backoffice.people.service import Grant, association_named, create_person
from backoffice.stores.service import create_store
from tests.store_controller.sync.harness import Backoffice, running_backoffice

PASSWORD = "ett långt lösenord 42"
T0 = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)


@cache
def password_hash() -> str:
    """PASSWORD's Argon2id hash, made once per test process: at ~50-90 ms of CPU a hash, five
    new ones for every world would cost more than the tests that use them."""
    return passwords.hash_password(PASSWORD)


@dataclass
class Clock:
    now: datetime = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class World:
    backoffice: Backoffice
    clock: Clock
    tokens: dict[str, str] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)


PEOPLE: dict[str, tuple[int, list[Grant]]] = {
    "admin": (1, [Grant(Role.ADMIN)]),
    "owner": (1, [Grant(Role.OWNER, "a-1")]),
    "volunteer": (1, [Grant(Role.VOLUNTEER, "a-1")]),
    "bookkeeper": (1, [Grant(Role.BOOKKEEPER, "a-1")]),
    "other_owner": (2, [Grant(Role.OWNER, "b-1")]),
}


def build(backoffice: Backoffice, clock: Clock) -> World:
    world = World(backoffice, clock)
    with backoffice.sessions.begin() as session:
        first = session.get(Association, 1)
        assert first is not None
        second = association_named(session, "Andra föreningen")
        a1 = create_store(session=session, slug="a-1", name="A ett", org_number="111111-1111")
        raise_alert(
            session=session,
            occurrence=Occurrence(
                a1.id, "store_offline", "warning", "Butiken svarar inte", clock.now
            ),
            now=clock.now,
        )
        create_store(session=session, slug="a-2", name="A två", org_number="333333-3333")
        create_store(
            session=session,
            slug="b-1",
            name="B ett",
            org_number="222222-2222",
            association_id=second.id,
        )
        for name, (association, grants) in PEOPLE.items():
            email = f"{name.replace('_', '-')}@example.org"
            person = create_person(
                session,
                association=first if association == 1 else second,
                email=email,
                name=name,
                password=None,
                grants=grants,
                actor=SYSTEM,
                now=clock.now,
            )
            person.password_hash = password_hash()
            token, _row = tokens.issue(
                session,
                person_id=person.id,
                name="all",
                scopes=frozenset(Scope),
                lifetime=timedelta(days=30),
                now=clock.now,
            )
            world.tokens[name] = token
            world.emails[name] = email
        revoked, row = tokens.issue(
            session,
            person_id=1,
            name="old",
            scopes=frozenset(Scope),
            lifetime=timedelta(days=30),
            now=clock.now,
        )
        row.revoked_at = clock.now
        world.tokens["revoked"] = revoked
    return world


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    clock = Clock()
    with running_backoffice(database_url, clock=clock) as backoffice:
        yield build(backoffice, clock)


@pytest.fixture
def sqlite_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    clock = Clock()
    url = f"sqlite:///{tmp_path_factory.mktemp('world') / 'bo.db'}"
    with running_backoffice(url, clock=clock) as backoffice:
        yield build(backoffice, clock)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> tuple[int, str]:
    """Posts the sign-in form as a browser would; (status, where it redirects)."""
    form = client.get("/signin")
    token = form.cookies.get("byabutik_signin") or client.cookies.get("byabutik_signin", "")
    answer = client.post(
        "/signin",
        data={"email": email, "password": password, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    return answer.status_code, answer.headers.get("location", "")
