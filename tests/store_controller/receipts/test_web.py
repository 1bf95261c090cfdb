"""The controller's receipt page, text view and copy marking, over HTTP."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from retail import wire
from retail.wire import PaymentMethod
from store_controller.checkout.config import CheckoutConfig
from store_controller.receipts.config import ReceiptConfig
from store_controller.receipts.delivery import router as delivery_router
from store_controller.receipts.document import ReceiptDocument
from store_controller.receipts.links import receipt_url
from store_controller.receipts.web import router
from store_controller.settings import ControllerSettings
from store_controller.sync.checkout_catalog import CheckoutCatalog
from tests.store_controller.receipts.sales import ISSUER, sell_mixed
from tests.store_controller.sync.harness import T0

SALE_ID = uuid.UUID("00000000-0000-4000-8000-000000000002")


@dataclass
class FakeController:
    settings: ControllerSettings
    sessions: sessionmaker[Session]


def settings(tmp_path: Path, base_url: str | None = None) -> ControllerSettings:
    return ControllerSettings(
        store_id=ISSUER.store_id,
        store_name=ISSUER.store_name,
        data_dir=tmp_path,
        checkout=CheckoutConfig(),
        receipts=ReceiptConfig(
            org_number=ISSUER.org_number, address=ISSUER.address, base_url=base_url
        ),
    )


@pytest.fixture
def client(tmp_path: Path, sessions: sessionmaker[Session]) -> Iterator[TestClient]:
    sell_mixed(sessions, method=PaymentMethod.SWISH, provider="swish", sale_id=SALE_ID)
    app = FastAPI()
    app.state.controller = FakeController(settings(tmp_path), sessions)
    app.include_router(router)
    app.include_router(delivery_router)
    with TestClient(app) as client:
        yield client


def test_the_page_shows_what_the_law_asks(client: TestClient) -> None:
    page = client.get(f"/receipt/{SALE_ID}").text
    for needed in (
        "Byabutiken i Testby",
        "Org.nr 802000-1234",
        "Byvägen 1, 123 45 Testby",
        "Elektroniskt kassakvitto",
        "test-store/kassa-1/000001",
        "kassa-1",
        "2026-11-28 13:00",
        "2 st à 12,90",
        "0,432 kg à 119,00\u00a0kr/kg",
        "182,06\u00a0kr",
        "Moms 25",
        "Betalt med Swish",
        "receipt.css",
    ):
        assert needed in page, needed
    assert "KOPIA" not in page


def test_a_copy_says_so_and_the_text_view_is_plain(client: TestClient) -> None:
    assert "KOPIA" in client.get(f"/receipt/{SALE_ID}?copy=1").text
    text = client.get(f"/receipt/{SALE_ID}/text")
    assert text.headers["content-type"].startswith("text/plain")
    assert "Elektroniskt kassakvitto" in text.text
    assert "KOPIA" in client.get(f"/receipt/{SALE_ID}/text?copy=1").text


def test_an_unknown_receipt_is_404(client: TestClient) -> None:
    assert client.get(f"/receipt/{uuid.uuid4()}").status_code == 404
    assert client.get("/receipt/not-a-uuid").status_code == 422


def test_the_qr_url_is_absolute(tmp_path: Path) -> None:
    local = settings(tmp_path)
    assert receipt_url(local, SALE_ID) == f"http://127.0.0.1:8080/receipt/{SALE_ID}"
    public = settings(tmp_path, "https://bo.example.se/receipt/testby/")
    assert receipt_url(public, SALE_ID) == f"https://bo.example.se/receipt/testby/{SALE_ID}"


class Outbox:
    def __init__(self) -> None:
        self.sent: list[tuple[str, ReceiptDocument, str]] = []
        self.printed: list[ReceiptDocument] = []

    def send(self, *, to: str, doc: ReceiptDocument, url: str) -> None:
        self.sent.append((to, doc, url))

    def print_receipt(self, doc: ReceiptDocument) -> None:
        self.printed.append(doc)


def test_mail_and_print_are_404_unless_set_up(client: TestClient) -> None:
    mail = client.post(f"/receipt/{SALE_ID}/email", json={"to": "kund@example.se"})
    assert mail.status_code == 404
    assert client.post(f"/receipt/{SALE_ID}/print").status_code == 404


def test_a_receipt_is_mailed_and_printed_as_a_copy(client: TestClient) -> None:
    outbox = Outbox()
    app = client.app
    assert isinstance(app, FastAPI)
    app.state.receipt_mailer = outbox
    app.state.receipt_printer = outbox
    mail = client.post(f"/receipt/{SALE_ID}/email", json={"to": "kund@example.se"})
    assert mail.status_code == 204
    ((to, doc, url),) = outbox.sent
    assert (to, doc.copy, url) == (
        "kund@example.se",
        False,
        f"http://127.0.0.1:8080/receipt/{SALE_ID}",
    )
    assert client.post(f"/receipt/{SALE_ID}/print").status_code == 204
    assert [d.copy for d in outbox.printed] == [True]
    bad = client.post(f"/receipt/{SALE_ID}/email", json={"to": "not an address"})
    assert bad.status_code == 422
    assert client.post(f"/receipt/{uuid.uuid4()}/print").status_code == 404


def test_after_a_pull_the_receipt_carries_the_owners_store_details(
    client: TestClient, sessions: sessionmaker[Session]
) -> None:
    before = client.get(f"/receipt/{SALE_ID}/text").text
    assert "Org.nr 802000-1234" in before  # the local file's, before the first pull
    synced = wire.StoreSettings(
        display_name="Byabutiken i Ås",
        timezone="Europe/Stockholm",
        legal_name="Ås Byalag ekonomisk förening",
        org_number="556016-0649",
        vat_number="SE556016064901",
        address="Byvägen 9, 123 45 Ås",
    )
    changes = wire.CatalogChanges(since_revision=0, revision=1, settings=synced)
    CheckoutCatalog(sessions, lambda: T0).apply(changes)
    for shown in (
        client.get(f"/receipt/{SALE_ID}").text,
        client.get(f"/receipt/{SALE_ID}/text").text,
    ):
        for needed in (
            "Byabutiken i Ås",
            "Ås Byalag ekonomisk förening",
            "Org.nr 556016-0649",
            "Momsreg.nr SE556016064901",
            "Byvägen 9, 123 45 Ås",
        ):
            assert needed in shown, needed
        assert "802000-1234" not in shown
