"""A volunteer on a phone starts a delivery from the wholesaler's Windows-1252 semicolon file,
checks it off by typing codes (a bad file or code answered in words, nothing lost), sees the
difference expected against received before committing, and commits what was received; every
step audited; a bookkeeper may not. On SQLite and PostgreSQL."""

from __future__ import annotations

import httpx2
from fastapi.testclient import TestClient
from sqlalchemy import select

from backoffice.audit.models import AuditRecord
from tests.backoffice.stock.test_stock_pages import BREAD, MILK, signed_in, stock_it
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import World
from tests.store_controller.sync.harness import ADMIN

UNKNOWN = "07350053850019"
FILE = (
    "Benämning;Streckkod;Levererat antal;À-pris;BF-datum\r\n"
    f"Mellanmjölk;{MILK};6;11,50;2026-12-20\r\n"
    f"Limpa;{BREAD};4;22,00;\r\n"
).encode("cp1252")
COLUMNS = {"col_gtin": "Streckkod", "col_quantity": "Levererat antal", "col_cost": "À-pris",
           "col_best_before": "BF-datum"}  # fmt: skip


def upload(client: TestClient, data: bytes, columns: dict[str, str]) -> httpx2.Response:
    form = {"supplier": "Dagab", "note_number": "F-12", "csrf_token": csrf(client), **columns}
    return client.post(
        "/stores/a-1/stock/receive/file",
        data=form,
        files={"file": ("leverans.csv", data, "text/csv")},
        follow_redirects=False,
    )


def test_receive_from_a_delivery_file_then_check_off(world: World) -> None:
    stock_it(world)
    volunteer = signed_in(world, "volunteer")
    assert "/stores/a-1/stock/receive/file" in volunteer.get("/stores/a-1/stock/receive").text
    assert "Kolumnrubriker" in volunteer.get("/stores/a-1/stock/receive/file").text
    bad = upload(volunteer, FILE.replace(b";6;", b";sex;"), COLUMNS)
    assert bad.status_code == 400
    assert "line 2" in bad.text
    started = upload(volunteer, FILE, COLUMNS)
    assert started.status_code == 303, started.text
    where = started.headers["location"]
    page = volunteer.get(where)
    assert "Mellanmjölk" in page.text
    assert "Skillnader mot leveransfilen" in page.text
    assert "2026-12-20" in page.text
    token = csrf(volunteer)
    check = f"{where}/check"
    volunteer.post(check, data={"code": MILK, "quantity": "7", "csrf_token": token})
    volunteer.post(check, data={"code": BREAD, "quantity": "3", "csrf_token": token})
    wrong = volunteer.post(check, data={"code": "hej", "csrf_token": token})
    assert wrong.status_code == 400
    assert "Koden kunde inte läsas" in wrong.text
    text = volunteer.get(where).text
    start = text.index('id="delivery-differences"')
    table = text[start : text.index("</table>", start)]
    rows = list(table.split("<tr>")[2:])
    assert len(rows) == 2
    milk, bread = sorted(rows, key=lambda r: MILK not in r)
    assert ">6<" in milk
    assert ">7<" in milk
    assert ">+1<" in milk
    assert ">4<" in bread
    assert ">3<" in bread
    assert ">-1<" in bread
    assert "extra" in text
    no_csrf = volunteer.post(check, data={"code": MILK})
    assert no_csrf.status_code == 403
    booked = volunteer.post(f"{where}/commit", data={"csrf_token": token})
    assert "Leveransen är bokförd." in booked.text
    owner = signed_in(world, "owner")
    book = owner.get("/api/admin/stores/a-1/stock/book", headers=ADMIN).json()
    on_hand = {line["product_key"]: line["quantity"] for line in book}
    assert on_hand[MILK] == 4 + 7
    with world.backoffice.sessions.begin() as session:
        actions = list(session.scalars(select(AuditRecord.action)))
    assert "stock.delivery.file" in actions
    assert actions.count("stock.delivery.check") == 2
    # The supplier's headings are remembered: the next file needs none typed.
    again = upload(volunteer, FILE, {})
    assert again.status_code == 303
    bookkeeper = signed_in(world, "bookkeeper")
    refused = upload(bookkeeper, FILE, {})
    assert refused.status_code == 403
