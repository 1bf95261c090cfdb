"""An API token's caller read in one query (`tokens.bearer`) is the caller the separate reads
give: the person, their grants in each store and association-wide, whether they have a
passkey; a revoked or expired token, or a disabled person's, is refused."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.access.principal import grants_from, grants_of
from backoffice.access.roles import Role
from backoffice.people import tokens
from backoffice.people.models import Passkey, Person, RoleGrant
from backoffice.people.passkeys import has_passkey
from backoffice.stores.models import Store
from tests.backoffice.world import World


def test_the_one_query_caller_equals_the_separate_reads(world: World) -> None:
    with world.backoffice.sessions.begin() as session:
        owner = session.scalars(select(Person).where(Person.name == "owner")).one()
        a2 = session.scalars(select(Store).where(Store.slug == "a-2")).one()
        session.add(RoleGrant(person_id=owner.id, store_id=a2.id, role=Role.VOLUNTEER.value))
        session.add(RoleGrant(person_id=owner.id, store_id=None, role=Role.BOOKKEEPER.value))
        session.add(
            Passkey(
                person_id=owner.id,
                credential_id="c",
                public_key=b"k",
                name="phone",
                created_at=world.clock.now,
            )
        )
    now = world.clock.now
    with world.backoffice.sessions() as session:
        for name in ("owner", "volunteer", "admin"):
            found = tokens.bearer(session, world.tokens[name], now)
            assert found is not None
            assert found.person.name == name
            assert grants_from(found.grants) == grants_of(session, found.person.id)
            assert found.passkey == has_passkey(session, found.person.id)
        owner_found = tokens.bearer(session, world.tokens["owner"], now)
        assert owner_found is not None
        assert owner_found.passkey
        assert len(grants_from(owner_found.grants)) == 3
        assert tokens.bearer(session, world.tokens["revoked"], now) is None
        assert tokens.bearer(session, world.tokens["owner"], now + timedelta(days=31)) is None
        assert tokens.bearer(session, "bbt_unknown", now) is None


def test_a_disabled_persons_token_is_refused(world: World) -> None:
    headers = {"Authorization": f"Bearer {world.tokens['owner']}"}
    with TestClient(world.backoffice.app) as client:
        assert client.get("/api/admin/stores/a-1/status", headers=headers).status_code == 200
        with world.backoffice.sessions.begin() as session:
            owner = session.scalars(select(Person).where(Person.name == "owner")).one()
            owner.disabled_at = world.clock.now
        assert client.get("/api/admin/stores/a-1/status", headers=headers).status_code == 401
