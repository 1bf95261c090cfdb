"""Swish payments are matched to an association by the number they were paid to: another
association cannot take (or block) a number an association already has."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import IntegrityError

from backoffice.people.models import Association
from tests.backoffice.world import World

DETAILS: dict[str, object] = {
    "org_number": "802400-1234",
    "address": "Byvägen 1, 123 45 Byn",
    "bankgiro": "123-4567",
    "swish_number": "1231181189",
}


def _put(client: TestClient, world: World, who: str, slug: str, body: dict[str, object]) -> int:
    answer = client.put(
        f"/api/admin/stores/{slug}/association/invoicing",
        json=body,
        headers={"Authorization": f"Bearer {world.tokens[who]}"},
    )
    return answer.status_code


def test_another_association_cannot_claim_an_associations_swish_number(
    sqlite_world: World,
) -> None:
    world = sqlite_world
    with TestClient(world.backoffice.app) as client:
        assert _put(client, world, "owner", "a-1", DETAILS) == 200
        assert _put(client, world, "other_owner", "b-1", DETAILS) == 409
        assert _put(client, world, "other_owner", "b-1", DETAILS | {"swish_number": None}) == 200
        assert _put(client, world, "owner", "a-1", DETAILS) == 200  # its own number again


def test_the_database_keeps_a_swish_number_to_one_association(sqlite_world: World) -> None:
    """Two saves at the same moment both pass the 409 check; the unique index refuses one."""
    with sqlite_world.backoffice.sessions() as session:
        first, second = session.get(Association, 1), session.get(Association, 2)
        assert first is not None
        assert second is not None
        first.swish_number = second.swish_number = "1231181189"
        with pytest.raises(IntegrityError):
            session.commit()
