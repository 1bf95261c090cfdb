"""The reports pages in Chromium at phone size (390x844): the bookkeeper exports a month's SIE 4I
from the exports page (the download is read back by the independent SIE reader and every voucher
balances), the owner reads the sales chart and its table; every reports page passes axe."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.axe import assert_accessible
from tests.backoffice.reports.seed import seed_trading
from tests.backoffice.reports.sie_reader import read_sie
from tests.backoffice.world import World, sqlite_world
from tests.browser import WAIT_MS
from tests.e2e.signin import sign_in, sign_out
from tests.servers import serving

pytestmark = pytest.mark.browser
__all__ = ["sqlite_world"]  # the fixture
PHONE = ViewportSize(width=390, height=844)


def _tab(page: Page, base: str, name: str, path: str) -> None:
    page.get_by_role("navigation", name="Rapporter").get_by_role("link", name=name).click()
    page.wait_for_url(f"{base}{path}?*")
    assert_accessible(page, what=path)


def test_the_bookkeeper_exports_a_month_of_sie_and_the_owner_reads_the_sales_chart(
    browser: Browser, sqlite_world: World, tmp_path: Path
) -> None:
    world = sqlite_world
    sales = seed_trading(world)
    with serving(world.backoffice.app) as base:
        page = browser.new_page(viewport=PHONE, accept_downloads=True)
        page.set_default_timeout(WAIT_MS)
        try:
            sign_in(page, base, world.emails["bookkeeper"], axe=True)
            page.get_by_role("link", name="Rapporter").first.click()
            page.wait_for_url(f"{base}/reports")
            assert_accessible(page, what="/reports")
            _tab(page, base, "Z-rapporter", "/reports/z")
            _tab(page, base, "Region och kommun", "/reports/region")
            _tab(page, base, "Exporter", "/reports/exports")
            page.get_by_label("Månad").first.fill("2026-05")
            with page.expect_download() as caught:
                page.get_by_role("button", name="Ladda ner SIE-fil").click()
            download = caught.value
            assert download.suggested_filename.endswith(".si")
            target = tmp_path / download.suggested_filename
            download.save_as(target)
            parsed = read_sie(target.read_bytes())
            assert parsed.fields["#SIETYP"] == [["4"]]
            assert [v.date for v in parsed.vouchers] == ["20260502", "20260503"]
            for voucher in parsed.vouchers:
                assert sum(row.amount for row in voucher.rows) == 0, voucher.date
            booked = sum(  # the debits: what the customers paid, by payment method
                row.amount for voucher in parsed.vouchers for row in voucher.rows if row.amount > 0
            )
            assert booked == Decimal(sum(s.total_ore for s in sales)) / 100
            sign_out(page, base)

            sign_in(page, base, world.emails["owner"], axe=True)
            page.get_by_role("link", name="Rapporter").first.click()
            page.get_by_label("Från").fill("2026-05-01")
            page.get_by_label("Till").fill("2026-05-03")
            page.get_by_role("button", name="Visa").click()
            page.wait_for_url(f"{base}/reports?*start=2026-05-01*")
            chart = page.get_by_role("img", name="Stapeldiagram över nettoförsäljningen")
            expect(chart).to_be_visible()
            assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
            box = chart.bounding_box()
            assert box is not None
            assert box["x"] + box["width"] <= PHONE["width"] + 1  # fits the phone
            table = page.get_by_role("region", name="Försäljning", exact=True)
            expect(table.get_by_role("rowheader", name="2 maj 2026")).to_be_visible()
            day_net = sum(s.total_ore for s in sales[:3])
            money = f"{day_net / 100:.2f}".replace(".", ",")
            expect(table.get_by_role("row", name="2 maj 2026")).to_contain_text(money)
            assert_accessible(page, what="/reports with sales")
            sign_out(page, base)
        finally:
            page.close()
