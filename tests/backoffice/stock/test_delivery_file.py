"""A delivery started from the wholesaler's file (Windows-1252, semicolons, decimal commas):
the delivery opens with expected lines; scans count them off up to what was expected, extra and
unknown codes are shown; the difference is answered before committing; committing books what was
received. On SQLite and PostgreSQL, by API; and by the page as a volunteer on a phone."""

from __future__ import annotations

from tests.backoffice.products.conftest import Owner
from tests.backoffice.stock.test_stock_api import BREAD, MILK, MILK14, STOCK, book, post
from tests.store_controller.sync.harness import ADMIN

UNKNOWN = "07350053850019"
FILE = (
    "Artikel;EAN;Antal;Inpris;Bäst före\r\n"
    f"Mellanmjölk 1,5%;{MILK};6;11,50;2026-12-20\r\n"
    f"Rågbröd;{BREAD};4;22,00;\r\n"
).encode("cp1252")


def upload(owner: Owner, data: bytes, status: int = 201) -> dict[str, object]:
    answer = owner.client.post(
        STOCK + "/deliveries/file",
        params={"supplier": "Dagab", "note_number": "FS-7", "filename": "lev.csv"},
        content=data,
        headers=ADMIN,
    )
    assert answer.status_code == status, answer.text
    return dict(answer.json())


def test_a_delivery_file_checked_off_by_scanning(owner: Owner) -> None:
    owner.store("byn-a")
    owner.put("mjolk", gtins=[MILK], cost_price_ore=1100)
    owner.put("brod", gtins=[BREAD], cost_price_ore=2000)
    refused = upload(owner, FILE.replace(b";6;", b";sex;"), status=422)
    assert "line 2" in str(refused["detail"])
    assert "quantity" in str(refused["detail"])
    started = upload(owner, FILE)
    assert started["lines"] == 2
    delivery = started["id"]
    checked = post(owner, f"/deliveries/{delivery}/check", {"code": MILK, "quantity": 4}, 200)
    assert (checked["received"], checked["expected"], checked["extra"]) == (4, 6, 0)
    over = post(owner, f"/deliveries/{delivery}/check", {"code": MILK, "quantity": 3}, 200)
    assert (over["received"], over["expected"], over["extra"]) == (7, 6, 1)
    stranger = post(owner, f"/deliveries/{delivery}/check", {"code": UNKNOWN}, 200)
    assert (stranger["known"], stranger["expected"], stranger["extra"]) == (False, 0, 1)
    answer = owner.client.get(f"{STOCK}/deliveries/{delivery}/differences", headers=ADMIN)
    diffs = {d["product_key"]: d for d in answer.json()}
    assert diffs["0" + BREAD]["difference"] == -4
    assert diffs[MILK14]["difference"] == 1
    assert diffs[UNKNOWN]["known"] is False
    # An unknown code received blocks the commit until it is a product.
    blocked = owner.client.post(f"{STOCK}/deliveries/{delivery}/commit", headers=ADMIN)
    assert blocked.status_code == 409
    owner.put("okand", gtins=[UNKNOWN[1:]], cost_price_ore=500)
    post(owner, f"/deliveries/{delivery}/commit", {}, 200)
    figures = book(owner)
    assert figures[MILK14]["quantity"] == 7
    assert "0" + BREAD not in figures or figures["0" + BREAD]["quantity"] in (0, None)
    # The mapping the file was read with is the supplier's next time.
    again = upload(owner, FILE)
    assert again["lines"] == 2
