"""The price-file and unknown-barcode pages as a browser posts them: upload a file with a saved
column mapping, see new, changed and refused rows with their reasons, apply on confirmation;
make an unknown barcode a product in one step; refused input keeps the page; every change
audited; owners are refused."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.audit.models import AuditRecord
from backoffice.barcodes.models import UnknownBarcode
from backoffice.stores.models import Store
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import World, sign_in

COLUMNS = {"col_gtin": "EAN", "col_price": "Pris", "col_name": "Benämning", "col_cost_price": ""}
FILE = (
    "EAN;Benämning;Pris\n"
    "7310865071804;Hushållsost 26 %;89,90\n"
    "7310865071805;Trasig kod;10,00\n"
    "7310070005120;Cola 33 cl;-1\n"
).encode("cp1252")
COLA = "7310070005120"


def upload(client: TestClient, token: str, data: bytes, **fields: str) -> Any:
    return client.post(
        "/pricefiles",
        data={"csrf_token": token, "supplier": "Dagab", **COLUMNS, **fields},
        files={"file": ("dagab.csv", data, "text/csv")},
    )


def test_upload_preview_and_apply_a_price_file(sqlite_world: World) -> None:
    world = sqlite_world
    with TestClient(world.backoffice.app) as admin:
        sign_in(admin, world.emails["admin"])
        token = csrf(admin)
        assert "Prisfiler" in admin.get("/catalog").text  # in the navigation
        no_price_column = upload(admin, token, FILE, col_price="")
        assert no_price_column.status_code == 400
        assert "price" in no_price_column.text
        wrong_heading = upload(admin, token, FILE, col_price="Cirkapris")
        assert wrong_heading.status_code == 400
        assert "Cirkapris" in wrong_heading.text
        preview = upload(admin, token, FILE)
        assert preview.status_code == 200, preview.text
        assert 'data-testid="count-new">1<' in preview.text
        assert 'data-testid="count-error">2<' in preview.text
        assert "check digit" in preview.text
        assert "negative price" in preview.text
        assert "Hushållsost" not in admin.get("/catalog").text  # nothing applied yet
        import_path = str(preview.url.path)
        assert admin.get("/pricefiles", params={"supplier": "Dagab"}).text.count(
            'value="Benämning"'
        )
        assert admin.post(f"{import_path}/apply", data={}).status_code == 403  # no CSRF
        applied = admin.post(f"{import_path}/apply", data={"csrf_token": token})
        assert applied.status_code == 200
        assert "Prisfilen är inläst" in applied.text
        assert "Hushållsost 26 %" in admin.get("/catalog").text
        again = admin.post(f"{import_path}/apply", data={"csrf_token": token})
        assert again.status_code == 409
        admin.cookies.set("byabutik_lang", "en")
        english = admin.get(import_path).text
        assert "Rows with errors" in english
        assert "Price files" in english
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        assert owner.get("/pricefiles").status_code == 403
        assert "/pricefiles" not in owner.get("/catalog").text
    with world.backoffice.sessions() as session:
        actions = list(
            session.scalars(
                select(AuditRecord.action).where(AuditRecord.action.like("pricefile.%"))
            )
        )
    assert actions == ["pricefile.preview", "pricefile.apply"]


def test_an_unknown_barcode_becomes_a_product_in_one_step(sqlite_world: World) -> None:
    world = sqlite_world
    with world.backoffice.sessions.begin() as session:
        store = session.scalars(select(Store).where(Store.slug == "a-1")).one()
        for seq in (1, 2):
            session.add(
                UnknownBarcode(
                    store_id=store.id,
                    seq=seq,
                    register_id="kassa-1",
                    product_key="0" + COLA,
                    scanned_at=world.clock.now + timedelta(minutes=seq),
                )
            )
    with TestClient(world.backoffice.app) as owner:
        sign_in(owner, world.emails["owner"])
        listed = owner.get("/unknown-barcodes")
        assert listed.status_code == 200
        assert COLA in listed.text
        assert "skannad 2 gånger" in listed.text
        assert "Gör till produkt" not in listed.text  # the shared catalog is the admin's
    with TestClient(world.backoffice.app) as admin:
        sign_in(admin, world.emails["admin"])
        token = csrf(admin)
        page = f"/unknown-barcodes/0{COLA}/product"
        refused = admin.post(page, data={"csrf_token": token, "name": "Cola", "price": ""})
        assert refused.status_code == 400
        assert "name and price" in refused.text
        assert 'value="Cola"' in refused.text
        made = admin.post(page, data={"csrf_token": token, "name": "Cola", "price": "12,50"})
        assert made.status_code == 200
        assert "<h1>Cola</h1>" in made.text
        assert "12,50" in made.text
        assert COLA not in admin.get("/unknown-barcodes").text
    with world.backoffice.sessions() as session:
        action = session.scalar(select(AuditRecord.action).where(AuditRecord.target == COLA))
    assert action == "product.create"
