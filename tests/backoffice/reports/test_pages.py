"""The reports pages as the owner and the bookkeeper see them (server-rendered, per language)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.backoffice.reports.seed import seed_trading
from tests.backoffice.world import World, sign_in

RANGE = {"store": "a-1", "start": "2026-05-01", "end": "2026-05-03"}


def test_the_owner_reads_sales_vat_payments_and_products_beside_their_charts(
    sqlite_world: World,
) -> None:
    sales = seed_trading(sqlite_world)
    net_total = sum(s.total_ore for s in sales)
    with TestClient(sqlite_world.backoffice.app) as owner:
        sign_in(owner, sqlite_world.emails["owner"])
        home = owner.get("/").text
        assert 'href="/reports"' in home
        page = owner.get("/reports", params=RANGE)
        assert page.status_code == 200, page.text
        html = page.text
        assert "2 maj 2026" in html  # days in Swedish
        assert f"{net_total / 100:.2f}".replace(".", ",") in html.replace("\xa0", " ")
        assert "Medlemskonto" in html
        assert "Swish" in html
        assert "Mjölk 1,5 %" in html
        assert "Lördag" in html  # the weekday table
        for chart in ("charts/sales.svg", "charts/vat.svg"):
            assert chart in html
        svg = owner.get("/api/reports/charts/sales.svg?stores=a-1&start=2026-05-01&end=2026-05-03")
        assert svg.status_code == 200
        assert svg.headers["content-type"].startswith("image/svg+xml")
        owner.post("/language", data={"lang": "en", "next": "/reports"})
        english = owner.get("/reports", params={**RANGE, "grain": "week"}).text
        assert "Net sales" in english
        assert "Saturday" in english
        assert "2026-W18" in english


def test_a_volunteer_sees_no_reports_and_no_entry(sqlite_world: World) -> None:
    with TestClient(sqlite_world.backoffice.app) as volunteer:
        sign_in(volunteer, sqlite_world.emails["volunteer"])
        assert 'href="/reports"' not in volunteer.get("/").text
        assert volunteer.get("/reports").status_code == 403
        assert volunteer.get("/reports", params={"store": "a-1"}).status_code == 403


def test_the_bookkeeper_sees_reports_of_their_store(sqlite_world: World) -> None:
    seed_trading(sqlite_world)
    with TestClient(sqlite_world.backoffice.app) as bookkeeper:
        sign_in(bookkeeper, sqlite_world.emails["bookkeeper"])
        page = bookkeeper.get("/reports", params={"start": "2026-05-01", "end": "2026-05-31"})
        assert page.status_code == 200
        assert "A ett" in page.text
        assert bookkeeper.get("/reports", params={"store": "a-2"}).status_code == 404
