"""Wholesaler price files: a supplier's mapping, both encodings and separators, a preview that
names every broken row, applied all or nothing on confirmation and pulled by the stores."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from tests.backoffice.products.conftest import Owner
from tests.store_controller.sync.harness import ADMIN

MILK = "7310865071804"
CHEESE = "7310865000003"  # the valid check digit is 2
CRISPS = "7310500088013"
COLA = "7310070005120"


def mapping(owner: Owner, supplier: str = "dagab") -> None:
    answer = owner.client.put(
        f"/api/admin/pricefiles/mappings/{supplier}",
        json={"gtin": "EAN", "price": "Cirkapris", "name": "Benämning", "cost_price": "Netto"},
        headers=ADMIN,
    )
    assert answer.status_code == 200, answer.text


def upload(owner: Owner, data: bytes, supplier: str = "dagab", **params: Any) -> Any:
    answer = owner.client.post(
        "/api/admin/pricefiles/imports",
        params={"supplier": supplier, **params},
        content=data,
        headers=ADMIN,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def rows(owner: Owner, import_id: int) -> dict[int, Any]:
    got = owner.client.get(f"/api/admin/pricefiles/imports/{import_id}/rows", headers=ADMIN)
    return {row["line"]: row for row in got.json()}


def test_a_windows_1252_file_with_semicolons_previews_every_broken_row(owner: Owner) -> None:
    owner.store("byn-a")
    owner.put("mjolk", gtins=[MILK], price_ore=1895)
    owner.put("chips", gtins=[CRISPS], price_ore=2500)
    mapping(owner)
    text = (
        "EAN;Benämning;Cirkapris;Netto\r\n"
        f"{MILK};Mellanmjölk 1,5 %;19,95;14,10\r\n"  # changed
        f"{CRISPS};Chips;25,00;\r\n"  # unchanged
        f"{COLA};Cola Zero 33 cl;12,5;8,00\r\n"  # new
        f"{CHEESE};Hushållsost;89,00;\r\n"  # bad check digit
        "7350000000009;Smör;;\r\n"  # missing price
        "7350000000016;Räksallad;-5,00;\r\n"  # negative price
        "7350000000023;Kaffe;49,90;\r\n"
        "7350000000023;Kaffe igen;52,90;\r\n"  # duplicate GTIN, both refused
    )
    preview = upload(owner, text.encode("cp1252"))
    assert (preview["encoding"], preview["delimiter"]) == ("windows-1252", ";")
    assert preview["rows_total"] == preview["rows_done"] == 8
    assert preview["counts"] == {"new": 1, "changed": 1, "unchanged": 1, "error": 5}
    by_line = rows(owner, preview["id"])
    assert (by_line[2]["kind"], by_line[2]["old_price_ore"], by_line[2]["price_ore"]) == (
        "changed",
        1895,
        1995,
    )
    assert by_line[2]["name"] == "Mellanmjölk 1,5 %"
    assert (by_line[4]["sku"], by_line[4]["price_ore"]) == (COLA, 1250)
    assert "check digit" in by_line[5]["error"]
    assert by_line[6]["error"] == "missing price"
    assert by_line[7]["error"] == "negative price"
    assert ["duplicate GTIN" in by_line[n]["error"] for n in (8, 9)] == [True, True]
    # Nothing changed before the owner confirms.
    assert owner.client.get("/api/admin/products/mjolk", headers=ADMIN).json()["price_ore"] == 1895
    assert owner.client.get(f"/api/admin/products/{COLA}", headers=ADMIN).status_code == 404

    applied = owner.client.post(
        f"/api/admin/pricefiles/imports/{preview['id']}/apply", headers=ADMIN
    )
    assert applied.status_code == 200, applied.text
    assert applied.json()["status"] == "applied"
    milk = owner.client.get("/api/admin/products/mjolk", headers=ADMIN).json()
    assert (milk["price_ore"], milk["cost_price_ore"]) == (1995, 1410)
    assert milk["prices"][0]["source"] == f"pricefile:{preview['id']}"
    cola = owner.client.get(f"/api/admin/products/{COLA}", headers=ADMIN).json()
    assert (cola["name"], cola["price_ore"], cola["supplier"]) == ("Cola Zero 33 cl", 1250, "dagab")
    pulled = {p.sku: p for p in owner.pull("byn-a").products}
    assert pulled["mjolk"].price_ore == 1995
    assert (pulled[COLA].price_ore, pulled[COLA].gtins) == (1250, ("0" + COLA,))
    again = owner.client.post(f"/api/admin/pricefiles/imports/{preview['id']}/apply", headers=ADMIN)
    assert again.status_code == 409


def test_a_utf8_file_with_commas_and_a_catalog_changed_since_the_preview(owner: Owner) -> None:
    owner.put("mjolk", gtins=[MILK], price_ore=1895)
    mapping(owner)
    text = f'EAN,Benämning,Cirkapris,Netto\n{MILK},"Mjölk, mellan","21,00",\n{COLA},Cola,12.50,\n'
    preview = upload(owner, ("\ufeff" + text).encode("utf-8"))
    assert (preview["encoding"], preview["delimiter"]) == ("utf-8", ",")
    assert preview["counts"] == {"new": 1, "changed": 1, "unchanged": 0, "error": 0}
    owner.put("mjolk", gtins=[MILK], price_ore=2000)  # someone changed the price meanwhile
    refused = owner.client.post(
        f"/api/admin/pricefiles/imports/{preview['id']}/apply", headers=ADMIN
    )
    assert refused.status_code == 409
    assert "preview the file again" in refused.json()["detail"]
    # All or nothing: the new product of the same file was not created either.
    assert owner.client.get(f"/api/admin/products/{COLA}", headers=ADMIN).status_code == 404


def test_a_spreadsheet_export_and_a_file_the_mapping_does_not_fit(owner: Owner) -> None:
    mapping(owner)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["EAN", "Benämning", "Cirkapris", "Netto"])
    sheet.append([int(COLA), "Cola", 12.5, None])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = upload(owner, buffer.getvalue(), filename="prislista.xlsx")
    assert preview["encoding"] == "xlsx"
    assert rows(owner, preview["id"])[2]["price_ore"] == 1250
    wrong = owner.client.post(
        "/api/admin/pricefiles/imports",
        params={"supplier": "dagab"},
        content=b"GTIN;Pris\n7310070005120;12,50\n",
        headers=ADMIN,
    )
    assert wrong.status_code == 422
    assert "no column 'EAN'" in wrong.json()["detail"]
    unknown = owner.client.post(
        "/api/admin/pricefiles/imports",
        params={"supplier": "okand"},
        content=b"a;b\n",
        headers=ADMIN,
    )
    assert unknown.status_code == 404


def test_a_new_product_from_a_price_file_is_found_by_its_swedish_name(owner: Owner) -> None:
    mapping(owner)
    text = f"EAN;Benämning;Cirkapris;Netto\r\n{COLA};ÄPPELMUST ÖRTAGÅRDEN Ekologisk;24,90;\r\n"
    preview = upload(owner, text.encode("cp1252"))
    applied = owner.client.post(
        f"/api/admin/pricefiles/imports/{preview['id']}/apply", headers=ADMIN
    )
    assert applied.status_code == 200, applied.text

    def skus(q: str) -> list[str]:
        page = owner.client.get("/api/admin/products", params={"q": q}, headers=ADMIN).json()
        return [item["sku"] for item in page["items"]]

    assert skus("äppelmust") == skus("ÖRTAGÅRDEN") == skus("örtagården ekologisk") == [COLA]
    assert skus(COLA) == skus("0" + COLA) == [COLA]


def test_a_product_named_twice_by_its_two_gtins_gets_the_last_lines_price(owner: Owner) -> None:
    owner.store("byn-a")
    owner.put("mjolk", gtins=[MILK, COLA], price_ore=1895)
    mapping(owner)
    text = f"EAN;Benämning;Cirkapris;Netto\r\n{COLA};Mjölk;19,95;\r\n{MILK};Mjölk;20,95;\r\n"
    preview = upload(owner, text.encode("cp1252"))
    assert preview["counts"] == {"new": 0, "changed": 2, "unchanged": 0, "error": 0}
    applied = owner.client.post(
        f"/api/admin/pricefiles/imports/{preview['id']}/apply", headers=ADMIN
    )
    assert applied.status_code == 200, applied.text
    assert owner.client.get("/api/admin/products/mjolk", headers=ADMIN).json()["price_ore"] == 2095
    pulled = {p.sku: p for p in owner.pull("byn-a").products}
    assert pulled["mjolk"].price_ore == 2095
