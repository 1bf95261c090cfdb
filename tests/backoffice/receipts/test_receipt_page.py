"""The backoffice's public receipt page of a synced sale."""

from __future__ import annotations

import uuid
from pathlib import Path

from fastapi.testclient import TestClient

from backoffice.sales.service import record_sales
from backoffice.stores.service import create_store
from tests.store_controller.sync.harness import T0, Backoffice, running_backoffice, sale


def synced(backoffice: Backoffice) -> uuid.UUID:
    with backoffice.sessions.begin() as session:
        store = create_store(
            session=session,
            slug="testby",
            name="Byabutiken i Testby",
            org_number="802000-1234",
            address="Byvägen 1, 123 45 Testby",
        )
        sold = sale(7, amount=123_45)
        record_sales(session=session, store_id=store.id, sales=[(1, sold)], now=T0)
        return sold.sale_id


def test_a_synced_sale_has_its_receipt(backoffice: Backoffice, client: TestClient) -> None:
    sale_id = synced(backoffice)
    page = client.get(f"/receipt/testby/{sale_id}")
    assert page.status_code == 200
    for needed in (
        "Byabutiken i Testby",
        "Org.nr 802000-1234",
        "Byvägen 1, 123 45 Testby",
        "Elektroniskt kassakvitto",
        "testby/kassa-1/000007",
        "Kassa: kassa-1",
        "Mjölk 1,5 %",
        "123,45\u00a0kr",
        "6 %",
        "Betalt med Swish",
    ):
        assert needed in page.text, needed
    assert "KOPIA" not in page.text
    assert "KOPIA" in client.get(f"/receipt/testby/{sale_id}?copy=1").text


def test_unknown_store_or_sale_is_404(backoffice: Backoffice, client: TestClient) -> None:
    sale_id = synced(backoffice)
    assert client.get(f"/receipt/nowhere/{sale_id}").status_code == 404
    assert client.get(f"/receipt/testby/{uuid.uuid4()}").status_code == 404


def test_the_receipt_names_the_members_pages_when_the_backoffice_has_an_address(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'backoffice.db'}"
    with running_backoffice(url, public_url="https://bo.byn.se/") as backoffice:
        sale_id = synced(backoffice)
        with TestClient(backoffice.app) as client:
            page = client.get(f"/receipt/testby/{sale_id}").text
    assert 'Dina köp och fakturor: <a href="https://bo.byn.se/me">' in page


def test_without_an_address_the_receipt_does_not_name_them(
    backoffice: Backoffice, client: TestClient
) -> None:
    page = client.get(f"/receipt/testby/{synced(backoffice)}").text
    assert "Dina köp och fakturor" not in page
