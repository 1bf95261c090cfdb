"""The store's devices page in Chromium at phone size (390x844), as the store's owner: from the
stores page to the devices of a store, an enrollment code created (shown once, with its expiry),
the controller enrolling with it and sending a heartbeat shows online with its version and
outbox, a key rotation asked while it is silent says it waits and then that it expired,
and it is revoked after the confirm step (its token then refused with 401). axe passes on
every step, in Swedish and English."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Browser, expect

from retail import wire
from tests.axe import assert_accessible
from tests.backoffice.world import World, sqlite_world
from tests.e2e.devices import enroll, make_code, owner_on_phone
from tests.waits import WAIT_S

pytestmark = pytest.mark.browser
__all__ = ["sqlite_world"]  # the fixture


def test_the_owner_enrolls_and_revokes_a_controller_from_a_phone(
    browser: Browser, sqlite_world: World
) -> None:
    world = sqlite_world
    with owner_on_phone(browser, world) as (base, page):
        page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Butiker").click()
        page.wait_for_url(f"{base}/stores")
        page.locator('a[href="/stores/a-1/devices"]').click()
        page.wait_for_url(f"{base}/stores/a-1/devices")
        assert_accessible(page, what="/stores/a-1/devices, no device yet")

        code = make_code(page, base)
        expect(page.get_by_test_id("code-expires")).to_have_text("2026-05-05 10:00")
        assert_accessible(page, what="/stores/a-1/devices with a new code")

        controller = enroll(base, code)
        device = controller.device_id
        controller.heartbeat(world.clock.now, outbox=3)
        page.goto(f"{base}/stores/a-1/devices")
        card = page.get_by_test_id(f"device-{device}")
        expect(card.get_by_test_id("state")).to_have_text("Uppkopplad")
        expect(card).to_contain_text("1.4.2")
        expect(page.get_by_test_id("outbox")).to_have_text("3")
        expect(card.get_by_test_id("device-outbox")).to_have_text("3")
        assert_accessible(page, what="/stores/a-1/devices with a device online")

        controller.name_features(wire.ROTATE_TOKEN)
        page.reload()
        card.get_by_role("button", name="Byt nyckel").click()
        page.wait_for_url(f"{base}/stores/a-1/devices?done=rotate")
        expect(card.get_by_test_id("rotation")).to_contain_text("väntar på att butiken")
        world.clock.advance(minutes=11)  # the store stays silent: the request expires
        page.reload()
        expect(card.get_by_test_id("rotation")).to_contain_text("gick ut obesvarad")
        assert_accessible(page, what="/stores/a-1/devices, a key rotation expired")

        card.get_by_role("link", name="Spärra enheten").click()
        page.wait_for_url(f"{base}/stores/a-1/devices?revoke={device}")
        assert_accessible(page, what="/stores/a-1/devices, confirm revoking")
        card.get_by_role("button", name="Ja, spärra enheten").click()
        page.wait_for_url(f"{base}/stores/a-1/devices?done=revoked")
        expect(page.get_by_test_id(f"device-{device}").get_by_test_id("state")).to_contain_text(
            "Spärrad"
        )
        assert_accessible(page, what="/stores/a-1/devices after revoking")
        refused = httpx.get(
            f"{base}/api/sync/v1/commands", headers=controller.bearer, timeout=WAIT_S
        )
        assert refused.status_code == 401

        page.get_by_role("button", name="English").click()
        expect(page.get_by_role("heading", name="Controllers")).to_be_visible()
        assert_accessible(page, what="/stores/a-1/devices in English")
