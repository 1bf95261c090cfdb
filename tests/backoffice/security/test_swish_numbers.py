"""Swish payments are matched to an association by the number they were paid to: another
association cannot take (or block) a number an association already has."""

from __future__ import annotations

from fastapi.testclient import TestClient

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
