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


def test_the_z_report_page_shows_the_day_with_its_sums_and_prints(sqlite_world: World) -> None:
    sales = seed_trading(sqlite_world)
    with TestClient(sqlite_world.backoffice.app) as owner:
        sign_in(owner, sqlite_world.emails["owner"])
        page = owner.get("/reports/z", params=RANGE)
    assert page.status_code == 200
    html = page.text.replace("\xa0", " ")
    assert "Z-rapport 1 · 2 maj 2026" in html
    day_total = sum(s.total_ore for s in sales[:3])
    assert f"{day_total / 100:.2f}".replace(".", ",") in html
    assert "Grand total netto" in html
    assert "Stämmer" in html  # checked against the receipts it covers
    assert 'src="/assets/print.js"' in html


def test_the_bookkeeper_downloads_a_month_of_sie_and_it_is_audited(sqlite_world: World) -> None:
    seed_trading(sqlite_world)
    with TestClient(sqlite_world.backoffice.app) as bookkeeper:
        sign_in(bookkeeper, sqlite_world.emails["bookkeeper"])
        page = bookkeeper.get("/reports/exports")
        assert page.status_code == 200
        assert "SIE 4I" in page.text
        answer = bookkeeper.get(
            "/reports/download", params={"store": "a-1", "kind": "sie", "month": "2026-05"}
        )
        assert answer.status_code == 200
        assert answer.headers["content-disposition"].endswith('.si"')
        text = answer.content.decode("cp437")
        assert "#VER" in text
        bad = bookkeeper.get(
            "/reports/download", params={"store": "a-1", "kind": "sie", "month": "maj"}
        )
        assert bad.status_code == 400
        assert (
            'role="alert">Skriv månaden som ÅÅÅÅ-MM (till exempel 2026-05), inte maj.' in bad.text
        )
        assert 'name="month" type="month" value="maj"' in bad.text  # what was typed is kept
        assert "Ladda ner SIE-fil" in bad.text  # the form again, not the error page
    with TestClient(sqlite_world.backoffice.app) as admin:
        sign_in(admin, sqlite_world.emails["admin"])
        log = admin.get("/audit", params={"action": "export"}).text
    assert "sie4i" in log
    assert "bookkeeper@example.org" in log


def test_the_region_page_and_its_pdf(sqlite_world: World) -> None:
    seed_trading(sqlite_world)
    with TestClient(sqlite_world.backoffice.app) as owner:
        sign_in(owner, sqlite_world.emails["owner"])
        page = owner.get("/reports/region", params={"store": "a-1", "year": 2026})
        assert page.status_code == 200
        assert "Besök per veckodag" in page.text
        pdf = owner.get("/api/reports/exports/region.pdf?store=a-1&year=2026")
    assert pdf.content.startswith(b"%PDF")


def test_a_volunteer_reaches_no_report_page(sqlite_world: World) -> None:
    with TestClient(sqlite_world.backoffice.app) as volunteer:
        sign_in(volunteer, sqlite_world.emails["volunteer"])
        for path in ("/reports/z", "/reports/region", "/reports/exports"):
            assert volunteer.get(path, params={"store": "a-1"}).status_code == 403, path


def test_a_wrong_entry_shows_the_form_again_with_what_to_change(sqlite_world: World) -> None:
    seed_trading(sqlite_world)
    with TestClient(sqlite_world.backoffice.app) as owner:
        sign_in(owner, sqlite_world.emails["owner"])
        too_long = {"store": "a-1", "start": "2025-01-01", "end": "2026-05-03"}
        page = owner.get("/reports", params=too_long)
        assert page.status_code == 400
        assert 'role="alert">En sida visar högst 400 dagar; exportera längre perioder.' in page.text
        assert 'id="start" name="start" type="date" value="2025-01-01"' in page.text
        assert "Nettoförsäljning" in page.text  # the page around the form still reads
        backwards = owner.get("/reports/z", params={"start": "2026-05-03", "end": "2026-05-01"})
        assert backwards.status_code == 400
        assert "Första dagen kommer efter den sista." in backwards.text
        not_a_day = owner.get("/reports", params={"start": "första maj"})
        assert "Skriv dagen som ÅÅÅÅ-MM-DD, inte första maj." in not_a_day.text
        future = owner.get("/reports/region", params={"store": "a-1", "year": 2030})
        assert future.status_code == 400
        assert "År 2030 har inte börjat än." in future.text
        csv_range = owner.get(
            "/reports/download",
            params={
                "store": "a-1",
                "kind": "sales.csv",
                "start": "2026-05-03",
                "end": "2026-05-01",
            },
        )
        assert csv_range.status_code == 400
        assert "Ladda ner CSV" in csv_range.text
        owner.post("/language", data={"lang": "en", "next": "/reports"})
        english = owner.get("/reports", params=too_long).text
        assert "A page shows at most 400 days; export longer ranges." in english
