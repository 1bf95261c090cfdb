"""Counting a shelf and writing off waste through the web pages: the differences against the
book are shown before committing, the commit books them with its reason, waste needs a known
reason; bad input is answered in words; opening, committing and write-offs are audited."""

from __future__ import annotations

from sqlalchemy import select

from backoffice.audit.models import AuditRecord
from tests.backoffice.stock.test_stock_pages import MILK, signed_in, stock_it
from tests.backoffice.test_sign_in import csrf
from tests.backoffice.world import World, sqlite_world
from tests.store_controller.sync.harness import ADMIN

__all__ = ["sqlite_world"]


def on_hand(world: World) -> dict[str, int | None]:
    owner = signed_in(world, "owner")
    book = owner.get("/api/admin/stores/a-1/stock/book", headers=ADMIN).json()
    return {line["product_key"]: line["quantity"] for line in book}


def actions(world: World) -> list[str]:
    with world.backoffice.sessions.begin() as session:
        return list(session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


def test_count_a_shelf_see_the_differences_and_commit(sqlite_world: World) -> None:
    stock_it(sqlite_world)  # the book holds 4 milk
    volunteer = signed_in(sqlite_world, "volunteer")
    assert volunteer.get("/stores/a-1/stock/count").status_code == 200
    token = csrf(volunteer)
    opened = volunteer.post(
        "/stores/a-1/stock/count",
        data={"shelf": "Kyl 1", "csrf_token": token},
        follow_redirects=False,
    )
    assert opened.status_code == 303
    where = opened.headers["location"]
    for _ in range(2):
        volunteer.post(f"{where}/scans", data={"code": MILK, "quantity": "1", "csrf_token": token})
    bad = volunteer.post(f"{where}/scans", data={"code": "12345", "csrf_token": token})
    assert bad.status_code == 400
    assert "Koden kunde inte läsas" in bad.text
    page = volunteer.get(where)
    assert "Mellanmjölk" in page.text
    assert "−2" in page.text or "-2" in page.text  # counted 2 against 4 in the book
    assert on_hand(sqlite_world)[MILK] == 4  # nothing booked before the commit
    no_reason = volunteer.post(f"{where}/commit", data={"reason": " ", "csrf_token": token})
    assert no_reason.status_code == 400
    done = volunteer.post(f"{where}/commit", data={"reason": "Hyllräkning", "csrf_token": token})
    assert done.status_code == 200
    assert "Inventeringen är bokförd." in done.text
    assert "Bokför skillnaderna" not in done.text
    assert on_hand(sqlite_world)[MILK] == 2
    assert "stock.stocktake.commit" in actions(sqlite_world)
    assert "stock.stocktake.open" in actions(sqlite_world)


def test_write_off_waste_with_a_reason(sqlite_world: World) -> None:
    stock_it(sqlite_world)
    volunteer = signed_in(sqlite_world, "volunteer")
    page = volunteer.get("/stores/a-1/stock/waste")
    assert "Utgånget" in page.text
    assert "Eget bruk" in page.text
    token = csrf(volunteer)
    form = {"code": MILK, "quantity": "1", "csrf_token": token}
    refused = volunteer.post("/stores/a-1/stock/waste", data={**form, "reason": "lost"})
    assert refused.status_code == 400
    assert on_hand(sqlite_world)[MILK] == 4
    done = volunteer.post("/stores/a-1/stock/waste", data={**form, "reason": "expired"})
    assert done.status_code == 200
    assert "Avskrivet." in done.text
    assert on_hand(sqlite_world)[MILK] == 3
    assert "stock.waste" in actions(sqlite_world)
    assert signed_in(sqlite_world, "bookkeeper").get("/stores/a-1/stock/waste").status_code == 403
