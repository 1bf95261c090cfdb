"""Barcodes the stores did not know: listed per store with count and last seen, made a product
in one step from the newest price file, and then off the list and in the stores' catalog."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from retail import wire
from tests.backoffice.pricefiles.test_import import mapping, upload
from tests.backoffice.products.conftest import Owner
from tests.store_controller.sync.harness import ADMIN, batch

COLA = "7310070005120"
SOAP = "7310500088013"


def scanned(owner: Owner, slug: str, codes: list[str], start: int = 1) -> None:
    found: list[wire.OutboxPayload] = [
        wire.UnknownBarcode(
            scanned_at=owner.clock.now + timedelta(minutes=i),
            register_id="kassa-1",
            product_key=f"0{code}",
        )
        for i, code in enumerate(codes)
    ]
    answer = owner.client.post(
        "/api/sync/v1/push",
        content=batch(slug, found, start=start).model_dump_json(),
        headers={
            "Authorization": f"Bearer {owner.tokens[slug]}",
            "Content-Type": "application/json",
        },
    )
    assert answer.status_code == 200, answer.text


def listed(owner: Owner, **params: Any) -> list[dict[str, Any]]:
    answer = owner.client.get("/api/admin/unknown-barcodes", params=params, headers=ADMIN)
    assert answer.status_code == 200, answer.text
    got: list[dict[str, Any]] = answer.json()
    return got


def test_an_unknown_code_becomes_a_product_from_the_newest_price_file(owner: Owner) -> None:
    owner.store("byn-a")
    owner.store("byn-b")
    scanned(owner, "byn-a", [COLA, COLA, SOAP])
    scanned(owner, "byn-b", [COLA])
    mapping(owner)
    upload(owner, f"EAN;Benämning;Cirkapris;Netto\n{COLA};Cola 33 cl;11,00;7,00\n".encode())
    upload(owner, f"EAN;Benämning;Cirkapris;Netto\n{COLA};Cola Zero 33 cl;12,50;8,00\n".encode())

    seen = {(u["store"], u["code"]): u for u in listed(owner)}
    assert set(seen) == {("byn-a", "0" + COLA), ("byn-a", "0" + SOAP), ("byn-b", "0" + COLA)}
    cola = seen[("byn-a", "0" + COLA)]
    assert cola["count"] == 2
    assert cola["last_seen"] > cola["first_seen"]
    assert cola["suggestion"]["name"] == "Cola Zero 33 cl"
    assert cola["suggestion"]["price_ore"] == 1250
    assert seen[("byn-a", "0" + SOAP)]["suggestion"] is None
    assert [u["code"] for u in listed(owner, store="byn-b")] == ["0" + COLA]

    made = owner.client.post(f"/api/admin/unknown-barcodes/0{COLA}/product", json={}, headers=ADMIN)
    assert made.status_code == 201, made.text
    assert made.json() == {"sku": COLA, "name": "Cola Zero 33 cl"}
    assert [u["code"] for u in listed(owner)] == ["0" + SOAP]
    product = owner.client.get(f"/api/admin/products/{COLA}", headers=ADMIN).json()
    assert (product["price_ore"], product["cost_price_ore"], product["supplier"]) == (
        1250,
        800,
        "dagab",
    )
    pulled = {p.sku: p for p in owner.pull("byn-b").products}
    assert pulled[COLA].gtins == ("0" + COLA,)
    assert pulled[COLA].price_ore == 1250

    again = owner.client.post(
        f"/api/admin/unknown-barcodes/0{COLA}/product", json={}, headers=ADMIN
    )
    assert again.status_code == 409
    assert "already a product" in again.json()["detail"]


def test_without_a_price_file_the_owner_gives_name_and_price(owner: Owner) -> None:
    owner.store("byn-a")
    scanned(owner, "byn-a", [SOAP])
    url = f"/api/admin/unknown-barcodes/0{SOAP}/product"
    refused = owner.client.post(url, json={}, headers=ADMIN)
    assert refused.status_code == 400
    assert "give its name and price" in refused.json()["detail"]
    assert len(listed(owner)) == 1  # nothing lost

    made = owner.client.post(
        url, json={"name": "Diskmedel", "price_ore": 2990, "vat_class": "standard"}, headers=ADMIN
    )
    assert made.status_code == 201, made.text
    assert listed(owner) == []
    product = owner.client.get(f"/api/admin/products/{SOAP}", headers=ADMIN).json()
    assert (product["name"], product["price_ore"], product["vat_class"]) == (
        "Diskmedel",
        2990,
        "standard",
    )
    article = owner.client.post(
        "/api/admin/unknown-barcodes/23456789/product", json={}, headers=ADMIN
    )
    assert article.status_code == 422
