"""The catalog in Chromium at phone size (390x844), as the association's admin: create a
product, schedule its price, import a price file with a refused row, make an unknown barcode a
product; every catalog page passes axe, in Swedish and English; and each change reaches the
store: its controller's catalog pull (as the enrolled device) carries the new prices."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from playwright.sync_api import Browser, FilePayload, Page, expect
from sqlalchemy import select

from backoffice.devices.service import issue_enrollment_code, redeem_enrollment_code
from backoffice.stores.models import Store
from retail import wire
from tests.axe import assert_accessible
from tests.backoffice.world import World, sqlite_world
from tests.browser import WAIT_MS
from tests.e2e.signin import sign_in
from tests.servers import serving
from tests.store_controller.sync.harness import batch
from tests.waits import WAIT_S

pytestmark = pytest.mark.browser
__all__ = ["sqlite_world"]  # the fixture
COLA = "7310070005120"
PRICE_FILE = (
    "EAN;Benämning;Cirkapris\n"
    "7310865071811;Knäckebröd råg 520 g;32,50\n"
    "7310865071812;Trasig kod;10,00\n"
).encode("cp1252")


def device_token(world: World) -> str:
    with world.backoffice.sessions.begin() as session:
        store = session.scalars(select(Store).where(Store.slug == "a-1")).one()
        code = issue_enrollment_code(session=session, store=store, now=world.clock.now).code
        return redeem_enrollment_code(
            session=session, code=code, software_version="0.1.0", now=world.clock.now
        ).token


def store_prices(base: str, token: str) -> dict[str, int]:
    """What the store's controller gets when it pulls the catalog: SKU -> price now."""
    answer = httpx.get(
        f"{base}/api/sync/v1/catalog",
        params={"since": 0},
        headers={"Authorization": f"Bearer {token}"},
        timeout=WAIT_S,
    )
    assert answer.status_code == 200, answer.text
    changes = wire.CatalogChanges.model_validate(answer.json())
    return {p.sku: p.price_ore for p in changes.products}


def scanned_unknown(base: str, token: str, world: World) -> None:
    found: list[wire.OutboxPayload] = [
        wire.UnknownBarcode(
            scanned_at=world.clock.now + timedelta(minutes=i),
            register_id="kassa-1",
            product_key=f"0{COLA}",
        )
        for i in range(3)
    ]
    answer = httpx.post(
        f"{base}/api/sync/v1/push",
        content=batch("a-1", found).model_dump_json(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=WAIT_S,
    )
    assert answer.status_code == 200, answer.text


def nav_to(page: Page, base: str, name: str, path: str) -> None:
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name=name).click()
    page.wait_for_url(f"{base}{path}")
    assert_accessible(page, what=path)


def test_the_catalog_from_a_phone_reaches_the_store(browser: Browser, sqlite_world: World) -> None:
    world = sqlite_world
    token = device_token(world)
    with serving(world.backoffice.app) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.set_default_timeout(WAIT_MS)
        try:
            sign_in(page, base, world.emails["admin"])

            nav_to(page, base, "Sortiment", "/catalog")
            page.get_by_role("link", name="Ny produkt").click()
            page.wait_for_url(f"{base}/catalog/new")
            assert_accessible(page, what="new product")
            page.get_by_label("Artikelnummer").fill("ost-1")
            page.get_by_label("Namn", exact=True).fill("Hushållsost 26 %")
            page.get_by_label("Streckkoder (GTIN), en per rad").fill("7310865071804")
            page.get_by_label("Pris (kr)", exact=True).fill("89,90")
            page.get_by_label("Förpackningens innehåll").fill("1100")
            page.get_by_role("button", name="Skapa produkt").click()
            expect(page.get_by_role("heading", name="Hushållsost 26 %")).to_be_visible()
            expect(page.get_by_text("Jfr-pris 81,73 kr/kg")).to_be_visible()
            assert_accessible(page, what="product")
            assert store_prices(base, token)["ost-1"] == 8990

            page.get_by_label("Nytt pris (kr)").fill("79,90")
            page.get_by_role("button", name="Schemalägg pris").click()
            expect(page.get_by_text("Priset är schemalagt.")).to_be_visible()
            assert_accessible(page, what="product, price scheduled")
            assert store_prices(base, token)["ost-1"] == 7990

            nav_to(page, base, "Prisfiler", "/pricefiles")
            page.get_by_label("Leverantör").fill("Dagab")
            page.get_by_label("Streckkod (GTIN) (krävs)").fill("EAN")
            page.get_by_label("Pris (krävs)").fill("Cirkapris")
            page.get_by_label("Namn", exact=True).fill("Benämning")
            page.get_by_label("Prisfil").set_input_files(
                files=FilePayload(name="dagab.csv", mimeType="text/csv", buffer=PRICE_FILE)
            )
            page.get_by_role("button", name="Förhandsgranska").click()
            expect(page.get_by_test_id("count-new")).to_have_text("1")
            expect(page.get_by_test_id("count-error")).to_have_text("1")
            reason = "GTIN 7310865071812: check digit is 2, expected 1"
            expect(page.get_by_role("cell", name=reason, exact=True)).to_be_visible()
            assert_accessible(page, what="price-file preview")
            assert "7310865071811" not in store_prices(base, token)
            page.get_by_role("button", name="Läs in 1 rader").click()
            expect(page.get_by_text("Prisfilen är inläst.", exact=False)).to_be_visible()
            assert_accessible(page, what="price file applied")
            assert store_prices(base, token)["7310865071811"] == 3250

            scanned_unknown(base, token, world)
            nav_to(page, base, "Okända streckkoder", "/unknown-barcodes")
            expect(page.get_by_text("skannad 3 gånger", exact=False)).to_be_visible()
            page.get_by_label("Namn", exact=True).fill("Cola 33 cl")
            page.get_by_label("Pris (kr)", exact=True).fill("12,50")
            page.get_by_role("button", name=f"Gör till produkt {COLA}").click()
            expect(page.get_by_role("heading", name="Cola 33 cl")).to_be_visible()
            assert store_prices(base, token)[COLA] == 1250

            page.get_by_role("button", name="English").click()
            for name, path in (
                ("Catalog", "/catalog"),
                ("Price files", "/pricefiles"),
                ("Unknown barcodes", "/unknown-barcodes"),
            ):
                menu = page.get_by_role("navigation", name="Main menu")
                menu.get_by_role("link", name=name, exact=True).click()
                page.wait_for_url(f"{base}{path}")
                assert_accessible(page, what=f"{path} in English")
            expect(page.get_by_text("No unknown barcodes.")).to_be_visible()
        finally:
            page.close()
