"""What the Devices page warns an owner of, in Chromium at phone size (390x844), in Swedish and
English with axe at each step: a key rotation the controller refused (its disk was full), said
in words, with the controller's own text folded away under "Teknisk orsak" until opened; and a
controller holding a catalog revision ahead of the backoffice's (the backoffice restored from an
older backup), flagged on its card with the warning of what to do."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from retail import wire
from tests.backoffice.world import World, sqlite_world
from tests.e2e.devices import both_languages, enroll, look, make_code, on_devices_page

pytestmark = pytest.mark.browser
__all__ = ["sqlite_world"]  # the fixture
DISK_FULL = "the new key could not be stored (No space left on device); the old one is kept"


def test_the_owner_reads_a_refused_rotation_and_a_store_ahead(
    browser: Browser, sqlite_world: World
) -> None:
    world = sqlite_world
    with on_devices_page(browser, world) as (base, page):
        controller = enroll(base, make_code(page, base))
        controller.heartbeat(world.clock.now)
        controller.name_features(wire.ROTATE_TOKEN)
        page.goto(f"{base}/stores/a-1/devices")
        card = page.get_by_test_id(f"device-{controller.device_id}")
        card.get_by_role("button", name="Byt nyckel").click()
        page.wait_for_url(f"{base}/stores/a-1/devices?done=rotate")
        (command,) = controller.commands()
        controller.acknowledge(
            command["command_id"], wire.CommandStatus.REJECTED, world.clock.now, DISK_FULL
        )

        page.goto(f"{base}/stores/a-1/devices")
        expect(card.get_by_test_id("rotation")).to_contain_text("kunde inte byta nyckel")
        expect(card.get_by_test_id("rotation-reason")).to_have_text(
            "Orsak: Styrenhetens disk är full, så den nya nyckeln kunde inte sparas."
        )
        raw = card.get_by_test_id("rotation-detail").get_by_text(DISK_FULL)
        expect(raw).to_be_hidden()
        both_languages(
            page,
            "a refused key rotation",
            "Styrenhetens disk är full",
            "The controller's disk is full",
        )
        card.get_by_text("Teknisk orsak").click()
        expect(raw).to_be_visible()
        look(page, "the refusal's technical reason opened")

        world.clock.advance(minutes=1)
        controller.heartbeat(world.clock.now, revision=4321)
        page.goto(f"{base}/stores/a-1/devices")
        expect(card.get_by_test_id("device-revision")).to_contain_text("nyare än den nyaste här")
        expect(page.get_by_test_id("revision-ahead")).to_contain_text("säkerhetskopia")
        both_languages(
            page,
            "a controller ahead of the backoffice",
            "lästs tillbaka från en säkerhetskopia",
            "restored from a backup",
        )
