"""The API and its exports on a month of trading across the VAT change: SIE 4I parsed back by the
registry's reader (pysie-accounting) and by an independent one, CSV read back in the Swedish
dialect, the journal XML, the region PDF and the charts."""

from __future__ import annotations

import csv
import io
import random
import uuid
import warnings
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from backoffice.reports.csv_export import SwedishExcel
from backoffice.reports.journal_export import KOMPONENT
from backoffice.visits.service import record_visits
from backoffice.zreports.service import record_z_report
from retail import wire
from tests.backoffice.reports.sie_reader import read_sie
from tests.backoffice.reports.trading import (
    PRODUCTS,
    LineSpec,
    SaleSpec,
    local_day,
    store_sales,
    vat_by_day,
)
from tests.store_controller.sync.harness import ADMIN, Backoffice

RANGE = {"stores": "byn-1", "start": "2026-03-25", "end": "2026-04-05"}


def seed(backoffice: Backoffice) -> list[wire.Sale]:
    rng = random.Random(21)
    specs = []
    at = datetime(2026, 3, 24, 23, 0, tzinfo=UTC)
    while at < datetime(2026, 4, 5, 18, 0, tzinfo=UTC):
        at += timedelta(minutes=rng.randint(20, 200))
        lines = tuple(
            LineSpec(
                rng.choice(sorted(PRODUCTS)), rng.choice([1, 1, 2, -1]), rng.randint(500, 9000)
            )
            for _ in range(rng.randint(1, 4))
        )
        method = rng.choice([wire.PaymentMethod.SWISH, wire.PaymentMethod.MEMBER_ACCOUNT])
        specs.append(SaleSpec(at, lines, method, customer=rng.choice(["a" * 64, "b" * 64])))
    with backoffice.sessions.begin() as session:
        store_id, sales = store_sales(session, "byn-1", specs)
        by_day: dict[str, list[wire.Sale]] = defaultdict(list)
        for sale in sales:
            by_day[local_day(sale.occurred_at).isoformat()].append(sale)
        grand = 0
        for number, (day, chosen) in enumerate(sorted(by_day.items()), start=1):
            grand += sum(s.total_ore for s in chosen)
            record_z_report(
                session=session,
                store_id=store_id,
                seq=10_000 + number,
                report=z_of(day, chosen, number, grand),
            )
        visits = [
            (
                20_000 + i,
                wire.Visit(
                    visit_id=uuid.uuid4(),
                    occurred_at=s.occurred_at - timedelta(minutes=2),
                    outcome=wire.VisitOutcome.GRANTED,
                    identity_hash=s.customer_hash,
                ),
            )
            for i, s in enumerate(sales)
        ]
        record_visits(session=session, store_id=store_id, visits=visits)
    return sales


def z_of(day: str, sales: list[wire.Sale], number: int, grand: int) -> wire.ZReport:
    vat: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    paid: dict[str, int] = defaultdict(int)
    for sale in sales:
        for row in sale.vat:
            vat[row.rate_bp][0] += row.gross_ore
            vat[row.rate_bp][1] += row.vat_ore
            vat[row.rate_bp][2] += row.net_ore
        for payment in sale.payments:
            paid[payment.method] += payment.amount_ore
    return wire.ZReport(
        register_id="kassa-1",
        z_number=number,
        business_date=datetime.fromisoformat(day).date(),
        opened_at=sales[0].occurred_at,
        closed_at=sales[-1].occurred_at + timedelta(minutes=1),
        first_receipt=sales[0].receipt_number,
        last_receipt=sales[-1].receipt_number,
        receipt_count=len(sales),
        sales_ore=sum(s.total_ore for s in sales if s.total_ore > 0),
        returns_ore=sum(s.total_ore for s in sales if s.total_ore < 0),
        vat=tuple(
            wire.VatLine(rate_bp=r, gross_ore=g, vat_ore=v, net_ore=n)
            for r, (g, v, n) in sorted(vat.items(), reverse=True)
        ),
        payments=tuple(
            wire.PaymentTotal(method=wire.PaymentMethod(m), amount_ore=a)
            for m, a in sorted(paid.items())
        ),
        grand_total_ore=grand,
    )


@pytest.fixture
def sales(backoffice: Backoffice) -> list[wire.Sale]:
    return seed(backoffice)


def test_sie_4i_parses_back_and_every_voucher_balances(
    client: TestClient, sales: list[wire.Sale], tmp_path: Path
) -> None:
    answer = client.get(
        "/api/reports/exports/sie", params={**RANGE, "checksum": "true"}, headers=ADMIN
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-disposition"].endswith('.si"')
    data = answer.content
    assert data.startswith(b"#FLAGGA 0\r\n#KSUMMA\r\n")
    assert "Dagsförsäljning".encode("cp437") in data
    parsed = read_sie(data)
    assert parsed.checksum_ok is True
    assert parsed.fields["#FORMAT"] == [["PC8"]]
    assert parsed.fields["#SIETYP"] == [["4"]]
    for label in ("#IB", "#UB", "#RES"):
        assert label not in parsed.labels  # not allowed in 4I
    declared = {f[0] for f in parsed.fields["#KONTO"]}
    expected = vat_by_day(sales)
    days = sorted({day for day, _ in expected})
    assert [v.date for v in parsed.vouchers] == [d.replace("-", "") for d in days]
    for voucher in parsed.vouchers:
        assert sum(row.amount for row in voucher.rows) == 0
        assert {row.account for row in voucher.rows} <= declared
        assert all(row.objects == [("1", "byn-1")] for row in voucher.rows)
        day = f"{voucher.date[:4]}-{voucher.date[4:6]}-{voucher.date[6:]}"
        vat_rows = {r: v for (d, r), v in expected.items() if d == day}
        booked_vat = -sum(row.amount for row in voucher.rows if row.account.startswith("26"))
        assert booked_vat == Decimal(sum(v[1] for v in vat_rows.values())) / 100
        if day >= "2026-04-01":
            assert "2621" not in {row.account for row in voucher.rows}  # no 12 % food after the cut
        assert "Z-rapport" in voucher.text

    numbered = client.get(
        "/api/reports/exports/sie",
        params={**RANGE, "series": "K", "first_number": 1},
        headers=ADMIN,
    ).content
    (tmp_path / "f.si").write_bytes(numbered)
    (tmp_path / "sru.csv").write_text("SRU,Ink2\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import pysie_accounting.pysie as pysie

        reader = pysie.PySIE()
        reader.sie_encoding = "cp437"
        reader.open_trans(str(tmp_path / "sru.csv"))
        reader.open(str(tmp_path / "f.si"))
    assert len(reader.verifikat) == len(days)
    for number, (_date_text, text, _registered, rows) in reader.verifikat.items():
        assert sum(Decimal(amount) for _account, _objects, amount in rows) == 0, number
        assert text.startswith("Dagsförsäljning")
    assert reader.fnamn == "Byn-1"


def test_a_sie_file_refuses_stores_of_two_companies(
    client: TestClient, backoffice: Backoffice
) -> None:
    with backoffice.sessions.begin() as session:
        from backoffice.stores.service import create_store

        create_store(session=session, slug="a", name="A", org_number="111111-1111")
        create_store(session=session, slug="b", name="B", org_number="222222-2222")
    answer = client.get(
        "/api/reports/exports/sie", params={**RANGE, "stores": "a,b"}, headers=ADMIN
    )
    assert answer.status_code == 400
    assert "one org number" in answer.json()["detail"]


def test_csv_reads_back_in_the_swedish_dialect(client: TestClient, sales: list[wire.Sale]) -> None:
    plain = client.get(
        "/api/reports/exports/vat.csv", params={**RANGE, "grain": "day"}, headers=ADMIN
    )
    with_bom = client.get(
        "/api/reports/exports/vat.csv",
        params={**RANGE, "grain": "day", "bom": "true"},
        headers=ADMIN,
    )
    assert with_bom.content == b"\xef\xbb\xbf" + plain.content
    rows = list(
        csv.reader(io.StringIO(plain.content.decode("utf-8"), newline=""), dialect=SwedishExcel)
    )
    assert rows[0][:3] == ["Period", "Butik", "Momssats (%)"]
    got = {
        (r[0], int(r[2]) * 100): tuple(int(x.replace(",", "")) for x in r[3:6])
        for r in rows[1:]
        if r[0] != "total"
    }
    assert got == vat_by_day(sales)
    products = client.get("/api/reports/exports/products.csv", params=RANGE, headers=ADMIN)
    text = products.content.decode("utf-8")
    assert "Mjölk 1,5 %" in text
    assert ";" in text


def test_reports_z_reports_and_their_checks(client: TestClient, sales: list[wire.Sale]) -> None:
    zs = client.get("/api/reports/zreports", params=RANGE, headers=ADMIN).json()
    assert [z["z_number"] for z in zs] == list(range(1, len(zs) + 1))
    assert zs[-1]["grand_total_net_ore"] == sum(s.total_ore for s in sales)
    assert (
        zs[-1]["grand_total_sales_ore"] + zs[-1]["grand_total_returns_ore"]
        == zs[-1]["grand_total_net_ore"]
    )
    assert sum(z["return_count"] for z in zs) == sum(1 for s in sales if s.total_ore < 0)
    checks = client.get("/api/reports/zreports/checks", params=RANGE, headers=ADMIN).json()
    assert checks
    assert all(c["matches"] for c in checks)
    days = client.get("/api/reports/zreports/days", params=RANGE, headers=ADMIN).json()
    assert all(d["matches"] for d in days), days
    summary = client.get("/api/reports/sales/summary", params=RANGE, headers=ADMIN).json()
    assert summary["total"]["net_ore"] == sum(s.total_ore for s in sales)
    assert {p["method"] for p in summary["payments"]} == {"swish", "member_account"}
    assert summary["comparison"]["previous"]["end"] == "2026-03-24"


def test_journal_region_pdf_and_charts(client: TestClient, sales: list[wire.Sale]) -> None:
    xml = client.get(
        "/api/reports/exports/journal.xml", params={**RANGE, "store": "byn-1"}, headers=ADMIN
    )
    root = ET.fromstring(xml.content)
    assert root.tag.endswith("ExportAvDataFranJournalminneEnligtSKVFS2021-16")
    receipts = root.findall(f".//{{{KOMPONENT}}}Kassakvitto") + root.findall(
        f".//{{{KOMPONENT}}}Returkvitto"
    )
    assert len(receipts) == len(sales)
    assert len(root.findall(f".//{{{KOMPONENT}}}ZDagrapport")) == len(
        {local_day(s.occurred_at) for s in sales}
    )
    region = client.get(
        "/api/reports/region", params={"store": "byn-1", "year": 2026}, headers=ADMIN
    ).json()
    assert sum(region["visits_by_hour"]) == len(sales)
    assert region["customers_in_year"] == 2
    assert region["opening_hours"]["source"] == "around_the_clock"
    pdf = client.get(
        "/api/reports/exports/region.pdf", params={"store": "byn-1", "year": 2026}, headers=ADMIN
    )
    assert pdf.content.startswith(b"%PDF")
    charts: tuple[tuple[str, dict[str, str | int]], ...] = (
        ("/api/reports/charts/sales.svg", dict(RANGE)),
        ("/api/reports/charts/vat.svg", dict(RANGE)),
        ("/api/reports/charts/visits.svg", {"store": "byn-1", "year": 2026, "by": "weekday"}),
    )
    for url, params in charts:
        svg = client.get(url, params=params, headers=ADMIN)
        assert svg.headers["content-type"] == "image/svg+xml"
        assert b"<script" not in svg.content
        ET.fromstring(svg.content)


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({**RANGE, "tz": "Mars/Olympus"}, 400),
        ({**RANGE, "tz": "Asia/Kolkata"}, 400),
        ({**RANGE, "stores": "nowhere"}, 404),
        ({**RANGE, "end": "2026-03-01"}, 400),
    ],
)
def test_bad_report_requests_say_why(
    client: TestClient, sales: list[wire.Sale], params: dict[str, str], status: int
) -> None:
    answer = client.get("/api/reports/sales", params=params, headers=ADMIN)
    assert answer.status_code == status
    assert answer.json()["detail"]


def test_reports_need_the_admin_token(client: TestClient) -> None:
    assert client.get("/api/reports/sales", params=RANGE).status_code == 401
    assert client.get("/api/reports/exports/sie", params=RANGE).status_code == 401
