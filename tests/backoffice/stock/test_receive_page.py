"""Receiving a delivery through the web page as a volunteer would on a phone: open it, add
lines by code (a GS1 code brings its best-before date), an unknown code links to the catalog,
bad input is answered in words and loses nothing, commit books the stock; all audited."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.audit.models import AuditRecord
from backoffice.stock.assets import SCANNING_CSP
from tests.backoffice.stock.test_stock_pages import MILK, signed_in, stock_it
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import World, sqlite_world
from tests.store_controller.sync.harness import ADMIN

__all__ = ["sqlite_world"]
UNKNOWN = "07350053850019"


def open_delivery(client: TestClient) -> str:
    token = csrf(client)
    answer = client.post(
        "/stores/a-1/stock/receive",
        data={"supplier": "Dagab", "note_number": "F-991", "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


def test_receive_a_delivery_by_typing(sqlite_world: World) -> None:
    stock_it(sqlite_world)
    volunteer = signed_in(sqlite_world, "volunteer")
    assert volunteer.get("/stores/a-1/stock/receive").status_code == 200
    where = open_delivery(volunteer)
    page = volunteer.get(where)
    assert "Dagab F-991" in page.text
    assert page.headers["content-security-policy"] == SCANNING_CSP
    token = csrf(volunteer)
    lines = f"{where}/lines"
    bad = volunteer.post(lines, data={"code": MILK, "quantity": "noll", "csrf_token": token})
    assert bad.status_code == 400
    assert "Antal måste vara ett heltal" in bad.text
    gs1 = f"(01){MILK}(17)260320(10)L7"
    added = volunteer.post(
        lines, data={"code": gs1, "quantity": "6", "cost": "11,50", "csrf_token": token}
    )
    assert added.status_code == 200
    assert "Mellanmjölk" in added.text
    assert "2026-03-20" in added.text
    assert "L7" in added.text
    unknown = volunteer.post(lines, data={"code": UNKNOWN, "quantity": "2", "csrf_token": token})
    assert f'href="/catalog/new?gtin={UNKNOWN}"' in unknown.text
    refused = volunteer.post(f"{where}/commit", data={"csrf_token": token})
    assert refused.status_code == 400
    assert "Gör de okända koderna till varor först." in refused.text
    assert volunteer.get("/stores/a-1/stock").text.count("Dagab F-991") == 1

    # The owner makes the unknown code a product; the volunteer then books the delivery.
    with sqlite_world.backoffice.sessions.begin() as session:
        actions = list(session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))
    assert actions.count("stock.delivery.line") == 2
    assert "stock.delivery.open" in actions
    owner = signed_in(sqlite_world, "owner")
    product = {"sku": "p-ost", "name": "Prästost", "price_ore": 8990, "vat_class": "food",
               "gtins": [UNKNOWN]}  # fmt: skip
    made = owner.put("/api/admin/products/p-ost", json=product, headers=ADMIN)
    assert made.status_code == 200, made.text
    booked = volunteer.post(f"{where}/commit", data={"csrf_token": token})
    assert booked.status_code == 200
    assert "Leveransen är bokförd." in booked.text
    assert "Bokför leveransen" not in booked.text
    book = owner.get("/api/admin/stores/a-1/stock/book", headers=ADMIN).json()
    on_hand = {line["product_key"]: line["quantity"] for line in book}
    assert on_hand[MILK] == 4 + 6
    assert on_hand[UNKNOWN] == 2
    again = volunteer.post(f"{where}/commit", data={"csrf_token": token})
    assert "Leveransen är redan bokförd." in again.text
    with sqlite_world.backoffice.sessions.begin() as session:
        last = session.scalars(select(AuditRecord).order_by(AuditRecord.id.desc())).first()
        assert last is not None
        assert last.action == "stock.delivery.commit"


def test_the_scanner_scripts_are_served_by_the_backoffice(sqlite_world: World) -> None:
    client = TestClient(sqlite_world.backoffice.app)
    polyfill = client.get("/stock-assets/barcode-detector.js")
    assert polyfill.status_code == 200
    assert "prepareZXingModule" in polyfill.text
    wasm = client.get("/stock-assets/zxing_reader.wasm")
    assert wasm.status_code == 200
    assert wasm.headers["content-type"] == "application/wasm"
    assert wasm.content[:4] == b"\0asm"
    assert "zxing_reader.wasm" in client.get("/stock-assets/scan.js").text
    assert client.get("/stock-assets/nothing.js").status_code == 404
    bookkeeper = signed_in(sqlite_world, "bookkeeper")
    assert bookkeeper.get("/stores/a-1/stock/receive").status_code == 403
