"""A controller's direct heartbeat at the border: a negative or huge outbox depth, a number sent
as text or a boolean, an unknown field, a time outside the wire's years, is refused with 422
naming the field (never a 500) and changes nothing on the devices page. A heartbeat stamped by a
store clock far ahead (2099) is kept (the clock alert reads it) but does not pin the figures:
once the clock is right, the next heartbeat is shown and the store is online again, while an
older heartbeat replayed late still does not replace a newer one. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.backoffice.pages.test_device_controller_pages import bearer, card, enroll
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import World, sign_in


def _beat(world: World, **change: Any) -> dict[str, Any]:
    beat: dict[str, Any] = {
        "sent_at": world.clock.now.isoformat(),
        "software_version": "1.5.0",
        "uptime_s": 60,
        "outbox_backlog": 3,
        "catalog_revision": 0,
        "door": "locked",
        "lock_down": False,
    }
    beat.update(change)
    return beat


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("outbox_backlog", -1),
        ("outbox_backlog", 10**12),
        ("outbox_backlog", "5"),
        ("outbox_backlog", 2.5),
        ("catalog_revision", True),
        ("catalog_revision", 2**63),
        ("uptime_s", None),
        ("sent_at", "2100-01-01T00:00:00+00:00"),
        ("sent_at", "yesterday"),
        ("smuggled", 1),
    ],
)
def test_a_heartbeat_with_a_bad_field_is_refused_naming_it(
    world: World, field: str, value: object
) -> None:
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        device, token = enroll(owner, csrf(owner))
        answer = owner.post(
            "/api/sync/v1/heartbeat", json=_beat(world, **{field: value}), headers=bearer(token)
        )
        assert answer.status_code == 422, answer.text
        assert field in answer.text
        shown = card(owner.get("/stores/a-1/devices").text, device)
        assert 'data-testid="device-outbox">–<' in shown  # nothing kept from it


def test_a_heartbeat_from_a_clock_far_ahead_does_not_pin_the_store(world: World) -> None:
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        device, token = enroll(owner, csrf(owner))
        ahead = _beat(world, sent_at="2099-01-01T00:00:00+00:00", outbox_backlog=99)
        answer = owner.post("/api/sync/v1/heartbeat", json=ahead, headers=bearer(token))
        assert answer.status_code == 204
        world.clock.advance(minutes=10)  # the store's clock is put right (NTP)
        right = _beat(world, outbox_backlog=4)
        assert (
            owner.post("/api/sync/v1/heartbeat", json=right, headers=bearer(token)).status_code
            == 204
        )
        page = owner.get("/stores/a-1/devices").text
        assert 'data-testid="device-outbox">4<' in card(page, device)
        assert 'data-testid="outbox">4<' in page  # the store's line too
        assert '<span class="good">Uppkopplad</span>' in card(page, device)

        replay = _beat(world, sent_at=(world.clock.now - timedelta(minutes=5)).isoformat())
        replay["outbox_backlog"] = 50  # sent before the one held, arriving late
        assert (
            owner.post("/api/sync/v1/heartbeat", json=replay, headers=bearer(token)).status_code
            == 204
        )
        later = owner.get("/stores/a-1/devices").text
        assert 'data-testid="device-outbox">4<' in card(later, device)
        assert 'data-testid="outbox">4<' in later
        home = owner.get("/").text  # the owner's one store
        assert '<span class="good">Uppkopplad</span>' in home
        assert '<span class="bad">Nere</span>' not in home
