"""A new owner's walk through the Devices page on a phone (Chromium, 390x844), in Swedish and
English: from the store card's "Enheter" link, what the page says with no controller yet, with a
code made, with the controller online, while a key rotation waits, after the key was rotated
(one controller, "Nyckel bytt"), and when the controller has gone offline. At every step nothing
overflows sideways, every button has a name, and axe passes."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Browser, expect

from retail import wire
from tests.backoffice.world import World, sqlite_world
from tests.e2e.devices import both_languages, enroll, look, make_code, on_devices_page
from tests.waits import WAIT_S

pytestmark = pytest.mark.browser
__all__ = ["sqlite_world"]  # the fixture


def test_a_new_owner_reads_the_devices_page_at_each_step(
    browser: Browser, sqlite_world: World
) -> None:
    world = sqlite_world
    with on_devices_page(browser, world) as (base, page):
        both_languages(
            page,
            "no controller yet",
            "Ingen enhet är ansluten än",
            "No device is connected yet",
        )

        code = make_code(page, base)
        look(page, "a code made")

        controller = enroll(base, code)
        device = controller.device_id
        controller.heartbeat(world.clock.now, outbox=123456)
        controller.name_features(wire.MEMBER_HOURS, wire.ERASED, wire.ROTATE_TOKEN)
        page.goto(f"{base}/stores/a-1/devices")
        card = page.get_by_test_id(f"device-{device}")
        expect(card.get_by_test_id("state")).to_have_text("Uppkopplad")
        both_languages(page, "one controller online", "Uppkopplad", "Online")
        help_text = page.get_by_test_id("device-help")  # rotate vs revoke, for a newcomer
        expect(help_text).to_contain_text("ingen behöver åka till butiken")
        expect(help_text).to_contain_text("ny kod i butiken")

        card.get_by_role("button", name="Byt nyckel").click()
        page.wait_for_url(f"{base}/stores/a-1/devices?done=rotate")
        both_languages(
            page,
            "a key rotation waiting",
            "väntar på att butiken hör av sig",
            "waiting for the store to call in",
        )

        rotated = httpx.post(
            f"{base}/api/sync/v1/device/rotate", headers=controller.bearer, timeout=WAIT_S
        ).json()
        fresh = {"Authorization": f"Bearer {rotated['token']}"}
        assert (
            httpx.get(f"{base}/api/sync/v1/commands", headers=fresh, timeout=WAIT_S).status_code
            == 200
        )
        page.goto(f"{base}/stores/a-1/devices")
        card = page.get_by_test_id(f"device-{rotated['device_id']}")
        expect(card.get_by_test_id("rotated")).to_be_visible()
        both_languages(page, "the key rotated", "Nyckel bytt", "Key rotated")

        world.clock.advance(minutes=4)
        page.reload()
        expect(card.get_by_test_id("state")).to_have_text("Nere")
        both_languages(page, "the controller offline", "Nere", "Offline")
